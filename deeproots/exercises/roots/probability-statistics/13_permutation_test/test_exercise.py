"""Checks for the two-sample permutation test (references: scipy.stats.permutation_test, the
exact enumeration of splits, the exact variance of the permutation distribution, and the
uniformity of p-values under the null hypothesis).

Monte Carlo error: a p-value from B random shuffles is a binomial proportion with standard
error sqrt(p (1 - p) / B); two independent estimates differ by sqrt(p (1 - p) (1/B1 + 1/B2)).
"""
import itertools

import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close


def _abs_mean_difference(x, y, axis):
    return np.abs(np.mean(x, axis=axis) - np.mean(y, axis=axis))


def _scipy_pvalue(x, y, n_resamples, seed):
    # The two-sided statistic |mean(x) - mean(y)| with alternative="greater" counts
    # #{|d*| >= |d|}; for a randomised test scipy adds the same +1 to count and total.
    result = scipy.stats.permutation_test((x, y), _abs_mean_difference, permutation_type="independent",
                                          vectorized=True, n_resamples=n_resamples, alternative="greater",
                                          rng=np.random.default_rng(seed))
    return float(result.pvalue)


def test_hand_example(ex, rng):
    x, y = np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])
    B = 4000
    null = np.asarray(ex.permutation_null(x, y, B, 11), dtype=float)
    expect(null.shape == (B,), f"permutation_null should return shape ({B},)", got_shape=null.shape)
    pooled = np.concatenate([x, y])
    splits = [np.mean(pooled[list(c)]) - np.mean(np.delete(pooled, list(c))) for c in itertools.combinations(range(6), 3)]
    possible = np.unique(np.round(splits, 9))
    expect(bool(np.all(np.isin(np.round(null, 9), possible))),
           "every value of permutation_null must be mean(x*) - mean(y*) for some split of the pooled data into "
           "3 + 3 values", possible_values=possible, got_first_values=null[:10])
    p = ex.permutation_pvalue(x, y, B, 12)
    exact = 2.0 / 20.0
    tolerance = 5 * np.sqrt(exact * (1 - exact) / B) + 1.0 / B
    expect_close(p, exact, what="permutation_pvalue([1, 2, 3], [4, 5, 6], 4000 shuffles)",
                 how="by hand: 2 of the 20 splits reach |d| = 3, exact p = 0.1 (+- 5 Monte Carlo standard errors)",
                 rtol=0.0, atol=tolerance)


def test_edge_cases(ex, rng):
    B = 300
    cases = [(np.array([1.5]), np.array([7.0]), "one value per group: every shuffle has |d*| = 5.5 = |d|"),
             (np.ones(4), np.ones(5), "identical values: every d* = 0 = d")]
    for x, y, why in cases:
        expect_close(ex.permutation_pvalue(x, y, B, 3), 1.0, what=f"permutation_pvalue({x.tolist()}, {y.tolist()})",
                     how=f"by hand: {why}, so p = (B + 1) / (B + 1) = 1", rtol=0.0, atol=1e-12,
                     inputs={"x": x, "y": y})
    x, y = rng.normal(0.0, 1.0, size=20), rng.normal(6.0, 1.0, size=25)
    expect_close(ex.permutation_pvalue(x, y, 2000, 4), 1.0 / 2001.0,
                 what="permutation_pvalue(x, y, 2000 shuffles) for groups 6 standard deviations apart",
                 how="no shuffle comes near the observed difference, so p = (0 + 1) / (2000 + 1)",
                 rtol=1e-12, atol=0.0, inputs={"x": x, "y": y})


def test_null_distribution_moments(ex, rng):
    x, y = rng.normal(0.0, 1.0, size=12), rng.normal(1.0, 3.0, size=20)
    B, seed = 5000, 77
    null = np.asarray(ex.permutation_null(x, y, B, seed), dtype=float)
    expect(null.shape == (B,), f"permutation_null should return shape ({B},)", got_shape=null.shape)
    expect(np.array_equal(null, np.asarray(ex.permutation_null(x, y, B, seed), dtype=float)),
           "the same seed must give the same shuffles (make the generator with np.random.default_rng(seed))")
    # A random split draws n_x of the N pooled values without replacement, so
    # Var(d*) = sigma_pop^2 N^2 / (n_x n_y (N - 1)), sigma_pop^2 = np.var(pooled), E[d*] = 0.
    pooled = np.concatenate([x, y])
    N, nx, ny = pooled.size, x.size, y.size
    variance = np.var(pooled) * N**2 / (nx * ny * (N - 1))
    expect_close(null.mean(), 0.0, what="the mean of the permutation distribution",
                 how="0 under random relabelling, within 5 standard errors sqrt(Var(d*) / B)",
                 rtol=0.0, atol=5 * np.sqrt(variance / B), inputs={"x": x, "y": y})
    expect_close(null.var(), variance, what="the variance of the permutation distribution",
                 how="sigma_pop^2 N^2 / (n_x n_y (N - 1)) (sampling without replacement), within 5 standard "
                     "errors var * sqrt(2 / (B - 1))", rtol=5 * np.sqrt(2.0 / (B - 1)), atol=0.0,
                 inputs={"x": x, "y": y})


def test_pvalue_matches_scipy_permutation_test(ex, rng):
    B, B_ref = 3000, 8000
    cases = [("small shift", rng.normal(0.0, 1.0, size=15), rng.normal(0.6, 1.0, size=12)),
             ("no shift, unequal spreads", rng.normal(0.0, 0.5, size=9), rng.normal(0.0, 2.0, size=30)),
             ("skewed data", rng.exponential(1.0, size=20), rng.exponential(1.8, size=16))]
    for name, x, y in cases:
        expected = _scipy_pvalue(x, y, B_ref, int(rng.integers(2**31)))
        p = float(ex.permutation_pvalue(x, y, B, int(rng.integers(2**31))))
        tolerance = 5 * np.sqrt(max(expected * (1 - expected), 1e-3) * (1 / B + 1 / B_ref)) + 1.0 / B
        expect_close(p, expected, what=f"permutation_pvalue(x, y, {B} shuffles), {name}",
                     how=f"scipy.stats.permutation_test with statistic |mean(x) - mean(y)|, {B_ref} resamples, "
                         "+- 5 Monte Carlo standard errors", rtol=0.0, atol=tolerance, inputs={"x": x, "y": y})


def test_pvalues_are_uniform_under_the_null(ex, rng):
    # Under H0 a valid p-value satisfies P(p <= alpha) = alpha (up to the 1/(B+1) grid).
    M, B = 200, 200
    data = rng.normal(size=(M, 24))
    seeds = rng.integers(2**31, size=M)
    pvalues = np.array([float(ex.permutation_pvalue(data[i, :10], data[i, 10:], B, int(seeds[i]))) for i in range(M)])
    for alpha in (0.1, 0.5):
        fraction = float(np.mean(pvalues <= alpha))
        tolerance = 4 * np.sqrt(alpha * (1 - alpha) / M)
        expect(abs(fraction - alpha) <= tolerance,
               f"under the null hypothesis (both groups N(0, 1)) {fraction:.1%} of {M} p-values are <= {alpha}; "
               f"expected {alpha:.0%} +- {tolerance:.1%} (4 binomial standard errors)",
               fraction=fraction, first_pvalues=pvalues[:10])
