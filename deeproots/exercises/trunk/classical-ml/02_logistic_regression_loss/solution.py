"""Reference solution: stable sigmoid, logistic loss and its gradient."""
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def loss(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lam: float = 0.0) -> float:
    z = X @ w + b
    data_term = np.mean(np.logaddexp(0.0, z) - y * z)
    return float(data_term + lam / 2 * (w @ w))


def gradient(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray,
             lam: float = 0.0) -> tuple[np.ndarray, float]:
    n = X.shape[0]
    error = sigmoid(X @ w + b) - y
    dw = X.T @ error / n + lam * w
    db = float(error.mean())
    return dw, db
