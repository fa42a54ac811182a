"""Checks for joint, marginal and conditional distributions (references: tables built
from known marginals and conditionals, NumPy sums, Bayes' rule and hand-worked values)."""
import numpy as np

from deeproots.grading.checks import expect_close, expect_equal

# Non-square both ways (a wrong axis shows as a wrong shape), square, and degenerate.
SHAPES = [(1, 1), (1, 4), (4, 1), (2, 3), (3, 2), (4, 4), (6, 9)]
HAND = np.array([[0.1, 0.2], [0.3, 0.4]])


def _random_joint(rng, shape):
    return rng.dirichlet(np.ones(shape[0] * shape[1])).reshape(shape)


def _built_joint(rng, nx, ny, zero_row=None, zero_column=None):
    """P[i, j] = p_x[i] K[i, j] with K[i, :] = P(Y | X = x_i): marginal and conditional known."""
    p_x = rng.dirichlet(np.ones(nx))
    K = rng.dirichlet(np.ones(ny), size=nx)
    if zero_row is not None:
        p_x[zero_row] = 0.0
        p_x /= p_x.sum()
    if zero_column is not None:
        K[:, zero_column] = 0.0
        K /= K.sum(axis=1, keepdims=True)
    return p_x[:, None] * K, p_x, K


def test_hand_example(ex, rng):
    p_x, p_y = ex.marginals(HAND)
    expect_close(p_x, np.array([0.3, 0.7]), what="p_x of [[0.1, 0.2], [0.3, 0.4]]", how="by hand: row sums",
                 rtol=1e-12, atol=1e-12)
    expect_close(p_y, np.array([0.4, 0.6]), what="p_y of [[0.1, 0.2], [0.3, 0.4]]", how="by hand: column sums",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.conditional_x_given_y(HAND), np.array([[0.25, 1 / 3], [0.75, 2 / 3]]),
                 what="conditional_x_given_y([[0.1, 0.2], [0.3, 0.4]])",
                 how="by hand: columns [0.1, 0.3] / 0.4 and [0.2, 0.4] / 0.6", rtol=1e-12, atol=1e-12)
    expect_close(ex.conditional_y_given_x(HAND), np.array([[1 / 3, 2 / 3], [3 / 7, 4 / 7]]),
                 what="conditional_y_given_x([[0.1, 0.2], [0.3, 0.4]])",
                 how="by hand: rows [0.1, 0.2] / 0.3 and [0.3, 0.4] / 0.7", rtol=1e-12, atol=1e-12)
    expect_close(ex.conditional_expectation_x_given_y(HAND, np.array([0.0, 1.0])), np.array([0.75, 2 / 3]),
                 what="conditional_expectation_x_given_y(P, x_values=[0, 1])",
                 how="by hand: P(X = 1 | Y = y_j) = 0.3 / 0.4 and 0.4 / 0.6", rtol=1e-12, atol=1e-12)
    expect_equal(ex.is_independent(HAND, 1e-9), False, what="is_independent([[0.1, 0.2], [0.3, 0.4]])",
                 how="by hand: p_x[0] p_y[0] = 0.12 != 0.1")


def test_marginals(ex, rng):
    for shape in SHAPES:
        P = _random_joint(rng, shape)
        p_x, p_y = ex.marginals(P)
        expect_close(p_x, P.sum(axis=1), what=f"p_x for a joint table of shape {shape}",
                     how="P.sum(axis=1): sum over the values of Y", rtol=1e-12, atol=1e-14, inputs={"P": P})
        expect_close(p_y, P.sum(axis=0), what=f"p_y for a joint table of shape {shape}",
                     how="P.sum(axis=0): sum over the values of X", rtol=1e-12, atol=1e-14, inputs={"P": P})
    P, p_x_built, _ = _built_joint(rng, 3, 5, zero_row=1)
    expect_close(ex.marginals(P)[0], p_x_built, what="p_x of P = p_x[:, None] * P(Y | X)",
                 how="the p_x the table was built from", rtol=1e-12, atol=1e-14, inputs={"P": P})


