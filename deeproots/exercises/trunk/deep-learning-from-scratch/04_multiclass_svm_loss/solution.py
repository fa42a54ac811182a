"""Reference solution: the vectorised multiclass SVM loss and its gradients."""
import numpy as np


def svm_loss(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    n = scores.shape[0]
    rows = np.arange(n)
    correct = scores[rows, y][:, None]
    margins = np.maximum(0.0, scores - correct + 1.0)
    margins[rows, y] = 0.0
    loss = margins.sum() / n
    active = (margins > 0).astype(float)
    active[rows, y] = -active.sum(axis=1)
    dscores = active / n
    return float(loss), dscores


def linear_svm_loss(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float) -> tuple[float, np.ndarray]:
    loss, dscores = svm_loss(X @ W, y)
    loss += 0.5 * reg * np.sum(W * W)
    dW = X.T @ dscores + reg * W
    return float(loss), dW
