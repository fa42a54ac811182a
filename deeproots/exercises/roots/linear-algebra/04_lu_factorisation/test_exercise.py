"""Checks for LU factorisation with partial pivoting (references: scipy.linalg.lu,
scipy.linalg.solve_triangular, numpy.linalg.solve, and a factorisation done by hand)."""
import numpy as np
import scipy.linalg

from deeproots.grading.checks import expect, expect_close, expect_raises


def _expect_value_error(call, what, inputs):
    """The learner's call must raise ValueError (LinAlgError, a subclass, is accepted)."""
    expect_raises(call, ValueError, what=what, why=" for a singular matrix (check the pivot against "
                  "tol * max|A| before dividing by it)", inputs=inputs)


def _check_factors(P, L, U, A, what):
    n = A.shape[0]
    P, L, U = np.asarray(P, dtype=float), np.asarray(L, dtype=float), np.asarray(U, dtype=float)
    inputs = {"A": A}
    for name, M in (("P", P), ("L", L), ("U", U)):
        expect(M.shape == (n, n), f"{what}: {name} should have shape {(n, n)}, got {M.shape}", A=A)
    expect(np.all((P == 0) | (P == 1)) and np.array_equal(P.sum(axis=0), np.ones(n))
           and np.array_equal(P.sum(axis=1), np.ones(n)),
           f"{what}: P is not a permutation matrix (one 1 in every row and column, zeros elsewhere)",
           P=P, A=A)
    expect_close(np.triu(L, 1), np.zeros((n, n)), what=f"{what}: entries of L above the diagonal",
                 how="L must be lower triangular", atol=0, rtol=0, inputs=inputs)
    expect_close(np.diag(L), np.ones(n), what=f"{what}: diagonal of L",
                 how="L is unit lower triangular: ones on the diagonal", atol=1e-14, inputs=inputs)
    expect_close(np.tril(U, -1), np.zeros((n, n)), what=f"{what}: entries of U below the diagonal",
                 how="U must be upper triangular", atol=1e-12 * np.abs(A).max(), rtol=0, inputs=inputs)
    expect_close(L @ U, P @ A, what=f"{what}: L @ U", how="P @ A (with your P)",
                 rtol=1e-10, atol=1e-12 * np.abs(A).max(), inputs=inputs)


def test_hand_example_with_two_row_swaps(ex, rng):
    A = np.array([[2.0, 1.0, 1.0], [4.0, -6.0, 0.0], [-2.0, 8.0, 2.0]])
    P, L, U = ex.lu(A)
    how = "by hand: pivots 4 then 5 (see the docstring)"
    expect_close(P, np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]), what="P",
                 how=how, rtol=0, atol=0, inputs={"A": A})
    expect_close(L, np.array([[1.0, 0.0, 0.0], [-0.5, 1.0, 0.0], [0.5, 0.8, 1.0]]), what="L",
                 how=how + "; the multipliers swap with their rows", rtol=1e-12, atol=1e-12,
                 inputs={"A": A})
    expect_close(U, np.array([[4.0, -6.0, 0.0], [0.0, 5.0, 2.0], [0.0, 0.0, -0.6]]), what="U",
                 how=how, rtol=1e-12, atol=1e-12, inputs={"A": A})


def test_lu_matches_scipy(ex, rng):
    for n in (1, 2, 3, 5, 8, 20):
        A = rng.normal(size=(n, n))
        P, L, U = ex.lu(A)
        _check_factors(P, L, U, A, f"lu(A) for n = {n}")
        p_ref, l_ref, u_ref = scipy.linalg.lu(A)  # A = p l u, so P = p.T
        how = "scipy.linalg.lu(A) (LAPACK getrf, partial pivoting): P = p.T"
        expect_close(P, p_ref.T, what=f"P for n = {n}", how=how + " (pick the largest |pivot|)",
                     rtol=0, atol=0, inputs={"A": A})
        expect_close(L, l_ref, what=f"L for n = {n}", how=how, rtol=1e-9, atol=1e-10, inputs={"A": A})
        expect_close(U, u_ref, what=f"U for n = {n}", how=how, rtol=1e-9, atol=1e-10, inputs={"A": A})


