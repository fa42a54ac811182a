"""Checks for the two-layer net (references: PyTorch autograd of the same computation,
NumPy central differences of a NumPy forward pass, a worked
example by hand)."""
import numpy as np
import torch

from deeproots.grading.checks import central_difference, expect, expect_close, expect_equal

NAMES = ("W1", "b1", "W2", "b2")
# (N, D, H, C): one example, non-square everywhere (a transposed product shows), square, larger.
SHAPES = [(1, 3, 4, 2), (5, 4, 3, 6), (8, 10, 7, 3), (4, 4, 4, 4), (20, 6, 12, 10)]
REGS = [0.0, 0.1, 0.5, 0.0, 0.05]


def _problem(rng, n, d, h, c, x_scale=1.0):
    params = {"W1": rng.normal(scale=0.7, size=(d, h)), "b1": rng.normal(scale=0.3, size=h),
              "W2": rng.normal(scale=0.7, size=(h, c)), "b2": rng.normal(scale=0.3, size=c)}
    return params, rng.normal(scale=x_scale, size=(n, d)), rng.integers(0, c, size=n)


def _numpy_scores(params, X):
    return np.maximum(0.0, X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]


def _numpy_loss(params, X, y, reg):
    scores = _numpy_scores(params, X)
    top = scores.max(axis=1)  # logsumexp written out (faster than scipy's in a long loop)
    lse = top + np.log(np.exp(scores - top[:, None]).sum(axis=1))
    data = np.mean(lse - scores[np.arange(len(y)), y])
    return data + 0.5 * reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))


def _torch_reference(params, X, y, reg):
    """The same net in torch (float64): cross_entropy is the mean -log softmax[y]; .backward()."""
    p = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    hidden = torch.relu(torch.from_numpy(X) @ p["W1"] + p["b1"])
    scores = hidden @ p["W2"] + p["b2"]
    loss = (torch.nn.functional.cross_entropy(scores, torch.from_numpy(np.asarray(y, dtype=np.int64)))
            + 0.5 * reg * ((p["W1"] ** 2).sum() + (p["W2"] ** 2).sum()))
    loss.backward()
    return loss.item(), {k: v.grad.numpy() for k, v in p.items()}


def _check_grads(grads, expected, what, how, inputs, rtol, atol):
    expect(isinstance(grads, dict) and set(grads) >= set(NAMES),
           "grads must be a dict with the keys W1, b1, W2, b2", got=grads)
    for name in NAMES:
        expect_close(grads[name], expected[name], what=f"grads['{name}'] {what}", how=how,
                     rtol=rtol, atol=atol, inputs=inputs)


def test_init(ex, rng):
    params = ex.init_two_layer_net(60, 50, 40, std=0.5, seed=3)
    expect(isinstance(params, dict) and set(params) >= set(NAMES),
           "init_two_layer_net must return a dict with the keys W1, b1, W2, b2", got=params)
    for name, shape in zip(NAMES, [(60, 50), (50,), (50, 40), (40,)]):
        expect_equal(np.shape(params[name]), shape, what=f"params['{name}'].shape",
                     how="W1 (D, H), b1 (H,), W2 (H, C), b2 (C,) with D, H, C = 60, 50, 40")
    for name in ("b1", "b2"):
        expect_close(params[name], np.zeros(np.shape(params[name])), what=f"params['{name}']",
                     how="biases start at zero (CS231n)", rtol=0.0, atol=0.0)
    for name in ("W1", "W2"):
        w = np.asarray(params[name])
        # 2000+ draws: the sample std is within ~1.6% (one standard error) of std; allow 10%.
        expect(abs(w.std() / 0.5 - 1.0) < 0.1,
               f"params['{name}'] should be 0.5 * standard normal draws: their std should be near 0.5",
               sample_std=float(w.std()))
        expect(abs(w.mean()) < 5 * 0.5 / np.sqrt(w.size),
               f"params['{name}'] should have mean near 0 (standard normal draws times std)",
               sample_mean=float(w.mean()))
    again = ex.init_two_layer_net(60, 50, 40, std=0.5, seed=3)
    other = ex.init_two_layer_net(60, 50, 40, std=0.5, seed=4)
    expect(np.array_equal(params["W1"], again["W1"]) and np.array_equal(params["W2"], again["W2"]),
           "the same seed must give the same weights (use np.random.default_rng(seed))")
    expect(not np.array_equal(params["W1"], other["W1"]), "a different seed must give different weights")
    small = ex.init_two_layer_net(30, 40, 10, seed=0)
    expect(abs(np.std(small["W1"]) / 1e-4 - 1.0) < 0.15,
           "the default std is 1e-4: params['W1'] should have a sample std near 1e-4",
           sample_std=float(np.std(small["W1"])))


