"""Reference solution: multinomial logistic (softmax) regression with L2, by gradient descent."""
import numpy as np


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / np.sum(exp, axis=1, keepdims=True)


def softmax_loss_and_gradient(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray,
                              lam: float) -> tuple[float, np.ndarray, np.ndarray]:
    n = X.shape[0]
    scores = X @ W + b
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = -np.mean(log_probs[np.arange(n), y]) + lam / 2 * np.sum(W * W)
    dscores = np.exp(log_probs)
    dscores[np.arange(n), y] -= 1.0
    dscores /= n
    dW = X.T @ dscores + lam * W
    db = dscores.sum(axis=0)
    return float(loss), dW, db


class SoftmaxRegression:
    """Multinomial logistic regression with an L2 penalty (sklearn's C), fitted by gradient descent."""

    def __init__(self, C: float = 1.0, learning_rate: float = 1.0, max_iter: int = 10000,
                 tol: float = 1e-6):
        self.C = C
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X: np.ndarray, y: np.ndarray) -> "SoftmaxRegression":
        X = np.asarray(X, dtype=float)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        n, d = X.shape
        k = len(self.classes_)
        lam = 1.0 / (self.C * n)
        W, b = np.zeros((d, k)), np.zeros(k)
        for _ in range(self.max_iter):
            _, dW, db = softmax_loss_and_gradient(W, b, X, y_index, lam)
            if max(np.max(np.abs(dW)), np.max(np.abs(db))) < self.tol:
                break
            W = W - self.learning_rate * dW
            b = b - self.learning_rate * db
        self.coef_ = W.T
        self.intercept_ = b
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return softmax(np.asarray(X, dtype=float) @ self.coef_.T + self.intercept_)

    def predict(self, X: np.ndarray) -> np.ndarray:
        scores = np.asarray(X, dtype=float) @ self.coef_.T + self.intercept_
        return self.classes_[np.argmax(scores, axis=1)]
