"""Checks for maximum likelihood (references: scipy.stats .fit and .logpdf/.logpmf, closed
forms, and a brute-force search of the log-likelihood on a grid)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close

SIZES = (1, 2, 7, 60, 1000)


def _bernoulli_sample(rng, n, p):
    return (rng.random(n) < p).astype(int)


def test_hand_examples(ex, rng):
    x = np.array([1, 0, 1, 1])
    expect_close(ex.bernoulli_mle(x), 0.75, what="bernoulli_mle([1, 0, 1, 1])", how="by hand: 3 ones / 4",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.bernoulli_loglik(0.75, x), 3 * np.log(0.75) + np.log(0.25),
                 what="bernoulli_loglik(0.75, [1, 0, 1, 1])", how="by hand: 3 log 0.75 + 1 log 0.25",
                 rtol=1e-12, atol=1e-12)
    x = np.array([1.0, 3.0])
    expect_close(np.asarray(ex.gaussian_mle(x), dtype=float), np.array([2.0, 1.0]),
                 what="gaussian_mle([1, 3]) = (mu_hat, sigma2_hat)",
                 how="by hand: mean 2, ((1-2)^2 + (3-2)^2) / 2 = 1 (dividing by n, not n - 1)",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.exponential_mle(x), 0.5, what="exponential_mle([1, 3])", how="by hand: 1 / mean = 1 / 2",
                 rtol=1e-12, atol=1e-12)


def test_bernoulli_mle_and_loglik(ex, rng):
    for n in SIZES:
        p_true = rng.uniform(0.05, 0.95)
        x = _bernoulli_sample(rng, n, p_true)
        k = int(np.count_nonzero(x))
        expect_close(ex.bernoulli_mle(x), k / n, what=f"bernoulli_mle(x) with n = {n}",
                     how="closed form k / n", rtol=1e-12, atol=1e-14, inputs={"x": x})
        for p in (0.1, 0.5, 0.83, p_true):
            expect_close(ex.bernoulli_loglik(p, x), scipy.stats.bernoulli.logpmf(x, p).sum(),
                         what=f"bernoulli_loglik({p:.4g}, x) with n = {n}",
                         how="scipy.stats.bernoulli.logpmf(x, p).sum()", rtol=1e-10, atol=1e-10,
                         inputs={"p": p, "x": x})


def test_bernoulli_edge_cases(ex, rng):
    zeros, ones = np.zeros(6, dtype=int), np.ones(6, dtype=int)
    mixed = np.array([0, 1, 0, 0])
    expect_close(ex.bernoulli_mle(zeros), 0.0, what="bernoulli_mle of six zeros", how="0 / 6",
                 rtol=0.0, atol=0.0)
    cases = [(0.0, zeros, "l(0) = 0 log 0 + 6 log 1 = 0 with 0 log 0 = 0"),
             (1.0, ones, "l(1) = 6 log 1 + 0 log 0 = 0 with 0 log 0 = 0"),
             (0.3, zeros, "6 log 0.7"),
             (0.0, mixed, "-inf: a one is impossible when p = 0"),
             (1.0, mixed, "-inf: a zero is impossible when p = 1")]
    for p, x, by_hand in cases:
        expect_close(ex.bernoulli_loglik(p, x), scipy.stats.bernoulli.logpmf(x, p).sum(),
                     what=f"bernoulli_loglik({p}, x)", how=f"scipy.stats.bernoulli.logpmf(x, p).sum(): {by_hand}",
                     rtol=1e-12, atol=1e-12, inputs={"p": p, "x": x})


def test_gaussian_mle_matches_norm_fit(ex, rng):
    for n in SIZES:
        x = rng.normal(loc=rng.uniform(-5, 5), scale=rng.uniform(0.5, 3.0), size=n)
        got = np.asarray(ex.gaussian_mle(x), dtype=float)
        loc, scale = scipy.stats.norm.fit(x)
        expect_close(got, np.array([loc, scale**2]), what=f"gaussian_mle(x) = (mu_hat, sigma2_hat), n = {n}",
                     how="scipy.stats.norm.fit(x) -> (loc, scale), compared with (loc, scale**2)",
                     rtol=1e-9, atol=1e-12, inputs={"x": x})
        expect_close(got[1], np.var(x, ddof=1) * (n - 1) / n if n > 1 else 0.0,
                     what=f"sigma2_hat with n = {n}",
                     how="(n - 1)/n times the unbiased sample variance np.var(x, ddof=1): the MLE divides by n",
                     rtol=1e-9, atol=1e-12, inputs={"x": x})
    x = rng.normal(loc=1e6, scale=2.0, size=50)  # large offset: deviations from the mean, not x^2
    expect_close(np.asarray(ex.gaussian_mle(x), dtype=float), np.array([np.mean(x), np.var(x)]),
                 what="gaussian_mle(x) for data around 1e6", how="(np.mean(x), np.var(x)) (np.var divides by n)",
                 rtol=1e-7, atol=1e-9, inputs={"x": x})


def test_gaussian_loglik_matches_scipy(ex, rng):
    for n in SIZES:
        x = rng.normal(loc=2.0, scale=1.5, size=n)
        for mu, sigma2 in ((0.0, 1.0), (2.0, 2.25), (-3.0, 10.0), (2.5, 0.01)):
            expected = scipy.stats.norm.logpdf(x, loc=mu, scale=np.sqrt(sigma2)).sum()
            expect_close(ex.gaussian_loglik(mu, sigma2, x), expected,
                         what=f"gaussian_loglik(mu={mu}, sigma2={sigma2}, x) with n = {n}",
                         how="scipy.stats.norm.logpdf(x, loc=mu, scale=sqrt(sigma2)).sum()",
                         rtol=1e-10, atol=1e-10, inputs={"mu": mu, "sigma2": sigma2, "x": x})


def test_exponential_mle_and_loglik(ex, rng):
    for n in SIZES:
        rate_true = rng.uniform(0.2, 5.0)
        x = rng.exponential(scale=1.0 / rate_true, size=n)
        _, scale = scipy.stats.expon.fit(x, floc=0)
        expect_close(ex.exponential_mle(x), 1.0 / scale, what=f"exponential_mle(x) with n = {n}",
                     how="1 / scale from scipy.stats.expon.fit(x, floc=0)", rtol=1e-9, atol=1e-12,
                     inputs={"x": x})
        for rate in (0.5, 1.0, rate_true, 7.0):
            expected = scipy.stats.expon.logpdf(x, scale=1.0 / rate).sum()
            expect_close(ex.exponential_loglik(rate, x), expected,
                         what=f"exponential_loglik({rate:.4g}, x) with n = {n}",
                         how="scipy.stats.expon.logpdf(x, scale=1/rate).sum()", rtol=1e-10, atol=1e-10,
                         inputs={"rate": rate, "x": x})


def test_mle_maximises_the_loglik(ex, rng):
    """Nudging the estimate either way must lower the learner's own log-likelihood, and a
    brute-force search of the reference log-likelihood on a grid must land next to it."""
    def check_peak(name, loglik_at, estimate, steps):
        best = loglik_at(estimate)
        for step in steps:
            for candidate in (estimate - step, estimate + step):
                value = loglik_at(candidate)
                expect(value < best, f"{name}: the log-likelihood at {candidate:.6g} is {value:.10g}, not "
                       f"below its value {best:.10g} at your MLE {estimate:.6g}: the MLE must maximise it",
                       estimate=estimate, candidate=candidate)

    x = _bernoulli_sample(rng, 200, 0.3)
    p_hat = float(ex.bernoulli_mle(x))
    check_peak("Bernoulli", lambda p: float(ex.bernoulli_loglik(p, x)), p_hat, (1e-3, 0.05))
    grid = np.linspace(0.0005, 0.9995, 2000)
    best_on_grid = grid[np.argmax(scipy.stats.binom.logpmf(np.sum(x), len(x), grid))]
    expect_close(p_hat, best_on_grid, what="bernoulli_mle(x)", how="argmax of the binomial log-likelihood "
                 "on a grid of spacing 5e-4", rtol=0.0, atol=5e-4, inputs={"x": x})

    x = rng.normal(loc=-1.0, scale=2.0, size=40)
    mu_hat, sigma2_hat = (float(v) for v in ex.gaussian_mle(x))
    check_peak("Gaussian, in mu", lambda m: float(ex.gaussian_loglik(m, sigma2_hat, x)), mu_hat, (1e-3, 0.3))
    check_peak("Gaussian, in sigma2", lambda s: float(ex.gaussian_loglik(mu_hat, s, x)), sigma2_hat,
               (1e-3 * sigma2_hat, 0.02 * sigma2_hat))
    grid = np.arange(0.5, 8.0, 0.01)
    loglik_on_grid = scipy.stats.norm.logpdf(x[:, None], mu_hat, np.sqrt(grid)[None, :]).sum(axis=0)
    expect_close(sigma2_hat, grid[np.argmax(loglik_on_grid)], what="sigma2_hat from gaussian_mle(x)",
                 how="argmax over sigma2 of scipy.stats.norm.logpdf(x, mu_hat, sqrt(sigma2)).sum() on a grid "
                 "of spacing 0.01", rtol=0.0, atol=0.01, inputs={"x": x})

    x = rng.exponential(scale=0.5, size=80)
    rate_hat = float(ex.exponential_mle(x))
    check_peak("exponential", lambda r: float(ex.exponential_loglik(r, x)), rate_hat, (1e-3, 0.2))
