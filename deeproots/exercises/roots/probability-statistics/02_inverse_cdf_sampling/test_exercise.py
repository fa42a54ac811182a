"""Checks for inverse-CDF sampling (references: scipy.stats quantiles and the KS test)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close

N_SAMPLES = 20_000
KS_MIN_P_VALUE = 1e-3


def test_exponential_ppf_matches_scipy(ex, rng):
    for rate in (0.5, 1.0, 3.7):
        for shape in ((1,), (10,), (4, 3)):
            u = rng.random(size=shape)
            expect_close(ex.exponential_ppf(u, rate), scipy.stats.expon.ppf(u, scale=1.0 / rate),
                         what=f"exponential_ppf(u, rate={rate})",
                         how="scipy.stats.expon.ppf(u, scale=1/rate)", rtol=1e-10, atol=1e-12,
                         inputs={"u": u, "rate": rate})
    expect_close(ex.exponential_ppf(0.5, 2.0), np.log(2.0) / 2.0, what="exponential_ppf(0.5, rate=2)",
                 how="the median: log(2) / rate", rtol=1e-12, atol=1e-14)
    u = np.array([0.0, 1e-12, 0.999999])
    expect_close(ex.exponential_ppf(u, 1.0), scipy.stats.expon.ppf(u), what="exponential_ppf(u, rate=1)",
                 how="scipy.stats.expon.ppf(u): 0 at u = 0, about u for tiny u", rtol=1e-9, atol=1e-15,
                 inputs={"u": u})


def test_pareto_ppf_matches_scipy(ex, rng):
    for alpha, x_m in ((1.0, 1.0), (2.5, 3.0), (0.7, 0.2)):
        u = rng.random(size=12)
        expect_close(ex.pareto_ppf(u, alpha, x_m), scipy.stats.pareto.ppf(u, alpha, scale=x_m),
                     what=f"pareto_ppf(u, alpha={alpha}, x_m={x_m})",
                     how="scipy.stats.pareto.ppf(u, alpha, scale=x_m)", rtol=1e-10, atol=1e-12,
                     inputs={"u": u, "alpha": alpha, "x_m": x_m})
    expect_close(ex.pareto_ppf(0.75, 2.0, 1.0), 2.0, what="pareto_ppf(0.75, alpha=2, x_m=1)",
                 how="by hand: F(2) = 1 - (1/2)^2 = 0.75", rtol=1e-12, atol=1e-12)


def test_exponential_sampler_uses_the_seeded_uniforms(ex, rng):
    seed = int(rng.integers(2**31))
    for n, rate in ((1, 1.0), (5, 0.3), (100, 4.0)):
        u = np.random.default_rng(seed).random(n)
        expect_close(ex.sample_exponential(n, rate, seed), scipy.stats.expon.ppf(u, scale=1.0 / rate),
                     what=f"sample_exponential(n={n}, rate={rate}, seed={seed})",
                     how="scipy.stats.expon.ppf(np.random.default_rng(seed).random(n), scale=1/rate)",
                     rtol=1e-10, atol=1e-12, inputs={"n": n, "rate": rate, "seed": seed})


def test_exponential_samples_pass_kolmogorov_smirnov(ex, rng):
    rate = 2.5
    samples = np.asarray(ex.sample_exponential(N_SAMPLES, rate, 12345))
    expect(samples.shape == (N_SAMPLES,), f"sample_exponential should return shape ({N_SAMPLES},)",
           got_shape=samples.shape)
    result = scipy.stats.kstest(samples, scipy.stats.expon(scale=1.0 / rate).cdf)
    expect(result.pvalue > KS_MIN_P_VALUE,
           f"the samples do not look exponential(rate={rate}): KS test p-value {result.pvalue:.3g} "
           f"<= {KS_MIN_P_VALUE:g}",
           KS_statistic=float(result.statistic), sample_mean=float(samples.mean()),
           expected_mean=1.0 / rate)


def test_pareto_samples_pass_kolmogorov_smirnov(ex, rng):
    alpha, x_m = 3.0, 2.0
    u = rng.random(N_SAMPLES)
    samples = np.asarray(ex.pareto_ppf(u, alpha, x_m))
    result = scipy.stats.kstest(samples, scipy.stats.pareto(alpha, scale=x_m).cdf)
    expect(result.pvalue > KS_MIN_P_VALUE,
           f"pareto_ppf(uniforms) does not look Pareto(alpha={alpha}, x_m={x_m}): KS test p-value "
           f"{result.pvalue:.3g} <= {KS_MIN_P_VALUE:g}",
           KS_statistic=float(result.statistic), sample_min=float(samples.min()))
