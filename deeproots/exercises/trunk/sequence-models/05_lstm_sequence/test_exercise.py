"""Checks for the LSTM over a sequence (references: torch.nn.LSTM(batch_first=True) in float64
for the forward pass, with its weight blocks permuted from CS231n's gate order i, f, o, g to
PyTorch's i, f, g, o and c0 = 0; torch autograd of the unrolled loop and central differences
of a NumPy loop for the backward pass; a hand-worked case)."""
import numpy as np
import torch

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, T, D, H): one step of one sequence, a longer single sequence, H = 1, a wider state.
SHAPES = [(1, 1, 2, 3), (2, 3, 4, 5), (3, 5, 2, 3), (4, 2, 3, 1), (1, 6, 2, 2), (5, 4, 1, 4)]
ARGS = ("x", "h0", "Wx", "Wh", "b")
NAMES = ("dx", "dh0", "dWx", "dWh", "db")


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _problem(rng, n, steps, d, h):
    return (rng.normal(size=(n, steps, d)), rng.uniform(-1.0, 1.0, size=(n, h)),
            rng.normal(scale=1.0 / np.sqrt(d), size=(d, 4 * h)), rng.normal(scale=1.0 / np.sqrt(h), size=(h, 4 * h)),
            rng.normal(scale=0.5, size=4 * h))


def _to_torch_order(w, h):
    """CS231n's blocks i, f, o, g -> PyTorch's i, f, g, o (along the last axis)."""
    i, f, o, g = (w[..., k * h:(k + 1) * h] for k in range(4))
    return np.concatenate([i, f, g, o], axis=-1)


def _torch_lstm(x, h0, Wx, Wh, b):
    d, h = Wx.shape[0], Wh.shape[0]
    with torch.no_grad():
        lstm = torch.nn.LSTM(d, h, batch_first=True).double()
        lstm.weight_ih_l0.copy_(_t(_to_torch_order(Wx, h).T))
        lstm.weight_hh_l0.copy_(_t(_to_torch_order(Wh, h).T))
        lstm.bias_ih_l0.copy_(_t(_to_torch_order(b, h)))
        lstm.bias_hh_l0.zero_()
        out, _ = lstm(_t(x), (_t(h0)[None], torch.zeros(1, x.shape[0], h, dtype=torch.float64)))
        return out.numpy()


def _torch_unrolled(x, h0, Wx, Wh, b):
    h, c, states = h0, torch.zeros_like(h0), []
    for t in range(x.shape[1]):
        i, f, o, g = (x[:, t] @ Wx + h @ Wh + b).chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        states.append(h)
    return torch.stack(states, dim=1)


def _numpy_unrolled(x, h0, Wx, Wh, b):
    sig = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))  # noqa: E731 - the sigmoid, no overflow
    h, c, states = h0, np.zeros_like(h0), []
    for t in range(x.shape[1]):
        i, f, o, g = np.split(x[:, t] @ Wx + h @ Wh + b, 4, axis=1)
        c = sig(f) * c + sig(i) * np.tanh(g)
        h = sig(o) * np.tanh(c)
        states.append(h)
    return np.stack(states, axis=1)


def test_forward_hand_example(ex, rng):
    args = (np.array([[[0.3], [-0.7]]]), np.zeros((1, 1)), np.zeros((1, 4)), np.zeros((1, 4)),
            np.array([0.0, 0.0, 0.0, 100.0]))
    h, _ = ex.lstm_forward(*args)
    expect_close(h, np.array([[[0.5 * np.tanh(0.5)], [0.5 * np.tanh(0.75)]]]), what="h",
                 how="by hand: i = f = o = 0.5, g = 1; c_0 = 0.5, h_0 = 0.5 tanh(0.5); "
                     "c_1 = 0.5 * 0.5 + 0.5 = 0.75, h_1 = 0.5 tanh(0.75)",
                 rtol=1e-12, atol=1e-12, inputs=dict(zip(ARGS, args)))