def test_conditionals_with_zero_probability_rows_and_columns(ex, rng):
    cases = [(4, 3, None, None), (3, 5, 0, None), (5, 2, None, 1), (4, 4, 2, 3), (1, 3, None, None), (3, 1, 1, None)]
    for nx, ny, zero_row, zero_column in cases:
        P, p_x, K = _built_joint(rng, nx, ny, zero_row, zero_column)
        inputs = {"P": P}
        # P(Y | X = x_i) is row i of K by construction; undefined (nan) where p_x[i] = 0.
        expected_y_given_x = np.where(p_x[:, None] > 0, K, np.nan)
        expect_close(ex.conditional_y_given_x(P), expected_y_given_x,
                     what=f"conditional_y_given_x(P), shape {(nx, ny)}, zero row {zero_row}",
                     how="the conditional table K the joint was built from (P = p_x[:, None] * K); "
                         "nan rows where p_x = 0", rtol=1e-10, atol=1e-13, inputs=inputs)
        # Bayes: P(X = x_i | Y = y_j) = p_x[i] K[i, j] / sum_k p_x[k] K[k, j]; nan where that is 0.
        numerator = p_x[:, None] * K
        evidence = numerator.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            expected_x_given_y = np.where(evidence > 0, numerator / evidence, np.nan)
        expect_close(ex.conditional_x_given_y(P), expected_x_given_y,
                     what=f"conditional_x_given_y(P), shape {(nx, ny)}, zero column {zero_column}",
                     how="Bayes' rule p_x[i] K[i, j] / sum_k p_x[k] K[k, j]; nan columns where P(Y = y_j) = 0",
                     rtol=1e-10, atol=1e-13, inputs=inputs)


def test_independence(ex, rng):
    for shape in SHAPES:
        p_x, p_y = rng.dirichlet(np.ones(shape[0])), rng.dirichlet(np.ones(shape[1]))
        P = np.outer(p_x, p_y)  # independent by construction; its recomputed marginals differ by rounding
        expect_equal(ex.is_independent(P, 1e-9), True, what=f"is_independent(np.outer(p_x, p_y)), shape {shape}",
                     how="independent by construction (up to rounding, within tol = 1e-9)", inputs={"P": P})
    for shape in [(2, 2), (3, 4), (5, 2)]:
        P = _random_joint(rng, shape)
        expect_equal(ex.is_independent(P, 1e-9), False, what=f"is_independent(random joint table), shape {shape}",
                     how="a random table is far from the product of its marginals", inputs={"P": P})
    # A product table nudged by +-1e-6 keeps its marginals: dependent at tol 1e-9, independent at 1e-5.
    P = np.outer([0.5, 0.5], [0.25, 0.75]) + 1e-6 * np.array([[1.0, -1.0], [-1.0, 1.0]])
    expect_equal(ex.is_independent(P, 1e-9), False, what="is_independent(outer + 1e-6 nudge, tol=1e-9)",
                 how="max |P - outer(p_x, p_y)| = 1e-6 > 1e-9", inputs={"P": P})
    expect_equal(ex.is_independent(P, 1e-5), True, what="is_independent(outer + 1e-6 nudge, tol=1e-5)",
                 how="max |P - outer(p_x, p_y)| = 1e-6 <= 1e-5", inputs={"P": P})


def test_conditional_expectation(ex, rng):
    for (nx, ny), zero_column in (((3, 5), None), ((5, 3), 2), ((4, 4), 0), ((1, 2), None), ((6, 1), None)):
        P, _, _ = _built_joint(rng, nx, ny, zero_column=zero_column)
        x_values = rng.normal(scale=3.0, size=nx)
        p_y = P.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            expected = np.where(p_y > 0, (x_values[:, None] * P).sum(axis=0) / p_y, np.nan)
        got = np.asarray(ex.conditional_expectation_x_given_y(P, x_values), dtype=float)
        inputs = {"P": P, "x_values": x_values}
        expect_close(got, expected, what=f"conditional_expectation_x_given_y(P, x_values), P of shape {(nx, ny)}",
                     how="sum_i x_i P[i, j] / P(Y = y_j); nan where P(Y = y_j) = 0", rtol=1e-10, atol=1e-12,
                     inputs=inputs)
        defined = p_y > 0
        expect_close(np.sum(got[defined] * p_y[defined]), x_values @ P.sum(axis=1),
                     what="sum_j E[X | Y = y_j] P(Y = y_j)", how="the law of total expectation: E[X]",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
