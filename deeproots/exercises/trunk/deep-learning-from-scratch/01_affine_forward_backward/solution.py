"""Reference solution: the affine layer's forward and backward pass."""
import numpy as np


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    x2 = x.reshape(x.shape[0], -1)
    out = x2 @ w + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, w, b = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = x2.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db
