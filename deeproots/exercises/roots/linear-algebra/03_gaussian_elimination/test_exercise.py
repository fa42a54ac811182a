"""Checks for Gaussian elimination (references: NumPy's solve, SciPy's LU factorization)."""
import numpy as np
import scipy.linalg

from deeproots.grading.checks import expect, expect_close


def _well_conditioned(rng, n):
    # A random Gaussian matrix: nonsingular with probability one, modest condition number.
    return rng.normal(size=(n, n))


def test_back_substitution_matches_numpy(ex, rng):
    for n in (1, 2, 3, 6, 12):
        U = np.triu(rng.normal(size=(n, n)))
        U[np.diag_indices(n)] = rng.uniform(1.0, 3.0, size=n) * rng.choice([-1.0, 1.0], size=n)
        c = rng.normal(size=n)
        expect_close(ex.back_substitute(U, c), np.linalg.solve(U, c), what="back_substitute(U, c)",
                     how="np.linalg.solve(U, c)", rtol=1e-9, atol=1e-10, inputs={"U": U, "c": c})
    U, c = np.array([[2.0, 1.0], [0.0, 4.0]]), np.array([5.0, 8.0])
    expect_close(ex.back_substitute(U, c), np.array([1.5, 2.0]), what="back_substitute(U, c)",
                 how="by hand: x1 = 8/4 = 2, x0 = (5 - 1*2)/2 = 1.5", rtol=1e-12, atol=1e-12,
                 inputs={"U": U, "c": c})


def test_forward_elimination_matches_lu_with_partial_pivoting(ex, rng):
    for n in (1, 2, 3, 5, 8):
        A = _well_conditioned(rng, n)
        b = rng.normal(size=n)
        P, L, U_ref = scipy.linalg.lu(A)  # A = P L U, partial pivoting as in LAPACK getrf
        c_ref = scipy.linalg.solve_triangular(L, P.T @ b, lower=True, unit_diagonal=True)
        U, c = ex.forward_eliminate(A, b)
        U, c = np.asarray(U), np.asarray(c)
        below = np.tril(U, -1)
        expect(np.all(below == 0.0),
               "U has nonzero entries below the diagonal: set them to exactly 0 "
               "(l * U[k, k] leaves rounding dust like 1e-17 in U[i, k])",
               largest_below_diagonal=float(np.max(np.abs(below))), A=A)
        expect_close(U, U_ref, what="U from forward_eliminate(A, b)",
                     how="scipy.linalg.lu(A): the U of PA = LU with partial pivoting",
                     rtol=1e-9, atol=1e-10, inputs={"A": A, "b": b})
        expect_close(c, c_ref, what="c from forward_eliminate(A, b)",
                     how="L^-1 P^T b from scipy.linalg.lu(A)", rtol=1e-9, atol=1e-10,
                     inputs={"A": A, "b": b})


def test_solve_matches_numpy(ex, rng):
    for n in (1, 2, 4, 7, 15):
        A = _well_conditioned(rng, n)
        b = rng.normal(size=n)
        expect_close(ex.solve(A, b), np.linalg.solve(A, b), what="solve(A, b)",
                     how="np.linalg.solve(A, b)", rtol=1e-7, atol=1e-9, inputs={"A": A, "b": b})
    A = rng.normal(scale=1e6, size=(4, 4))
    b = rng.normal(scale=1e6, size=4)
    expect_close(ex.solve(A, b), np.linalg.solve(A, b), what="solve(A, b), entries around 1e6",
                 how="np.linalg.solve(A, b)", rtol=1e-7, atol=1e-9, inputs={"A": A, "b": b})


def test_zero_and_tiny_pivots_need_row_swaps(ex, rng):
    A, b = np.array([[0.0, 1.0], [1.0, 1.0]]), np.array([1.0, 2.0])
    expect_close(ex.solve(A, b), np.array([1.0, 1.0]), what="solve(A, b) with A[0, 0] = 0",
                 how="by hand: x1 = 1, x0 + x1 = 2", rtol=1e-12, atol=1e-12, inputs={"A": A, "b": b})
    A, b = np.array([[1e-20, 1.0], [1.0, 1.0]]), np.array([1.0, 2.0])
    expect_close(ex.solve(A, b), np.linalg.solve(A, b), what="solve(A, b) with pivot 1e-20",
                 how="np.linalg.solve(A, b) (about [1, 1])", rtol=1e-12, atol=1e-12,
                 inputs={"A": A, "b": b})
    # A zero pivot that appears only at the second step when rows are not swapped.
    A, b = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 7.0], [1.0, 3.0, 5.0]]), np.array([6.0, 13.0, 9.0])
    expect_close(ex.solve(A, b), np.linalg.solve(A, b), what="solve(A, b)",
                 how="np.linalg.solve(A, b) (x = [1, 1, 1])", rtol=1e-10, atol=1e-12,
                 inputs={"A": A, "b": b})


def test_inputs_are_not_modified(ex, rng):
    A = _well_conditioned(rng, 4)
    b = rng.normal(size=4)
    A_before, b_before = A.copy(), b.copy()
    ex.forward_eliminate(A, b)
    ex.solve(A, b)
    expect(np.array_equal(A, A_before) and np.array_equal(b, b_before),
           "forward_eliminate / solve modified A or b in place: work on copies",
           A_before=A_before, A_after=A, b_before=b_before, b_after=b)
