"""Checks for back-propagation through time (references: torch.nn.RNN in float64 for the
forward pass, torch autograd of the unrolled loop and central differences for the backward
pass, torch.nn.utils.clip_grad_norm_ for clipping, a torch re-run of the training steps, and
the held-out loss of the trained network against the best constant predictor)."""
import numpy as np
import torch

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, T, D, H): one step of one sequence, a longer single sequence, H = 1, a wider state.
SHAPES = [(1, 1, 2, 3), (2, 3, 4, 5), (3, 5, 2, 3), (4, 2, 3, 1), (1, 6, 2, 2), (5, 4, 1, 6)]
NAMES = ("dx", "dh0", "dWx", "dWh", "db")
PARAMS = ("Wx", "Wh", "b", "Wy", "by")


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _problem(rng, n, steps, d, h):
    x = rng.normal(size=(n, steps, d))
    h0 = rng.uniform(-1.0, 1.0, size=(n, h))
    Wx = rng.normal(scale=1.0 / np.sqrt(d), size=(d, h))
    Wh = rng.normal(scale=1.0 / np.sqrt(h), size=(h, h))
    b = rng.normal(scale=0.5, size=h)
    return x, h0, Wx, Wh, b


def _reference_forward(x, h0, Wx, Wh, b):
    h, states = h0, []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        states.append(h)
    return np.stack(states, axis=1)


def _torch_unrolled(x, h0, Wx, Wh, b):
    h, states = h0, []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ Wx + h @ Wh + b)
        states.append(h)
    return torch.stack(states, dim=1)


def _torch_rnn(x, h0, Wx, Wh, b):
    """torch.nn.RNN (tanh, batch_first) with weight_ih = Wx.T, weight_hh = Wh.T, bias_ih = b."""
    d, h = Wx.shape
    with torch.no_grad():
        rnn = torch.nn.RNN(d, h, nonlinearity="tanh", batch_first=True).double()
        rnn.weight_ih_l0.copy_(_t(Wx.T))
        rnn.weight_hh_l0.copy_(_t(Wh.T))
        rnn.bias_ih_l0.copy_(_t(b))
        rnn.bias_hh_l0.zero_()
        out, _ = rnn(_t(x), _t(h0)[None])
        return out.numpy()


def _delay_data(rng, n, steps):
    x = rng.normal(size=(n, steps, 1))
    y = np.zeros((n, steps))
    y[:, 1:] = x[:, :-1, 0]
    return x, y


def _initial_params(rng, hidden):
    return {"Wx": rng.normal(size=(1, hidden)), "Wh": rng.normal(scale=1.0 / np.sqrt(hidden), size=(hidden, hidden)),
            "b": np.zeros(hidden), "Wy": rng.normal(scale=1.0 / np.sqrt(hidden), size=hidden), "by": 0.0}


def test_forward_hand_example(ex, rng):
    x, h0 = np.array([[[1.0], [0.0]]]), np.zeros((1, 1))
    Wx, Wh, b = np.ones((1, 1)), np.ones((1, 1)), np.zeros(1)
    h, _ = ex.rnn_forward(x, h0, Wx, Wh, b)
    expect_close(h, np.array([[[np.tanh(1.0)], [np.tanh(np.tanh(1.0))]]]), what="h",
                 how="by hand: h_0 = tanh(1), h_1 = tanh(h_0)", rtol=1e-12, atol=1e-12,
                 inputs={"x": x, "h0": h0, "Wx": Wx, "Wh": Wh, "b": b})


def test_forward_matches_torch_rnn(ex, rng):
    for shape in SHAPES:
        args = _problem(rng, *shape)
        h, _ = ex.rnn_forward(*args)
        expect_close(h, _torch_rnn(*args), what=f"h for (N, T, D, H) = {shape}",
                     how="torch.nn.RNN(D, H, nonlinearity='tanh', batch_first=True)(x, h0) with "
                         "weight_ih = Wx.T, weight_hh = Wh.T, bias_ih = b, bias_hh = 0, float64",
                     rtol=1e-10, atol=1e-12, inputs=dict(zip(("x", "h0", "Wx", "Wh", "b"), args)))


