"""Reference solution: a linear SVM trained by subgradient descent on the hinge loss."""
import numpy as np


def hinge_objective(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lam: float) -> float:
    margins = y * (X @ w + b)
    return float(lam / 2 * (w @ w) + np.mean(np.maximum(0.0, 1.0 - margins)))


def hinge_subgradient(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray,
                      lam: float) -> tuple[np.ndarray, float]:
    n = len(y)
    active = y * (X @ w + b) < 1.0          # points inside the margin or misclassified
    dw = lam * w - (y[active] @ X[active]) / n
    db = -float(np.sum(y[active])) / n
    return dw, db


def margin_support_vectors(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray,
                           tol: float = 1e-3) -> np.ndarray:
    return np.flatnonzero(y * (X @ w + b) <= 1.0 + tol)


class LinearSVM:
    """A soft-margin linear SVM (labels -1/+1) trained by full-batch subgradient descent."""

    def __init__(self, lam: float = 0.01, n_iter: int = 1000, learning_rate: float = 1.0):
        self.lam = lam
        self.n_iter = n_iter
        self.learning_rate = learning_rate

    def fit(self, X: np.ndarray, y: np.ndarray) -> "LinearSVM":
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if not np.all(np.isin(y, (-1.0, 1.0))):
            raise ValueError("labels must be -1 or +1")
        w, b = np.zeros(X.shape[1]), 0.0
        best = (hinge_objective(w, b, X, y, self.lam), w, b)
        history = [best[0]]
        for t in range(1, self.n_iter + 1):
            dw, db = hinge_subgradient(w, b, X, y, self.lam)
            eta = self.learning_rate / (1.0 + self.learning_rate * self.lam * t)
            w = w - eta * dw
            b = b - eta * db
            history.append(hinge_objective(w, b, X, y, self.lam))
            if history[-1] < best[0]:
                best = (history[-1], w, b)
        self.objective_, self.coef_, self.intercept_ = best
        self.objective_history_ = history
        return self

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.where(self.decision_function(X) >= 0.0, 1, -1)
