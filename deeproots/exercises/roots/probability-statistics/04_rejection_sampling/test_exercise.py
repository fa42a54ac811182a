"""Checks for rejection sampling (references: the acceptance rule itself, exact cdfs with
scipy.stats.kstest, and the theoretical acceptance rate Z / M with its standard error)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close, expect_equal

N_SAMPLES = 20_000
# A correct sampler fails the KS test with probability 1e-6 (the p-value is uniform).
KS_MIN_P_VALUE = 1e-6
# Acceptance-rate tolerance in standard errors: |z| > 5 has probability 6e-7.
RATE_STANDARD_ERRORS = 5.0

# Targets are NumPy ufuncs (picklable by name), each with its interval, the area Z under
# it, its tight envelope M = (b - a) max f, and its exact normalised cdf for the KS test.
TARGETS = {
    # cos on [0, pi/2] is a proper density (Z = 1): F(x) = sin(x).
    "cos": (np.cos, 0.0, np.pi / 2, 1.0, np.pi / 2, np.sin),
    # sin on [0, pi] is unnormalised (Z = 2): F(x) = (1 - cos x) / 2.
    "sin": (np.sin, 0.0, np.pi, 2.0, np.pi, lambda x: (1.0 - np.cos(x)) / 2.0),
    # x^2 on [-1, 2] (a < 0, Z = 3, max 4 at x = 2, M = 3 * 4): F(x) = (x^3 + 1) / 9.
    "square": (np.square, -1.0, 2.0, 3.0, 12.0, lambda x: (x**3 + 1.0) / 9.0),
}


def _sample(ex, name, M=None, n=N_SAMPLES, seed=2024):
    pdf, a, b, Z, M_tight, cdf = TARGETS[name]
    M = M_tight if M is None else M
    samples, rate = ex.rejection_sample(pdf, a, b, M, n, seed)
    samples = np.asarray(samples)
    what = f"rejection_sample({pdf.__name__}, a={a:.4g}, b={b:.4g}, M={M:.4g}, n={n}, seed={seed})"
    expect(samples.shape == (n,), f"{what} should return samples of shape ({n},)", got_shape=samples.shape)
    expect(bool(np.all((samples >= a) & (samples <= b))), f"{what}: samples outside [a, b]",
           smallest=float(samples.min()), largest=float(samples.max()))
    return samples, float(rate), what, Z / M, cdf


def test_accept_by_hand(ex, rng):
    got = ex.accept(np.array([0.3, 0.7]), np.array([0.5, 0.5]), 2.0, 0.0, 2.0)
    expect_equal(np.asarray(got), np.array([True, False]), what="accept(u=[0.3, 0.7], fx=[0.5, 0.5], M=2, a=0, b=2)",
                 how="by hand: the lid M / (b - a) = 1, keep when u <= 0.5")


def test_accept_matches_the_rule(ex, rng):
    for size, M, a, b in ((1, 1.0, 0.0, 1.0), (50, 3.0, -2.0, 5.0), (200, 12.0, -1.0, 2.0), (40, 0.8, 0.0, 0.5)):
        u = rng.random(size)
        fx = rng.uniform(0.0, M / (b - a), size=size)
        expected = u * (M / (b - a)) <= fx
        expect_equal(np.asarray(ex.accept(u, fx, M, a, b)), expected, what=f"accept(u, fx, M={M}, a={a}, b={b})",
                     how="the rule: accept when u * M g(x) <= f(x), g(x) = 1 / (b - a)",
                     inputs={"u": u, "fx": fx})


def test_samples_follow_the_target(ex, rng):
    for name in TARGETS:
        samples, _, what, _, cdf = _sample(ex, name)
        result = scipy.stats.kstest(samples, cdf)
        expect(result.pvalue > KS_MIN_P_VALUE,
               f"{what}: the samples do not follow the target density (KS test p-value "
               f"{result.pvalue:.3g} <= {KS_MIN_P_VALUE:g})",
               KS_statistic=float(result.statistic), sample_mean=float(samples.mean()))


def test_acceptance_rate_is_area_over_M(ex, rng):
    for name, M in (("cos", None), ("cos", 3.0), ("sin", None), ("square", None), ("square", 20.0)):
        _, rate, what, expected, _ = _sample(ex, name, M=M)
        # About n / r proposals were drawn; the rate estimate's standard error follows.
        standard_error = np.sqrt(expected**2 * (1.0 - expected) / N_SAMPLES)
        expect_close(rate, expected, what=f"acceptance rate of {what}",
                     how=f"theory: (area under f) / M, within {RATE_STANDARD_ERRORS:g} standard errors "
                         f"({standard_error:.2g})",
                     rtol=0.0, atol=RATE_STANDARD_ERRORS * standard_error)


def test_seeded_and_reproducible(ex, rng):
    first, _, what, _, _ = _sample(ex, "cos", n=500, seed=7)
    again, _, _, _, _ = _sample(ex, "cos", n=500, seed=7)
    other, _, _, _, _ = _sample(ex, "cos", n=500, seed=8)
    expect(np.array_equal(first, again), f"{what} twice gave different samples: use np.random.default_rng(seed)")
    expect(not np.array_equal(first, other), "seeds 7 and 8 gave the same samples: use np.random.default_rng(seed)")
    one, _, _, _, _ = _sample(ex, "square", n=1, seed=3)
    expect(one.shape == (1,), "rejection_sample with n = 1 should return one sample", got_shape=one.shape)
