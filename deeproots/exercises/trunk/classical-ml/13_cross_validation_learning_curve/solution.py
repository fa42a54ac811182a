"""k-fold cross-validation and learning curves.

Source: Andrew Ng, Machine Learning (Coursera/Stanford CS229), week 6 "Advice for Applying
Machine Learning" (train / cross-validation / test sets, diagnosing bias vs variance,
learning curves); Hastie, Tibshirani & Friedman, The Elements of Statistical Learning §7.10
(cross-validation); scikit-learn user guide §3.1 "Cross-validation" and §3.5 "Validation
curves" (KFold, cross_val_score and learning_curve: the conventions followed here).
https://www.coursera.org/specializations/machine-learning-introduction

A model's score on the data it was fitted on is optimistic. k-fold cross-validation splits
the n samples into k folds; each fold in turn is held out for validation while the model
is fitted on the other k - 1, and the k validation scores estimate how the model does on
new data. A learning curve fits the model on growing subsets of the training data and plots
the training and validation scores against the training-set size: both low and close ->
high bias (more data will not help); a large gap -> high variance (more data may help).

Folds (exactly as sklearn.model_selection.KFold):
  * order = np.arange(n), or, with shuffle=True, np.random.RandomState(seed).permutation(n)
    (sklearn's legacy generator: the same seed gives the same folds as sklearn);
  * fold sizes: the first n % k folds hold n // k + 1 samples, the others n // k;
  * fold j's validation indices are the next `size` entries of order, SORTED ascending;
    its training indices are all the other indices, also ascending.
  * raise ValueError unless 2 <= n_splits <= n_samples.
Contiguous folds on data sorted by class (iris is!) hold out whole classes: shuffle.

cross_val_score: for each fold, a FRESH model = make_model(model_name, **params) fitted on
the training indices and scored (model.score: R^2 for "ridge", accuracy for
"nearest_centroid") on the validation indices; returns the k scores in fold order.

learning_curve: contiguous folds (no shuffle). For each size s in train_sizes and each
fold j: fit a fresh model on the FIRST s training indices of fold j (train[:s]), record
its score on those s samples (train_scores[i, j]) and on fold j's validation indices
(val_scores[i, j]). train_sizes are distinct increasing ints, each at most the size of the
smallest training set. This is sklearn's learning_curve(..., cv=KFold(k), shuffle=False).

Do not use: sklearn.model_selection.KFold, sklearn.model_selection.cross_val_score,
sklearn.model_selection.learning_curve.
They are what you are writing (the grader refuses them). The estimators are provided below
(make_model), so that your functions receive a model by name: the grader can only pass
plain data.

Shapes: kfold_indices(n, k, shuffle, seed) -> a list of k tuples (train (n - size,) ints,
val (size,) ints); cross_val_score(...) -> (k,) floats; learning_curve(model_name, X, y,
train_sizes (m,), k, params) -> (train_sizes (m,) ints, train_scores (m, k),
val_scores (m, k)). X is (n, d), y is (n,).

Tiny example: kfold_indices(5, 2) -> [([3, 4], [0, 1, 2]), ([0, 1, 2], [3, 4])]
(5 % 2 = 1: the first fold gets the extra sample). kfold_indices(7, 3) has validation
folds [0, 1, 2], [3, 4], [5, 6].
"""
import numpy as np


# --- Provided, nothing to do: two small estimators, chosen by name -------------------------

class Ridge:
    """Ridge regression with an unpenalised intercept; score is R^2 (as sklearn's Ridge)."""

    def __init__(self, alpha: float = 1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        x_mean, y_mean = X.mean(axis=0), y.mean()
        Xc = X - x_mean
        gram = Xc.T @ Xc + self.alpha * np.eye(X.shape[1])
        self.coef_ = np.linalg.solve(gram, Xc.T @ (y - y_mean))
        self.intercept_ = y_mean - x_mean @ self.coef_
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_

    def score(self, X, y):
        y = np.asarray(y, dtype=float)
        residual = np.sum((y - self.predict(X)) ** 2)
        return float(1.0 - residual / np.sum((y - y.mean()) ** 2))


class NearestCentroid:
    """Predicts the class whose mean is nearest; score is the accuracy (as sklearn's)."""

    def fit(self, X, y):
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        self.classes_ = np.unique(y)
        self.centroids_ = np.array([X[y == c].mean(axis=0) for c in self.classes_])
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        distances = np.sum((X[:, None, :] - self.centroids_[None, :, :]) ** 2, axis=2)
        return self.classes_[np.argmin(distances, axis=1)]

    def score(self, X, y):
        return float(np.mean(self.predict(X) == np.asarray(y)))


def make_model(name: str, **params):
    """A fresh, unfitted estimator: "ridge" (params: alpha) or "nearest_centroid"."""
    models = {"ridge": Ridge, "nearest_centroid": NearestCentroid}
    if name not in models:
        raise ValueError(f"unknown model {name!r}: use one of {sorted(models)}")
    return models[name](**params)


# --- The exercise ----------------------------------------------------------------------------

def kfold_indices(n_samples: int, n_splits: int = 5, shuffle: bool = False,
                  seed=None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return the k (train indices, validation indices) pairs of KFold."""
    # TODO: order (shuffled with RandomState(seed) if asked), fold sizes, sorted index arrays.
    ### BEGIN SOLUTION
    if not 2 <= n_splits <= n_samples:
        raise ValueError(f"need 2 <= n_splits <= n_samples, got {n_splits} and {n_samples}")
    order = np.arange(n_samples)
    if shuffle:
        order = np.random.RandomState(seed).permutation(n_samples)
    sizes = np.full(n_splits, n_samples // n_splits)
    sizes[: n_samples % n_splits] += 1
    folds = []
    start = 0
    for size in sizes:
        test = np.sort(order[start:start + size])
        in_test = np.zeros(n_samples, dtype=bool)
        in_test[test] = True
        folds.append((np.flatnonzero(~in_test), test))
        start += size
    return folds
    ### END SOLUTION


def cross_val_score(model_name: str, X: np.ndarray, y: np.ndarray, n_splits: int = 5,
                    shuffle: bool = False, seed=None, params=None) -> np.ndarray:
    """Return the validation score of a fresh model on each of the k folds, shape (k,)."""
    # TODO: for each fold: make_model(model_name, **(params or {})).fit(...).score(...).
    ### BEGIN SOLUTION
    scores = []
    for train, test in kfold_indices(len(y), n_splits, shuffle, seed):
        model = make_model(model_name, **(params or {})).fit(X[train], y[train])
        scores.append(model.score(X[test], y[test]))
    return np.array(scores)
    ### END SOLUTION


def learning_curve(model_name: str, X: np.ndarray, y: np.ndarray, train_sizes,
                   n_splits: int = 5, params=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (train_sizes, train_scores (m, k), val_scores (m, k)) on contiguous folds."""
    # TODO: for each size and fold, fit on train[:size]; score on it and on the fold.
    ### BEGIN SOLUTION
    folds = kfold_indices(len(y), n_splits)
    train_scores = np.empty((len(train_sizes), n_splits))
    val_scores = np.empty((len(train_sizes), n_splits))
    for i, size in enumerate(train_sizes):
        for j, (train, test) in enumerate(folds):
            subset = train[:size]
            model = make_model(model_name, **(params or {})).fit(X[subset], y[subset])
            train_scores[i, j] = model.score(X[subset], y[subset])
            val_scores[i, j] = model.score(X[test], y[test])
    return np.asarray(train_sizes, dtype=int), train_scores, val_scores
    ### END SOLUTION
