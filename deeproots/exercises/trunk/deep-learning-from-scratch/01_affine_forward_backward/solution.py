"""The affine (fully connected) layer: forward and backward pass.

Source: Stanford CS231n, assignment 2 "FullyConnectedNets" (cs231n/layers.py:
affine_forward and affine_backward; the same layer opens assignment 1's two-layer net);
CS231n lecture notes "Backpropagation, Intuitions" (gradients of a matrix product);
Goodfellow, Bengio & Courville, Deep Learning §6.5 (back-propagation).
https://cs231n.github.io/

Forward. An input x of shape (N, d_1, ..., d_k) is a minibatch of N examples; each
example is flattened into a row of length D = d_1 * ... * d_k. With k = 1, x is already
a matrix (N, D); an image batch (N, 3, 32, 32) has k = 3; with k = 0, x has shape (N,)
(one number per example, D = 1, the empty product). With x2 = x.reshape(N, D):

    out = x2 @ w + b            w: (D, M), b: (M,), out: (N, M)

Backward. Given dout = dL/dout of shape (N, M), the chain rule gives

    dx = (dout @ w.T).reshape(x.shape)     same shape as x: (N, d_1, ..., d_k)
    dw = x2.T @ dout                       (D, M), same shape as w
    db = dout.sum(axis=0)                  (M,): b was broadcast over the N rows

A quick way to remember: every gradient has the shape of its variable, and there is
only one way to multiply the available matrices to get that shape.

The cache. affine_forward returns (out, cache) and affine_backward(dout, cache) receives
that cache back. In deeproots your functions run in a separate process, so the cache
must be plain data: return cache = (x, w, b), a tuple of NumPy arrays -- no objects,
closures or lambdas.

How the checks test the backward pass: for a fixed random dout, the scalar
L = sum(out * dout) has dL/dout = dout, so the gradient of L with respect to x, w and b
(computed numerically by central differences) must equal your dx, dw and db.

Tiny example: x = [[1, 2]] (N=1, D=2), w = [[1, 0, -1], [0, 1, 1]] (D=2, M=3),
b = [0, 0, 10]:
    out = [[1, 2, 11]]
    with dout = [[1, 1, 1]]: dx = [[0, 2]], dw = [[1, 1, 1], [2, 2, 2]], db = [1, 1, 1].

Write it with NumPy (PyTorch's autograd is the shortcut).
Do not use: torch.*.
"""
import numpy as np


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Return (out, cache) with out = x.reshape(N, D) @ w + b and cache = (x, w, b)."""
    # TODO: flatten each example, multiply, add the bias; keep what backward needs.
    ### BEGIN SOLUTION
    x2 = x.reshape(x.shape[0], -1)
    out = x2 @ w + b
    cache = (x, w, b)
    return out, cache
    ### END SOLUTION


def affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dw, db), each with the shape of x, w and b."""
    # TODO: unpack the cache, apply the three formulas above, reshape dx like x.
    ### BEGIN SOLUTION
    x, w, b = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x2.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db
    ### END SOLUTION
