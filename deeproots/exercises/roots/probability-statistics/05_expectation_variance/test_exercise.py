"""Checks for expectation and variance (references: scipy.stats.rv_discrete and binom
moments, scipy.stats.sem, hand-worked die values, and Monte Carlo error bars from theory)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close

DIE = (np.arange(1.0, 7.0), np.full(6, 1.0 / 6.0))
N_MONTE_CARLO = 20_000
# A correct Monte Carlo estimate is off by more than 5 standard errors with probability 6e-7.
MC_STANDARD_ERRORS = 5.0


def _random_table(rng, m, with_zero=False):
    values = rng.permutation(rng.normal(scale=5.0, size=m))  # distinct, unsorted
    probs = rng.dirichlet(np.ones(m))
    if with_zero and m > 1:
        probs[rng.integers(m)] = 0.0
        probs /= probs.sum()
    return values, probs


def test_die_by_hand(ex, rng):
    values, probs = DIE
    expect_close(ex.expectation(values, probs), 3.5, what="expectation of a fair die",
                 how="by hand: 21 / 6", rtol=1e-12, atol=1e-12, inputs={"values": values, "probs": probs})
    expect_close(ex.variance(values, probs), 35.0 / 12.0, what="variance of a fair die",
                 how="by hand: 91/6 - 3.5^2 = 35/12", rtol=1e-12, atol=1e-12)
    expect_close(ex.expectation_of(np.square, values, probs), 91.0 / 6.0, what="E[X^2] of a fair die",
                 how="by hand: (1 + 4 + 9 + 16 + 25 + 36) / 6 (not 3.5^2 = 12.25)", rtol=1e-12, atol=1e-12)


def test_binomial_table_matches_scipy_moments(ex, rng):
    for n, p in ((1, 0.3), (10, 0.3), (25, 0.9)):
        values = np.arange(n + 1, dtype=float)
        probs = scipy.stats.binom.pmf(values, n, p)
        inputs = {"values": values, "probs": probs}
        expect_close(ex.expectation(values, probs), scipy.stats.binom.mean(n, p),
                     what=f"expectation of the Binomial({n}, {p}) table", how="scipy.stats.binom.mean(n, p) = n p",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(ex.variance(values, probs), scipy.stats.binom.var(n, p),
                     what=f"variance of the Binomial({n}, {p}) table",
                     how="scipy.stats.binom.var(n, p) = n p (1 - p)", rtol=1e-10, atol=1e-12, inputs=inputs)


def test_random_tables_match_rv_discrete(ex, rng):
    for m, with_zero in ((1, False), (2, False), (5, True), (20, True)):
        values, probs = _random_table(rng, m, with_zero)
        reference = scipy.stats.rv_discrete(values=(values, probs))
        inputs = {"values": values, "probs": probs}
        expect_close(ex.expectation(values, probs), reference.mean(), what=f"expectation of a random {m}-value table",
                     how="scipy.stats.rv_discrete(values=(values, probs)).mean()", rtol=1e-10, atol=1e-12,
                     inputs=inputs)
        expect_close(ex.variance(values, probs), reference.var(), what=f"variance of a random {m}-value table",
                     how="scipy.stats.rv_discrete(values=(values, probs)).var()", rtol=1e-9, atol=1e-12,
                     inputs=inputs)


def test_variance_of_large_nearby_values(ex, rng):
    # Var(X + c) = Var(X). E[X^2] - mu^2 subtracts two numbers near 1e16 and loses every digit.
    offsets, probs = np.array([0.0, 1.0, 2.0, 3.5]), np.array([0.1, 0.4, 0.3, 0.2])
    values = 1e8 + offsets
    expected = scipy.stats.rv_discrete(values=(offsets, probs)).var()
    expect_close(ex.variance(values, probs), expected, what="variance of values near 1e8",
                 how="shift invariance: rv_discrete(values=(values - 1e8, probs)).var()",
                 rtol=1e-6, atol=1e-9, inputs={"values": values, "probs": probs})


def test_lotus_matches_rv_discrete_expect(ex, rng):
    for h in (np.square, np.exp, np.abs, np.cos):
        for m in (1, 4, 12):
            values, probs = _random_table(rng, m, with_zero=True)
            values = values / 3.0  # keep exp moderate
            expected = scipy.stats.rv_discrete(values=(values, probs)).expect(h)
            expect_close(ex.expectation_of(h, values, probs), expected,
                         what=f"expectation_of(np.{h.__name__}, values, probs)",
                         how=f"scipy.stats.rv_discrete(values=(values, probs)).expect(np.{h.__name__})",
                         rtol=1e-9, atol=1e-12, inputs={"values": values, "probs": probs})


def test_mean_and_standard_error_match_scipy(ex, rng):
    got = ex.mean_and_standard_error(np.array([1.0, 3.0]))
    expect_close(np.asarray(got, dtype=float), np.array([2.0, 1.0]), what="mean_and_standard_error([1, 3])",
                 how="by hand: mean 2, s^2 = (1 + 1) / (2 - 1) = 2, se = sqrt(2 / 2) = 1", rtol=1e-12, atol=1e-12)
    for n in (2, 3, 7, 1000):
        samples = rng.normal(loc=4.0, scale=3.0, size=n)
        got = np.asarray(ex.mean_and_standard_error(samples), dtype=float)
        expected = np.array([np.mean(samples), scipy.stats.sem(samples)])
        expect_close(got, expected, what=f"mean_and_standard_error of {n} samples",
                     how="[np.mean(samples), scipy.stats.sem(samples)] (sem uses n - 1)", rtol=1e-10, atol=1e-12,
                     inputs={"samples": samples})


def test_monte_carlo_within_its_error_bars(ex, rng):
    cases = [
        (np.square, np.array([0.0, 1.0, 2.0, 10.0]), np.array([0.5, 0.3, 0.15, 0.05]), 11),
        (np.exp, np.array([-1.0, 0.0, 0.5, 1.0, 3.0]), np.array([0.1, 0.2, 0.3, 0.39, 0.01]), 12),
        (np.abs, np.array([-4.0, -1.0, 2.0]), np.array([0.7, 0.2, 0.1]), 13),
    ]
    for h, values, probs, seed in cases:
        reference = scipy.stats.rv_discrete(values=(values, probs))
        exact = reference.expect(h)
        variance = reference.expect(lambda x: (h(x) - exact) ** 2)
        fourth = reference.expect(lambda x: (h(x) - exact) ** 4)
        se_true = np.sqrt(variance / N_MONTE_CARLO)
        what = f"monte_carlo_expectation(np.{h.__name__}, values, probs, n={N_MONTE_CARLO}, seed={seed})"
        estimate, se = (float(v) for v in ex.monte_carlo_expectation(h, values, probs, N_MONTE_CARLO, seed))
        expect_close(estimate, exact, what=f"estimate from {what}",
                     how=f"exact E[h(X)] by rv_discrete.expect, within {MC_STANDARD_ERRORS:g} standard errors",
                     rtol=0.0, atol=MC_STANDARD_ERRORS * se_true, inputs={"values": values, "probs": probs})
        # The sample sd s has relative standard deviation about sqrt((mu4 / sigma^4 - 1) / n) / 2.
        relative_sd = 0.5 * np.sqrt((fourth / variance**2 - 1.0) / N_MONTE_CARLO)
        expect_close(se, se_true, what=f"standard error from {what}",
                     how="sqrt(Var(h(X)) / n) from the exact table, within 6 of its sampling sds",
                     rtol=6.0 * relative_sd, atol=0.0, inputs={"values": values, "probs": probs})
    first = ex.monte_carlo_expectation(np.square, values, probs, 50, 5)
    again = ex.monte_carlo_expectation(np.square, values, probs, 50, 5)
    expect(np.allclose(np.asarray(first, dtype=float), np.asarray(again, dtype=float), rtol=0, atol=0),
           "monte_carlo_expectation with the same seed gave different answers: use np.random.default_rng(seed)",
           first=np.asarray(first, dtype=float), again=np.asarray(again, dtype=float))
