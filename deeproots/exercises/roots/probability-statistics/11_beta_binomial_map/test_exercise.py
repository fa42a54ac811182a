"""Checks for Beta-binomial updating (references: a brute-force posterior on a fine grid,
prior x likelihood normalised numerically; scipy.stats.beta moments; scipy.stats.betabinom)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect_close

GRID_SIZE = 5_000
GRID = (np.arange(GRID_SIZE) + 0.5) / GRID_SIZE  # cell midpoints in (0, 1)


def _grid_posterior(a, b, k, n):
    """Prior x likelihood on the grid, normalised so that it integrates to 1 (midpoint rule)."""
    unnormalised = scipy.stats.beta.pdf(GRID, a, b) * scipy.stats.binom.pmf(k, n, GRID)
    return unnormalised / (unnormalised.sum() / GRID_SIZE)


def _cases(rng):
    cases = [(1.0, 1.0, 7, 10), (2.0, 3.0, 0, 0), (0.5, 0.5, 3, 8), (5.0, 2.0, 0, 4)]
    for n in (1, 20, 500):
        k = int(rng.integers(0, n + 1))
        cases.append((float(rng.uniform(1.5, 10.0)), float(rng.uniform(1.5, 10.0)), k, n))
    return cases


def test_hand_example(ex, rng):
    args = (1.0, 1.0, 7, 10)
    expect_close(np.asarray(ex.posterior_params(*args), dtype=float), np.array([8.0, 4.0]),
                 what="posterior_params(1, 1, 7, 10)", how="by hand: (1 + 7, 1 + 10 - 7)", rtol=1e-12, atol=1e-12)
    expect_close(ex.posterior_mean(*args), 8.0 / 12.0, what="posterior_mean(1, 1, 7, 10)",
                 how="by hand: 8 / (8 + 4)", rtol=1e-12, atol=1e-12)
    expect_close(ex.posterior_map(*args), 0.7, what="posterior_map(1, 1, 7, 10)",
                 how="by hand: (8 - 1) / (8 + 4 - 2) = 7/10, the MLE under a flat prior", rtol=1e-12, atol=1e-12)
    expect_close(ex.predictive_pmf(*args, 2), np.array([4 * 5, 2 * 8 * 4, 8 * 9]) / (12.0 * 13.0),
                 what="predictive_pmf(1, 1, 7, 10, m=2)",
                 how="by hand: P(2 successes) = 8/12 * 9/13, P(0) = 4/12 * 5/13, P(1) = 2 * 8/12 * 4/13",
                 rtol=1e-10, atol=1e-12)


def test_posterior_matches_brute_force_grid(ex, rng):
    for a, b, k, n in _cases(rng):
        inputs = {"a": a, "b": b, "k": k, "n": n}
        posterior = _grid_posterior(a, b, k, n)
        A, B = (float(v) for v in ex.posterior_params(a, b, k, n))
        expect_close(scipy.stats.beta.pdf(GRID, A, B), posterior,
                     what=f"the Beta(A, B) density with (A, B) = posterior_params{(a, b, k, n)} = ({A:g}, {B:g})",
                     how="prior Beta(a, b) pdf x binomial likelihood on a grid of 5000 points, normalised",
                     rtol=1e-4, atol=1e-4 * float(posterior.max()), inputs=inputs)
        expect_close(ex.posterior_mean(a, b, k, n), float(np.sum(GRID * posterior) / GRID_SIZE),
                     what=f"posterior_mean{(a, b, k, n)}", how="the mean of the grid posterior (midpoint rule)",
                     rtol=0.0, atol=1e-6, inputs=inputs)
        expect_close(ex.posterior_mean(a, b, k, n), scipy.stats.beta.mean(a + k, b + n - k),
                     what=f"posterior_mean{(a, b, k, n)}", how="scipy.stats.beta.mean(a + k, b + n - k)",
                     rtol=1e-12, atol=1e-14, inputs=inputs)
        expect_close(ex.posterior_map(a, b, k, n), GRID[np.argmax(posterior)],
                     what=f"posterior_map{(a, b, k, n)}", how="the argmax of the grid posterior (spacing 2e-4)",
                     rtol=0.0, atol=1.0 / GRID_SIZE, inputs=inputs)


def test_map_edge_cases(ex, rng):
    cases = [
        ((0.5, 0.5, 0, 10), 0.0, "Beta(0.5, 10.5): A < 1 < B, the density decreases from theta = 0"),
        ((0.5, 0.5, 10, 10), 1.0, "Beta(10.5, 0.5): B < 1 < A, the density increases up to theta = 1"),
        ((1.0, 1.0, 0, 5), 0.0, "Beta(1, 6): density 6 (1 - theta)^5, largest at 0 (the formula agrees)"),
        ((2.0, 1.0, 3, 3), 1.0, "Beta(5, 1): density 5 theta^4, largest at 1 (the formula agrees)"),
        ((0.3, 1.0, 0, 0), 0.0, "Beta(0.3, 1): density 0.3 theta^(-0.7), decreasing"),
        ((1.0, 0.5, 0, 0), 1.0, "Beta(1, 0.5): density 0.5 (1 - theta)^(-0.5), increasing"),
        ((0.5, 0.5, 0, 0), np.nan, "Beta(0.5, 0.5) is U-shaped: two modes, nan"),
        ((1.0, 1.0, 0, 0), np.nan, "Beta(1, 1) is flat: no single mode, nan"),
    ]
    for args, expected, why in cases:
        expect_close(ex.posterior_map(*args), expected, what=f"posterior_map{args}", how=f"by theory: {why}",
                     rtol=1e-12, atol=1e-12, inputs=dict(zip("abkn", args)))
        expect_close(ex.posterior_mean(*args), scipy.stats.beta.mean(args[0] + args[2], args[1] + args[3] - args[2]),
                     what=f"posterior_mean{args}", how="scipy.stats.beta.mean(a + k, b + n - k)",
                     rtol=1e-12, atol=1e-14, inputs=dict(zip("abkn", args)))


def test_predictive_matches_betabinom_and_grid(ex, rng):
    cases = [(1.0, 1.0, 7, 10, 0), (1.0, 1.0, 7, 10, 1), (2.0, 3.0, 0, 0, 5), (0.5, 0.5, 0, 10, 4),
             (3.0, 2.0, 40, 100, 30), (1.0, 1.0, 300, 1000, 400)]
    for a, b, k, n, m in cases:
        inputs = {"a": a, "b": b, "k": k, "n": n, "m": m}
        got = ex.predictive_pmf(a, b, k, n, m)
        expect_close(got, scipy.stats.betabinom.pmf(np.arange(m + 1), m, a + k, b + n - k),
                     what=f"predictive_pmf{(a, b, k, n, m)}",
                     how="scipy.stats.betabinom.pmf(j, m, a + k, b + n - k) for j = 0..m",
                     rtol=1e-8, atol=1e-14, inputs=inputs)
    # Independently of any formula: average the binomial over the grid posterior.
    for a, b, k, n, m in [(1.0, 1.0, 7, 10, 3), (2.5, 4.0, 12, 30, 6)]:
        posterior = _grid_posterior(a, b, k, n)
        j = np.arange(m + 1)
        expected = scipy.stats.binom.pmf(j[:, None], m, GRID[None, :]) @ posterior / GRID_SIZE
        expect_close(ex.predictive_pmf(a, b, k, n, m), expected, what=f"predictive_pmf{(a, b, k, n, m)}",
                     how="sum over the grid of binom.pmf(j, m, theta) x grid posterior(theta) / 5000",
                     rtol=1e-6, atol=1e-8, inputs={"a": a, "b": b, "k": k, "n": n, "m": m})
    # The next trial: P(success) is the posterior mean.
    a, b, k, n = 2.0, 5.0, 9, 13
    expect_close(ex.predictive_pmf(a, b, k, n, 1)[1], scipy.stats.beta.mean(a + k, b + n - k),
                 what="predictive_pmf(2, 5, 9, 13, m=1)[1], P(next trial succeeds)",
                 how="the posterior mean scipy.stats.beta.mean(a + k, b + n - k)", rtol=1e-10, atol=1e-12)
