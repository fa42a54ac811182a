"""Checks for differential entropy (references: scipy.stats.norm / multivariate_normal /
expon / uniform .entropy(), scipy.stats.entropy of the bin counts, and exact uniform grids)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect_close

N_SAMPLES = 100_000


def _spd(rng, d, scale=1.0):
    """A random symmetric positive definite (d, d) matrix with eigenvalues in [0.5, 2] * scale."""
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    return scale * (Q * rng.uniform(0.5, 2.0, size=d)) @ Q.T


def _plug_in_reference(samples, bins):
    """H(p) + sum_i p_i ln(width_i): scipy.stats.entropy of the counts, plus the bin-width term."""
    counts, edges = np.histogram(samples, bins=bins)
    p = counts / counts.sum()
    return scipy.stats.entropy(counts) + float(p @ np.log(np.diff(edges)))


def test_hand_examples(ex, rng):
    expect_close(ex.gaussian_entropy(1.0), 0.5 * np.log(2 * np.pi * np.e), what="gaussian_entropy(1.0)",
                 how="by hand: 1/2 ln(2 pi e) = 1.4189 nats", rtol=1e-12, atol=1e-12)
    expect_close(ex.gaussian_entropy(1.0 / np.sqrt(2 * np.pi * np.e)), 0.0,
                 what="gaussian_entropy(1 / sqrt(2 pi e))", how="by hand: 1/2 ln 1 = 0", atol=1e-12)
    cov = np.diag([1.0, 4.0])
    expect_close(ex.multivariate_gaussian_entropy(cov), np.log(2 * np.pi * np.e) + np.log(2.0),
                 what="multivariate_gaussian_entropy(diag([1, 4]))",
                 how="by hand: a sum of two 1-D entropies, ln(2 pi e) + ln 2 = 3.5310", rtol=1e-12, atol=1e-12)
    samples, edges = np.array([0.1, 0.3, 0.6, 0.7, 0.9]), np.array([0.0, 0.5, 1.0])
    expect_close(ex.histogram_entropy(samples, edges), -(0.4 * np.log(0.8) + 0.6 * np.log(1.2)),
                 what="histogram_entropy([0.1, 0.3, 0.6, 0.7, 0.9], edges=[0, 0.5, 1])",
                 how="by hand: p = [2/5, 3/5], widths 1/2: -(0.4 ln 0.8 + 0.6 ln 1.2)", rtol=1e-12,
                 atol=1e-12, inputs={"samples": samples, "bins": edges})


def test_gaussian_entropy_matches_scipy(ex, rng):
    sigma = np.concatenate([rng.uniform(0.01, 20.0, size=7), [1e-6, 1e6]])
    expect_close(ex.gaussian_entropy(sigma), scipy.stats.norm(scale=sigma).entropy(),
                 what="gaussian_entropy(sigma) (an array: entropies are negative for small sigma)",
                 how="scipy.stats.norm(scale=sigma).entropy()", rtol=1e-10, atol=1e-12, inputs={"sigma": sigma})
    sigma = rng.uniform(0.1, 5.0, size=(2, 3))
    expect_close(ex.gaussian_entropy(sigma), scipy.stats.norm(scale=sigma).entropy(),
                 what="gaussian_entropy(sigma) for sigma of shape (2, 3)",
                 how="scipy.stats.norm(scale=sigma).entropy()", rtol=1e-10, atol=1e-12, inputs={"sigma": sigma})


def test_multivariate_entropy_matches_scipy(ex, rng):
    sigma = 2.5
    expect_close(ex.multivariate_gaussian_entropy(np.array([[sigma**2]])), scipy.stats.norm(scale=sigma).entropy(),
                 what="multivariate_gaussian_entropy([[6.25]]) (d = 1)", how="scipy.stats.norm(scale=2.5).entropy()",
                 rtol=1e-10, atol=1e-12)
    for d in (2, 3, 5, 10):
        cov = _spd(rng, d, scale=rng.uniform(0.1, 10.0))
        expect_close(ex.multivariate_gaussian_entropy(cov), scipy.stats.multivariate_normal(cov=cov).entropy(),
                     what=f"multivariate_gaussian_entropy(cov) for d = {d}",
                     how="scipy.stats.multivariate_normal(cov=cov).entropy()", rtol=1e-10, atol=1e-10,
                     inputs={"cov": cov})
    cov = np.array([[1.0, 0.999999], [0.999999, 1.0]])  # nearly singular: det = 2e-6
    expect_close(ex.multivariate_gaussian_entropy(cov), scipy.stats.multivariate_normal(cov=cov).entropy(),
                 what="multivariate_gaussian_entropy(cov), correlation 0.999999",
                 how="scipy.stats.multivariate_normal(cov=cov).entropy()", rtol=1e-8, atol=1e-8, inputs={"cov": cov})


def test_multivariate_entropy_when_the_determinant_under_or_overflows(ex, rng):
    d = 80
    for scale in (1e-6, 1e6):  # det about 1e-480 (underflows to 0) and 1e+480 (overflows to inf)
        cov = _spd(rng, d, scale=scale)
        expect_close(ex.multivariate_gaussian_entropy(cov), scipy.stats.multivariate_normal(cov=cov).entropy(),
                     what=f"multivariate_gaussian_entropy(cov), d = {d}, eigenvalues about {scale:g}",
                     how="scipy.stats.multivariate_normal(cov=cov).entropy() (np.linalg.det(cov) is "
                         f"{'0' if scale < 1 else 'inf'} in float64 here)", rtol=1e-9, atol=1e-9,
                     inputs={"cov": cov})


def test_histogram_estimate_is_the_plug_in_formula(ex, rng):
    for n, bins in ((10, 3), (1000, 30), (5000, 7)):
        samples = rng.normal(loc=2.0, scale=3.0, size=n)
        expect_close(ex.histogram_entropy(samples, bins), _plug_in_reference(samples, bins),
                     what=f"histogram_entropy(samples, bins={bins}) for {n} samples",
                     how="scipy.stats.entropy(counts) + sum_i p_i ln(width_i), counts from np.histogram",
                     rtol=1e-10, atol=1e-12, inputs={"samples": samples, "bins": bins})
    samples = rng.exponential(size=2000)
    edges = np.array([0.0, 0.1, 0.3, 0.7, 1.5, 3.0, samples.max() + 1.0])  # unequal widths
    expect_close(ex.histogram_entropy(samples, edges), _plug_in_reference(samples, edges),
                 what="histogram_entropy(samples, edges) with bins of unequal widths",
                 how="scipy.stats.entropy(counts) + sum_i p_i ln(width_i), each bin its own width",
                 rtol=1e-10, atol=1e-12, inputs={"samples": samples, "bins": edges})


def test_histogram_of_a_uniform_grid_is_exact(ex, rng):
    samples = (np.arange(4000) + 0.5) / 1000.0  # 4000 evenly spaced points in (0, 4)
    expect_close(ex.histogram_entropy(samples, np.linspace(0.0, 4.0, 9)), np.log(4.0),
                 what="histogram_entropy(grid on (0, 4), edges=linspace(0, 4, 9))",
                 how="every bin holds 1/8 of the samples and has width 1/2: ln 4, the entropy of U(0, 4)",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.histogram_entropy(samples, 8), np.log(samples.max() - samples.min()),
                 what="histogram_entropy(grid on (0, 4), bins=8)",
                 how="equal counts in 8 equal bins spanning [min, max]: ln(max - min)", rtol=1e-12, atol=1e-12)
    expect_close(ex.histogram_entropy(samples / 4.0, np.array([0.0, 0.25, 1.0])), 0.0,
                 what="histogram_entropy(grid on (0, 1), edges=[0, 0.25, 1])",
                 how="p = [1/4, 3/4] equals the widths: -sum p ln 1 = 0 = ln 1, the entropy of U(0, 1)",
                 atol=1e-12)


def test_histogram_estimate_approaches_the_true_entropy(ex, rng):
    # Tolerance: 6 standard deviations of the estimate, sqrt(Var[ln f(X)] / N), plus 0.002 for
    # the biases (about -(bins - 1) / (2N) from the plug-in and +Delta^2 / (24 sigma^2) from binning).
    cases = [("N(0, 0.2^2)", scipy.stats.norm(scale=0.2), 100, 0.5),
             ("N(3, 7^2)", scipy.stats.norm(loc=3.0, scale=7.0), 100, 0.5),
             ("Exponential(scale 2)", scipy.stats.expon(scale=2.0), 200, 1.0),
             ("Uniform(-1, 2)", scipy.stats.uniform(loc=-1.0, scale=3.0), 50, 0.0)]
    for name, dist, bins, var_log_f in cases:
        samples = dist.rvs(size=N_SAMPLES, random_state=rng)
        tolerance = 6.0 * np.sqrt(var_log_f / N_SAMPLES) + 0.002
        expect_close(ex.histogram_entropy(samples, bins), dist.entropy(),
                     what=f"histogram_entropy of {N_SAMPLES} samples of {name}, {bins} bins",
                     how=f"the true differential entropy, scipy.stats ... .entropy(), within {tolerance:.4f} nats",
                     rtol=0.0, atol=tolerance, inputs={"samples": samples, "bins": bins})
