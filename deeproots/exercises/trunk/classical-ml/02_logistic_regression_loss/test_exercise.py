"""Checks for the logistic regression loss (references: scipy.special.expit and log_expit,
sklearn.metrics.log_loss, central differences)."""
import warnings

import numpy as np
from scipy.special import expit, log_expit
from sklearn.metrics import log_loss

from deeproots.grading.checks import central_difference, expect, expect_close


def _reference_loss(w, b, X, y, lam):
    """Mean cross-entropy via SciPy's log_expit: log p = log_expit(z), log(1-p) = log_expit(-z)."""
    z = X @ w + b
    return float(np.mean(-y * log_expit(z) - (1 - y) * log_expit(-z)) + lam / 2 * np.sum(w * w))


def _problem(rng, n, d, scale=1.0):
    X = rng.normal(size=(n, d))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    w = rng.normal(scale=scale, size=d)
    b = float(rng.normal(scale=scale))
    return X, y, w, b


def test_sigmoid_matches_expit(ex, rng):
    for shape in [(1,), (7,), (3, 4), (50,)]:
        z = rng.normal(scale=5.0, size=shape)
        expect_close(ex.sigmoid(z), expit(z), what="sigmoid(z)", how="scipy.special.expit",
                     rtol=1e-12, atol=1e-15, inputs={"z": z})
    expect_close(ex.sigmoid(np.array([0.0])), np.array([0.5]), what="sigmoid(0)",
                 how="by hand: 1 / (1 + 1)", rtol=1e-15, atol=0.0)


def test_sigmoid_large_magnitudes(ex, rng):
    z = np.array([-1000.0, -745.0, -710.0, -40.0, -1e-3, 0.0, 1e-3, 40.0, 710.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            got = ex.sigmoid(z)
        except RuntimeWarning as warning:
            expect(False, f"sigmoid(z) raised a RuntimeWarning for large |z|: {warning} "
                   "(exp of a large number overflows; use exp(-|z|))", z=z)
    expect_close(got, expit(z), what="sigmoid(z) for large |z|", how="scipy.special.expit",
                 rtol=1e-12, atol=1e-300, inputs={"z": z})


def test_loss_hand_example(ex, rng):
    X, y = np.array([[1.0], [-1.0]]), np.array([1.0, 0.0])
    w, b = np.array([0.0]), 0.0
    inputs = {"w": w, "b": b, "X": X, "y": y}
    expect_close(ex.loss(w, b, X, y, 0.0), np.log(2.0), what="loss", how="by hand: p = 1/2, loss = log 2",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    dw, db = ex.gradient(w, b, X, y, 0.0)
    expect_close(dw, np.array([-0.5]), what="dw", how="by hand: ([1, -1] . [-0.5, 0.5]) / 2",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(db, 0.0, what="db", how="by hand: mean([-0.5, 0.5])", rtol=1e-12, atol=1e-12,
                 inputs=inputs)


def test_loss_matches_sklearn_log_loss(ex, rng):
    for n, d in [(1, 1), (5, 2), (40, 3), (200, 6)]:
        X, y, w, b = _problem(rng, n, d)
        for lam in (0.0, 0.7):
            expected = log_loss(y, expit(X @ w + b), labels=[0.0, 1.0]) + lam / 2 * np.sum(w * w)
            expect_close(ex.loss(w, b, X, y, lam), expected, what=f"loss (lam={lam})",
                         how="sklearn.metrics.log_loss(y, expit(X @ w + b)) + lam/2 * sum(w**2)",
                         rtol=1e-9, atol=1e-12, inputs={"w": w, "b": b, "X": X, "y": y, "lam": lam})


def test_loss_large_margins(ex, rng):
    # |z| of hundreds: p rounds to exactly 0 or 1, log(p) or log(1 - p) would be -inf.
    for n, d in [(4, 2), (30, 3)]:
        X, y, w, b = _problem(rng, n, d, scale=200.0)
        expected = _reference_loss(w, b, X, y, 0.0)
        expect_close(ex.loss(w, b, X, y, 0.0), expected, what="loss with |z| in the hundreds",
                     how="mean(-y log_expit(z) - (1-y) log_expit(-z)) with scipy.special.log_expit",
                     rtol=1e-9, atol=1e-9, inputs={"w": w, "b": b, "X": X, "y": y, "z": X @ w + b})


def test_gradient_matches_central_difference(ex, rng):
    for n, d, lam in [(1, 1, 0.0), (5, 2, 0.0), (20, 4, 0.1), (50, 3, 1.3)]:
        X, y, w, b = _problem(rng, n, d)
        theta = np.append(w, b)
        numeric = central_difference(lambda t: _reference_loss(t[:-1], t[-1], X, y, lam), theta)
        dw, db = ex.gradient(w, b, X, y, lam)
        how = "central_difference of the SciPy cross-entropy + lam/2 ||w||^2"
        inputs = {"w": w, "b": b, "X": X, "y": y, "lam": lam}
        expect_close(dw, numeric[:-1], what=f"dw (lam={lam})", how=how, rtol=1e-5, atol=1e-7,
                     inputs=inputs)
        expect_close(db, numeric[-1], what=f"db (lam={lam})", how=how, rtol=1e-5, atol=1e-7,
                     inputs=inputs)


def test_gradient_large_margins(ex, rng):
    X, y, w, b = _problem(rng, 25, 3, scale=300.0)
    p = expit(X @ w + b)
    dw, db = ex.gradient(w, b, X, y, 0.5)
    inputs = {"w": w, "b": b, "X": X, "y": y, "lam": 0.5}
    expect_close(dw, X.T @ (p - y) / len(y) + 0.5 * w, what="dw with |z| in the hundreds",
                 how="X.T @ (expit(z) - y) / n + lam * w", rtol=1e-9, atol=1e-9, inputs=inputs)
    expect_close(db, np.mean(p - y), what="db with |z| in the hundreds",
                 how="mean(expit(z) - y)", rtol=1e-9, atol=1e-9, inputs=inputs)
