"""Checks for label-smoothed cross-entropy (references: torch.nn.functional.cross_entropy with
label_smoothing and its autograd gradient in float64, scipy.special.logsumexp, central
differences)."""
import numpy as np
import torch
import torch.nn.functional as F
from scipy.special import logsumexp

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, C): one example, one class, both non-square orders, square, a larger batch.
SHAPES = [(1, 4), (1, 1), (3, 5), (5, 3), (4, 4), (32, 10)]
EPSILONS = [0.1, 0.0, 0.3, 0.05, 1.0, 0.2]


def _torch_loss_and_grad(scores, y, eps):
    s = torch.tensor(scores, dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy(s, torch.tensor(y, dtype=torch.long), label_smoothing=eps)
    loss.backward()
    return loss.item(), s.grad.numpy()


def _reference_loss(scores, y, eps):
    """NumPy: mean over rows of sum_c -q_c log p_c, log p from scipy's logsumexp."""
    n, c = scores.shape
    q = np.full((n, c), eps / c)
    q[np.arange(n), y] += 1.0 - eps
    log_p = scores - logsumexp(scores, axis=1, keepdims=True)
    return float(-(q * log_p).sum() / n)


def test_hand_example(ex, rng):
    scores, y, eps = np.zeros((1, 4)), np.array([0]), 0.2
    inputs = {"scores": scores, "y": y, "eps": eps}
    expect_close(ex.smooth_labels(y, 4, eps), np.array([[0.85, 0.05, 0.05, 0.05]]),
                 what="smooth_labels([0], 4, 0.2)", how="by hand: 0.8 * [1, 0, 0, 0] + 0.2 / 4",
                 rtol=1e-12, atol=1e-15, inputs=inputs)
    loss, dscores = ex.smoothed_cross_entropy(scores, y, eps)
    expect_close(loss, np.log(4.0), what="loss", how="by hand: every p = 1/4 and q sums to 1: log 4",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(dscores, np.array([[-0.6, 0.2, 0.2, 0.2]]), what="dscores",
                 how="by hand: p - q = [0.25 - 0.85, 0.25 - 0.05, ...]", rtol=1e-12, atol=1e-12,
                 inputs=inputs)


def test_smooth_labels(ex, rng):
    for (n, c), eps in zip(SHAPES, EPSILONS):
        y = rng.integers(0, c, size=n)
        q = np.asarray(ex.smooth_labels(y, c, eps))
        expected = (1.0 - eps) * np.eye(c)[y] + eps / c
        expect_close(q, expected, what=f"smooth_labels(y, {c}, {eps}) for N = {n}",
                     how="(1 - eps) * np.eye(C)[y] + eps / C", rtol=1e-12, atol=1e-15,
                     inputs={"y": y, "num_classes": c, "eps": eps})
        expect(np.allclose(q.sum(axis=1), 1.0), "every row of the smoothed targets must sum to 1",
               row_sums=q.sum(axis=1))


def test_loss_and_gradient_match_torch(ex, rng):
    for (n, c), eps in zip(SHAPES, EPSILONS):
        scores = rng.normal(scale=3.0, size=(n, c))
        y = rng.integers(0, c, size=n)
        want_loss, want_grad = _torch_loss_and_grad(scores, y, eps)
        loss, dscores = ex.smoothed_cross_entropy(scores, y, eps)
        inputs = {"scores": scores, "y": y, "eps": eps}
        expect_close(loss, want_loss, what=f"loss for scores {(n, c)}, eps = {eps}",
                     how="torch.nn.functional.cross_entropy(scores, y, label_smoothing=eps), float64",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(dscores, want_grad, what=f"dscores for scores {(n, c)}, eps = {eps}",
                     how="autograd: .backward() of torch's cross_entropy with label_smoothing",
                     rtol=1e-9, atol=1e-13, inputs=inputs)


def test_gradient_matches_central_difference(ex, rng):
    for (n, c), eps in zip(SHAPES[:-1], EPSILONS[:-1]):
        scores = rng.normal(size=(n, c))
        y = rng.integers(0, c, size=n)
        _, dscores = ex.smoothed_cross_entropy(scores, y, eps)
        numeric = central_difference(lambda s: _reference_loss(s, y, eps), scores)
        expect_close(dscores, numeric, what=f"dscores for scores {(n, c)}, eps = {eps}",
                     how="central_difference of the NumPy/logsumexp smoothed loss", rtol=1e-5,
                     atol=1e-8, inputs={"scores": scores, "y": y, "eps": eps})


def test_eps_zero_is_plain_cross_entropy(ex, rng):
    for n, c in [(6, 3), (2, 7)]:
        scores = rng.normal(scale=2.0, size=(n, c))
        y = rng.integers(0, c, size=n)
        loss, dscores = ex.smoothed_cross_entropy(scores, y, 0.0)
        inputs = {"scores": scores, "y": y}
        expect_close(loss, np.mean(logsumexp(scores, axis=1) - scores[np.arange(n), y]),
                     what="loss with eps = 0", how="plain cross-entropy: mean(logsumexp(s) - s[i, y[i]])",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        p = np.exp(scores - logsumexp(scores, axis=1, keepdims=True))
        expect_close(dscores, (p - np.eye(c)[y]) / n, what="dscores with eps = 0",
                     how="(softmax(s) - one_hot(y)) / N", rtol=1e-10, atol=1e-13, inputs=inputs)


def test_large_scores(ex, rng):
    # Scores ~1000 apart: most p underflow to 0, yet every log p enters the smoothed loss.
    for (n, c), eps in [((3, 5), 0.1), ((8, 3), 0.25), ((4, 10), 0.01)]:
        scores = rng.normal(scale=1000.0, size=(n, c))
        y = rng.integers(0, c, size=n)
        want_loss, want_grad = _torch_loss_and_grad(scores, y, eps)
        loss, dscores = ex.smoothed_cross_entropy(scores, y, eps)
        inputs = {"scores": scores, "y": y, "eps": eps}
        expect_close(loss, want_loss, what=f"loss with |scores| ~ 1000, eps = {eps}",
                     how="torch.nn.functional.cross_entropy(label_smoothing=eps) (log-softmax inside)",
                     rtol=1e-10, atol=1e-10, inputs=inputs)
        expect_close(dscores, want_grad, what=f"dscores with |scores| ~ 1000, eps = {eps}",
                     how="autograd of torch's cross_entropy with label_smoothing", rtol=1e-9,
                     atol=1e-13, inputs=inputs)
