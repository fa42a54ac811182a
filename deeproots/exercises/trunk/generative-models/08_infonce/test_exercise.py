"""Checks for the NT-Xent loss (references: an independent torch implementation here,
F.normalize then F.cross_entropy over the similarity matrix with its diagonal set to -inf,
in float64; torch autograd of it and central differences for the backward pass; a hand
case; the tau -> infinity limit log(2N - 1))."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, D): one pair, one dimension, more dimensions than rows, more rows than dimensions.
SHAPES = [(1, 3), (2, 1), (2, 5), (3, 4), (5, 2), (4, 8)]


def _torch_nt_xent(z, temperature):
    two_n = z.shape[0]
    u = F.normalize(z, dim=1)
    logits = (u @ u.T / temperature).masked_fill(torch.eye(two_n, dtype=torch.bool), float("-inf"))
    targets = (torch.arange(two_n) + two_n // 2) % two_n
    return F.cross_entropy(logits, targets)


def _reference(z, temperature):
    return _torch_nt_xent(torch.tensor(z, dtype=torch.float64), temperature).item()


def _views(rng, n, d):
    base = rng.normal(size=(n, d))
    return np.concatenate([base + 0.5 * rng.normal(size=(n, d)), base + 0.5 * rng.normal(size=(n, d))])


def test_hand_example(ex, rng):
    z = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    loss, _ = ex.nt_xent(z, 1.0)
    expect_close(loss, np.log(2.0 + np.e) - 1.0, what="nt_xent(z, 1) for z = [[1,0],[0,1],[1,0],[0,1]]",
                 how="by hand: every row has its positive at similarity 1 and two negatives at 0: "
                     "-1 + log(e^0 + e^1 + e^0)", rtol=1e-12, atol=1e-12, inputs={"z": z})
    z = np.array([[1.0, 2.0], [-3.0, 0.5]])
    loss, _ = ex.nt_xent(z, 0.5)
    expect_close(loss, 0.0, what="nt_xent for N = 1 (two views)", rtol=0, atol=1e-12, inputs={"z": z},
                 how="by hand: with the self-similarity excluded each row's only candidate is its positive")


def test_loss_matches_torch(ex, rng):
    for n, d in SHAPES:
        for temperature in (0.1, 0.5, 1.0):
            z = _views(rng, n, d) * rng.uniform(0.2, 5.0, size=(2 * n, 1))
            loss, cache = ex.nt_xent(z, temperature)
            expect_close(loss, _reference(z, temperature), what=f"loss for N = {n}, D = {d}, tau = {temperature}",
                         how="torch: F.normalize(z), u @ u.T / tau with the diagonal set to -inf, "
                             "F.cross_entropy with targets (i + N) mod 2N, float64",
                         rtol=1e-10, atol=1e-12, inputs={"z": z, "temperature": temperature})
            expect(isinstance(cache, (tuple, list, dict)), "the cache must be plain data (a tuple of arrays)",
                   got=type(cache).__name__)


def test_temperature_extremes(ex, rng):
    for n, d in ((3, 4), (4, 2)):
        z = _views(rng, n, d)
        for temperature in (1e-3, 0.02):
            loss, _ = ex.nt_xent(z, temperature)
            expect_close(loss, _reference(z, temperature), what=f"loss at tau = {temperature} (logits up to {1 / temperature:g})",
                         how="torch F.cross_entropy (it shifts each row by its max; exp(1000) overflows)",
                         rtol=1e-8, atol=1e-8, inputs={"z": z, "temperature": temperature})
        loss, _ = ex.nt_xent(z, 1e6)
        expect_close(loss, np.log(2 * n - 1), what=f"loss at tau = 1e6, N = {n}", rtol=0, atol=1e-5,
                     how="the limit tau -> infinity: all 2N - 1 candidates equally likely, log(2N - 1)",
                     inputs={"z": z})


def _cases(rng, shapes=SHAPES):
    for n, d in shapes:
        yield _views(rng, n, d) * rng.uniform(0.5, 3.0, size=(2 * n, 1)), float(rng.choice([0.2, 0.5, 1.0]))


def test_backward_matches_autograd(ex, rng):
    for z, temperature in _cases(rng):
        _, cache = ex.nt_xent(z, temperature)
        got = ex.nt_xent_backward(cache)
        leaf = torch.tensor(z, dtype=torch.float64, requires_grad=True)
        _torch_nt_xent(leaf, temperature).backward()
        expect_close(got, leaf.grad.numpy(), what=f"dz for 2N = {z.shape[0]}, D = {z.shape[1]}, tau = {temperature}",
                     how="torch autograd of the reference loss (F.normalize, masked similarities, F.cross_entropy)",
                     rtol=1e-8, atol=1e-10, inputs={"z": z, "temperature": temperature})


def test_backward_matches_central_difference(ex, rng):
    for z, temperature in _cases(rng, SHAPES[:5]):
        _, cache = ex.nt_xent(z, temperature)
        got = ex.nt_xent_backward(cache)
        want = central_difference(lambda v: _reference(v, temperature), z)
        expect_close(got, want, what=f"dz for 2N = {z.shape[0]}, D = {z.shape[1]}, tau = {temperature}",
                     how="central_difference of the torch reference loss", rtol=1e-5, atol=1e-7,
                     inputs={"z": z, "temperature": temperature})
