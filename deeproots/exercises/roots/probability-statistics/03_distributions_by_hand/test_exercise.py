"""Checks for pmfs, pdfs and cdfs by hand (references: scipy.stats.binom, poisson, norm,
expon, and hand-worked values)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect_close

# (n, p): one trial, the degenerate p = 0 and p = 1, symmetric, skewed, and large n where
# C(n, k) overflows a float (log-gamma needed).
BINOMIAL_CASES = [(1, 0.3), (0, 0.4), (4, 0.5), (10, 0.0), (10, 1.0), (12, 0.07), (37, 0.81),
                  (200, 0.5), (5000, 0.3), (20000, 0.001)]


def test_binomial_by_hand(ex, rng):
    k = np.arange(5)
    expect_close(ex.binomial_pmf(k, 4, 0.5), np.array([1, 4, 6, 4, 1]) / 16.0,
                 what="binomial_pmf(k, n=4, p=0.5) for k = 0..4", how="by hand: C(4, k) / 16",
                 rtol=1e-12, atol=1e-15)
    expect_close(ex.binomial_cdf(2, 4, 0.5), 11.0 / 16.0, what="binomial_cdf(2, n=4, p=0.5)",
                 how="by hand: (1 + 4 + 6) / 16", rtol=1e-12, atol=1e-15)
    expect_close(ex.binomial_pmf(np.array([0, 3]), 3, 1.0), np.array([0.0, 1.0]),
                 what="binomial_pmf([0, 3], n=3, p=1)", how="p = 1: every trial succeeds, X = 3",
                 rtol=1e-12, atol=1e-15)


def test_binomial_pmf_matches_scipy(ex, rng):
    for n, p in BINOMIAL_CASES:
        k = np.arange(n + 1) if n <= 200 else np.concatenate(
            [[0, 1, n - 1, n], rng.integers(0, n + 1, size=20),
             np.arange(int(n * p) - 30, int(n * p) + 30).clip(0, n)])
        expect_close(ex.binomial_pmf(k, n, p), scipy.stats.binom.pmf(k, n, p),
                     what=f"binomial_pmf(k, n={n}, p={p})", how="scipy.stats.binom.pmf(k, n, p)",
                     rtol=1e-8, atol=1e-300, inputs={"k": k, "n": n, "p": p})
    k = rng.integers(0, 9, size=(3, 4))
    expect_close(ex.binomial_pmf(k, 8, 0.35), scipy.stats.binom.pmf(k, 8, 0.35),
                 what="binomial_pmf(k, n=8, p=0.35) for k of shape (3, 4)",
                 how="scipy.stats.binom.pmf(k, n, p)", rtol=1e-10, atol=1e-300, inputs={"k": k})


def test_binomial_cdf_matches_scipy(ex, rng):
    for n, p in BINOMIAL_CASES:
        k = np.arange(n + 1) if n <= 200 else np.concatenate(
            [[0, 1, n - 1, n], rng.integers(0, n + 1, size=40)])
        expect_close(ex.binomial_cdf(k, n, p), scipy.stats.binom.cdf(k, n, p),
                     what=f"binomial_cdf(k, n={n}, p={p})", how="scipy.stats.binom.cdf(k, n, p)",
                     rtol=1e-8, atol=1e-13, inputs={"k": k, "n": n, "p": p})


def test_poisson_pmf_matches_scipy(ex, rng):
    expect_close(ex.poisson_pmf(0, 2.0), np.exp(-2.0), what="poisson_pmf(0, lam=2)",
                 how="by hand: 2^0 exp(-2) / 0! = exp(-2)", rtol=1e-12, atol=1e-15)
    # lam = 150, k up to 400: lam^k and k! overflow a float, their ratio does not.
    for lam, kmax in ((0.3, 10), (2.0, 20), (7.5, 40), (150.0, 400)):
        k = np.arange(kmax + 1)
        expect_close(ex.poisson_pmf(k, lam), scipy.stats.poisson.pmf(k, lam),
                     what=f"poisson_pmf(k, lam={lam}) for k = 0..{kmax}",
                     how="scipy.stats.poisson.pmf(k, lam)", rtol=1e-9, atol=1e-300,
                     inputs={"k": k, "lam": lam})


def test_normal_pdf_and_cdf_match_scipy(ex, rng):
    expect_close(ex.normal_pdf(0.0, 0.0, 1.0), 1.0 / np.sqrt(2.0 * np.pi), what="normal_pdf(0, 0, 1)",
                 how="by hand: 1 / sqrt(2 pi)", rtol=1e-12, atol=1e-15)
    expect_close(ex.normal_cdf(0.0, 0.0, 1.0), 0.5, what="normal_cdf(0, 0, 1)",
                 how="by symmetry: 1/2", rtol=1e-12, atol=1e-15)
    for mu, sigma in ((0.0, 1.0), (3.0, 0.5), (-2.0, 4.0), (1e3, 25.0)):
        x = mu + sigma * np.concatenate([rng.normal(size=12) * 2.0, [-8.0, -1.0, 0.0, 1.0, 8.0]])
        inputs = {"x": x, "mu": mu, "sigma": sigma}
        expect_close(ex.normal_pdf(x, mu, sigma), scipy.stats.norm.pdf(x, mu, sigma),
                     what=f"normal_pdf(x, mu={mu}, sigma={sigma})",
                     how="scipy.stats.norm.pdf(x, loc=mu, scale=sigma)", rtol=1e-10, atol=1e-15,
                     inputs=inputs)
        # atol: 1 + erf(z) loses the far left tail to cancellation; that is allowed here.
        expect_close(ex.normal_cdf(x, mu, sigma), scipy.stats.norm.cdf(x, mu, sigma),
                     what=f"normal_cdf(x, mu={mu}, sigma={sigma})",
                     how="scipy.stats.norm.cdf(x, loc=mu, scale=sigma)", rtol=1e-10, atol=1e-14,
                     inputs=inputs)
    x = rng.normal(size=(2, 3))
    expect_close(ex.normal_cdf(x, 0.0, 1.0), scipy.stats.norm.cdf(x), what="normal_cdf(x, 0, 1), x of shape (2, 3)",
                 how="scipy.stats.norm.cdf(x)", rtol=1e-10, atol=1e-14, inputs={"x": x})


def test_exponential_pdf_and_cdf_match_scipy(ex, rng):
    expect_close(ex.exponential_cdf(1.0, 2.0), 1.0 - np.exp(-2.0), what="exponential_cdf(1, rate=2)",
                 how="by hand: 1 - exp(-2)", rtol=1e-12, atol=1e-15)
    for rate in (0.5, 2.0, 30.0):
        x = np.concatenate([[-5.0, -1e-9, 0.0, 1e-12, 1e-3], rng.exponential(2.0 / rate, size=10),
                            [50.0 / rate]])
        inputs = {"x": x, "rate": rate}
        expect_close(ex.exponential_pdf(x, rate), scipy.stats.expon.pdf(x, scale=1.0 / rate),
                     what=f"exponential_pdf(x, rate={rate}) (0 for x < 0)",
                     how="scipy.stats.expon.pdf(x, scale=1/rate)", rtol=1e-10, atol=1e-15,
                     inputs=inputs)
        expect_close(ex.exponential_cdf(x, rate), scipy.stats.expon.cdf(x, scale=1.0 / rate),
                     what=f"exponential_cdf(x, rate={rate}) (0 for x < 0)",
                     how="scipy.stats.expon.cdf(x, scale=1/rate)", rtol=1e-9, atol=1e-15,
                     inputs=inputs)