def test_substitutions_match_scipy(ex, rng):
    for n in (1, 2, 4, 9):
        T = rng.normal(size=(n, n))
        diagonal = rng.uniform(1.0, 3.0, size=n) * rng.choice([-1.0, 1.0], size=n)
        Lo, Up = np.tril(T, -1) + np.diag(diagonal), np.triu(T, 1) + np.diag(diagonal[::-1])
        c = rng.normal(size=n)
        expect_close(ex.forward_substitute(Lo, c), scipy.linalg.solve_triangular(Lo, c, lower=True),
                     what=f"forward_substitute(L, c) for n = {n} (diagonal not all ones)",
                     how="scipy.linalg.solve_triangular(L, c, lower=True)", rtol=1e-9, atol=1e-10,
                     inputs={"L": Lo, "c": c})
        expect_close(ex.back_substitute(Up, c), scipy.linalg.solve_triangular(Up, c, lower=False),
                     what=f"back_substitute(U, y) for n = {n}",
                     how="scipy.linalg.solve_triangular(U, y)", rtol=1e-9, atol=1e-10,
                     inputs={"U": Up, "y": c})
    Lo, c = np.array([[2.0, 0.0], [1.0, 4.0]]), np.array([4.0, 10.0])
    expect_close(ex.forward_substitute(Lo, c), np.array([2.0, 2.0]), what="forward_substitute(L, c)",
                 how="by hand: y0 = 4/2 = 2, y1 = (10 - 1*2)/4 = 2", rtol=1e-12, atol=1e-12,
                 inputs={"L": Lo, "c": c})


def test_solve_matches_numpy(ex, rng):
    for n, scale in ((1, 1.0), (2, 1.0), (4, 1.0), (7, 1.0), (25, 1.0), (5, 1e6), (5, 1e-6)):
        A = rng.normal(scale=scale, size=(n, n))
        b = rng.normal(size=n)
        expect_close(ex.solve(A, b), np.linalg.solve(A, b), what=f"solve(A, b) for n = {n}, |A| ~ {scale:g}",
                     how="np.linalg.solve(A, b)", rtol=1e-8, atol=1e-10 / scale, inputs={"A": A, "b": b})


def test_zero_and_tiny_pivots_need_row_swaps(ex, rng):
    cases = [
        (np.array([[0.0, 1.0], [1.0, 1.0]]), np.array([1.0, 2.0]), "A[0, 0] = 0"),
        (np.array([[1e-20, 1.0], [1.0, 1.0]]), np.array([1.0, 2.0]), "A[0, 0] = 1e-20"),
        # The second pivot is zero unless rows are swapped.
        (np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 7.0], [1.0, 3.0, 5.0]]), np.array([6.0, 13.0, 9.0]),
         "a zero second pivot without swaps (x = [1, 1, 1])"),
    ]
    for A, b, label in cases:
        P, L, U = ex.lu(A)
        _check_factors(P, L, U, A, f"lu(A) with {label}")
        expect_close(ex.solve(A, b), np.linalg.solve(A, b), what=f"solve(A, b) with {label}",
                     how="np.linalg.solve(A, b)", rtol=1e-10, atol=1e-12, inputs={"A": A, "b": b})


def test_singular_matrix_raises_value_error(ex, rng):
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(3, 5))
    cases = [
        (np.array([[1.0, 2.0], [2.0, 4.0]]), "[[1, 2], [2, 4]] (row 2 = 2 * row 1)"),
        (np.zeros((3, 3)), "the zero matrix"),
        (np.array([[5.0]]) * 0.0, "the 1 x 1 matrix [[0]]"),
        (1e6 * (X @ Y), "a rank-3 5 x 5 matrix, entries ~ 1e6 (pivots are rounding-level, not exactly 0)"),
    ]
    for A, label in cases:
        _expect_value_error(lambda A=A: ex.lu(A), f"lu(A) for {label}", {"A": A})
        b = np.ones(A.shape[0])
        _expect_value_error(lambda A=A, b=b: ex.solve(A, b), f"solve(A, b) for {label}", {"A": A, "b": b})


def test_ill_conditioned_or_tiny_is_not_singular(ex, rng):
    H = scipy.linalg.hilbert(7)  # condition number ~ 5e8: nearly singular, but invertible
    P, L, U = ex.lu(H)
    _check_factors(P, L, U, H, "lu(hilbert(7))")
    A = 1e-14 * rng.normal(size=(4, 4))  # tiny entries: the singularity test must be relative
    b = rng.normal(size=4)
    expect_close(ex.solve(A, b), np.linalg.solve(A, b), what="solve(A, b) with entries ~ 1e-14",
                 how="np.linalg.solve(A, b) (compare pivots with tol * max|A|, not with tol)",
                 rtol=1e-8, atol=0, inputs={"A": A, "b": b})
