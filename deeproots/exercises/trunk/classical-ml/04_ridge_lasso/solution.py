"""Reference solution: ridge regression in closed form, lasso by cyclic coordinate descent."""
import numpy as np


def _centre(X: np.ndarray, y: np.ndarray, fit_intercept: bool):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if fit_intercept:
        X_mean, y_mean = X.mean(axis=0), y.mean()
    else:
        X_mean, y_mean = np.zeros(X.shape[1]), 0.0
    return X - X_mean, y - y_mean, X_mean, y_mean


class RidgeRegression:
    """Least squares with an L2 penalty on the weights (not on the intercept)."""

    def __init__(self, alpha: float = 1.0, fit_intercept: bool = True):
        self.alpha = alpha
        self.fit_intercept = fit_intercept

    def fit(self, X: np.ndarray, y: np.ndarray) -> "RidgeRegression":
        Xc, yc, X_mean, y_mean = _centre(X, y, self.fit_intercept)
        d = Xc.shape[1]
        self.coef_ = np.linalg.solve(Xc.T @ Xc + self.alpha * np.eye(d), Xc.T @ yc)
        self.intercept_ = float(y_mean - X_mean @ self.coef_)
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_


def soft_threshold(z: np.ndarray, gamma: float) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    return np.sign(z) * np.maximum(np.abs(z) - gamma, 0.0)


def lasso_coordinate_descent(X: np.ndarray, y: np.ndarray, alpha: float, max_iter: int = 10000,
                             tol: float = 1e-8) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, d = X.shape
    w = np.zeros(d)
    column_norms = np.sum(X ** 2, axis=0)
    residual = y.copy()  # y - X @ w, kept up to date
    for _ in range(max_iter):
        largest_change = 0.0
        for j in range(d):
            if column_norms[j] == 0.0:
                continue
            w_old = w[j]
            rho = X[:, j] @ residual + column_norms[j] * w_old
            w_new = float(soft_threshold(rho, n * alpha)) / column_norms[j]
            if w_new != w_old:
                residual -= X[:, j] * (w_new - w_old)
                w[j] = w_new
            largest_change = max(largest_change, abs(w_new - w_old))
        if largest_change < tol:
            break
    return w


class LassoRegression:
    """Least squares with an L1 penalty, fitted by cyclic coordinate descent."""

    def __init__(self, alpha: float = 1.0, fit_intercept: bool = True, max_iter: int = 10000,
                 tol: float = 1e-8):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X: np.ndarray, y: np.ndarray) -> "LassoRegression":
        Xc, yc, X_mean, y_mean = _centre(X, y, self.fit_intercept)
        self.coef_ = lasso_coordinate_descent(Xc, yc, self.alpha, self.max_iter, self.tol)
        self.intercept_ = float(y_mean - X_mean @ self.coef_)
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_
