"""A temporal affine layer: one affine map applied at every time step of every sequence.

Source: Stanford CS231n, assignment 3 "RNN_Captioning.ipynb" (cs231n/rnn_layers.py:
temporal_affine_forward, temporal_affine_backward), where it turns the hidden states of
an RNN into vocabulary scores; Goodfellow, Bengio & Courville, Deep Learning §10.2
(the output o_t = c + V h_t, equation 10.10, with the same V at every t).
https://cs231n.github.io/assignments2024/assignment3/

The idea. An RNN gives a vector of size D at every time step of every sequence, x of
shape (N, T, D). The layer maps each of them with the same weights w (D, M) and bias
b (M,):

    out[n, t, :] = x[n, t, :] @ w + b                 out (N, T, M)

In NumPy this is just x @ w + b: matmul works on the last axis.

Backward. The N * T positions are N * T examples sharing the same parameters, so the
parameter gradients sum over both N and T:

    dx = dout @ w.T                                   (N, T, D)
    dw = sum over n, t of outer(x[n, t], dout[n, t])  (D, M)
       = x.reshape(N*T, D).T @ dout.reshape(N*T, M)   (flatten both in the same order)
    db = sum over n, t of dout[n, t]                  (M,)

Shapes: x (N, T, D), w (D, M), b (M,); temporal_affine_forward returns (out (N, T, M),
cache), the cache plain data, e.g. (x, w); temporal_affine_backward(dout (N, T, M),
cache) returns (dx (N, T, D), dw (D, M), db (M,)).

Write it in NumPy.
Do not use: torch.*.

Tiny example: N = 1, T = 2, D = 2, M = 1, x = [[[1, 2], [3, 4]]], w = [[1], [-1]],
b = [0.5]: out = [[[-0.5], [-0.5]]]. With dout = [[[1], [2]]]: dx = [[[1, -1], [2, -2]]],
dw = [[1*1 + 3*2], [2*1 + 4*2]] = [[7], [10]], db = [3].
"""
import numpy as np


def temporal_affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Return (out, cache) with out[n, t] = x[n, t] @ w + b, out of shape (N, T, M)."""
    # TODO: one matmul over the last axis plus the bias; cache x and w.
    ### BEGIN SOLUTION
    out = x @ w + b
    return out, (x, w)
    ### END SOLUTION


def temporal_affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dw, db); dw and db sum over both the batch and the time steps."""
    # TODO: dx through w.T; dw and db summed over every (n, t) position.
    ### BEGIN SOLUTION
    x, w = cache
    n, steps, d = x.shape
    dx = dout @ w.T
    dw = x.reshape(n * steps, d).T @ dout.reshape(n * steps, -1)
    db = dout.sum(axis=(0, 1))
    return dx, dw, db
    ### END SOLUTION
