"""Checks for PyTorch tensors and autograd (references: scipy.special.logsumexp/softmax,
analytic gradients, NumPy central differences, a NumPy gradient descent loop)."""
import numpy as np
import torch
from scipy.special import logsumexp
from scipy.special import softmax as scipy_softmax

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, D, M): a single example, non-square everywhere (a wrong dim or a missing .T shows).
SHAPES = [(1, 3, 2), (3, 4, 5), (6, 2, 3), (4, 4, 4)]


def _t(array):
    return torch.from_numpy(np.array(array, dtype=np.float64))


def _problem(rng, n, d, m, scale=1.0):
    return (rng.normal(size=(n, d)), rng.normal(scale=scale, size=(m, d)),
            rng.normal(scale=scale, size=m))


def _expect_tensor(value, what):
    expect(isinstance(value, torch.Tensor), f"{what} must be a torch.Tensor",
           got=type(value).__name__)


def test_linear_logsumexp_hand_example(ex, rng):
    out = ex.linear_logsumexp(_t([[0.0]]), _t([[1.0], [2.0]]), _t([0.0, 0.0]))
    _expect_tensor(out, "linear_logsumexp(...)")
    expect_close(out, np.array([np.log(2.0)]), what="linear_logsumexp([[0]], W, [0, 0])",
                 how="by hand: log(e^0 + e^0) = log 2", rtol=1e-12, atol=1e-12)


def test_linear_logsumexp_matches_scipy(ex, rng):
    for n, d, m in SHAPES:
        x, W, b = _problem(rng, n, d, m)
        out = ex.linear_logsumexp(_t(x), _t(W), _t(b))
        _expect_tensor(out, "linear_logsumexp(...)")
        expect_close(out, logsumexp(x @ W.T + b, axis=1), what=f"linear_logsumexp for (N, D, M) = {(n, d, m)}",
                     how="scipy.special.logsumexp(x @ W.T + b, axis=1)", rtol=1e-10, atol=1e-12,
                     inputs={"x": x, "W": W, "b": b})


def test_linear_logsumexp_large_values(ex, rng):
    x, W, b = _problem(rng, 5, 3, 4, scale=1000.0)
    expect_close(ex.linear_logsumexp(_t(x), _t(W), _t(b)), logsumexp(x @ W.T + b, axis=1),
                 what="linear_logsumexp with |z| ~ 1000",
                 how="scipy.special.logsumexp(x @ W.T + b, axis=1)", rtol=1e-10, atol=1e-10,
                 inputs={"x": x, "W": W, "b": b})


def test_gradients_match_analytic_formula(ex, rng):
    for n, d, m in SHAPES:
        x, W, b = _problem(rng, n, d, m)
        loss, dx, dW, db = ex.loss_and_gradients(_t(x), _t(W), _t(b))
        for name, value in (("dL/dx", dx), ("dL/dW", dW), ("dL/db", db)):
            _expect_tensor(value, name)
        z = x @ W.T + b
        dz = scipy_softmax(z, axis=1) / n
        inputs = {"x": x, "W": W, "b": b}
        expect_close(loss, np.mean(logsumexp(z, axis=1)), what="L",
                     how="mean of scipy.special.logsumexp(x @ W.T + b, axis=1)",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        how = "dL/dz = scipy.special.softmax(z, axis=1) / N, then the chain rule"
        expect_close(dx, dz @ W, what="dL/dx", how=how + ": dz @ W", rtol=1e-9, atol=1e-12,
                     inputs=inputs)
        expect_close(dW, dz.T @ x, what="dL/dW", how=how + ": dz.T @ x", rtol=1e-9, atol=1e-12,
                     inputs=inputs)
        expect_close(db, dz.sum(axis=0), what="dL/db", how=how + ": dz.sum(0)", rtol=1e-9,
                     atol=1e-12, inputs=inputs)


def test_gradients_match_central_difference(ex, rng):
    x, W, b = _problem(rng, 3, 2, 4)
    _, dx, dW, db = ex.loss_and_gradients(_t(x), _t(W), _t(b))
    how = "NumPy central_difference of mean(logsumexp(x @ W.T + b, axis=1))"
    inputs = {"x": x, "W": W, "b": b}
    expect_close(dx, central_difference(lambda v: np.mean(logsumexp(v @ W.T + b, axis=1)), x),
                 what="dL/dx", how=how, rtol=1e-6, atol=1e-9, inputs=inputs)
    expect_close(dW, central_difference(lambda v: np.mean(logsumexp(x @ v.T + b, axis=1)), W),
                 what="dL/dW", how=how, rtol=1e-6, atol=1e-9, inputs=inputs)
    expect_close(db, central_difference(lambda v: np.mean(logsumexp(x @ W.T + v, axis=1)), b),
                 what="dL/db", how=how, rtol=1e-6, atol=1e-9, inputs=inputs)


def test_gradient_descent_hand_example(ex, rng):
    w, losses = ex.gradient_descent(_t([[1.0]]), _t([2.0]), _t([0.0]), 0.25, 3)
    _expect_tensor(w, "the returned w")
    expect_close(w, np.array([1.75]), what="w after 3 steps",
                 how="by hand: L = (w - 2)^2, w goes 0 -> 1 -> 1.5 -> 1.75", rtol=1e-12, atol=1e-12)
    expect_close(losses, np.array([4.0, 1.0, 0.25]), what="losses",
                 how="by hand: (w - 2)^2 before each step", rtol=1e-12, atol=1e-12)


def test_gradient_descent_matches_numpy_loop(ex, rng):
    for n, d, lr, steps in [(1, 1, 0.1, 4), (10, 3, 0.05, 20), (30, 5, 0.1, 15)]:
        X, y, w0 = rng.normal(size=(n, d)), rng.normal(size=n), rng.normal(size=d)
        w_ref, losses_ref = w0.copy(), []
        for _ in range(steps):
            residual = X @ w_ref - y
            losses_ref.append(np.mean(residual ** 2))
            w_ref = w_ref - lr * 2.0 / n * (X.T @ residual)
        w, losses = ex.gradient_descent(_t(X), _t(y), _t(w0), lr, steps)
        how = "NumPy loop w -= lr * (2/n) X.T @ (X @ w - y)"
        inputs = {"X": X, "y": y, "w0": w0, "lr": lr, "steps": steps}
        expect_close(w, w_ref, what=f"w after {steps} steps", how=how, rtol=1e-9, atol=1e-12,
                     inputs=inputs)
        expect_close(losses, np.array(losses_ref), what="losses (before each step)", how=how,
                     rtol=1e-9, atol=1e-12, inputs=inputs)