def test_forward_matches_torch_lstm(ex, rng):
    for shape in SHAPES:
        args = _problem(rng, *shape)
        h, _ = ex.lstm_forward(*args)
        expect_close(h, _torch_lstm(*args), what=f"h for (N, T, D, H) = {shape}",
                     how="torch.nn.LSTM(D, H, batch_first=True)(x, (h0, c0 = 0)) in float64 with "
                         "weight_ih = Wx.T, weight_hh = Wh.T, bias_ih = b, bias_hh = 0, each with its "
                         "blocks permuted from i, f, o, g (ours) to i, f, g, o (PyTorch's)",
                     rtol=1e-10, atol=1e-12, inputs=dict(zip(ARGS, args)))


def test_cache_is_plain_data(ex, rng):
    _, cache = ex.lstm_forward(*_problem(rng, 2, 3, 2, 2))
    expect(isinstance(cache, (tuple, list, dict)),
           "the cache must be plain data: e.g. the list of the T step caches", got=type(cache).__name__)


def _backward_cases(rng):
    for n, steps, d, h in SHAPES:
        yield (n, steps, d, h), _problem(rng, n, steps, d, h), rng.normal(size=(n, steps, h))


def test_backward_matches_torch_autograd(ex, rng):
    for shape, args, dh in _backward_cases(rng):
        _, cache = ex.lstm_forward(*args)
        grads = ex.lstm_backward(dh, cache)
        expect(isinstance(grads, (tuple, list)) and len(grads) == 5,
               "lstm_backward must return the tuple (dx, dh0, dWx, dWh, db)", got=type(grads).__name__)
        leaves = [_t(a, True) for a in args]
        (_torch_unrolled(*leaves) * _t(dh)).sum().backward()
        inputs = {**dict(zip(ARGS, args)), "dh": dh}
        for name, got, leaf in zip(NAMES, grads, leaves):
            expect_close(got, leaf.grad.numpy(), what=f"{name} for (N, T, D, H) = {shape}",
                         how="torch autograd of sum(h * dh), h from the unrolled LSTM loop (c0 = 0, gates "
                             "i, f, o, g, torch.sigmoid / torch.tanh), float64", rtol=1e-8, atol=1e-10,
                         inputs=inputs)


def test_backward_matches_central_difference(ex, rng):
    for shape, args, dh in _backward_cases(rng):
        _, cache = ex.lstm_forward(*args)
        grads = ex.lstm_backward(dh, cache)
        inputs = {**dict(zip(ARGS, args)), "dh": dh}
        for k, (name, got) in enumerate(zip(NAMES, grads)):
            def loss(v, k=k):
                varied = list(args)
                varied[k] = v
                return np.sum(_numpy_unrolled(*varied) * dh)
            expect_close(got, central_difference(loss, args[k]), what=f"{name} for (N, T, D, H) = {shape}",
                         how="central_difference of L = sum(h * dh), h from a NumPy LSTM loop over t",
                         rtol=1e-6, atol=1e-8, inputs=inputs)


def test_gradient_reaches_the_first_input_through_the_cell(ex, rng):
    # Only the last output is used: the gradient of x_0 travels T - 1 steps back, through c and h.
    args = _problem(rng, 2, 8, 3, 4)
    dh = np.zeros((2, 8, 4))
    dh[:, -1] = rng.normal(size=(2, 4))
    _, cache = ex.lstm_forward(*args)
    dx = ex.lstm_backward(dh, cache)[0]
    leaves = [_t(a, True) for a in args]
    (_torch_unrolled(*leaves) * _t(dh)).sum().backward()
    expect_close(dx, leaves[0].grad.numpy(), what="dx when only h_{T-1} receives a gradient (T = 8)",
                 how="torch autograd of sum(h[:, -1] * dh[:, -1]) through the unrolled LSTM, float64",
                 rtol=1e-8, atol=1e-12, inputs={**dict(zip(ARGS, args)), "dh": dh})
