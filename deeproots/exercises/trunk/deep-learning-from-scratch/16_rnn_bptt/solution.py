"""Back-propagation through time: a vanilla RNN over a whole sequence, gradient clipping,
and a small network trained to remember its previous input.

Source: Stanford CS231n, assignment 3 "RNN_Captioning.ipynb" (cs231n/rnn_layers.py:
rnn_forward, rnn_backward); Goodfellow, Bengio & Courville, Deep Learning §10.2.2
("Computing the gradient in a recurrent neural network", equations 10.16-10.28) and
§10.11.1 (clipping gradients); Pascanu, Mikolov & Bengio, "On the difficulty of training
recurrent neural networks" (ICML 2013), Algorithm 1.
https://cs231n.github.io/

1. Forward over T steps. The same step (the rnn-step exercise) is applied at every time
step with the same weights, the state flowing from one step to the next:

    h_{-1} = h0;   h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b)   for t = 0 .. T-1

x has shape (N, T, D) (N sequences of T inputs of size D), h0 (N, H); rnn_forward returns
h of shape (N, T, H) with h[:, t] = h_t, and a cache of plain data (a list of the T step
caches works).

2. Backward through time. The loss depends on every h_t, so dh (N, T, H) holds the
upstream gradient dL/dh_t for each step. But h_t also feeds h_{t+1}: walking backwards,
the gradient reaching step t is its own dh[:, t] PLUS what step t+1 sent back through Wh:

    dprev = 0 (N, H)
    for t = T-1 down to 0:
        dx_t, dprev, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev, cache_t)
        dWx += dWx_t;  dWh += dWh_t;  db += db_t      (shared weights: gradients add up)
    dh0 = dprev                                       (what reaches the initial state)

rnn_backward returns (dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,)).

3. Gradient clipping. Backward through many steps multiplies by Wh again and again, so
gradients can explode. Clipping by the global norm rescales all of them together when
their joint norm is too large, keeping the direction:

    total = sqrt(sum over every array g of sum(g**2))
    if total > max_norm:  every g becomes g * max_norm / total   (else unchanged)

clip_gradients(grads, max_norm) takes a dict name -> array (or float) and returns a NEW
dict with the same keys. (torch.nn.utils.clip_grad_norm_ does the same, in place, with
max_norm / (total + 1e-6) to avoid a division by zero; either form passes.)

4. Training: the delay task. x (N, T, 1) is random noise and the target is the previous
input: y[:, t] = x[:, t - 1, 0] for t >= 1, y[:, 0] = 0, so y has shape (N, T). To output
x_{t-1} at time t the network must carry it in its state. The model and loss:

    h    = rnn_forward(x, zeros (N, H), Wx, Wh, b)      (N, T, H)
    pred = h @ Wy + by                                  (N, T)   Wy (H,), by a float
    loss = mean((pred - y)**2)                          over all N * T entries

and its gradients: dpred = 2 * (pred - y) / (N * T); dWy = sum over n, t of
h[n, t] * dpred[n, t]; dby = sum of dpred; dh = dpred[:, :, None] * Wy; then rnn_backward
gives dWx, dWh, db. train_delay_rnn(params, x, y, num_iters, learning_rate, max_norm)
starts from params (a dict with keys "Wx", "Wh", "b", "Wy", "by", chosen by the caller;
do not modify the caller's arrays in place: start from copies), and repeats num_iters
times: forward, record the loss, backward, clip the five gradients together with
clip_gradients, and take a plain gradient-descent step p = p - learning_rate * clipped_g.
It returns (params, losses): the trained dict with the same five keys and the list of the
num_iters losses, each recorded BEFORE its update. Predicting 0 everywhere scores about
var(x) = 1; a working network gets far below that in a few hundred steps.

Write rnn_step_forward and rnn_step_backward first: paste your solution of the rnn-step
exercise (next_h = tanh(x @ Wx + prev_h @ Wh + b) and its backward).

Everything is NumPy.
Do not use: torch.*.

Tiny example: N = 1, T = 2, D = H = 1, Wx = Wh = [[1]], b = [0], h0 = [[0]],
x = [[[1], [0]]]: h_0 = tanh(1) = 0.76159, h_1 = tanh(0.76159) = 0.64201,
so h = [[[0.76159], [0.64201]]]. Clipping {"a": [3], "b": [4]} to max_norm 1 gives
{"a": [0.6], "b": [0.8]} (total norm 5); to max_norm 10 leaves it unchanged.
"""
import numpy as np