def test_cache_is_plain_data(ex, rng):
    _, cache = ex.rnn_forward(*_problem(rng, 2, 3, 2, 2))
    expect(isinstance(cache, (tuple, list, dict)),
           "the cache must be plain data: e.g. the list of the T step caches", got=type(cache).__name__)


def _backward_cases(rng):
    for n, steps, d, h in SHAPES:
        yield _problem(rng, n, steps, d, h), rng.normal(size=(n, steps, h))


def test_backward_matches_torch_autograd(ex, rng):
    for args, dh in _backward_cases(rng):
        _, cache = ex.rnn_forward(*args)
        grads = ex.rnn_backward(dh, cache)
        expect(isinstance(grads, (tuple, list)) and len(grads) == 5,
               "rnn_backward must return the tuple (dx, dh0, dWx, dWh, db)", got=type(grads).__name__)
        leaves = [_t(a, True) for a in args]
        (_torch_unrolled(*leaves) * _t(dh)).sum().backward()
        shape = args[0].shape + (args[1].shape[1],)
        inputs = {**dict(zip(("x", "h0", "Wx", "Wh", "b"), args)), "dh": dh}
        for name, got, leaf in zip(NAMES, grads, leaves):
            expect_close(got, leaf.grad.numpy(), what=f"{name} for (N, T, D, H) = {shape}",
                         how="torch autograd of sum(h * dh), h from the unrolled loop "
                             "h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b), float64",
                         rtol=1e-8, atol=1e-10, inputs=inputs)


def test_backward_matches_central_difference(ex, rng):
    for args, dh in _backward_cases(rng):
        _, cache = ex.rnn_forward(*args)
        grads = ex.rnn_backward(dh, cache)
        shape = args[0].shape + (args[1].shape[1],)
        inputs = {**dict(zip(("x", "h0", "Wx", "Wh", "b"), args)), "dh": dh}
        for k, (name, got) in enumerate(zip(NAMES, grads)):
            def loss(v, k=k):
                varied = list(args)
                varied[k] = v
                return np.sum(_reference_forward(*varied) * dh)
            expect_close(got, central_difference(loss, args[k]), what=f"{name} for (N, T, D, H) = {shape}",
                         how="central_difference of L = sum(h * dh), h from a NumPy loop over t",
                         rtol=1e-6, atol=1e-8, inputs=inputs)


def test_clip_gradients_hand_example(ex, rng):
    grads = {"a": np.array([3.0]), "b": np.array([4.0])}
    clipped = ex.clip_gradients(grads, 1.0)
    expect(isinstance(clipped, dict) and set(clipped) == {"a", "b"},
           "clip_gradients must return a dict with the same keys", got=clipped)
    for name, want in (("a", 0.6), ("b", 0.8)):
        expect_close(clipped[name], np.array([want]), what=f"clipped['{name}'] with max_norm = 1",
                     how="by hand: total norm 5, scale 1 / 5 (1 / (5 + 1e-6) is accepted too)", rtol=1e-6, atol=1e-12, inputs={"grads": grads})
    clipped = ex.clip_gradients(grads, 10.0)
    for name in ("a", "b"):
        expect_close(clipped[name], grads[name], what=f"clipped['{name}'] with max_norm = 10",
                     how="unchanged: the total norm 5 is below max_norm", rtol=0, atol=0, inputs={"grads": grads})


def test_clip_gradients_matches_torch(ex, rng):
    shapes = {"Wx": (3, 4), "Wh": (4, 4), "b": (4,), "Wy": (4,), "by": ()}
    for scale, max_norm in ((1.0, 0.5), (3.0, 2.0), (0.1, 5.0), (10.0, 1.0)):
        grads = {name: rng.normal(scale=scale, size=shape) for name, shape in shapes.items()}
        grads["by"] = float(grads["by"])
        clipped = ex.clip_gradients(grads, max_norm)
        tensors = []
        for name in shapes:
            tensor = _t(np.zeros(shapes[name]), True)
            tensor.grad = _t(grads[name])
            tensors.append(tensor)
        torch.nn.utils.clip_grad_norm_(tensors, max_norm)
        for name, tensor in zip(shapes, tensors):
            expect_close(np.asarray(clipped[name], dtype=float), tensor.grad.numpy(),
                         what=f"clipped['{name}'] (max_norm = {max_norm})",
                         how="torch.nn.utils.clip_grad_norm_ over all five gradients "
                             "(it divides by total + 1e-6, hence rtol 1e-5)",
                         rtol=1e-5, atol=1e-12, inputs={"grads": grads, "max_norm": max_norm})


