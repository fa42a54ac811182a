"""Reference solution: RNN forward/backward through time, global-norm clipping, training."""
import numpy as np


def rnn_step_forward(x: np.ndarray, prev_h: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                     b: np.ndarray) -> tuple[np.ndarray, tuple]:
    next_h = np.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h: np.ndarray,
                      cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1.0 - next_h ** 2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def rnn_forward(x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray,
                b: np.ndarray) -> tuple[np.ndarray, list]:
    n, steps, _ = x.shape
    h = np.zeros((n, steps, h0.shape[1]))
    caches = []
    prev_h = h0
    for t in range(steps):
        prev_h, step_cache = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        h[:, t] = prev_h
        caches.append(step_cache)
    return h, caches


def rnn_backward(dh: np.ndarray,
                 cache: list) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
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


def clip_gradients(grads: dict, max_norm: float) -> dict:
    total = np.sqrt(sum(np.sum(np.square(g)) for g in grads.values()))
    scale = max_norm / total if total > max_norm else 1.0
    return {name: g * scale for name, g in grads.items()}


def train_delay_rnn(params: dict, x: np.ndarray, y: np.ndarray, num_iters: int,
                    learning_rate: float, max_norm: float) -> tuple[dict, list]:
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
