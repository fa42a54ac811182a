"""Checks for one LSTM step (references: torch.sigmoid for the sigmoid, torch.nn.LSTMCell in
float64 for the forward pass with its weight blocks permuted from CS231n's gate order
i, f, o, g to PyTorch's i, f, g, o, torch autograd of the step and central differences of a
NumPy step for the backward pass, and a hand-worked case)."""
import numpy as np
import torch

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, D, H): one example, H = 1, D != H both ways, a batch.
SHAPES = [(1, 1, 1), (1, 3, 2), (2, 2, 4), (4, 5, 3), (3, 1, 2), (5, 4, 1)]
ARGS = ("x", "prev_h", "prev_c", "Wx", "Wh", "b")
NAMES = ("dx", "dprev_h", "dprev_c", "dWx", "dWh", "db")


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _problem(rng, n, d, h, scale=1.0):
    return (rng.normal(scale=scale, size=(n, d)), rng.uniform(-1.0, 1.0, size=(n, h)),
            rng.normal(size=(n, h)), rng.normal(scale=1.0 / np.sqrt(d), size=(d, 4 * h)),
            rng.normal(scale=1.0 / np.sqrt(h), size=(h, 4 * h)), rng.normal(scale=0.5, size=4 * h))


def _to_torch_order(w, h):
    """CS231n's blocks i, f, o, g -> PyTorch's i, f, g, o (along the last axis)."""
    i, f, o, g = (w[..., k * h:(k + 1) * h] for k in range(4))
    return np.concatenate([i, f, g, o], axis=-1)


def _torch_cell(x, prev_h, prev_c, Wx, Wh, b):
    d, h = Wx.shape[0], Wh.shape[0]
    with torch.no_grad():
        cell = torch.nn.LSTMCell(d, h).double()
        cell.weight_ih.copy_(_t(_to_torch_order(Wx, h).T))
        cell.weight_hh.copy_(_t(_to_torch_order(Wh, h).T))
        cell.bias_ih.copy_(_t(_to_torch_order(b, h)))
        cell.bias_hh.zero_()
        next_h, next_c = cell(_t(x), (_t(prev_h), _t(prev_c)))
        return next_h.numpy(), next_c.numpy()


def _torch_step(x, prev_h, prev_c, Wx, Wh, b):
    a = x @ Wx + prev_h @ Wh + b
    i, f, o, g = a.chunk(4, dim=1)
    next_c = torch.sigmoid(f) * prev_c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(next_c), next_c


def _numpy_step(x, prev_h, prev_c, Wx, Wh, b):
    a = x @ Wx + prev_h @ Wh + b
    i, f, o, g = np.split(a, 4, axis=1)
    sig = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))  # noqa: E731 - the same function, no overflow
    next_c = sig(f) * prev_c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(next_c), next_c


def test_sigmoid(ex, rng):
    x = np.concatenate([np.array([-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0]), rng.normal(scale=5, size=9)])
    expect_close(ex.sigmoid(x), torch.sigmoid(_t(x)).numpy(), what="sigmoid(x)",
                 how="torch.sigmoid, float64 (no nan or inf for x = +-1000)", rtol=1e-12, atol=1e-300,
                 inputs={"x": x})
    grid = rng.normal(size=(3, 4))
    expect_close(ex.sigmoid(grid), torch.sigmoid(_t(grid)).numpy(), what="sigmoid of a (3, 4) array",
                 how="torch.sigmoid, float64, same shape", rtol=1e-12, atol=1e-15, inputs={"x": grid})


def test_sigmoid_never_overflows(ex, rng):
    # 1 / (1 + exp(-x)) gives the right values at x = -1000 (1 / inf = 0) but overflows exp on the
    # way, which NumPy only warns about: run the learner's sigmoid with overflow made an error.
    x = np.array([-1000.0, -710.0, -50.0, 0.0, 50.0, 710.0, 1000.0])
    previous = ex.np.seterr(over="raise")
    try:
        ex.sigmoid(x)
    except Exception as error:  # noqa: BLE001 - FloatingPointError, raised in the worker or in-process
        if "FloatingPointError" not in (type(error).__name__, getattr(error, "type_name", "")):
            raise
        expect(False, "sigmoid overflowed: exp of a large argument is inf (NumPy only warns by default). "
               "Use z = exp(-|x|): 1 / (1 + z) for x >= 0 and z / (1 + z) for x < 0", error=str(error),
               inputs={"x": x}, how="your sigmoid called with np.seterr(over='raise') in your process")
    finally:
        ex.np.seterr(**previous)