def test_hand_example(ex, rng):
    log3 = np.log(3.0)
    params = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.array([[log3, 0.0], [0.0, 0.0]]),
              "b2": np.zeros(2)}
    X, y = np.array([[1.0, -1.0]]), np.array([1])
    inputs = {"X": X, "y": y, **params}
    expect_close(ex.two_layer_net_loss(params, X), np.array([[log3, 0.0]]),
                 what="two_layer_net_loss(params, X) (scores)", how="by hand: relu([1, -1]) @ W2 = [log 3, 0]",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    loss, grads = ex.two_layer_net_loss(params, X, y, 0.0)
    expect_close(loss, np.log(4.0), what="loss", how="by hand: softmax = [3/4, 1/4], -log(1/4)",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    q = 0.75 * log3
    expected = {"W1": np.array([[q, 0.0], [-q, 0.0]]), "b1": np.array([q, 0.0]),
                "W2": np.array([[0.75, -0.75], [0.0, 0.0]]), "b2": np.array([0.75, -0.75])}
    _check_grads(grads, expected, "(hand example)", "by hand: see the worked example in the docstring",
                 inputs, rtol=1e-12, atol=1e-12)


def test_scores_without_labels(ex, rng):
    for n, d, h, c in SHAPES:
        params, X, _ = _problem(rng, n, d, h, c)
        expect_close(ex.two_layer_net_loss(params, X), _numpy_scores(params, X),
                     what=f"scores for (N, D, H, C) = {(n, d, h, c)}",
                     how="NumPy: max(0, X @ W1 + b1) @ W2 + b2", rtol=1e-10, atol=1e-12,
                     inputs={"X": X, **params})


def test_loss_and_grads_match_torch_autograd(ex, rng):
    for (n, d, h, c), reg in zip(SHAPES, REGS):
        params, X, y = _problem(rng, n, d, h, c)
        loss, grads = ex.two_layer_net_loss(params, X, y, reg)
        want_loss, want_grads = _torch_reference(params, X, y, reg)
        how = ("torch float64: cross_entropy(relu(X @ W1 + b1) @ W2 + b2, y) "
               "+ 0.5 * reg * (sum W1^2 + sum W2^2), .backward()")
        inputs = {"X": X, "y": y, "reg": reg, **params}
        what = f"for (N, D, H, C) = {(n, d, h, c)}, reg = {reg}"
        expect_close(loss, want_loss, what=f"loss {what}", how=how, rtol=1e-10, atol=1e-12, inputs=inputs)
        _check_grads(grads, want_grads, what, how, inputs, rtol=1e-9, atol=1e-12)


def test_grads_match_central_difference(ex, rng):
    for (n, d, h, c), reg in [((3, 4, 5, 3), 0.3), ((1, 2, 3, 4), 0.0), ((6, 3, 4, 2), 1.0)]:
        params, X, y = _problem(rng, n, d, h, c)
        _, grads = ex.two_layer_net_loss(params, X, y, reg)
        numeric = {}
        for name in NAMES:
            def loss_of(value, name=name):
                return _numpy_loss({**params, name: value}, X, y, reg)
            numeric[name] = central_difference(loss_of, params[name])
        _check_grads(grads, numeric, f"for (N, D, H, C) = {(n, d, h, c)}, reg = {reg}",
                     "central_difference of the NumPy loss (logsumexp with a max shift)",
                     {"X": X, "y": y, "reg": reg, **params}, rtol=1e-6, atol=1e-8)


def test_large_scores_are_stable(ex, rng):
    for n, d, h, c in [(4, 5, 6, 3), (10, 3, 8, 5)]:
        params, X, y = _problem(rng, n, d, h, c, x_scale=300.0)
        loss, grads = ex.two_layer_net_loss(params, X, y, 0.1)
        want_loss, want_grads = _torch_reference(params, X, y, 0.1)
        how = "torch float64 cross_entropy (log-softmax, stable) + 0.5 * reg * sum W^2, .backward()"
        inputs = {"X": X, "y": y, **params}
        what = f"with scores ~ 1000, (N, D, H, C) = {(n, d, h, c)}"
        expect_close(loss, want_loss, what=f"loss {what}", how=how, rtol=1e-9, atol=1e-9, inputs=inputs)
        _check_grads(grads, want_grads, what, how, inputs, rtol=1e-8, atol=1e-10)
