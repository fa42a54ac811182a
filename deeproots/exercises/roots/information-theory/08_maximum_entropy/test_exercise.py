"""Checks for the maximum-entropy distribution (references: scipy.special.softmax for the Gibbs
form, scipy.optimize.brentq on the mean equation, scipy.stats.entropy, and D(q || p) = H(p) - H(q))."""
import numpy as np
import scipy.optimize
import scipy.special
import scipy.stats

from deeproots.grading.checks import expect, expect_close

DICE = np.arange(1.0, 7.0)


def _mean(x, lam):
    return float(x @ scipy.special.softmax(lam * x))


def _brentq_lambda(x, m):
    """The reference lambda: scipy.optimize.brentq on mean(lambda) - m, bracketed by doubling."""
    lo, hi = -1.0, 1.0
    while _mean(x, lo) > m:
        lo *= 2.0
    while _mean(x, hi) < m:
        hi *= 2.0
    return scipy.optimize.brentq(lambda lam: _mean(x, lam) - m, lo, hi, xtol=1e-15, rtol=1e-15, maxiter=500)


def _mean_tolerance(x):
    return 1e-9 * max(1.0, float(np.max(np.abs(x))))


def _check_solution(ex, x, m, label):
    """solve_lambda and max_entropy_distribution against brentq, with tolerances that follow from a
    mean matched to _mean_tolerance(x): lambda may be off by that / Var(x), p_i by p_i |x_i - mu| times more."""
    inputs = {"x": x, "mean": m}
    lam_ref = _brentq_lambda(x, m)
    p_ref = scipy.special.softmax(lam_ref * x)
    variance = float(p_ref @ (x - m) ** 2)
    tol = _mean_tolerance(x)
    p = np.asarray(ex.max_entropy_distribution(x, m), dtype=float)
    expect(p.shape == x.shape, f"max_entropy_distribution for {label} should have shape {x.shape}", got=p.shape)
    expect(bool(np.all(p >= 0)) and abs(p.sum() - 1.0) <= 1e-12, f"max_entropy_distribution for {label} must be "
           "a probability distribution (p >= 0, sum 1)", p=p, sum=float(p.sum()), **inputs)
    expect_close(x @ p, m, what=f"the mean sum_i x_i p_i of max_entropy_distribution for {label}",
                 how="the constraint itself", rtol=0.0, atol=tol, inputs=inputs)
    lam_tol = 2.0 * tol / variance + 1e-12 * abs(lam_ref)
    if lam_tol < 1e-3:
        expect_close(ex.solve_lambda(x, m), lam_ref, what=f"solve_lambda for {label}",
                     how="scipy.optimize.brentq on x @ softmax(lambda x) - mean (a mean within "
                         f"{tol:g} allows lambda within {tol:g} / Var = {lam_tol:.2g})",
                     rtol=0.0, atol=lam_tol, inputs=inputs)
    expect_close(p, p_ref, what=f"max_entropy_distribution for {label}",
                 how="scipy.special.softmax(lambda * x) at lambda from scipy.optimize.brentq",
                 rtol=1e-6, atol=lam_tol * float(np.max(np.abs(x - m))) * 1.1 + 1e-12, inputs=inputs)
    return p


def _feasible_distributions(rng, x, m, count):
    """Random distributions with mean m: a random q mixed with the point mass at min(x) or max(x)."""
    out = []
    for _ in range(count):
        q = rng.dirichlet(np.full(x.size, rng.choice([0.3, 1.0, 5.0])))
        mean_q = float(x @ q)
        end = np.argmax(x) if mean_q < m else np.argmin(x)
        t = (m - mean_q) / (x[end] - mean_q)  # weight of the point mass that moves the mean to m
        mixed = (1.0 - t) * q
        mixed[end] += t
        out.append(mixed)
    return out


def test_hand_examples(ex, rng):
    # The mean may be 1e-9 * max(1, max|x|) off; lambda then moves by up to that / Var(x) (tolerances below).
    x = np.array([0.0, 1.0])
    expect_close(ex.solve_lambda(x, 0.75), np.log(3.0), what="solve_lambda([0, 1], 0.75)",
                 how="by hand: the logit ln(0.75 / 0.25) = ln 3 (Var = 0.1875)", rtol=0.0, atol=1e-8)
    expect_close(ex.max_entropy_distribution(x, 0.75), np.array([0.25, 0.75]),
                 what="max_entropy_distribution([0, 1], 0.75)",
                 how="by hand: the only p with that mean (p[1] is the mean itself)", rtol=0.0, atol=2e-9)
    expect_close(ex.max_entropy_distribution(DICE, 3.5), np.full(6, 1 / 6),
                 what="max_entropy_distribution([1..6], 3.5)", how="the midpoint: the uniform die",
                 rtol=0.0, atol=2e-9, inputs={"x": DICE})
    expect_close(ex.solve_lambda(DICE, 3.5), 0.0, what="solve_lambda([1..6], 3.5)",
                 how="lambda = 0 gives the uniform distribution (Var = 35/12: 6e-9 in the mean is 2e-9 here)",
                 rtol=0.0, atol=5e-9)