def rnn_step_forward(x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                     b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Return (next_h, cache) with next_h = tanh(x @ Wx + prev_h @ Wh + b)."""
    # TODO: paste your rnn-step solution.
    ### BEGIN SOLUTION
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)
    ### END SOLUTION


def rnn_step_backward(dnext_h: np.ndarray,
                      cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dprev_h, dWx, dWh, db) for one step."""
    # TODO: paste your rnn-step solution.
    ### BEGIN SOLUTION
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1.0 - next_h ** 2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, prev_h.T @ da, da.sum(axis=0)
    ### END SOLUTION


def rnn_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                b: np.ndarray) -> tuple[np.ndarray, list]:
    """Return (h, cache): the hidden states (N, T, H) of the RNN run over x (N, T, D) from h0."""
    # TODO: loop over t, feeding each new state into the next step; keep the step caches.
    ### BEGIN SOLUTION
    n, steps, _ = x.shape
    h = np.zeros((n, steps, h0.shape[1]))
    caches = []
    prev_h = h0
    for t in range(steps):
        prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        h[:, t] = prev_h
        caches.append(step_cache)
    return h, caches
    ### END SOLUTION


def rnn_backward(dh: np.ndarray,
                 cache: list) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dh0, dWx, dWh, db) given dL/dh_t for every step, dh (N, T, H)."""
    # TODO: walk t backwards, adding the gradient from step t + 1 to dh[:, t]; accumulate dWx, dWh, db.
    ### BEGIN SOLUTION
    n, steps, hidden = dh.shape
    d = cache[0][0].shape[1]
    dx = np.zeros((n, steps, d))
    dWx, dWh, db = np.zeros((d, hidden)), np.zeros((hidden, hidden)), np.zeros(hidden)
    dprev = np.zeros((n, hidden))
    for t in reversed(range(steps)):
        dx[:, t], dprev, dWx_t, dWh_t, db_t = rnn_step_backward(dh[:, t] + dprev, cache[t])
        dWx += dWx_t
        dWh += dWh_t
        db += db_t
    return dx, dprev, dWx, dWh, db
    ### END SOLUTION


def clip_gradients(grads: dict, max_norm: float) -> dict:
    """Return a new dict of the gradients rescaled so that their global norm is at most max_norm."""
    # TODO: the total norm over all the arrays; scale them all by max_norm / total if it is too large.
    ### BEGIN SOLUTION
    total = np.sqrt(sum(np.sum(np.square(g)) for g in grads.values()))
    scale = max_norm / total if total > max_norm else 1.0
    return {name: g * scale for name, g in grads.items()}
    ### END SOLUTION


def train_delay_rnn(params: dict, x: np.ndarray, y: np.ndarray, num_iters: int,
                    learning_rate: float, max_norm: float) -> tuple[dict, list]:
    """Return (params, losses) after num_iters clipped gradient-descent steps on the delay task."""
    # TODO: forward, loss, backward, clip_gradients, update; record each loss before its update.
    ### BEGIN SOLUTION
    params = {name: np.array(value, dtype=float) for name, value in params.items()}
    h0 = np.zeros((x.shape[0], params["Wh"].shape[0]))
    losses = []
    for _ in range(num_iters):
        h, cache = rnn_forward(x, h0, params["Wx"], params["Wh"], params["b"])
        diff = h @ params["Wy"] + params["by"] - y
        losses.append(float(np.mean(diff ** 2)))
        dpred = 2.0 * diff / diff.size
        grads = {"Wy": np.einsum("nth,nt->h", h, dpred), "by": dpred.sum()}
        dh = dpred[:, :, None] * params["Wy"]
        _, _, grads["Wx"], grads["Wh"], grads["b"] = rnn_backward(dh, cache)
        clipped = clip_gradients(grads, max_norm)
        for name in params:
            params[name] = params[name] - learning_rate * clipped[name]
    return params, losses
    ### END SOLUTION