def _torch_training(params, x, y, num_iters, learning_rate, max_norm):
    """The same descent in torch: autograd gradients, clipped by max_norm / total exactly."""
    p = {name: _t(params[name], True) for name in PARAMS}
    xt, yt = _t(x), _t(y)
    h0 = torch.zeros(x.shape[0], params["Wh"].shape[0], dtype=torch.float64)
    losses = []
    for _ in range(num_iters):
        h = _torch_unrolled(xt, h0, p["Wx"], p["Wh"], p["b"])
        loss = ((h @ p["Wy"] + p["by"] - yt) ** 2).mean()
        losses.append(loss.item())
        grads = torch.autograd.grad(loss, [p[name] for name in PARAMS])
        total = torch.sqrt(sum((g ** 2).sum() for g in grads)).item()
        scale = max_norm / total if total > max_norm else 1.0
        with torch.no_grad():
            p = {name: (p[name] - learning_rate * scale * g).requires_grad_()
                 for name, g in zip(PARAMS, grads)}
    return {name: value.detach().numpy() for name, value in p.items()}, losses


def test_training_steps_match_torch(ex, rng):
    x, y = _delay_data(rng, 5, 4)
    params = _initial_params(rng, 3)
    # max_norm = 1e6 never clips; 0.05 clips every step (the gradient norm here is ~0.5-2).
    for max_norm in (1e6, 0.05):
        got_params, got_losses = ex.train_delay_rnn(params, x, y, 3, 0.5, max_norm)
        want_params, want_losses = _torch_training(params, x, y, 3, 0.5, max_norm)
        inputs = {"x": x, "y": y, "params": params, "num_iters": 3, "learning_rate": 0.5, "max_norm": max_norm}
        expect_close(got_losses, np.array(want_losses), what=f"losses of 3 steps (max_norm = {max_norm})",
                     how="torch: mean((h @ Wy + by - y)^2) before each update", rtol=1e-6, atol=1e-12,
                     inputs=inputs)
        expect(isinstance(got_params, dict) and set(got_params) == set(PARAMS),
               "train_delay_rnn must return (params, losses), params a dict with keys Wx, Wh, b, Wy, by",
               got=type(got_params).__name__)
        for name in PARAMS:
            expect_close(got_params[name], want_params[name], what=f"params['{name}'] after 3 steps "
                         f"(max_norm = {max_norm})",
                         how="torch: autograd gradients, scaled by max_norm / total when total > max_norm, "
                             "p -= learning_rate * g", rtol=1e-6, atol=1e-6, inputs=inputs)


def test_delay_task_is_learned(ex, rng):
    hidden, steps = 16, 12
    x, y = _delay_data(rng, 64, steps)
    x_test, y_test = _delay_data(rng, 256, steps)
    params, losses = ex.train_delay_rnn(_initial_params(rng, hidden), x, y, 300, 0.1, 1.0)
    losses = np.asarray(losses, dtype=float)
    expect(losses.shape == (300,) and np.all(np.isfinite(losses)),
           "train_delay_rnn must return 300 finite losses, one per step", got=losses)
    h = _torch_rnn(x_test, np.zeros((256, hidden)), *(np.asarray(params[k], dtype=float) for k in ("Wx", "Wh", "b")))
    pred = h @ np.asarray(params["Wy"], dtype=float) + float(params["by"])
    test_loss = float(np.mean((pred - y_test) ** 2))
    baseline = float(np.mean((y_test - y.mean()) ** 2))
    expect(test_loss < 0.1 * baseline,
           "after 300 steps the held-out loss should be below a tenth of the best constant "
           "predictor's (a correct network reaches about 0.01)",
           held_out_loss=test_loss, baseline=baseline, first_training_loss=float(losses[0]),
           last_training_loss=float(losses[-1]),
           how="held-out sequences run through torch.nn.RNN with your trained Wx, Wh, b; "
               "baseline: predict the training mean of y")
