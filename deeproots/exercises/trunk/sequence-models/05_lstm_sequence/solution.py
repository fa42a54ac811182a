"""An LSTM over a whole sequence: forward, and back-propagation through time with two states.

Source: Stanford CS231n, assignment 3 "LSTM_Captioning.ipynb" (cs231n/rnn_layers.py:
lstm_forward, lstm_backward); Goodfellow, Bengio & Courville, Deep Learning §10.10.1 (the
LSTM) and §10.7 (the challenge of long-term dependencies, which the additive cell path
eases).
https://cs231n.github.io/assignments2024/assignment3/

1. Forward over T steps. As with the vanilla RNN (rnn-bptt), the same step with the same
weights is applied at every t, but two states flow forward: h and the cell c. The
initial hidden state h0 is given; the initial cell state is zero (CS231n's convention):

    h_{-1} = h0,  c_{-1} = 0
    h_t, c_t = lstm_step_forward(x_t, h_{t-1}, c_{t-1}, Wx, Wh, b)    for t = 0 .. T-1

lstm_forward returns h (N, T, H) with h[:, t] = h_t (the cell states are not returned)
and a cache of plain data (the list of the T step caches works).

2. Backward through time. The loss reaches every h_t through dh (N, T, H); nothing reaches
the cell states from outside, but each c_t feeds c_{t+1}. Walking backwards, both
gradients from step t + 1 are carried:

    dprev_h = 0, dprev_c = 0 (N, H)
    for t = T-1 down to 0:
        dx_t, dprev_h, dprev_c, dWx_t, dWh_t, db_t =
            lstm_step_backward(dh[:, t] + dprev_h, dprev_c, cache_t)
        dWx += dWx_t;  dWh += dWh_t;  db += db_t       (shared weights: gradients add up)
    dh0 = dprev_h                                       (the gradient for c0 is dropped)

lstm_backward returns (dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)).

Shapes: x (N, T, D), h0 (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,), gates in CS231n's order
i, f, o, g (see lstm-step).

Write sigmoid, lstm_step_forward and lstm_step_backward first: paste your solution of the
lstm-step exercise.

Everything is NumPy.
Do not use: torch.*.

Tiny example: N = D = H = 1, T = 2, Wx = Wh = 0, b = [0, 0, 0, 100], h0 = [[0]], any x:
i = f = o = 0.5 and g = tanh(100) = 1 at both steps, so c_0 = 0.5 * 0 + 0.5 * 1 = 0.5,
h_0 = 0.5 tanh(0.5) = 0.23106, c_1 = 0.5 * 0.5 + 0.5 * 1 = 0.75, h_1 = 0.5 tanh(0.75)
= 0.31757: h = [[[0.23106], [0.31757]]]. The cell state carried c_0 into c_1.
"""
import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Return 1 / (1 + exp(-x)) elementwise, without overflow for large |x|."""
    # TODO: paste your lstm-step solution.
    ### BEGIN SOLUTION
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    ### END SOLUTION


def lstm_step_forward(x: np.ndarray, prev_h: np.ndarray, prev_c: np.ndarray, Wx: np.ndarray,
                      Wh: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, tuple]:
    """Return (next_h, next_c, cache) for one LSTM step, gates in the order i, f, o, g."""
    # TODO: paste your lstm-step solution.
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
    # TODO: paste your lstm-step solution.
    ### BEGIN SOLUTION
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, next_c, tc = cache
    dc = dnext_c + dnext_h * o * (1.0 - tc ** 2)
    do = dnext_h * tc
    di, df, dg = dc * g, dc * prev_c, dc * i
    dprev_c = dc * f
    da = np.concatenate([di * i * (1.0 - i), df * f * (1.0 - f), do * o * (1.0 - o), dg * (1.0 - g ** 2)], axis=1)
    return da @ Wx.T, da @ Wh.T, dprev_c, x.T @ da, prev_h.T @ da, da.sum(axis=0)
    ### END SOLUTION


def lstm_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                 b: np.ndarray) -> tuple[np.ndarray, list]:
    """Return (h, cache): the hidden states (N, T, H) of the LSTM run over x (N, T, D) from h0, c0 = 0."""
    # TODO: c0 = zeros; loop over t carrying both h and c; keep the step caches.
    ### BEGIN SOLUTION
    n, steps, _ = x.shape
    h = np.zeros((n, steps, h0.shape[1]))
    caches = []
    prev_h, prev_c = h0, np.zeros_like(h0)
    for t in range(steps):
        prev_h, prev_c, step_cache = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        h[:, t] = prev_h
        caches.append(step_cache)
    return h, caches
    ### END SOLUTION


def lstm_backward(dh: np.ndarray, cache: list) -> tuple:
    """Return (dx, dh0, dWx, dWh, db) given dL/dh_t for every step, dh (N, T, H)."""
    # TODO: walk t backwards carrying dprev_h and dprev_c; accumulate dWx, dWh, db.
    ### BEGIN SOLUTION
    n, steps, hidden = dh.shape
    d = cache[0][0].shape[1]
    dx = np.zeros((n, steps, d))
    dWx, dWh, db = np.zeros((d, 4 * hidden)), np.zeros((hidden, 4 * hidden)), np.zeros(4 * hidden)
    dprev_h, dprev_c = np.zeros((n, hidden)), np.zeros((n, hidden))
    for t in reversed(range(steps)):
        dx[:, t], dprev_h, dprev_c, dWx_t, dWh_t, db_t = lstm_step_backward(dh[:, t] + dprev_h, dprev_c, cache[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev_h, dWx, dWh, db
    ### END SOLUTION
