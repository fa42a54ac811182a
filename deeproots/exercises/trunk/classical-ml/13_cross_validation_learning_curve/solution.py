"""Reference solution: k-fold cross-validation and learning curves."""
import numpy as np


# --- Provided: two small estimators, chosen by name (the same code is in the stub) ---------

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


def cross_val_score(model_name: str, X: np.ndarray, y: np.ndarray, n_splits: int = 5,
                    shuffle: bool = False, seed=None, params=None) -> np.ndarray:
    scores = []
    for train, test in kfold_indices(len(y), n_splits, shuffle, seed):
        model = make_model(model_name, **(params or {})).fit(X[train], y[train])
        scores.append(model.score(X[test], y[test]))
    return np.array(scores)


def learning_curve(model_name: str, X: np.ndarray, y: np.ndarray, train_sizes,
                   n_splits: int = 5, params=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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
