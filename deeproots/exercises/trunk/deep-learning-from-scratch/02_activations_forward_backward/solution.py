"""Activation layers: ReLU, sigmoid and tanh, forward and backward.

Source: Stanford CS231n, assignment 2 "FullyConnectedNets" (cs231n/layers.py:
relu_forward, relu_backward) and lecture notes "Neural Networks Part 1" (commonly used
activation functions); Goodfellow, Bengio & Courville, Deep Learning §6.3 (hidden units)
and §6.5 (back-propagation).
https://cs231n.github.io/

Each activation acts elementwise, so x may have any shape, and out and dx have x's shape.
A forward function returns (out, cache); the matching backward(dout, cache) returns
dx = dL/dx = dout * f'(x) (the chain rule, elementwise). The cache crosses a process
boundary in deeproots, so it must be a NumPy array (or a tuple of them), nothing else.

    ReLU     out = max(0, x)                    f'(x) = 1 where x > 0, else 0
             cache = x

    sigmoid  out = 1 / (1 + exp(-x))            f'(x) = out * (1 - out)
             cache = out (the derivative is cheapest from the output)

    tanh     out = tanh(x)                      f'(x) = 1 - out**2
             cache = out

The sigmoid must not overflow: exp(-x) for x = -1000 is inf (and a RuntimeWarning).
With e = exp(-|x|), which lies in (0, 1]:
    sigmoid(x) = 1 / (1 + e) where x >= 0,   e / (1 + e) where x < 0.
np.tanh is already stable.

Tiny example: x = [-2, -0.5, 0.5, 3], dout = [1, 1, 1, 1]:
    relu:  out = [0, 0, 0.5, 3],  dx = [0, 0, 1, 1]
    sigmoid(0) = 0.5 and its slope there is 0.5 * 0.5 = 0.25;
    tanh(0) = 0 and its slope there is 1.

Write them with NumPy (SciPy's expit and PyTorch are the shortcuts).
Do not use: scipy.special.expit, torch.*.
"""
import numpy as np


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (max(0, x), cache)."""
    # TODO: np.maximum; cache x.
    ### BEGIN SOLUTION
    out = np.maximum(0.0, x)
    return out, x
    ### END SOLUTION


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Return dx = dout where x > 0, else 0."""
    # TODO: a boolean mask from the cached x.
    ### BEGIN SOLUTION
    x = cache
    return dout * (x > 0)
    ### END SOLUTION


def sigmoid_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (sigmoid(x), cache), stable for any x."""
    # TODO: e = np.exp(-np.abs(x)) and np.where on the sign of x; cache out.
    ### BEGIN SOLUTION
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return out, out
    ### END SOLUTION


def sigmoid_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Return dx = dout * out * (1 - out)."""
    # TODO: use the cached output.
    ### BEGIN SOLUTION
    out = cache
    return dout * out * (1.0 - out)
    ### END SOLUTION


def tanh_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (tanh(x), cache)."""
    # TODO: np.tanh; cache out.
    ### BEGIN SOLUTION
    out = np.tanh(x)
    return out, out
    ### END SOLUTION


def tanh_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Return dx = dout * (1 - out**2)."""
    # TODO: use the cached output.
    ### BEGIN SOLUTION
    out = cache
    return dout * (1.0 - out ** 2)
    ### END SOLUTION
