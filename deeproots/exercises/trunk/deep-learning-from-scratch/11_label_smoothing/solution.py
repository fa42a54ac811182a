"""Cross-entropy with label smoothing, stable, with its gradient.

Source: Szegedy et al. 2016, "Rethinking the Inception Architecture for Computer Vision",
§7 ("Model regularization via label smoothing"); Goodfellow, Bengio & Courville, Deep
Learning §7.5.1 (injecting noise at the output targets); Müller, Kornblith & Hinton 2019,
"When does label smoothing help?"; it builds on the softmax cross-entropy of CS231n
assignment 1 (softmax.py) and the exercise softmax-cross-entropy before this one.
https://arxiv.org/abs/1512.00567

Plain cross-entropy pushes the true class's probability towards 1, so the scores grow
without bound and the network becomes over-confident. Label smoothing trains against a
softened target instead: keep 1 - eps of the mass on the true class and spread eps
uniformly over all C classes (the true class included):

    q[i, c] = (1 - eps) * [c == y[i]] + eps / C            (each row of q sums to 1)
    L = 1/N * sum_i sum_c -q[i, c] * log p[i, c]          p = softmax(scores) row by row
    dL/ds[i, c] = (p[i, c] - q[i, c]) / N

eps = 0 is ordinary cross-entropy; eps = 1 asks for the uniform distribution. This is the
convention of torch.nn.functional.cross_entropy(..., label_smoothing=eps), against which
the checks compare (some papers use eps / (C - 1) on the wrong classes instead: not here).

Stability. Every class now enters the loss through log p[i, c], not only the true one, so
a single log(0) ruins it: with scores ~1000 apart, softmax underflows to exactly 0 for the
weak classes. Use the log-softmax of the max-shifted scores:

    shifted = scores - max over the row;  log p = shifted - log(sum_c exp(shifted))

Shapes: scores (N, C) float, y (N,) int in 0..C-1, eps a float in [0, 1].
smooth_labels returns q (N, C); smoothed_cross_entropy returns (loss, a float; dscores,
(N, C)). Vectorised: no Python loop over the examples.

Tiny example: N = 1, C = 4, scores = [[0, 0, 0, 0]], y = [0], eps = 0.2:
    q = [[0.85, 0.05, 0.05, 0.05]];  every p is 1/4, so L = -sum_c q_c log(1/4) = log 4 = 1.386
    dscores = p - q = [[-0.6, 0.2, 0.2, 0.2]].

Write it with NumPy (torch's cross_entropy is the shortcut).
Do not use: torch.*.
"""
import numpy as np


def smooth_labels(y: np.ndarray, num_classes: int, eps: float) -> np.ndarray:
    """Return the (N, C) smoothed targets (1 - eps) * one_hot(y) + eps / C."""
    # TODO: start from np.full((N, C), eps / C) and add 1 - eps at [np.arange(N), y].
    ### BEGIN SOLUTION
    n = y.shape[0]
    q = np.full((n, num_classes), eps / num_classes)
    q[np.arange(n), y] += 1.0 - eps
    return q
    ### END SOLUTION


def smoothed_cross_entropy(scores: np.ndarray, y: np.ndarray, eps: float) -> tuple[float, np.ndarray]:
    """Return (mean label-smoothed cross-entropy, dL/dscores) for integer labels y."""
    # TODO: stable log-softmax, loss = -(q * log_p).sum() / N, dscores = (p - q) / N.
    ### BEGIN SOLUTION
    n, num_classes = scores.shape
    q = smooth_labels(y, num_classes, eps)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -(q * log_p).sum() / n
    dscores = (np.exp(log_p) - q) / n
    return float(loss), dscores
    ### END SOLUTION
