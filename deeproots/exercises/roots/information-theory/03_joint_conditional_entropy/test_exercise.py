"""Checks for joint and conditional entropy (references: scipy.stats.entropy on the flattened
table, on its marginals and on its rows; Cover & Thomas Example 2.2.1)."""
import numpy as np
import scipy.stats

from deeproots.grading.checks import expect, expect_close

# (m, n): one cell, a single row or column, non-square both ways (a wrong axis shows), square.
SHAPES = [(1, 1), (1, 4), (5, 1), (2, 3), (3, 5), (6, 2), (4, 4)]

# Cover & Thomas Example 2.2.1: their table has rows y = 1..4 and columns x = 1..4.
COVER_THOMAS = np.array([[1 / 8, 1 / 16, 1 / 32, 1 / 32],
                         [1 / 16, 1 / 8, 1 / 32, 1 / 32],
                         [1 / 16, 1 / 16, 1 / 16, 1 / 16],
                         [1 / 4, 0.0, 0.0, 0.0]]).T  # transposed: rows x, columns y


def _table(rng, m, n, zeros=True, zero_row=False):
    """A random joint table (m, n) summing to 1, with some zero cells (and maybe an all-zero row)."""
    P = rng.dirichlet(np.ones(m * n)).reshape(m, n)
    if zeros and m * n > 1:
        P[rng.random((m, n)) < 0.3] = 0.0
        P.flat[rng.integers(m * n)] += 0.1  # keep at least one positive cell
    if zero_row and m > 1:
        row = rng.integers(m)
        P[row] = 0.0  # an impossible x: p(x) = 0
        if not P.any():
            P[(row + 1) % m, 0] = 1.0
    return P / P.sum()


def _row_entropies(P, base):
    """H(Y | X = x) per row from scipy.stats.entropy (which normalises each row); 0 for empty rows."""
    with np.errstate(invalid="ignore"):
        h = scipy.stats.entropy(P, base=base, axis=1)
    return np.where(P.sum(axis=1) > 0, h, 0.0)


