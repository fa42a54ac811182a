"""Layer normalization: forward and backward pass.

Source: Ba, Kiros & Hinton, "Layer Normalization" (2016), §3 (equations 3-4); Stanford
CS231n, assignment 2 "BatchNormalization.ipynb", part "Layer Normalization"
(cs231n/layers.py: layernorm_forward, layernorm_backward); Goodfellow, Bengio &
Courville, Deep Learning §8.7.1 for the batch-norm original it transposes.
https://arxiv.org/abs/1607.06450

The idea. Batch normalization averages each feature over the examples of a batch, so it
depends on the batch size and needs running statistics at test time. Layer normalization
averages over the features of each example instead: every row is normalised on its own,
it behaves the same in training and testing, and a batch of one is no problem. It is the
normalization of Transformers and RNNs.

Forward, for x of shape (N, D) (every statistic is per row, an average over axis 1):

    mu[i]    = mean_j x[i, j]                          (N, 1) with keepdims=True
    var[i]   = mean_j (x[i, j] - mu[i])**2             (N, 1)  biased: divide by D
    x_hat    = (x - mu) / sqrt(var + eps)              (N, D)
    out      = gamma * x_hat + beta                    (N, D)

gamma and beta still have one entry per feature (D,), broadcast over the rows.
ln_param is a plain dict; its only key, "eps", defaults to 1e-5 when missing.

Backward. Given dout = dL/dout (N, D), it is batch norm's backward with the roles of the
axes exchanged for the normalisation, but not for gamma and beta (they are shared by all
the rows, so their gradients still sum over the batch):

    dbeta  = sum_i dout[i]                              (D,)
    dgamma = sum_i dout[i] * x_hat[i]                   (D,)
    dx_hat = dout * gamma                               (N, D)
    dx[i]  = (dx_hat[i] - mean_j dx_hat[i, j] - x_hat[i] * mean_j (dx_hat[i, j] * x_hat[i, j]))
             / sqrt(var[i] + eps)

(In CS231n the neat trick is to transpose x, reuse the batch-norm code and transpose back;
writing it directly with axis=1 and keepdims=True is just as short.)

Edge cases. N = 1 is fine (each row stands alone). With D = 1 every row equals its own
mean: x_hat = 0, so out = beta and dx = 0 (no way to change a single-feature x_hat).

Write the layer yourself.
Do not use: torch.*.

Shapes: x (N, D), gamma (D,), beta (D,), out (N, D); dx (N, D), dgamma (D,), dbeta (D,).
The cache must be plain data: a tuple of NumPy arrays and numbers. Do not modify x in place.

Tiny example: x = [[1, 3], [4, 0]], gamma = [1, 1], beta = [0, 0], ln_param = {"eps": 0.0}:
row 0 has mu = 2, var = 1 and row 1 has mu = 2, var = 4, so out = [[-1, 1], [1, -1]].
With D = 1, x = [[5], [-2]] and beta = [0.5] give out = [[0.5], [0.5]] for any eps > 0.
"""
import numpy as np


def layernorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                      ln_param: dict) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): every row of x (N, D) normalised over its features, then scaled."""
    # TODO: per-row mean and biased variance (axis=1, keepdims=True), x_hat, gamma * x_hat + beta.
    ### BEGIN SOLUTION
    eps = ln_param.get("eps", 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    std = np.sqrt(var + eps)
    x_hat = (x - mu) / std
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, std)
    ### END SOLUTION


def layernorm_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dgamma, dbeta) for the forward pass that produced cache."""
    # TODO: dgamma, dbeta sum over the batch (axis 0); dx with means over the features (axis 1).
    ### BEGIN SOLUTION
    x_hat, gamma, std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = (dx_hat - dx_hat.mean(axis=1, keepdims=True)
          - x_hat * (dx_hat * x_hat).mean(axis=1, keepdims=True)) / std
    return dx, dgamma, dbeta
    ### END SOLUTION
