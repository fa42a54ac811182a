"""Checks for KL divergence and cross-entropy (references: scipy.special.rel_entr, scipy.stats.entropy)."""
import numpy as np
import scipy.special
import scipy.stats

from deeproots.grading.checks import expect, expect_close


def _distributions(rng, count, size, zero_fraction=0.0):
    P = rng.dirichlet(np.ones(size), size=count)
    if zero_fraction and size > 1:
        zero = rng.random(P.shape) < zero_fraction
        zero[np.arange(count), rng.integers(size, size=count)] = False
        P = np.where(zero, 0.0, P)
        P /= P.sum(axis=1, keepdims=True)
    return P


def test_kl_hand_example_and_asymmetry(ex, rng):
    p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
    d_pq = 0.5 * np.log(0.5 / 0.9) + 0.5 * np.log(0.5 / 0.1)
    d_qp = 0.9 * np.log(0.9 / 0.5) + 0.1 * np.log(0.1 / 0.5)
    got_pq, got_qp = ex.kl_divergence(p, q), ex.kl_divergence(q, p)
    expect_close(got_pq, d_pq, what="kl_divergence([0.5, 0.5], [0.9, 0.1])",
                 how="by hand: 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1), about 0.5108", rtol=1e-12, atol=1e-12)
    expect_close(got_qp, d_qp, what="kl_divergence([0.9, 0.1], [0.5, 0.5])",
                 how="by hand: 0.9 ln(0.9/0.5) + 0.1 ln(0.1/0.5), about 0.3681", rtol=1e-12, atol=1e-12)
    expect(abs(float(got_pq) - float(got_qp)) > 0.1, "D(p || q) and D(q || p) should differ here",
           D_p_q=float(got_pq), D_q_p=float(got_qp))


def test_kl_matches_scipy(ex, rng):
    for count, size in ((1, 2), (4, 3), (6, 10), (3, 1)):
        for zeros_in_p in (0.0, 0.3):
            p = _distributions(rng, count, size, zeros_in_p)
            q = _distributions(rng, count, size)
            expect_close(ex.kl_divergence(p, q, -1), scipy.special.rel_entr(p, q).sum(axis=-1),
                         what="kl_divergence(p, q, axis=-1)", how="scipy.special.rel_entr(p, q).sum(axis=-1)",
                         rtol=1e-10, atol=1e-12, inputs={"p": p, "q": q})
            expect_close(ex.kl_divergence(p.T, q.T, 0), scipy.stats.entropy(p.T, q.T, axis=0),
                         what="kl_divergence(p, q, axis=0) (distributions in columns)",
                         how="scipy.stats.entropy(p, q, axis=0)", rtol=1e-10, atol=1e-12,
                         inputs={"p": p.T, "q": q.T})
    p, q = _distributions(rng, 1, 5)[0], _distributions(rng, 1, 5)[0]
    expect_close(ex.kl_divergence(p, q), scipy.stats.entropy(p, q), what="kl_divergence(p, q), 1-D",
                 how="scipy.stats.entropy(p, q)", rtol=1e-10, atol=1e-12, inputs={"p": p, "q": q})


def test_kl_nonnegative_and_zero_iff_equal(ex, rng):
    p = _distributions(rng, 50, 6, 0.2)
    q = _distributions(rng, 50, 6)
    got = np.asarray(ex.kl_divergence(p, q))
    expect(got.shape == (50,) and bool(np.all(got >= 0)), "D(p || q) must be >= 0 (Gibbs' inequality)",
           smallest=float(got.min()) if got.size else float("nan"), shape=got.shape)
    expect(bool(np.all(got > 1e-6)), "D(p || q) must be > 0 when p != q",
           smallest=float(got.min()))
    expect_close(ex.kl_divergence(p, p), np.zeros(50), what="kl_divergence(p, p)",
                 how="D(p || p) = 0", atol=1e-12, inputs={"p": p})


def test_infinite_when_q_rules_out_what_p_allows(ex, rng):
    p, q = np.array([0.5, 0.5]), np.array([1.0, 0.0])
    for name in ("kl_divergence", "cross_entropy"):
        got = getattr(ex, name)(p, q)
        expect(bool(np.isposinf(got)), f"{name}([0.5, 0.5], [1, 0]) should be inf: q = 0 where p > 0",
               got=got)
    p, q = np.array([0.5, 0.5, 0.0]), np.array([0.5, 0.25, 0.25])
    expect_close(ex.kl_divergence(p, q), 0.5 * np.log(2.0), what="kl_divergence([0.5, 0.5, 0], [0.5, 0.25, 0.25])",
                 how="by hand: 0.5 ln 1 + 0.5 ln 2 + 0 = 0.5 ln 2", rtol=1e-12, atol=1e-12)
    P = np.array([[0.2, 0.8, 0.0], [0.5, 0.0, 0.5]])
    Q = np.array([[0.3, 0.7, 0.0], [0.5, 0.5, 0.0]])
    got = np.asarray(ex.kl_divergence(P, Q))
    expected = scipy.stats.entropy(P, Q, axis=-1)  # [finite, inf]
    expect_close(got, expected, what="kl_divergence(P, Q) with zeros in both", how="scipy.stats.entropy(P, Q, axis=-1)",
                 rtol=1e-10, atol=1e-12, inputs={"P": P, "Q": Q})
    expect(got.shape == (2,) and bool(np.isposinf(got[1])), "the second row should give inf", got=got)


def test_cross_entropy_is_entropy_plus_kl(ex, rng):
    for count, size in ((1, 2), (5, 4), (3, 9)):
        p = _distributions(rng, count, size, 0.3)
        q = _distributions(rng, count, size)
        expected = scipy.stats.entropy(p, axis=-1) + scipy.stats.entropy(p, q, axis=-1)
        expect_close(ex.cross_entropy(p, q, -1), expected, what="cross_entropy(p, q, axis=-1)",
                     how="H(p) + D(p || q) from scipy.stats.entropy", rtol=1e-10, atol=1e-12,
                     inputs={"p": p, "q": q})
        expect_close(ex.cross_entropy(p.T, q.T, 0), expected, what="cross_entropy(p, q, axis=0)",
                     how="H(p) + D(p || q) from scipy.stats.entropy, distributions in columns",
                     rtol=1e-10, atol=1e-12, inputs={"p": p.T, "q": q.T})
    q = np.array([0.7, 0.2, 0.1])
    expect_close(ex.cross_entropy(np.array([0.0, 1.0, 0.0]), q), -np.log(0.2),
                 what="cross_entropy(one-hot on class 1, q)", how="-ln q[1]: the negative log-likelihood",
                 rtol=1e-12, atol=1e-12, inputs={"q": q})


def test_inputs_are_not_modified(ex, rng):
    p, q = _distributions(rng, 3, 4, 0.3), _distributions(rng, 3, 4)
    p_before, q_before = p.copy(), q.copy()
    ex.kl_divergence(p, q)
    ex.cross_entropy(p, q)
    expect(np.array_equal(p, p_before) and np.array_equal(q, q_before),
           "kl_divergence / cross_entropy modified p or q in place")
