"""Softmax and the softmax cross-entropy loss, vectorised and numerically stable.

Source: Stanford CS231n, assignment 1 "softmax.ipynb" (cs231n/classifiers/softmax.py:
softmax_loss_vectorized) and lecture notes "Linear classification" (section "Softmax
classifier", "Practical issues: Numeric stability"); Goodfellow, Bengio & Courville,
Deep Learning §4.1 (overflow and underflow, the softmax example) and §6.2.2.3.
https://cs231n.github.io/

A classifier gives each of N examples a row of C scores (unnormalised log-probabilities).
Softmax turns each row into probabilities, along axis 1 (over the classes):

    p[i, c] = exp(s[i, c]) / sum_j exp(s[i, j])

The loss is the mean over the batch of the negative log-probability of the true class
y[i], and its gradient with respect to the scores is remarkably simple:

    L = 1/N * sum_i -log p[i, y[i]]
    dL/ds[i, c] = (p[i, c] - [c == y[i]]) / N

Stability. exp(1000) overflows to inf and inf / inf is nan. Softmax does not change if a
constant is subtracted from a whole row, so subtract each row's maximum first:
shifted = s - s.max(axis=1, keepdims=True); every exp is then at most 1. For the loss do
not take log(p): when the true class scores 1000 below the best one, p underflows to 0
and log(0) = -inf. Use the log-softmax instead:

    log p[i, c] = shifted[i, c] - log(sum_j exp(shifted[i, j]))

Vectorised: no Python loop over examples. Pick the true-class entries with fancy
indexing, log_p[np.arange(N), y]; build the gradient from p and subtract 1 at the same
positions.

Shapes: scores is (N, C) float, y is (N,) int with values in 0..C-1. softmax returns
(N, C) (each row sums to 1); softmax_loss returns (loss, a float; dscores, (N, C)).

Tiny example: scores = [[0, log 3]] gives p = [[1/4, 3/4]]. With scores all zero,
N = 2, C = 4 and y = [0, 3]: every p is 1/4, the loss is log 4 = 1.386..., and
dscores = [[-3/8, 1/8, 1/8, 1/8], [1/8, 1/8, 1/8, -3/8]].

Write both with NumPy (SciPy's softmax, log_softmax, logsumexp and PyTorch are the shortcuts).
Do not use: scipy.special.softmax, scipy.special.log_softmax, scipy.special.logsumexp,
torch.*.
"""
import numpy as np


def softmax(scores: np.ndarray) -> np.ndarray:
    """Return the row-wise softmax of scores (N, C), stable for huge scores."""
    # TODO: subtract each row's max, exponentiate, divide by the row sums (keepdims=True).
    ### BEGIN SOLUTION
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)
    ### END SOLUTION


def softmax_loss(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Return (mean cross-entropy loss, dL/dscores) for integer labels y."""
    # TODO: log-softmax of the shifted scores, mean of -log_p[np.arange(N), y];
    # gradient (p - one_hot(y)) / N.
    ### BEGIN SOLUTION
    n = scores.shape[0]
    rows = np.arange(n)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_p[rows, y].mean()
    dscores = np.exp(log_p)
    dscores[rows, y] -= 1.0
    dscores /= n
    return float(loss), dscores
    ### END SOLUTION
