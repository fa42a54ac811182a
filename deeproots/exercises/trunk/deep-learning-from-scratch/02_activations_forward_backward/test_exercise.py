"""Checks for ReLU, sigmoid and tanh layers (references: NumPy, scipy.special.expit,
central differences of L = sum(f(x) * dout))."""
import warnings

import numpy as np
from scipy.special import expit

from deeproots.grading.checks import central_difference, expect, expect_close

SHAPES = [(1,), (6,), (3, 4), (2, 3, 2)]


def _away_from_zero(rng, shape, low=0.05, high=3.0):
    """Random values with |x| >= low: ReLU's kink at 0 would spoil central differences."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(low, high, size=shape)


def _check_backward(ex, rng, name, reference):
    forward, backward = getattr(ex, f"{name}_forward"), getattr(ex, f"{name}_backward")
    for shape in SHAPES:
        x = _away_from_zero(rng, shape)
        dout = rng.normal(size=shape)
        _, cache = forward(x)
        numeric = central_difference(lambda v: np.sum(reference(v) * dout), x)
        expect_close(backward(dout, cache), numeric, what=f"{name}_backward(dout, cache)",
                     how=f"central_difference of sum({name}(x) * dout)", rtol=1e-6, atol=1e-8,
                     inputs={"x": x, "dout": dout})


def test_relu_hand_example(ex, rng):
    x = np.array([-2.0, -0.5, 0.5, 3.0])
    out, cache = ex.relu_forward(x)
    expect_close(out, np.array([0.0, 0.0, 0.5, 3.0]), what="relu_forward(x)[0]",
                 how="by hand: max(0, x)", rtol=0.0, atol=0.0, inputs={"x": x})
    expect_close(ex.relu_backward(np.ones(4), cache), np.array([0.0, 0.0, 1.0, 1.0]),
                 what="relu_backward(ones, cache)", how="by hand: 1 where x > 0",
                 rtol=0.0, atol=0.0, inputs={"x": x})


def test_relu_forward(ex, rng):
    for shape in SHAPES:
        x = rng.normal(size=shape)
        out, _ = ex.relu_forward(x)
        expect_close(out, np.where(x > 0, x, 0.0), what="relu_forward(x)[0]",
                     how="np.where(x > 0, x, 0)", rtol=0.0, atol=0.0, inputs={"x": x})


def test_relu_backward(ex, rng):
    _check_backward(ex, rng, "relu", lambda v: np.where(v > 0, v, 0.0))


def test_sigmoid_forward(ex, rng):
    for shape in SHAPES:
        x = rng.normal(scale=4.0, size=shape)
        out, _ = ex.sigmoid_forward(x)
        expect_close(out, expit(x), what="sigmoid_forward(x)[0]", how="scipy.special.expit",
                     rtol=1e-12, atol=1e-15, inputs={"x": x})


def test_sigmoid_large_magnitudes(ex, rng):
    x = np.array([[-1000.0, -745.0, -40.0, 0.0], [40.0, 710.0, 745.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            out, cache = ex.sigmoid_forward(x)
        except RuntimeWarning as warning:
            expect(False, f"sigmoid_forward raised a RuntimeWarning for large |x|: {warning} "
                   "(exp of a large number overflows; use exp(-|x|))", x=x)
    expect_close(out, expit(x), what="sigmoid_forward(x)[0] for large |x|",
                 how="scipy.special.expit", rtol=1e-12, atol=1e-300, inputs={"x": x})
    dout = np.ones_like(x)
    expect_close(ex.sigmoid_backward(dout, cache), expit(x) * expit(-x),
                 what="sigmoid_backward(ones, cache) for large |x|",
                 how="sigmoid'(x) = expit(x) * expit(-x)", rtol=1e-9, atol=1e-12, inputs={"x": x})


def test_sigmoid_backward(ex, rng):
    _, cache = ex.sigmoid_forward(np.array([0.0]))
    expect_close(ex.sigmoid_backward(np.array([1.0]), cache), np.array([0.25]),
                 what="sigmoid_backward at x = 0", how="by hand: 0.5 * (1 - 0.5)",
                 rtol=1e-12, atol=1e-12)
    _check_backward(ex, rng, "sigmoid", expit)


def test_tanh_forward(ex, rng):
    for shape in SHAPES:
        x = rng.normal(scale=2.0, size=shape)
        out, _ = ex.tanh_forward(x)
        expect_close(out, np.tanh(x), what="tanh_forward(x)[0]", how="np.tanh",
                     rtol=1e-12, atol=1e-15, inputs={"x": x})


def test_tanh_backward(ex, rng):
    _, cache = ex.tanh_forward(np.array([0.0]))
    expect_close(ex.tanh_backward(np.array([2.0]), cache), np.array([2.0]),
                 what="tanh_backward(dout=2) at x = 0", how="by hand: 2 * (1 - tanh(0)^2)",
                 rtol=1e-12, atol=1e-12)
    x = np.array([-800.0, -30.0, 30.0, 800.0])
    _, cache = ex.tanh_forward(x)
    e = np.exp(-2.0 * np.abs(x))
    expect_close(ex.tanh_backward(np.ones(4), cache), 4.0 * e / (1.0 + e) ** 2,
                 what="tanh_backward for large |x|",
                 how="tanh'(x) = 1 / cosh(x)^2 = 4 exp(-2|x|) / (1 + exp(-2|x|))^2",
                 rtol=1e-9, atol=1e-12, inputs={"x": x})
    _check_backward(ex, rng, "tanh", np.tanh)
