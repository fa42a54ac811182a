"""One step of an LSTM: the gates, the cell state, and the backward pass.

Source: Stanford CS231n, assignment 3 "LSTM_Captioning.ipynb" (cs231n/rnn_layers.py:
lstm_step_forward, lstm_step_backward, and the stable sigmoid of that file); Goodfellow,
Bengio & Courville, Deep Learning §10.10.1 (the LSTM, equations 10.40-10.44); Hochreiter &
Schmidhuber (1997), "Long Short-Term Memory".
https://www.deeplearningbook.org/contents/rnn.html

The idea. A vanilla RNN multiplies its gradient by Wh at every step, so it vanishes or
explodes over long sequences. The LSTM keeps a second state, the cell c, updated
additively under the control of three gates (numbers in (0, 1)): the input gate i, the
forget gate f and the output gate o, plus a candidate g in (-1, 1). One affine map gives
all four pre-activations at once, in CS231n's order i, f, o, g:

    a  = x @ Wx + prev_h @ Wh + b                      (N, 4H)
    i  = sigmoid(a[:, 0:H])       f = sigmoid(a[:, H:2H])
    o  = sigmoid(a[:, 2H:3H])     g = tanh(a[:, 3H:4H])
    next_c = f * prev_c + i * g                          (N, H)
    next_h = o * tanh(next_c)                            (N, H)

(PyTorch's nn.LSTMCell orders its blocks i, f, g, o; the check permutes them.)

Backward. Given dnext_h and dnext_c (the cell state also flows to the next step), first
the total gradient reaching next_c, through both paths, then each gate:

    dc      = dnext_c + dnext_h * o * (1 - tanh(next_c)**2)
    do      = dnext_h * tanh(next_c)
    di = dc * g;   df = dc * prev_c;   dg = dc * i
    dprev_c = dc * f
    da = [di * i(1-i), df * f(1-f), do * o(1-o), dg * (1-g**2)]   (concatenated, N x 4H)

then, as for the vanilla step: dx = da @ Wx.T, dprev_h = da @ Wh.T, dWx = x.T @ da,
dWh = prev_h.T @ da, db = da.sum(axis=0). The derivative of tanh is taken at next_c:
1 - tanh(next_c)**2, not 1 - next_c**2.

A stable sigmoid. 1 / (1 + exp(-x)) overflows exp for x = -1000 (NumPy warns), and the
other textbook form exp(x) / (1 + exp(x)) gives inf / inf = nan for x = 1000. Use
z = exp(-|x|), which never overflows: sigmoid(x) = 1 / (1 + z) for x >= 0 and
z / (1 + z) for x < 0.

Shapes: x (N, D), prev_h (N, H), prev_c (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,);
sigmoid(x) any shape; lstm_step_forward returns (next_h (N, H), next_c (N, H), cache),
the cache plain data (a tuple of arrays); lstm_step_backward(dnext_h, dnext_c, cache)
returns (dx (N, D), dprev_h (N, H), dprev_c (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)).

Write it in NumPy.
Do not use: torch.*.

Tiny example: N = D = H = 1, Wx = Wh = 0, b = 0, prev_c = [[2]]: every gate is
sigmoid(0) = 0.5 and g = tanh(0) = 0, so next_c = 0.5 * 2 = 1 and
next_h = 0.5 * tanh(1) = 0.38080. sigmoid([-1000, 0, 1000]) = [0, 0.5, 1].
"""
import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Return 1 / (1 + exp(-x)) elementwise, without overflow for large |x|."""
    # TODO: z = exp(-|x|); 1 / (1 + z) where x >= 0, z / (1 + z) elsewhere.
    ### BEGIN SOLUTION
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    ### END SOLUTION


def lstm_step_forward(x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray,
                      Wh: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple]:
    """Return (next_h, next_c, cache) for one LSTM step, gates in the order i, f, o, g."""
    # TODO: one affine map to (N, 4H), split into i, f, o, g; next_c, next_h; cache what backward needs.
    ### BEGIN SOLUTION
    a = x @ Wx + prev_h @ Wh + b
    ai, af, ao, ag = np.split(a, 4, axis=1)
    i, f, o, g = sigmoid(ai), sigmoid(af), sigmoid(ao), np.tanh(ag)
    next_c = f * prev_c + i * g
    tc = np.tanh(next_c)
    next_h = o * tc
    return next_h, next_c, (x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c, tc)
    ### END SOLUTION


def lstm_step_backward(dnext_h: np.ndarray, dnext_c: np.ndarray, cache: tuple) -> tuple:
    """Return (dx, dprev_h, dprev_c, dWx, dWh, db) for one LSTM step."""
    # TODO: dc through both paths, the four gate gradients, da (N, 4H), then the affine map.
    ### BEGIN SOLUTION
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c, tc = cache
    dc = dnext_c + dnext_h * o * (1.0 - tc ** 2)
    do = dnext_h * tc
    di, df, dg = dc * g, dc * prev_c, dc * i
    dprev_c = dc * f
    da = np.concatenate([di * i * (1.0 - i), df * f * (1.0 - f), do * o * (1.0 - o), dg * (1.0 - g ** 2)], axis=1)
    return da @ Wx.T, da @ Wh.T, dprev_c, x.T @ da, prev_h.T @ da, da.sum(axis=0)
    ### END SOLUTION