def test_gibbs_matches_softmax(ex, rng):
    for k in (2, 3, 7, 20):
        x = rng.uniform(-5.0, 5.0, size=k)
        for lam in (0.0, rng.normal(), -3.7, 500.0, -800.0):
            inputs = {"x": x, "lam": lam}
            expect_close(ex.gibbs(x, lam), scipy.special.softmax(lam * x),
                         what=f"gibbs(x, {lam:.4g}) for {k} support points",
                         how="scipy.special.softmax(lam * x)", rtol=1e-10, atol=1e-14, inputs=inputs)
        lam = rng.normal()
        expect_close(ex.gibbs_mean(x, lam), x @ scipy.special.softmax(lam * x),
                     what=f"gibbs_mean(x, {lam:.4g})", how="x @ scipy.special.softmax(lam * x)",
                     rtol=1e-10, atol=1e-12, inputs={"x": x, "lam": lam})


def test_jaynes_dice(ex, rng):
    p = _check_solution(ex, DICE, 4.5, "Jaynes' dice (mean 4.5)")
    for m in (1.5, 2.0, 5.9):
        _check_solution(ex, DICE, m, f"a die with mean {m}")
    expect(p[0] < p[1] < p[2] < p[3] < p[4] < p[5], "with mean 4.5 > 3.5 the probabilities must grow "
           "with the face value", p=p)


def test_matches_brentq_on_other_supports(ex, rng):
    for k in (2, 3, 5, 11):
        x = rng.permutation(rng.uniform(-10.0, 10.0, size=k))  # not sorted, not integers, negatives
        m = float(rng.uniform(x.min(), x.max()))
        _check_solution(ex, x, m, f"a random support of {k} points")
    x = np.arange(11.0)  # {0, ..., 10}
    _check_solution(ex, x, 2.0, "{0, ..., 10} with mean 2")
    scale = 1e3
    _check_solution(ex, scale * np.array([0.0, 1.0, 2.5, 4.0]), scale * 0.7, "a support in the thousands")
    _check_solution(ex, np.array([0.0, 1.0, 2.5, 4.0]) / scale, 0.7 / scale, "a support in the thousandths")


def test_near_the_ends_of_the_support(ex, rng):
    x = np.arange(6.0)
    for m in (1e-6, 5.0 - 1e-6, 1e-3, 4.999):
        p = _check_solution(ex, x, m, f"{{0, ..., 5}} with mean {m:g}")
    expect(p[-1] > 0.99, "with a mean near the top of the support p piles up on the largest value", p=p)
    _check_solution(ex, DICE, 1.000001, "a die with mean 1.000001")


def test_entropy_is_maximal_among_distributions_with_that_mean(ex, rng):
    cases = ((DICE, 4.5, "Jaynes' dice"), (np.array([-2.0, 0.5, 3.0, 3.5, 7.0]), 1.0, "x = [-2, 0.5, 3, 3.5, 7]"))
    for x, m, label in cases:
        p = np.asarray(ex.max_entropy_distribution(x, m), dtype=float)
        h_p = scipy.stats.entropy(p)
        for q in _feasible_distributions(rng, x, m, 20):
            h_q = scipy.stats.entropy(q)
            expect(h_q < h_p, f"{label}: a distribution with the same mean has more entropy than yours",
                   H_yours=h_p, H_other=h_q, other=q, yours=p)
            expect_close(h_p - h_q, scipy.stats.entropy(q, p), what=f"H(p) - H(q) for {label}",
                         how="D(q || p) with scipy.stats.entropy (log p is affine in x for the Gibbs p)",
                         rtol=1e-6, atol=1e-7, inputs={"x": x, "q": q, "p": p})


def test_input_is_not_modified(ex, rng):
    x = rng.uniform(-3.0, 3.0, size=6)
    before = x.copy()
    ex.gibbs(x, 1.3)
    ex.gibbs_mean(x, -0.4)
    ex.solve_lambda(x, float(x.mean()) + 0.5)
    ex.max_entropy_distribution(x, float(x.mean()) - 0.5)
    expect(np.array_equal(x, before), "a function modified x in place", x_before=before, x_after=x)