def test_hand_example(ex, rng):
    P = np.array([[0.25, 0.25], [0.5, 0.0]])
    inputs = {"P": P}
    expect_close(ex.joint_entropy(P, 2.0), 1.5, what="joint_entropy(P, base=2)",
                 how="by hand: 2 * (1/4) * 2 + (1/2) * 1", rtol=1e-12, atol=1e-12, inputs=inputs)
    p_x, p_y = ex.marginals(P)
    expect_close(p_x, np.array([0.5, 0.5]), what="p_x from marginals(P)", how="by hand: row sums",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(p_y, np.array([0.75, 0.25]), what="p_y from marginals(P)", how="by hand: column sums",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(ex.entropy_given_x(P, 2.0), np.array([1.0, 0.0]), what="entropy_given_x(P, base=2)",
                 how="by hand: row 0 is a fair coin (1 bit), row 1 is certain (0 bits)",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(ex.conditional_entropy(P, 2.0), 0.5, what="conditional_entropy(P, base=2)",
                 how="by hand: 1/2 * 1 + 1/2 * 0", rtol=1e-12, atol=1e-12, inputs=inputs)


def test_cover_thomas_example_2_2_1(ex, rng):
    P = COVER_THOMAS
    inputs = {"P (rows x, columns y)": P}
    expect_close(ex.joint_entropy(P, 2.0), 27 / 8, what="joint_entropy(P, base=2)",
                 how="Cover & Thomas Example 2.2.1: H(X, Y) = 27/8 bits", rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(ex.conditional_entropy(P, 2.0), 13 / 8, what="conditional_entropy(P, base=2) = H(Y | X)",
                 how="Cover & Thomas Example 2.2.1: H(Y | X) = 13/8 bits", rtol=1e-12, atol=1e-12,
                 inputs=inputs)
    expect_close(ex.conditional_entropy(P.T, 2.0), 11 / 8, what="conditional_entropy(P.T, base=2) = H(X | Y)",
                 how="Cover & Thomas Example 2.2.1: H(X | Y) = 11/8 bits", rtol=1e-12, atol=1e-12,
                 inputs=inputs)


def test_joint_entropy_matches_scipy_on_the_flattened_table(ex, rng):
    for m, n in SHAPES:
        P = _table(rng, m, n)
        for base in (2.0, np.e):
            expect_close(ex.joint_entropy(P, base), scipy.stats.entropy(P.ravel(), base=base),
                         what=f"joint_entropy(P, base={base:.4g}) for P of shape {(m, n)}",
                         how=f"scipy.stats.entropy(P.ravel(), base={base:.4g})", rtol=1e-10, atol=1e-12,
                         inputs={"P": P})


def test_marginals_on_non_square_tables(ex, rng):
    for m, n in SHAPES:
        P = _table(rng, m, n)
        p_x, p_y = ex.marginals(P)
        expect_close(p_x, P.sum(axis=1), what=f"p_x from marginals(P), P of shape {(m, n)}",
                     how="P.sum(axis=1): one value per row x", rtol=1e-12, atol=1e-14, inputs={"P": P})
        expect_close(p_y, P.sum(axis=0), what=f"p_y from marginals(P), P of shape {(m, n)}",
                     how="P.sum(axis=0): one value per column y", rtol=1e-12, atol=1e-14, inputs={"P": P})


def test_entropy_given_each_x_matches_scipy_rows(ex, rng):
    for (m, n), zero_row in zip(SHAPES, (False, False, True, True, True, False, True)):
        P = _table(rng, m, n, zero_row=zero_row)
        for base in (2.0, np.e):
            expect_close(ex.entropy_given_x(P, base), _row_entropies(P, base),
                         what=f"entropy_given_x(P, base={base:.4g}) for P of shape {(m, n)}",
                         how=f"scipy.stats.entropy(P, base={base:.4g}, axis=1) (it normalises each row "
                             "to p(y | x)); 0 for rows with p(x) = 0",
                         rtol=1e-10, atol=1e-12, inputs={"P": P})


def test_conditional_entropy_and_chain_rule(ex, rng):
    for (m, n), zero_row in zip(SHAPES, (False, True, False, True, True, True, False)):
        P = _table(rng, m, n, zero_row=zero_row)
        inputs = {"P": P}
        for base in (2.0, np.e):
            h_xy = scipy.stats.entropy(P.ravel(), base=base)
            h_x = scipy.stats.entropy(P.sum(axis=1), base=base)
            h_y = scipy.stats.entropy(P.sum(axis=0), base=base)
            weighted = float(P.sum(axis=1) @ _row_entropies(P, base))
            got = ex.conditional_entropy(P, base)
            expect_close(got, weighted, what=f"conditional_entropy(P, base={base:.4g}) for P of shape {(m, n)}",
                         how="sum_x p(x) * scipy.stats.entropy(P[x] / p(x))", rtol=1e-10, atol=1e-12,
                         inputs=inputs)
            expect_close(got, h_xy - h_x, what=f"H(Y | X) for P of shape {(m, n)} (chain rule)",
                         how="H(X, Y) - H(X) with scipy.stats.entropy of P.ravel() and of P.sum(axis=1)",
                         rtol=1e-9, atol=1e-12, inputs=inputs)
            expect_close(ex.conditional_entropy(P.T, base), h_xy - h_y,
                         what=f"conditional_entropy(P.T, base={base:.4g}) = H(X | Y) for P of shape {(m, n)}",
                         how="H(X, Y) - H(Y) with scipy.stats.entropy of P.ravel() and of P.sum(axis=0)",
                         rtol=1e-9, atol=1e-12, inputs=inputs)


def test_independent_and_deterministic_tables(ex, rng):
    for m, n in ((3, 5), (4, 2)):
        p_x, p_y = rng.dirichlet(np.ones(m)), rng.dirichlet(np.ones(n))
        p_y[0] = 0.0
        p_y /= p_y.sum()
        P = np.outer(p_x, p_y)
        expect_close(ex.conditional_entropy(P, 2.0), scipy.stats.entropy(p_y, base=2),
                     what="conditional_entropy(outer(p_x, p_y)): X and Y independent",
                     how="H(Y | X) = H(Y) = scipy.stats.entropy(p_y, base=2)", rtol=1e-10, atol=1e-12,
                     inputs={"P": P})
    # Y = f(X): every row has a single positive cell, so knowing x leaves no uncertainty.
    f = np.array([2, 0, 2, 1, 0])
    P = np.zeros((5, 3))
    P[np.arange(5), f] = rng.dirichlet(np.ones(5))
    expect_close(ex.conditional_entropy(P, 2.0), 0.0, what="conditional_entropy(P) for Y = f(X)",
                 how="H(Y | X) = 0 when Y is a function of X", atol=1e-12, inputs={"P": P})
    expect_close(ex.joint_entropy(P, 2.0), scipy.stats.entropy(P.sum(axis=1), base=2),
                 what="joint_entropy(P) for Y = f(X)", how="H(X, Y) = H(X) when Y = f(X)",
                 rtol=1e-10, atol=1e-12, inputs={"P": P})


def test_conditioning_reduces_entropy(ex, rng):
    for m, n in ((3, 4), (5, 2), (2, 6)):
        P = _table(rng, m, n, zeros=False)
        h_y = scipy.stats.entropy(P.sum(axis=0), base=2)
        got = float(ex.conditional_entropy(P, 2.0))
        expect(-1e-12 <= got <= h_y + 1e-12, "need 0 <= H(Y | X) <= H(Y) (conditioning reduces entropy)",
               H_Y_given_X=got, H_Y=h_y, P=P)


def test_input_is_not_modified(ex, rng):
    P = _table(rng, 3, 4, zero_row=True)
    before = P.copy()
    ex.joint_entropy(P)
    ex.marginals(P)
    ex.entropy_given_x(P)
    ex.conditional_entropy(P)
    expect(np.array_equal(P, before), "a function modified P in place", P_before=before, P_after=P)
