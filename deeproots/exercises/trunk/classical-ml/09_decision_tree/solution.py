"""Reference solution: a CART classification tree grown greedily with Gini impurity."""
import numpy as np


def gini(y: np.ndarray) -> float:
    y = np.asarray(y)
    if y.size == 0:
        return 0.0
    _, counts = np.unique(y, return_counts=True)
    p = counts / y.size
    return float(1.0 - np.sum(p ** 2))


def best_split(X: np.ndarray, y: np.ndarray):
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


class DecisionTreeClassifier:
    """A classification tree: greedy Gini splits, grown until pure or stopped."""

    def __init__(self, max_depth=None, min_samples_split: int = 2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def fit(self, X: np.ndarray, y: np.ndarray) -> "DecisionTreeClassifier":
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

    def predict(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        return np.array([self._predict_one(x) for x in X])
