"""Reference solution: L2-regularised logistic regression fitted by batch gradient descent."""
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def loss_and_gradient(params: np.ndarray, X: np.ndarray, y: np.ndarray,
                      lam: float) -> tuple[float, np.ndarray]:
    params = np.asarray(params, dtype=float)
    w, b = params[:-1], params[-1]
    z = X @ w + b
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + lam / 2 * (w @ w)
    error = sigmoid(z) - y
    grad_w = X.T @ error / len(y) + lam * w
    grad_b = np.mean(error)
    return float(loss), np.append(grad_w, grad_b)


class LogisticRegressionGD:
    """Binary logistic regression with an L2 penalty (sklearn's C), fitted by gradient descent."""

    def __init__(self, C: float = 1.0, learning_rate: float = 1.0, max_iter: int = 10000,
                 tol: float = 1e-6):
        self.C = C
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X: np.ndarray, y: np.ndarray) -> "LogisticRegressionGD":
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        lam = 1.0 / (self.C * n)
        params = np.zeros(d + 1)
        for _ in range(self.max_iter):
            _, grad = loss_and_gradient(params, X, y, lam)
            if np.max(np.abs(grad)) < self.tol:
                break
            params = params - self.learning_rate * grad
        self.coef_ = params[:-1]
        self.intercept_ = float(params[-1])
        return self

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.coef_ + self.intercept_

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        p = sigmoid(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: np.ndarray) -> np.ndarray:
        return (self.decision_function(X) > 0).astype(int)
