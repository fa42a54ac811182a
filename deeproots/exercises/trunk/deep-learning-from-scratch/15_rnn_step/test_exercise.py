"""Checks for one vanilla RNN step (references: torch.nn.RNNCell in float64 for the forward
pass, torch autograd and central differences of a NumPy step for the backward pass)."""
import numpy as np
import torch

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, D, H): a single example, one input feature, D > H, D < H, H = 1, a larger batch.
SHAPES = [(1, 3, 4), (3, 1, 2), (4, 5, 3), (2, 3, 6), (5, 2, 1), (8, 4, 5)]
NAMES = ("dx", "dprev_h", "dWx", "dWh", "db")


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _problem(rng, n, d, h, scale=1.0):
    """Weights scaled by 1/sqrt(fan-in) so that tanh is neither linear nor saturated."""
    x = rng.normal(size=(n, d))
    prev_h = rng.uniform(-1.0, 1.0, size=(n, h))
    Wx = rng.normal(scale=scale / np.sqrt(d), size=(d, h))
    Wh = rng.normal(scale=scale / np.sqrt(h), size=(h, h))
    b = rng.normal(scale=0.5, size=h)
    return x, prev_h, Wx, Wh, b


def _reference_step(x, prev_h, Wx, Wh, b):
    return np.tanh(x @ Wx + prev_h @ Wh + b)


def _torch_cell(x, prev_h, Wx, Wh, b):
    """torch.nn.RNNCell computes tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)."""
    d, h = Wx.shape
    with torch.no_grad():
        cell = torch.nn.RNNCell(d, h, nonlinearity="tanh").double()
        cell.weight_ih.copy_(_t(Wx.T))
        cell.weight_hh.copy_(_t(Wh.T))
        cell.bias_ih.copy_(_t(b))
        cell.bias_hh.zero_()
        return cell(_t(x), _t(prev_h)).numpy()


def test_hand_example(ex, rng):
    x, prev_h = np.array([[1.0, 0.0]]), np.zeros((1, 2))
    Wx, Wh, b = np.eye(2), np.eye(2), np.zeros(2)
    inputs = {"x": x, "prev_h": prev_h, "Wx": Wx, "Wh": Wh, "b": b}
    next_h, cache = ex.rnn_step_forward(x, prev_h, Wx, Wh, b)
    expect_close(next_h, np.array([[np.tanh(1.0), 0.0]]), what="next_h", how="by hand: tanh([1, 0])",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    grads = ex.rnn_step_backward(np.ones((1, 2)), cache)
    expect(isinstance(grads, (tuple, list)) and len(grads) == 5,
           "rnn_step_backward must return the tuple (dx, dprev_h, dWx, dWh, db)",
           got=type(grads).__name__)
    da = np.array([[1.0 - np.tanh(1.0) ** 2, 1.0]])
    expected = (da, da, np.array([[da[0, 0], 1.0], [0.0, 0.0]]), np.zeros((2, 2)), da[0])
    for name, got, want in zip(NAMES, grads, expected):
        expect_close(got, want, what=name, how="by hand: da = [1 - tanh(1)^2, 1], dnext_h = [[1, 1]]",
                     rtol=1e-12, atol=1e-12, inputs=inputs)


def test_forward_matches_torch_rnn_cell(ex, rng):
    for n, d, h in SHAPES + [(4, 3, 3)]:
        args = _problem(rng, n, d, h, scale=3.0 if n == 4 and d == h else 1.0)  # one saturated case
        next_h, _ = ex.rnn_step_forward(*args)
        expect_close(next_h, _torch_cell(*args), what=f"next_h for (N, D, H) = {(n, d, h)}",
                     how="torch.nn.RNNCell(D, H, nonlinearity='tanh') with weight_ih = Wx.T, "
                         "weight_hh = Wh.T, bias_ih = b, bias_hh = 0, float64",
                     rtol=1e-10, atol=1e-12, inputs=dict(zip(("x", "prev_h", "Wx", "Wh", "b"), args)))


def test_cache_is_plain_data(ex, rng):
    _, cache = ex.rnn_step_forward(*_problem(rng, 2, 3, 4))
    expect(isinstance(cache, (tuple, list, dict)),
           "the cache must be plain data: a tuple of NumPy arrays such as (x, prev_h, Wx, Wh, next_h)",
           got=type(cache).__name__)


def _backward_cases(rng):
    for n, d, h in SHAPES:
        args = _problem(rng, n, d, h)
        yield args, rng.normal(size=(n, h))


def test_backward_matches_torch_autograd(ex, rng):
    for args, dnext_h in _backward_cases(rng):
        _, cache = ex.rnn_step_forward(*args)
        grads = ex.rnn_step_backward(dnext_h, cache)
        leaves = [_t(a, True) for a in args]
        x, prev_h, Wx, Wh, b = leaves
        (torch.tanh(x @ Wx + prev_h @ Wh + b) * _t(dnext_h)).sum().backward()
        inputs = {**dict(zip(("x", "prev_h", "Wx", "Wh", "b"), args)), "dnext_h": dnext_h}
        for name, got, leaf in zip(NAMES, grads, leaves):
            expect_close(got, leaf.grad.numpy(), what=f"{name} for (N, D, H) = {args[0].shape + (args[4].size,)}",
                         how="torch autograd of sum(tanh(x @ Wx + prev_h @ Wh + b) * dnext_h), float64",
                         rtol=1e-8, atol=1e-10, inputs=inputs)


def test_backward_matches_central_difference(ex, rng):
    for args, dnext_h in _backward_cases(rng):
        _, cache = ex.rnn_step_forward(*args)
        grads = ex.rnn_step_backward(dnext_h, cache)
        inputs = {**dict(zip(("x", "prev_h", "Wx", "Wh", "b"), args)), "dnext_h": dnext_h}
        for k, (name, got) in enumerate(zip(NAMES, grads)):
            def loss(v, k=k):
                varied = list(args)
                varied[k] = v
                return np.sum(_reference_step(*varied) * dnext_h)
            expect_close(got, central_difference(loss, args[k]),
                         what=f"{name} for (N, D, H) = {args[0].shape + (args[4].size,)}",
                         how="central_difference of L = sum(tanh(x @ Wx + prev_h @ Wh + b) * dnext_h)",
                         rtol=1e-6, atol=1e-8, inputs=inputs)
