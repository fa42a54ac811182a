"""Reference solution: linear regression by the normal equations and by gradient descent."""
import numpy as np


class LinearRegressionNormal:
    """Ordinary least squares solved with the normal equations."""

    def __init__(self, fit_intercept: bool = True):
        self.fit_intercept = fit_intercept

    def fit(self, X: np.ndarray, y: np.ndarray) -> "LinearRegressionNormal":
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if self.fit_intercept:
            X_mean, y_mean = X.mean(axis=0), y.mean()
        else:
            X_mean, y_mean = np.zeros(X.shape[1]), 0.0
        Xc = X - X_mean
        yc = y - y_mean
        self.coef_ = np.linalg.solve(Xc.T @ Xc, Xc.T @ yc)
        self.intercept_ = float(y_mean - X_mean @ self.coef_)
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_


def standardize(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    return (X - mean) / std, mean, std


def gradient_descent(X: np.ndarray, y: np.ndarray, learning_rate: float = 0.1,
                     n_iterations: int = 1000) -> tuple[np.ndarray, float]:
    Z, mean, std = standardize(X)
    y = np.asarray(y, dtype=float)
    n, d = Z.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(n_iterations):
        residual = Z @ w + b - y
        w = w - learning_rate * (Z.T @ residual) / n
        b = b - learning_rate * residual.mean()
    coef = w / std
    intercept = float(b - mean @ coef)
    return coef, intercept
