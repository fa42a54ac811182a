"""A temporal softmax loss: softmax cross-entropy at every time step, with a mask that
leaves out the padding.

Source: Stanford CS231n, assignment 3 "RNN_Captioning.ipynb" (cs231n/rnn_layers.py:
temporal_softmax_loss); CS231n notes "Linear classification" (the softmax classifier and
its numerical stability); Goodfellow, Bengio & Courville, Deep Learning §10.2 (the loss of
an RNN is the sum over time steps of -log p(y_t), equation 10.12-10.14).
https://cs231n.github.io/assignments2024/assignment3/

The idea. A captioning RNN scores the whole vocabulary at every step: x (N, T, V). The
correct next word is y (N, T). Captions have different lengths, so shorter ones are
padded with <NULL>; mask (N, T), boolean, is True where a real word is to be predicted
and False on padding, which must neither count in the loss nor get any gradient.

    log p[n, t, :] = log softmax(x[n, t, :])
    loss = -(1 / N) * sum over n, t with mask[n, t] of log p[n, t, y[n, t]]

The convention is CS231n's: divide by N, the number of sequences (the loss per caption),
NOT by N * T and NOT by the number of unmasked positions. It equals
F.cross_entropy(x.reshape(N*T, V), y.reshape(N*T), reduction='none') times the flattened
mask, summed, divided by N.

Stability: compute log softmax from shifted scores, x - max over V, then
log p = shifted - log(sum(exp(shifted))). Scores of size 1e3 overflow exp otherwise, and
log(softmax) gives log(0) = -inf for words far below the best one.

Gradient: with p = softmax(x[n, t]) and e_y the one-hot of y[n, t],

    dx[n, t, :] = mask[n, t] * (p - e_y) / N        (zero where the mask is False)

Shapes: x (N, T, V) floats, y (N, T) integers in [0, V), mask (N, T) booleans;
temporal_softmax_loss returns (loss a float, dx (N, T, V)).

Write it in NumPy.
Do not use: scipy.special.softmax, scipy.special.log_softmax, scipy.special.logsumexp, torch.*.

Tiny example: N = 1, T = 2, V = 2, x all zeros, y = [[0, 1]], mask = [[True, False]]:
only step 0 counts, p = [0.5, 0.5], loss = -log 0.5 / 1 = log 2 = 0.69315, and
dx = [[[0.5 - 1, 0.5], [0, 0]]] = [[[-0.5, 0.5], [0, 0]]].
"""
import numpy as np


def temporal_softmax_loss(x: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[float, np.ndarray]:
    """Return (loss, dx): masked softmax cross-entropy summed over time, divided by N."""
    # TODO: flatten to N*T rows; stable log-softmax; mask the loss and the gradient; divide by N.
    ### BEGIN SOLUTION
    n, steps, vocab = x.shape
    x_flat = x.reshape(n * steps, vocab)
    y_flat = y.reshape(n * steps)
    mask_flat = mask.reshape(n * steps)
    rows = np.arange(n * steps)
    scale = 1.0 / n
    shifted = x_flat - x_flat.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.sum(mask_flat * log_p[rows, y_flat]) * scale
    dx_flat = np.exp(log_p)
    dx_flat[rows, y_flat] -= 1.0
    dx_flat *= scale * mask_flat[:, None]
    return float(loss), dx_flat.reshape(n, steps, vocab)
    ### END SOLUTION
