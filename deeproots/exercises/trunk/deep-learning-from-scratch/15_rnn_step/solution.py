"""One step of a vanilla recurrent neural network: forward and backward pass.

Source: Stanford CS231n, assignment 3 "RNN_Captioning.ipynb" (cs231n/rnn_layers.py:
rnn_step_forward, rnn_step_backward) and lecture 10 "Recurrent Neural Networks" (2017);
Goodfellow, Bengio & Courville, Deep Learning §10.2, equations 10.8-10.9; Karpathy,
"The Unreasonable Effectiveness of Recurrent Neural Networks" (2015), the step function.
https://cs231n.github.io/

The idea. A recurrent network reads a sequence one element at a time and carries a hidden
state h from step to step: the same weights combine the current input x_t with the
previous state h_{t-1} into the next state. One step is an affine layer over two inputs
followed by tanh:

    a      = x @ Wx + prev_h @ Wh + b        (N, H)
    next_h = tanh(a)                          (N, H)

Backward. Given dnext_h = dL/dnext_h (N, H), first go back through tanh (its derivative
is 1 - tanh(a)**2 = 1 - next_h**2, so keep next_h in the cache), then through the two
matrix products, exactly as in the affine layer:

    da      = dnext_h * (1 - next_h**2)       (N, H)
    dx      = da @ Wx.T                       (N, D)
    dprev_h = da @ Wh.T                       (N, H)
    dWx     = x.T @ da                        (D, H)
    dWh     = prev_h.T @ da                   (H, H)
    db      = da.sum(axis=0)                  (H,)

dprev_h is what flows to the previous time step; the next exercise chains these steps
into back-propagation through time.

Write the step yourself.
Do not use: torch.*.

Shapes: x (N, D) the inputs of a minibatch at one time step, prev_h (N, H), Wx (D, H),
Wh (H, H), b (H,); next_h (N, H). The cache must be plain data: a tuple of NumPy arrays,
e.g. (x, prev_h, Wx, Wh, next_h).

Tiny example: N = 1, D = H = 2, x = [[1, 0]], prev_h = [[0, 0]], Wx = I, Wh = I,
b = [0, 0]: a = [[1, 0]], next_h = [[tanh 1, 0]] = [[0.76159, 0]]. With dnext_h = [[1, 1]]:
da = [[1 - tanh(1)**2, 1]] = [[0.41997, 1]], dx = dprev_h = da, db = [0.41997, 1],
dWx = [[0.41997, 1], [0, 0]], dWh = [[0, 0], [0, 0]] (prev_h is zero).
"""
import numpy as np


def rnn_step_forward(x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                     b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Return (next_h, cache) with next_h = tanh(x @ Wx + prev_h @ Wh + b)."""
    # TODO: one affine map over both inputs, then np.tanh; cache what backward needs.
    ### BEGIN SOLUTION
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)
    ### END SOLUTION


def rnn_step_backward(dnext_h: np.ndarray,
                      cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dprev_h, dWx, dWh, db), each with the shape of its variable."""
    # TODO: da = dnext_h * (1 - next_h**2), then the five formulas above.
    ### BEGIN SOLUTION
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1.0 - next_h ** 2)
    dx = da @ Wx.T
    dprev_h = da @ Wh.T
    dWx = x.T @ da
    dWh = prev_h.T @ da
    db = da.sum(axis=0)
    return dx, dprev_h, dWx, dWh, db
    ### END SOLUTION
