"""Checks for the law of large numbers and the central limit theorem (references: NumPy
cumulative sums, the standardisation formula, and a KS distance to the standard normal
bounded by the DKW inequality plus the Berry-Esseen theorem)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close

# mean, standard deviation and E|X - mu|^3 of the two distributions (scipy.stats as reference).
DISTRIBUTIONS = {"uniform": scipy.stats.uniform(), "exponential": scipy.stats.expon()}
BERRY_ESSEEN_C = 0.4748  # Shevtsova (2011), i.i.d. summands
KS_DELTA = 1e-6          # allowed probability that a correct simulation fails


def _moments(name):
    dist = DISTRIBUTIONS[name]
    mu, sigma = dist.mean(), dist.std()
    rho = dist.expect(lambda x: np.abs(x - mu) ** 3)
    return mu, sigma, rho


def test_running_mean_by_hand(ex, rng):
    expect_close(ex.running_mean(np.array([1.0, 2.0, 3.0, 4.0])), np.array([1.0, 1.5, 2.0, 2.5]),
                 what="running_mean([1, 2, 3, 4])", how="by hand: 1, 3/2, 6/3, 10/4", rtol=1e-12, atol=1e-12)


def test_running_mean_matches_cumsum(ex, rng):
    for shape in ((1,), (7,), (1, 1), (3, 5), (5, 3)):
        x = rng.normal(loc=2.0, size=shape)
        expected = np.cumsum(x, axis=-1) / np.arange(1, shape[-1] + 1)
        expect_close(ex.running_mean(x), expected, what=f"running_mean(x) for x of shape {shape}",
                     how="np.cumsum(x, axis=-1) / [1, 2, ..., n]", rtol=1e-10, atol=1e-12, inputs={"x": x})


def test_running_mean_error_shrinks_like_one_over_sqrt_n(ex, rng):
    m, n_max = 400, 1024
    x = rng.exponential(size=(m, n_max))  # mu = sigma = 1
    means = np.asarray(ex.running_mean(x))
    expect(means.shape == (m, n_max), "running_mean(x) should keep the shape of x", got_shape=means.shape)
    for n in (4, 32, 1024):
        # n (Xbar_n - mu)^2 / sigma^2 has mean exactly 1 and variance 2 + 6/n (exponential).
        ratio = float(np.mean(n * (means[:, n - 1] - 1.0) ** 2))
        tolerance = 6.0 * np.sqrt((2.0 + 6.0 / n) / m)
        expect_close(ratio, 1.0, what=f"mean squared error of the running mean after n = {n} draws, times n / sigma^2",
                     how=f"theory: Var(Xbar_n) = sigma^2 / n (RMS error sigma / sqrt(n)), over {m} rows, "
                         "within 6 standard deviations", rtol=0.0, atol=tolerance)


def test_standardized_sums_match_formula(ex, rng):
    samples = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    expect_close(ex.standardized_sums(samples, 1.0, 1.0), np.array([3.0, -3.0]) / np.sqrt(3.0),
                 what="standardized_sums([[1, 2, 3], [0, 0, 0]], mu=1, sigma=1)",
                 how="by hand: (6 - 3) / sqrt(3) and (0 - 3) / sqrt(3)", rtol=1e-12, atol=1e-12)
    for (m, n), mu, sigma in (((1, 1), 0.5, 0.3), ((3, 5), 1.0, 1.0), ((5, 3), -2.0, 4.0), ((10, 400), 0.5, 0.2887)):
        samples = rng.normal(loc=mu, scale=sigma, size=(m, n))
        expected = (samples.sum(axis=1) - n * mu) / (sigma * np.sqrt(n))
        expect_close(ex.standardized_sums(samples, mu, sigma), expected,
                     what=f"standardized_sums(samples of shape {(m, n)}, mu={mu}, sigma={sigma})",
                     how="(row sums - n mu) / (sigma sqrt(n))", rtol=1e-9, atol=1e-10,
                     inputs={"samples": samples, "mu": mu, "sigma": sigma})


def test_standardized_sums_are_nearly_normal(ex, rng):
    m = 3000
    for name, n, seed in (("uniform", 400, 1), ("exponential", 600, 2)):
        z = np.asarray(ex.simulate_standardized_sums(name, n, m, seed), dtype=float)
        what = f"simulate_standardized_sums({name!r}, n={n}, m={m}, seed={seed})"
        expect(z.shape == (m,), f"{what} should return shape ({m},)", got_shape=z.shape)
        mu, sigma, rho = _moments(name)
        # DKW: sup |empirical cdf - true cdf| > eps with probability <= 2 exp(-2 m eps^2);
        # Berry-Esseen: sup |true cdf of Z_n - Phi| <= C rho / (sigma^3 sqrt(n)).
        sampling = np.sqrt(np.log(2.0 / KS_DELTA) / (2.0 * m))
        berry_esseen = BERRY_ESSEEN_C * rho / (sigma**3 * np.sqrt(n))
        result = scipy.stats.kstest(z, "norm")
        expect(result.statistic <= sampling + berry_esseen,
               f"{what}: the standardised sums are too far from Normal(0, 1): KS distance "
               f"{result.statistic:.4f} > {sampling:.4f} (sampling, DKW) + {berry_esseen:.4f} (Berry-Esseen)",
               mean_of_Z=float(z.mean()), sd_of_Z=float(z.std()), expected="mean 0, sd 1")
    first = np.asarray(ex.simulate_standardized_sums("exponential", 10, 5, 7))
    again = np.asarray(ex.simulate_standardized_sums("exponential", 10, 5, 7))
    expect(np.array_equal(first, again), "the same seed gave different sums: use np.random.default_rng(seed)",
           first=first, again=again)
