"""Checks for bootstrap confidence intervals (references: scipy.stats.bootstrap's bootstrap
distribution, the exact bootstrap distribution of the median, Student's t for coverage).

Monte Carlo error: an endpoint is a q-quantile of B bootstrap statistics. Its empirical CDF
value at the true q-quantile has standard error sqrt(q (1 - q) / B), so a correct endpoint
lies between the reference distribution's quantiles at q - delta and q + delta, with
delta = 4 standard errors (of the learner's B plus the reference's own).
"""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close

N_RESAMPLES = 5_000
REFERENCE_RESAMPLES = 20_000


def _delta(q, *resample_counts):
    return 4.0 * np.sqrt(q * (1.0 - q)) * sum(1.0 / np.sqrt(b) for b in resample_counts)


def _expect_in_band(got, low, high, what, how, inputs):
    expect(low - 1e-12 <= got <= high + 1e-12,
           f"{what}: {got:.6g} is outside the Monte Carlo band [{low:.6g}, {high:.6g}] ({how})", **inputs)


def _check_cis(ex, x, statistic, level, quantile, inputs):
    """Compare both intervals with a reference quantile function of the bootstrap distribution."""
    alpha = 1.0 - level
    theta_hat = float(np.mean(x) if statistic == "mean" else np.median(x))
    seed = int(inputs["seed"])
    percentile = np.asarray(ex.percentile_ci(x, statistic, level, N_RESAMPLES, seed), dtype=float)
    empirical = np.asarray(ex.empirical_ci(x, statistic, level, N_RESAMPLES, seed), dtype=float)
    for name, got in (("percentile_ci", percentile), ("empirical_ci", empirical)):
        expect(got.shape == (2,), f"{name} should return an array [low, high] of shape (2,)", got_shape=got.shape)
    for q, index in ((alpha / 2.0, 0), (1.0 - alpha / 2.0, 1)):
        band = quantile(q, N_RESAMPLES)  # (quantile at q - delta, quantile at q + delta)
        side = "low" if index == 0 else "high"
        _expect_in_band(percentile[index], band[0], band[1],
                        f"percentile_ci({statistic}, level={level}) {side} end",
                        f"the {q:g} quantile of the bootstrap distribution, +- 4 Monte Carlo standard errors",
                        inputs)
        # empirical: 2 theta_hat - (quantile at 1 - q) lands on the other side.
        band = quantile(1.0 - q, N_RESAMPLES)
        _expect_in_band(empirical[index], 2 * theta_hat - band[1], 2 * theta_hat - band[0],
                        f"empirical_ci({statistic}, level={level}) {side} end",
                        f"2 theta_hat - the {1 - q:g} quantile of the bootstrap distribution, +- 4 standard errors",
                        inputs)


def test_hand_examples(ex, rng):
    x = np.array([0.0, 1.0])
    for name in ("percentile_ci", "empirical_ci"):
        expect_close(getattr(ex, name)(x, "mean", 0.9, 2000, 7), np.array([0.0, 1.0]),
                     what=f"{name}([0, 1], 'mean', level=0.9)",
                     how="by hand: theta* is 0, 0.5, 1 with probabilities 1/4, 1/2, 1/4, so the 5% and 95% "
                         "quantiles are 0 and 1", rtol=0.0, atol=1e-12)
    for x in (np.array([4.2]), np.array([3.0, 3.0, 3.0])):
        for name in ("percentile_ci", "empirical_ci"):
            for statistic in ("mean", "median"):
                expect_close(getattr(ex, name)(x, statistic, 0.95, 500, 1), np.array([x[0], x[0]]),
                             what=f"{name}({x.tolist()}, {statistic!r}, level=0.95)",
                             how="by hand: every resample equals the data", rtol=1e-12, atol=1e-12)


def test_bootstrap_statistics_of_the_mean(ex, rng):
    x = rng.normal(loc=10.0, scale=3.0, size=40)
    n, B, seed = x.size, 4000, 2024
    stats = np.asarray(ex.bootstrap_statistics(x, "mean", B, seed), dtype=float)
    expect(stats.shape == (B,), f"bootstrap_statistics should return shape ({B},)", got_shape=stats.shape)
    again = np.asarray(ex.bootstrap_statistics(x, "mean", B, seed), dtype=float)
    expect(np.array_equal(stats, again), "the same seed must give the same bootstrap statistics "
           "(make the generator with np.random.default_rng(seed))", seed=seed)
    other = np.asarray(ex.bootstrap_statistics(x, "mean", B, seed + 1), dtype=float)
    expect(not np.array_equal(stats, other), "different seeds gave identical bootstrap statistics")
    # A resample mean has mean x_bar and variance s_n^2 / n, s_n^2 = np.var(x) (1/n): resampling
    # draws from the empirical distribution, whose variance is the 1/n variance of the data.
    boot_var = np.var(x) / n
    expect_close(stats.mean(), np.mean(x), what="the mean of the bootstrap means",
                 how="x_bar, within 5 standard errors sqrt(np.var(x) / n / B)", rtol=0.0,
                 atol=5 * np.sqrt(boot_var / B), inputs={"x": x})
    expect_close(stats.var(), boot_var, what="the variance of the bootstrap means",
                 how="np.var(x) / n, within 5 standard errors of a variance, var * sqrt(2 / (B - 1))",
                 rtol=5 * np.sqrt(2.0 / (B - 1)), atol=0.0, inputs={"x": x})


