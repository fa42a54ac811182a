"""Checks for the determinant by elimination (references: numpy.linalg.det, scipy.linalg.lu)."""
import numpy as np
import scipy.linalg

from deeproots.grading.checks import expect, expect_close, expect_equal


def _hadamard_bound(A):
    # Hadamard's inequality: |det A| <= product of the row lengths. The natural scale for
    # how far from 0 a rounded determinant may land.
    return float(np.prod(np.linalg.norm(A, axis=1))) or 1.0


def test_permutation_sign_by_hand(ex, rng):
    cases = [([0], 1, "the identity of size 1: zero swaps"),
             ([1, 0], -1, "one swap"),
             ([1, 0, 2], -1, "one swap"),
             ([1, 2, 0], 1, "a 3-cycle: two swaps"),
             ([2, 1, 0], -1, "reversing 3 items: one swap (0 2)"),
             ([3, 2, 1, 0], 1, "reversing 4 items: two swaps (0 3)(1 2)"),
             ([0, 1, 2, 3, 4], 1, "the identity: zero swaps"),
             ([1, 2, 3, 4, 0], 1, "a 5-cycle: four swaps")]
    for perm, sign, how in cases:
        perm = np.array(perm)
        expect_equal(int(ex.permutation_sign(perm)), sign, what=f"permutation_sign({perm.tolist()})",
                     how=f"by hand: {how}", inputs={"perm": perm})


def test_permutation_sign_matches_det_of_permutation_matrix(ex, rng):
    for n in (2, 3, 6, 10, 10, 25):
        perm = rng.permutation(n)
        expected = int(round(np.linalg.det(np.eye(n)[perm])))
        expect_equal(int(ex.permutation_sign(perm)), expected, what=f"permutation_sign(perm), n = {n}",
                     how="np.linalg.det of the permutation matrix np.eye(n)[perm]", inputs={"perm": perm})


def test_eliminate_matches_lu_with_partial_pivoting(ex, rng):
    for n in (1, 2, 3, 5, 8):
        A = rng.normal(size=(n, n))
        P, _, U_ref = scipy.linalg.lu(A)  # A = P L U, partial pivoting as in LAPACK getrf
        U, sign = ex.eliminate(A)
        U = np.asarray(U)
        expect_close(np.tril(U, -1), np.zeros((n, n)), what="entries of U below the diagonal",
                     how="U must be upper triangular", atol=1e-12, inputs={"A": A})
        expect_close(U, U_ref, what="U from eliminate(A)",
                     how="scipy.linalg.lu(A): the U of PA = LU with partial pivoting",
                     rtol=1e-9, atol=1e-10, inputs={"A": A})
        expect_equal(int(round(float(sign))), int(round(np.linalg.det(P))), what="sign from eliminate(A)",
                     how="np.linalg.det(P), P the permutation of scipy.linalg.lu(A)", inputs={"A": A})


def test_determinant_by_hand(ex, rng):
    cases = [(np.array([[2.0, 1.0], [4.0, 3.0]]), 2.0, "2*3 - 1*4"),
             (np.array([[5.0]]), 5.0, "a 1x1 matrix is its own determinant"),
             (np.array([[2.0, 7.0, 1.0], [0.0, 3.0, 8.0], [0.0, 0.0, -4.0]]), -24.0,
              "triangular: the product of the diagonal 2 * 3 * -4"),
             (np.array([[0.0, 1.0], [1.0, 0.0]]), -1.0, "one row exchange of I: -1 (a zero pivot: swap)"),
             (np.eye(4), 1.0, "det I = 1 (no row exchanges at all)"),
             (np.eye(3)[[1, 2, 0]], 1.0, "a cyclic permutation of I: two exchanges, +1"),
             (np.eye(4)[::-1].copy(), 1.0, "I with its 4 rows reversed: two exchanges, +1"),
             (np.eye(5)[::-1].copy(), 1.0, "I with its 5 rows reversed: two exchanges, +1"),
             (np.eye(3)[::-1].copy(), -1.0, "I with its 3 rows reversed: one exchange, -1")]
    for A, expected, how in cases:
        expect_close(ex.determinant(A), expected, what="determinant(A)", how=f"by hand: {how}",
                     rtol=1e-12, atol=1e-12, inputs={"A": A})


def test_determinant_matches_numpy(ex, rng):
    for n, scale in ((1, 1.0), (2, 1.0), (3, 1.0), (4, 1.0), (6, 1.0), (10, 1.0), (20, 1.0),
                     (8, 1e3), (8, 1e-3)):
        A = rng.normal(scale=scale, size=(n, n))
        expect_close(ex.determinant(A), np.linalg.det(A), what=f"determinant(A) for a {n}x{n} A",
                     how="np.linalg.det(A)", rtol=1e-9, atol=1e-13 * _hadamard_bound(A),
                     inputs={"A": A})


def test_singular_matrices_give_zero(ex, rng):
    exact = [(np.array([[1.0, 2.0], [2.0, 4.0]]), "row 2 = 2 * row 1"),
             (np.array([[0.0, 1.0, 2.0], [0.0, 3.0, 4.0], [0.0, 5.0, 6.0]]), "a zero column"),
             (np.array([[1.0, 0.0, 2.0], [3.0, 0.0, 4.0], [5.0, 0.0, 6.0]]),
              "a zero column (it stays zero after the first step)"),
             (np.zeros((3, 3)), "the zero matrix")]
    for A, how in exact:
        expect_close(ex.determinant(A), 0.0, what="determinant(A) of a singular A",
                     how=f"by hand: {how}, so det A = 0 (no division by a zero pivot)",
                     atol=1e-12, inputs={"A": A})
    nearly = [np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])]
    for n, rank in ((4, 3), (6, 2), (7, 5)):
        nearly.append(rng.normal(size=(n, rank)) @ rng.normal(size=(rank, n)))
    for A in nearly:
        bound = _hadamard_bound(A)
        expect_close(ex.determinant(A), np.linalg.det(A), what="determinant(A) of a rank-deficient A",
                     how="np.linalg.det(A): 0 up to rounding (tolerance 1e-12 * Hadamard's bound)",
                     atol=1e-12 * bound, inputs={"A": A})


def test_input_is_not_modified(ex, rng):
    A = rng.normal(size=(5, 5))
    before = A.copy()
    ex.eliminate(A)
    ex.determinant(A)
    expect(np.array_equal(A, before), "eliminate / determinant modified A in place: work on a copy",
           A_before=before, A_after=A)
