"""Checks for surprisal and entropy (references: NumPy logs, scipy.stats.entropy)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close


def _distributions(rng, count, size, with_zeros):
    """`count` random distributions over `size` outcomes, as the rows of a (count, size) array."""
    P = rng.dirichlet(np.ones(size), size=count)
    if with_zeros and size > 1:
        zero = rng.random(P.shape) < 0.3
        zero[np.arange(count), rng.integers(size, size=count)] = False  # keep one outcome alive
        P = np.where(zero, 0.0, P)
        P /= P.sum(axis=1, keepdims=True)
    return P


def test_surprisal_in_bits_and_nats(ex, rng):
    p = rng.uniform(1e-6, 1.0, size=(3, 5))
    expect_close(ex.surprisal(p, 2.0), -np.log2(p), what="surprisal(p, base=2)", how="-np.log2(p)",
                 rtol=1e-10, atol=1e-12, inputs={"p": p})
    expect_close(ex.surprisal(p, np.e), -np.log(p), what="surprisal(p, base=e)", how="-np.log(p)",
                 rtol=1e-10, atol=1e-12, inputs={"p": p})
    p = np.array([0.5, 0.125, 1.0, 0.0])
    expect_close(ex.surprisal(p, 2.0), np.array([1.0, 3.0, 0.0, np.inf]),
                 what="surprisal([0.5, 0.125, 1, 0], base=2)",
                 how="by hand: 1 bit, 3 bits, 0, and inf for an impossible outcome",
                 rtol=1e-12, atol=1e-12, inputs={"p": p})
    got = np.asarray(ex.surprisal(p, 2.0))
    expect(np.isposinf(got[3]), "surprisal(0) should be +inf", got=got)


def test_entropy_hand_examples(ex, rng):
    expect_close(ex.entropy(np.array([0.5, 0.5]), -1, 2.0), 1.0, what="entropy([0.5, 0.5], base=2)",
                 how="a fair coin: 1 bit", rtol=1e-12, atol=1e-12)
    expect_close(ex.entropy(np.array([0.5, 0.5]), -1, np.e), np.log(2.0),
                 what="entropy([0.5, 0.5], base=e)", how="a fair coin: ln 2 nats", rtol=1e-12, atol=1e-12)
    expect_close(ex.entropy(np.full(8, 1 / 8), -1, 2.0), 3.0, what="entropy(uniform over 8, base=2)",
                 how="log2(8) = 3 bits", rtol=1e-12, atol=1e-12)
    P = np.array([1.0, 0.0, 0.0])
    expect_close(ex.entropy(P, -1, 2.0), 0.0, what="entropy([1, 0, 0], base=2)",
                 how="a sure outcome: 0, using 0 log 0 = 0", atol=1e-12, inputs={"P": P})


def test_entropy_rows_match_scipy(ex, rng):
    for count, size in ((1, 4), (5, 3), (6, 1), (8, 10)):
        for with_zeros in (False, True):
            P = _distributions(rng, count, size, with_zeros)
            for base in (2.0, np.e):
                expect_close(ex.entropy(P, 1, base), scipy.stats.entropy(P, base=base, axis=1),
                             what=f"entropy(P, axis=1, base={base:.4g})",
                             how=f"scipy.stats.entropy(P, base={base:.4g}, axis=1)",
                             rtol=1e-10, atol=1e-12, inputs={"P": P})


def test_entropy_columns_match_scipy(ex, rng):
    for count, size in ((4, 1), (3, 5), (2, 7)):
        P = _distributions(rng, count, size, with_zeros=True).T  # distributions are columns
        for base in (2.0, np.e):
            expect_close(ex.entropy(P, 0, base), scipy.stats.entropy(P, base=base, axis=0),
                         what=f"entropy(P, axis=0, base={base:.4g})",
                         how=f"scipy.stats.entropy(P, base={base:.4g}, axis=0)",
                         rtol=1e-10, atol=1e-12, inputs={"P": P})


def test_entropy_default_axis_is_last_and_input_unchanged(ex, rng):
    P = _distributions(rng, 3, 4, with_zeros=True)
    before = P.copy()
    expect_close(ex.entropy(P), scipy.stats.entropy(P, base=2, axis=-1),
                 what="entropy(P) with the defaults (axis=-1, base=2)",
                 how="scipy.stats.entropy(P, base=2, axis=-1)", rtol=1e-10, atol=1e-12, inputs={"P": P})
    expect(np.array_equal(P, before), "entropy(P) modified P in place", P_before=before, P_after=P)
