"""Checks for softmax and the softmax cross-entropy loss (references: scipy.special.softmax,
scipy.special.logsumexp, central differences)."""
import numpy as np
from scipy.special import logsumexp
from scipy.special import softmax as scipy_softmax

from deeproots.grading.checks import central_difference, expect_close

# (N, C): one example, one class, non-square both ways (a wrong axis shows), square, larger.
SHAPES = [(1, 4), (1, 1), (3, 5), (5, 3), (4, 4), (50, 10)]


def _reference_loss(scores, y):
    return float(np.mean(logsumexp(scores, axis=1) - scores[np.arange(len(y)), y]))


def _reference_gradient(scores, y):
    grad = scipy_softmax(scores, axis=1)
    grad[np.arange(len(y)), y] -= 1.0
    return grad / len(y)


def test_softmax_hand_example(ex, rng):
    scores = np.array([[0.0, np.log(3.0)]])
    expect_close(ex.softmax(scores), np.array([[0.25, 0.75]]), what="softmax([[0, log 3]])",
                 how="by hand: [1, 3] / 4", rtol=1e-12, atol=1e-12)


def test_softmax_matches_scipy(ex, rng):
    for shape in SHAPES:
        scores = rng.normal(scale=3.0, size=shape)
        expect_close(ex.softmax(scores), scipy_softmax(scores, axis=1),
                     what=f"softmax(scores) for scores of shape {shape}",
                     how="scipy.special.softmax(scores, axis=1)", rtol=1e-10, atol=1e-14,
                     inputs={"scores": scores})


def test_softmax_large_scores(ex, rng):
    for shape in [(2, 3), (6, 4)]:
        scores = rng.normal(scale=1000.0, size=shape)
        expect_close(ex.softmax(scores), scipy_softmax(scores, axis=1),
                     what="softmax(scores) with |scores| ~ 1000",
                     how="scipy.special.softmax(scores, axis=1)", rtol=1e-10, atol=1e-14,
                     inputs={"scores": scores})


def test_loss_hand_example(ex, rng):
    scores, y = np.zeros((2, 4)), np.array([0, 3])
    loss, dscores = ex.softmax_loss(scores, y)
    expect_close(loss, np.log(4.0), what="loss", how="by hand: every p = 1/4, loss = log 4",
                 rtol=1e-12, atol=1e-12, inputs={"scores": scores, "y": y})
    expected = np.array([[-3.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, -3.0]]) / 8.0
    expect_close(dscores, expected, what="dscores", how="by hand: (1/4 - [c == y]) / 2",
                 rtol=1e-12, atol=1e-12, inputs={"scores": scores, "y": y})


def test_loss_matches_logsumexp(ex, rng):
    for n, c in SHAPES:
        scores = rng.normal(scale=3.0, size=(n, c))
        y = rng.integers(0, c, size=n)
        loss, _ = ex.softmax_loss(scores, y)
        expect_close(loss, _reference_loss(scores, y), what=f"loss for scores of shape {(n, c)}",
                     how="mean(scipy.special.logsumexp(scores, axis=1) - scores[i, y[i]])",
                     rtol=1e-10, atol=1e-12, inputs={"scores": scores, "y": y})


def test_gradient_matches_central_difference(ex, rng):
    for n, c in SHAPES[:-1]:
        scores = rng.normal(size=(n, c))
        y = rng.integers(0, c, size=n)
        _, dscores = ex.softmax_loss(scores, y)
        numeric = central_difference(lambda s: _reference_loss(s, y), scores)
        expect_close(dscores, numeric, what=f"dscores for scores of shape {(n, c)}",
                     how="central_difference of the logsumexp loss", rtol=1e-5, atol=1e-8,
                     inputs={"scores": scores, "y": y})


def test_loss_and_gradient_large_scores(ex, rng):
    # The true class is typically ~1000 below the best: its p underflows to exactly 0.
    for n, c in [(3, 5), (8, 3)]:
        scores = rng.normal(scale=1000.0, size=(n, c))
        y = rng.integers(0, c, size=n)
        loss, dscores = ex.softmax_loss(scores, y)
        inputs = {"scores": scores, "y": y}
        expect_close(loss, _reference_loss(scores, y), what="loss with |scores| ~ 1000",
                     how="mean(scipy.special.logsumexp(scores, axis=1) - scores[i, y[i]])",
                     rtol=1e-10, atol=1e-10, inputs=inputs)
        expect_close(dscores, _reference_gradient(scores, y), what="dscores with |scores| ~ 1000",
                     how="(scipy.special.softmax(scores, axis=1) - one_hot(y)) / N",
                     rtol=1e-10, atol=1e-14, inputs=inputs)