def test_bootstrap_statistics_of_the_median(ex, rng):
    x = rng.exponential(scale=2.0, size=15)  # odd n: every resample median is a data value
    stats = np.asarray(ex.bootstrap_statistics(x, "median", 2000, 5), dtype=float)
    expect(stats.shape == (2000,), "bootstrap_statistics should return shape (2000,)", got_shape=stats.shape)
    expect(bool(np.all(np.isin(stats, x))), "with an odd n every bootstrap median must be one of the data "
           "values: are you resampling with replacement and taking the median along axis 1?",
           x=x, first_statistics=stats[:10])
    expect(len(np.unique(stats)) > 3, "the bootstrap medians barely vary: are you resampling with replacement?",
           distinct_values=len(np.unique(stats)))


def test_mean_cis_match_scipy_bootstrap(ex, rng):
    datasets = [("normal, n = 25", rng.normal(5.0, 2.0, size=25)),
                ("lognormal (skewed), n = 30", rng.lognormal(0.0, 1.0, size=30)),
                ("exponential, n = 8", rng.exponential(1.0, size=8))]
    for (name, x), level in zip(datasets, (0.9, 0.95, 0.8)):
        result = scipy.stats.bootstrap((x,), np.mean, n_resamples=REFERENCE_RESAMPLES, confidence_level=level,
                                       method="percentile", rng=np.random.default_rng(int(rng.integers(2**31))))
        reference = np.sort(result.bootstrap_distribution)

        def quantile(q, b, reference=reference):
            d = _delta(min(q, 1 - q), b, REFERENCE_RESAMPLES)
            return np.quantile(reference, [max(q - d, 0.0), min(q + d, 1.0)])

        _check_cis(ex, x, "mean", level, quantile,
                   {"data": name, "x": x, "seed": int(rng.integers(2**31)),
                    "reference": f"scipy.stats.bootstrap(method='percentile') CI {result.confidence_interval}"})


def _exact_median_quantile(x):
    """Quantile function of the exact bootstrap distribution of the median (odd n):
    P(median* <= x_(j)) = P(Binomial(n, j/n) >= (n + 1)/2)."""
    values = np.sort(x)
    n = values.size
    cdf = scipy.stats.binom.sf((n + 1) // 2 - 1, n, np.arange(1, n + 1) / n)

    def quantile(q, b):
        d = _delta(min(q, 1 - q), b)
        lo, hi = max(q - d, 0.0), min(q + d, 1.0)
        return values[np.searchsorted(cdf, lo - 1e-12)], values[min(np.searchsorted(cdf, hi - 1e-12), n - 1)]

    return quantile


def test_median_cis_match_the_exact_bootstrap_distribution(ex, rng):
    # The median of an odd-size resample is a data value, and its distribution is exact:
    # with j of the n sorted values at or below x_(j), the median* <= x_(j) when at least
    # (n + 1)/2 of the n draws land there. Skewed data make the two intervals differ.
    for n, level in ((21, 0.9), (35, 0.8)):
        x = rng.lognormal(0.0, 1.2, size=n)
        _check_cis(ex, x, "median", level, _exact_median_quantile(x),
                   {"x": x, "seed": int(rng.integers(2**31)),
                    "reference": "the exact bootstrap distribution of the median"})


def test_coverage_over_many_datasets(ex, rng):
    """A 90% interval should contain the true mean in about 90% of repeated experiments."""
    K, n, B, level, mu, sigma = 250, 25, 400, 0.9, 5.0, 2.0
    # The empirical interval is about x_bar -+ z_0.95 s_n / sqrt(n) with s_n the 1/n standard
    # deviation, so it covers a bit less than 90% for small n: about
    # P(|T_(n-1)| <= z_0.95 sqrt((n - 1)/n)) for Student's T, 0.880 for n = 25.
    z = scipy.stats.norm.ppf(0.5 + level / 2.0)
    expected = 1.0 - 2.0 * scipy.stats.t.sf(z * np.sqrt((n - 1) / n), df=n - 1)
    tolerance = 4.0 * np.sqrt(expected * (1.0 - expected) / K) + 0.01  # binomial error + bootstrap noise
    data = rng.normal(mu, sigma, size=(K, n))
    seeds = rng.integers(2**31, size=K)
    intervals = np.array([np.asarray(ex.empirical_ci(data[i], "mean", level, B, int(seeds[i])), dtype=float)
                          for i in range(K)])
    covered = float(np.mean((intervals[:, 0] <= mu) & (mu <= intervals[:, 1])))
    expect(abs(covered - expected) <= tolerance,
           f"empirical_ci: the 90% intervals of {K} datasets of N({mu}, {sigma}^2), n = {n}, contain the true "
           f"mean {covered:.1%} of the time; expected {expected:.1%} +- {tolerance:.1%} "
           "(Student's t coverage of x_bar +- z s_n/sqrt(n), 4 binomial standard errors)",
           covered=covered, expected=expected, median_width=float(np.median(intervals[:, 1] - intervals[:, 0])))