def test_hand_example(ex, rng):
    args = (np.zeros((1, 1)), np.zeros((1, 1)), np.array([[2.0]]), np.zeros((1, 4)), np.zeros((1, 4)), np.zeros(4))
    next_h, next_c, _ = ex.lstm_step_forward(*args)
    inputs = dict(zip(ARGS, args))
    expect_close(next_c, np.array([[1.0]]), what="next_c", how="by hand: f = 0.5, i * g = 0.5 * 0, 0.5 * 2 = 1",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(next_h, np.array([[0.5 * np.tanh(1.0)]]), what="next_h", how="by hand: o * tanh(next_c) = 0.5 * tanh(1)",
                 rtol=1e-12, atol=1e-12, inputs=inputs)


def test_forward_matches_torch_lstm_cell(ex, rng):
    cases = [(shape, 1.0) for shape in SHAPES] + [((3, 2, 2), 1e3)]  # the last: gates saturate
    for shape, scale in cases:
        args = _problem(rng, *shape, scale=scale)
        next_h, next_c, _ = ex.lstm_step_forward(*args)
        want_h, want_c = _torch_cell(*args)
        how = ("torch.nn.LSTMCell(D, H) in float64 with weight_ih = Wx.T, weight_hh = Wh.T, bias_ih = b, "
               "bias_hh = 0, each with its blocks permuted from i, f, o, g (ours) to i, f, g, o (PyTorch's)")
        inputs = dict(zip(ARGS, args))
        expect_close(next_h, want_h, what=f"next_h for (N, D, H) = {shape}, x scaled by {scale:g}", how=how,
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(next_c, want_c, what=f"next_c for (N, D, H) = {shape}, x scaled by {scale:g}", how=how,
                     rtol=1e-10, atol=1e-12, inputs=inputs)


def test_cache_is_plain_data(ex, rng):
    *_, cache = ex.lstm_step_forward(*_problem(rng, 2, 3, 2))
    expect(isinstance(cache, (tuple, list, dict)),
           "the cache must be plain data: e.g. a tuple of NumPy arrays", got=type(cache).__name__)


def _backward_cases(rng):
    for n, d, h in SHAPES:
        yield (n, d, h), _problem(rng, n, d, h), rng.normal(size=(n, h)), rng.normal(size=(n, h))


def test_backward_matches_torch_autograd(ex, rng):
    for shape, args, dnext_h, dnext_c in _backward_cases(rng):
        *_, cache = ex.lstm_step_forward(*args)
        grads = ex.lstm_step_backward(dnext_h, dnext_c, cache)
        expect(isinstance(grads, (tuple, list)) and len(grads) == 6,
               "lstm_step_backward must return the tuple (dx, dprev_h, dprev_c, dWx, dWh, db)",
               got=type(grads).__name__)
        leaves = [_t(a, True) for a in args]
        next_h, next_c = _torch_step(*leaves)
        ((next_h * _t(dnext_h)).sum() + (next_c * _t(dnext_c)).sum()).backward()
        inputs = {**dict(zip(ARGS, args)), "dnext_h": dnext_h, "dnext_c": dnext_c}
        for name, got, leaf in zip(NAMES, grads, leaves):
            expect_close(got, leaf.grad.numpy(), what=f"{name} for (N, D, H) = {shape}",
                         how="torch autograd of sum(next_h * dnext_h) + sum(next_c * dnext_c), the step "
                             "written with torch.sigmoid / torch.tanh in the order i, f, o, g, float64",
                         rtol=1e-8, atol=1e-10, inputs=inputs)


def test_backward_matches_central_difference(ex, rng):
    for shape, args, dnext_h, dnext_c in _backward_cases(rng):
        *_, cache = ex.lstm_step_forward(*args)
        grads = ex.lstm_step_backward(dnext_h, dnext_c, cache)
        inputs = {**dict(zip(ARGS, args)), "dnext_h": dnext_h, "dnext_c": dnext_c}
        for k, (name, got) in enumerate(zip(NAMES, grads)):
            def loss(v, k=k):
                varied = list(args)
                varied[k] = v
                next_h, next_c = _numpy_step(*varied)
                return np.sum(next_h * dnext_h) + np.sum(next_c * dnext_c)
            expect_close(got, central_difference(loss, args[k]), what=f"{name} for (N, D, H) = {shape}",
                         how="central_difference of L = sum(next_h * dnext_h) + sum(next_c * dnext_c), "
                             "a NumPy step", rtol=1e-6, atol=1e-8, inputs=inputs)
