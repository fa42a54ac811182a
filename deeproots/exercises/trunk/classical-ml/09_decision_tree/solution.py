"""A classification tree (CART): greedy binary splits chosen by Gini impurity.

Source: Hastie, Tibshirani & Friedman, The Elements of Statistical Learning §9.2
("Tree-Based Methods": §9.2.2 growing a tree greedily, §9.2.3 the Gini index, eq. 9.17);
Breiman, Friedman, Olshen & Stone, Classification and Regression Trees (1984);
scikit-learn user guide §1.10 "Decision Trees" (the same algorithm, CART).
https://hastie.su.domains/ElemStatLearn/

A tree asks yes/no questions "is x[feature] <= threshold?" and predicts, in each leaf, the
most common class of the training samples that reached it. It is grown top-down and
greedily: at every node try every feature and every threshold, keep the split whose two
children are purest, and recurse into the children.

Gini impurity of a set of labels with class proportions p_1, ..., p_K:

    gini(y) = 1 - sum_k p_k^2          (0 for a pure node; 1 - 1/K for K balanced classes)

A split sends the n samples of a node into a left child (x[:, j] <= t, n_L samples) and a
right child (n_R samples); its quality is the weighted impurity of the children, which we
minimise:

    G(j, t) = (n_L * gini(y_L) + n_R * gini(y_R)) / n

Candidate thresholds: sort the node's values of feature j; between each pair of
consecutive *distinct* values a and b, try the midpoint t = (a + b) / 2 (there is no cut
between equal values). Ties: keep the first best you meet scanning features j = 0, 1, ...
and, inside a feature, thresholds from small to large; replace it only by a strictly
smaller G. (Vectorise the scan of one feature: sort once, and np.cumsum of one-hot labels
gives the class counts of every left child at once.)

Growing the tree from the root (depth 0), a node becomes a leaf when
  * its depth equals max_depth (max_depth=None: no depth limit), or
  * it has fewer than min_samples_split samples, or
  * it is pure (gini == 0), or
  * no split exists (every feature is constant on the node).
Otherwise it is always split with its best split, even if that barely lowers the
impurity (this is what scikit-learn does). A leaf predicts the majority class of its
samples; on a tie, the smallest class label (np.argmax over classes_ sorted ascending).

Shapes: X is (n, d) float, y is (n,) class labels (ints or strings). gini(y) returns a
float; best_split(X, y) returns a tuple (feature: int, threshold: float, weighted
impurity G: float), or None when no split exists (n < 2 or every column constant).
DecisionTreeClassifier follows scikit-learn's conventions: __init__ only stores
max_depth and min_samples_split; fit(X, y) sets classes_ (the sorted distinct labels)
and the tree (store it however you like, e.g. nested dicts in tree_) and returns self;
predict(X) returns (n,) labels. Growing the tree is the exercise.

Do not use: sklearn.tree.DecisionTreeClassifier.

Tiny example: x = [1, 2, 3, 4, 5, 6] (one feature), y = [0, 0, 1, 0, 1, 1].
    Cut at 2.5: left {0, 0} (gini 0), right {1, 0, 1, 1} (gini 1 - 1/16 - 9/16 = 3/8),
    G = (2 * 0 + 4 * 3/8) / 6 = 0.25. Cut at 3.5: left {0, 0, 1}, right {0, 1, 1}, each
    of gini 4/9, so G = 4/9. Cut at 4.5 gives 0.25 again: a tie, so the first one wins:
    best_split([[1], [2], [3], [4], [5], [6]], y) == (0, 2.5, 0.25).
"""
import numpy as np


def gini(y: np.ndarray) -> float:
    """Return the Gini impurity 1 - sum_k p_k^2 of the labels y (0.0 for an empty y)."""
    # TODO: counts of each distinct label (np.unique(..., return_counts=True)), p = counts / n.
    ### BEGIN SOLUTION
    y = np.asarray(y)
    if y.size == 0:
        return 0.0
    _, counts = np.unique(y, return_counts=True)
    p = counts / y.size
    return float(1.0 - np.sum(p ** 2))
    ### END SOLUTION


def best_split(X: np.ndarray, y: np.ndarray):
    """Return (feature, threshold, weighted Gini) of the best split of (X, y), or None."""
    # TODO: for each feature, sort, score every midpoint between distinct values, keep the best.
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    n, d = X.shape
    if n < 2:
        return None
    _, codes = np.unique(y, return_inverse=True)
    onehot = np.eye(codes.max() + 1)[codes]  # (n, K)
    n_left = np.arange(1, n)[:, None]         # a cut after position i leaves i + 1 on the left
    n_right = n - n_left
    total = onehot.sum(axis=0)
    best = None
    for j in range(d):
        order = np.argsort(X[:, j], kind="stable")
        xs = X[order, j]
        left = np.cumsum(onehot[order], axis=0)[:-1]   # class counts of the first i + 1
        right = total - left                            # the rest
        gini_left = 1.0 - np.sum(left ** 2, axis=1, keepdims=True) / n_left ** 2
        gini_right = 1.0 - np.sum(right ** 2, axis=1, keepdims=True) / n_right ** 2
        weighted = ((n_left * gini_left + n_right * gini_right) / n)[:, 0]
        weighted[xs[1:] <= xs[:-1]] = np.inf            # no cut between equal values
        i = int(np.argmin(weighted))                    # the first minimum: smallest threshold
        if np.isfinite(weighted[i]) and (best is None or weighted[i] < best[2]):
            best = (j, float((xs[i] + xs[i + 1]) / 2), float(weighted[i]))
    return best
    ### END SOLUTION


class DecisionTreeClassifier:
    """A classification tree: greedy Gini splits, grown until pure or stopped."""

    def __init__(self, max_depth=None, min_samples_split: int = 2):
        """Store the hyper-parameters; learn nothing here."""
        # TODO: self.max_depth = max_depth; self.min_samples_split = min_samples_split.
        ### BEGIN SOLUTION
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        ### END SOLUTION

    def fit(self, X: np.ndarray, y: np.ndarray) -> "DecisionTreeClassifier":
        """Grow the tree from the root, set classes_, and return self."""
        # TODO: a recursive helper grow(X, y, depth) returning a leaf or a split node.
        ### BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        self.tree_ = self._grow(X, y, 0)
        return self

    def _grow(self, X, y, depth):
        counts = np.array([np.sum(y == c) for c in self.classes_])
        leaf = {"value": self.classes_[int(np.argmax(counts))].item()}
        if (self.max_depth is not None and depth >= self.max_depth) \
                or len(y) < self.min_samples_split or gini(y) == 0.0:
            return leaf
        split = best_split(X, y)
        if split is None:
            return leaf
        feature, threshold, _ = split
        go_left = X[:, feature] <= threshold
        return {"feature": feature, "threshold": threshold,
                "left": self._grow(X[go_left], y[go_left], depth + 1),
                "right": self._grow(X[~go_left], y[~go_left], depth + 1)}

    def _predict_one(self, x):
        node = self.tree_
        while "value" not in node:
            node = node["left"] if x[node["feature"]] <= node["threshold"] else node["right"]
        return node["value"]
        ### END SOLUTION

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return the predicted label of each row of X, shape (n,)."""
        # TODO: walk each row down from the root (x[feature] <= threshold goes left).
        ### BEGIN SOLUTION
        X = np.asarray(X, dtype=float)
        return np.array([self._predict_one(x) for x in X])
        ### END SOLUTION
