"""Checks for inverted dropout (references: the mask rebuilt from the seed with
np.random.default_rng, the survivors' scale of torch.nn.functional.dropout, binomial
standard errors for the dropped fraction and the preserved mean)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import expect, expect_close

SHAPES = [(1, 5), (4, 7), (6, 3), (2, 3, 4, 5)]


def _away_from_zero(rng, shape):
    """Entries with 0.5 <= |x| <= 2, so that out / x recovers the mask."""
    return rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)


def _train(p, seed):
    return {"p": p, "mode": "train", "seed": seed}


def test_hand_example(ex, rng):
    x = np.array([[1.0, 2.0, 3.0, 4.0]])
    out, _ = ex.dropout_forward(x, _train(0.0, 7))
    expect_close(out, x, what="out with p = 0 in train mode", how="theory: nothing is dropped, "
                 "the scale 1 / (1 - 0) is 1", rtol=0, atol=0, inputs={"x": x, "p": 0.0})
    out, _ = ex.dropout_forward(x, _train(0.5, 7))
    out = np.asarray(out, dtype=float)
    ok = np.all((out == 0.0) | (out == 2.0 * x))
    expect(ok, "with p = 0.5 every entry of out must be 0 or 2 * x", x=x, got=out)


def test_test_mode_is_identity(ex, rng):
    for shape in SHAPES:
        x = rng.normal(size=shape)
        param = {"p": 0.4, "mode": "test"}
        out, cache = ex.dropout_forward(x, param)
        expect_close(out, x, what=f"out in test mode for x of shape {shape}",
                     how="inverted dropout: the test-time layer is the identity", rtol=0, atol=0,
                     inputs={"x": x, "dropout_param": param})
        dout = rng.normal(size=shape)
        expect_close(ex.dropout_backward(dout, cache), dout, what="dx in test mode",
                     how="the identity's gradient: dx = dout", rtol=0, atol=0,
                     inputs={"dout": dout, "dropout_param": param})


def test_mask_from_the_seed(ex, rng):
    for shape, p, seed in [((4, 7), 0.3, 0), ((6, 3), 0.5, 1), ((2, 3, 4, 5), 0.8, 12345), ((1, 5), 0.1, 99)]:
        x = _away_from_zero(rng, shape)
        out, _ = ex.dropout_forward(x, _train(p, seed))
        u = np.random.default_rng(seed).random(shape)
        out = np.asarray(out, dtype=float)
        inputs = {"x": x, "dropout_param": _train(p, seed)}
        expect(out.shape == x.shape, "out must have x's shape", expected=x.shape, got=out.shape)
        by_ge = x * (u >= p) / (1.0 - p)
        by_lt = x * (u < 1.0 - p) / (1.0 - p)
        if np.allclose(out, by_lt, rtol=1e-12, atol=0):
            continue
        expect_close(out, by_ge, what=f"out for x of shape {shape}, p = {p}, seed = {seed}",
                     how="u = np.random.default_rng(seed).random(x.shape); x * (u >= p) / (1 - p)",
                     rtol=1e-12, atol=0, inputs=inputs)


def test_survivors_scaled_like_torch(ex, rng):
    for p in (0.2, 0.5, 0.75):
        torch.manual_seed(0)
        scale = float(F.dropout(torch.ones(1000, dtype=torch.float64), p=p, training=True).max())
        x = _away_from_zero(rng, (50, 20))
        out, _ = ex.dropout_forward(x, _train(p, 3))
        ratio = np.asarray(out, dtype=float) / x
        kept = ratio != 0.0
        expect(kept.any(), f"with p = {p} some units must survive", got=out)
        expect_close(ratio[kept], np.full(int(kept.sum()), scale), what=f"out / x on the surviving units, p = {p}",
                     how="the survivors' value in torch.nn.functional.dropout(ones, p, training=True), "
                         "i.e. 1 / (1 - p)", rtol=1e-12, atol=0, inputs={"x": x, "p": p})


def test_fraction_dropped_is_p(ex, rng):
    n = 50_000
    x = _away_from_zero(rng, (200, 250))
    for p, seed in ((0.25, 11), (0.6, 12)):
        out, _ = ex.dropout_forward(x, _train(p, seed))
        dropped = float(np.mean(np.asarray(out) == 0.0))
        tolerance = 5.0 * np.sqrt(p * (1.0 - p) / n)
        expect(abs(dropped - p) <= tolerance,
               f"the fraction of dropped units should be p = {p} (within 5 standard errors)",
               got=dropped, tolerance=tolerance, standard_error_from="sqrt(p (1 - p) / n), n = 50000")


def test_mean_is_preserved(ex, rng):
    x = rng.normal(loc=1.0, scale=1.0, size=(200, 250))
    n = x.size
    for p, seed in ((0.3, 21), (0.7, 22)):
        out, _ = ex.dropout_forward(x, _train(p, seed))
        got, want = float(np.mean(out)), float(np.mean(x))
        # Given x, out_i = x_i * keep_i / (1 - p) has mean x_i and variance x_i^2 p / (1 - p).
        se = float(np.sqrt(np.sum(x**2) * p / (1.0 - p)) / n)
        expect(abs(got - want) <= 5.0 * se,
               f"inverted dropout keeps the mean: mean(out) should match mean(x) within 5 standard "
               f"errors (p = {p})", mean_out=got, mean_x=want, tolerance=5.0 * se)


def test_seeds(ex, rng):
    x = _away_from_zero(rng, (20, 30))
    a, _ = ex.dropout_forward(x, _train(0.5, 5))
    b, _ = ex.dropout_forward(x, _train(0.5, 5))
    c, _ = ex.dropout_forward(x, _train(0.5, 6))
    expect(np.array_equal(a, b), "the same seed must give the same mask")
    expect(not np.array_equal(a, c), "a different seed must give a different mask "
           "(create the generator from dropout_param['seed'])")


def test_backward_uses_the_forward_mask(ex, rng):
    for shape, p in [((4, 7), 0.3), ((2, 3, 4, 5), 0.6), ((1, 5), 0.5)]:
        x = _away_from_zero(rng, shape)
        out_a, cache_a = ex.dropout_forward(x, _train(p, 100))
        out_b, _ = ex.dropout_forward(x, _train(p, 200))  # another mask in between
        dout = rng.normal(size=shape)
        dx = ex.dropout_backward(dout, cache_a)
        # out = x * mask is linear in x: its Jacobian is diag(mask), and mask = out / x.
        expected = dout * (np.asarray(out_a, dtype=float) / x)
        expect_close(dx, expected, what=f"dx for x of shape {shape}, p = {p}",
                     how="dout * mask, the mask read off the same forward pass as out / x",
                     rtol=1e-12, atol=1e-15, inputs={"x": x, "p": p, "dout": dout})


def test_cache_is_plain_data(ex, rng):
    x = rng.normal(size=(3, 4))
    _, cache = ex.dropout_forward(x, _train(0.5, 1))
    expect(isinstance(cache, (tuple, list, dict)),
           "the cache must be plain data: e.g. a tuple (dropout_param, mask)", got=type(cache).__name__)
