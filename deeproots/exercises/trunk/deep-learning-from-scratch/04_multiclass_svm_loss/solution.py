"""The multiclass SVM (hinge) loss and its gradient, fully vectorised.

Source: Stanford CS231n, assignment 1 "svm.ipynb" (cs231n/classifiers/linear_svm.py:
svm_loss_naive and svm_loss_vectorized); lecture notes "Linear classification", section
"Multiclass Support Vector Machine loss" (the Weston & Watkins formulation); lecture 3
"Loss Functions and Optimization" (the cat / car / frog example below).
https://cs231n.github.io/

A linear classifier gives each of N examples a row of C class scores. The SVM loss wants
the correct class y[i] to score higher than every other class by at least a margin
Delta = 1; each class that comes closer than that pays the difference:

    L_i = sum_{j != y[i]} max(0, s[i, j] - s[i, y[i]] + 1)        L = 1/N * sum_i L_i

Gradient with respect to the scores (the hinge is piecewise linear). Call a margin
"active" when s[i, j] - s[i, y[i]] + 1 > 0 (strictly, the CS231n convention; at exactly 0
any value in [0, 1] is a valid subgradient):

    dL/ds[i, j]    = 1/N * [margin (i, j) is active]             for j != y[i]
    dL/ds[i, y[i]] = -1/N * (number of active margins in row i)

The correct class is NOT one of the j: its own "margin" s[i, y] - s[i, y] + 1 = 1 would
add exactly 1 to every L_i. Zero it (or mask it) after computing all margins at once.

A linear classifier on top: scores = X @ W with W of shape (D, C), plus an L2 penalty.
This course writes every L2 penalty as 1/2 * reg * sum(W**2), so that its gradient is
reg * W (CS231n's linear_svm.py writes reg * sum(W**2), gradient 2 * reg * W: the same
thing with reg doubled). The chain rule through scores = X @ W gives

    loss = svm data loss of X @ W + 0.5 * reg * np.sum(W * W)
    dW   = X.T @ dscores + reg * W

Vectorised: no Python loop over examples or classes. Take the correct-class scores with
fancy indexing, correct = s[np.arange(N), y], and broadcast them as a column
(correct[:, None], shape (N, 1)) against the (N, C) scores.

Shapes: scores (N, C) float, y (N,) int in 0..C-1, X (N, D), W (D, C), reg a float >= 0.
svm_loss returns (loss: float, dscores: (N, C)); linear_svm_loss returns
(loss: float, dW: (D, C)).

Tiny example (CS231n lecture 3), C = 3 classes cat, car, frog, N = 3:
    scores = [[3.2, 5.1, -1.7],   y = [0, 1, 2]
              [1.3, 4.9,  2.0],
              [2.2, 2.5, -3.1]]
    L_0 = max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 + 0 = 2.9
    L_1 = max(0, 1.3 - 4.9 + 1) + max(0, 2.0 - 4.9 + 1) = 0
    L_2 = max(0, 2.2 + 3.1 + 1) + max(0, 2.5 + 3.1 + 1) = 6.3 + 6.6 = 12.9
    loss = (2.9 + 0 + 12.9) / 3 = 5.2667
    dscores = [[-1, 1, 0], [0, 0, 0], [1, 1, -2]] / 3

Write it from scratch with NumPy (torch.nn.functional.multi_margin_loss is the shortcut).
Do not use: torch.*.
"""
import numpy as np


def svm_loss(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Return (mean multiclass hinge loss with margin 1, dL/dscores of shape (N, C))."""
    # TODO: margins = max(0, scores - correct[:, None] + 1) with the correct class zeroed;
    # loss = margins.sum() / N; gradient: 1 where a margin is active, minus the row's count
    # at the correct class, all divided by N.
    ### BEGIN SOLUTION
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
    ### END SOLUTION


def linear_svm_loss(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float) -> tuple[float, np.ndarray]:
    """Return (SVM loss of scores X @ W plus 0.5 * reg * sum(W**2), dL/dW of shape (D, C))."""
    # TODO: scores = X @ W; reuse svm_loss; add the penalty; dW = X.T @ dscores + reg * W.
    ### BEGIN SOLUTION
    loss, dscores = svm_loss(X @ W, y)
    loss += 0.5 * reg * np.sum(W * W)
    dW = X.T @ dscores + reg * W
    return float(loss), dW
    ### END SOLUTION
