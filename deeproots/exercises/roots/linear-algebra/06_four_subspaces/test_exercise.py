"""Checks for rref, rank and the null space (references: numpy.linalg.matrix_rank,
scipy.linalg.null_space, matrices built from a known RREF, Strang's example by hand).
Null spaces are compared as subspaces, through their orthogonal projectors, never basis
against basis."""
import numpy as np
import scipy.linalg

from deeproots.grading.checks import expect, expect_close, expect_equal

# (m, n, r): tall, wide, square, rank-deficient, full rank both ways, one row, one column.
SHAPES = [(3, 4, 2), (4, 6, 3), (6, 3, 2), (5, 5, 3), (4, 4, 1), (6, 4, 4), (3, 7, 3), (1, 5, 1),
          (5, 1, 1), (7, 7, 7)]


def _random_rref(rng, r, n):
    """An r x n matrix in reduced row echelon form with random pivot columns."""
    pivots = np.sort(rng.choice(n, size=r, replace=False))
    R = np.zeros((r, n))
    for i, p in enumerate(pivots):
        R[i, p + 1:] = rng.integers(-3, 4, size=n - p - 1) + rng.uniform(-0.5, 0.5, size=n - p - 1)
    R[:, pivots] = np.eye(r)
    return R, [int(p) for p in pivots]


def _case(rng, m, n, r):
    """A = X R_r with X (m, r) of full column rank: rref(A) is R_r padded with zero rows."""
    R_r, pivots = _random_rref(rng, r, n)
    A = rng.normal(size=(m, r)) @ R_r
    return A, np.vstack([R_r, np.zeros((m - r, n))]), pivots


def _projector(B):
    """Orthogonal projector onto the column space of B (n, k), k may be 0."""
    B = np.asarray(B, dtype=float)
    if B.shape[1] == 0:
        return np.zeros((B.shape[0], B.shape[0]))
    Q, _ = np.linalg.qr(B)
    return Q @ Q.T


def _check_null_space(N, A, r, what):
    m, n = A.shape
    N = np.asarray(N, dtype=float)
    inputs = {"A": A}
    expect(N.shape == (n, n - r), f"{what}: expected shape {(n, n - r)} (n - rank = {n} - {r}), "
           f"got {N.shape}", A=A)
    if n - r == 0:
        return
    expect_equal(int(np.linalg.matrix_rank(N)), n - r, what=f"{what}: rank of the basis N",
                 how="its columns must be independent: np.linalg.matrix_rank(N)", inputs=inputs)
    scale = np.abs(A).max() * np.abs(N).max()
    expect_close(A @ N, np.zeros((m, n - r)), what=f"{what}: A @ N", how="every column of N solves Ax = 0",
                 rtol=0, atol=1e-9 * scale, inputs=inputs)
    expect_close(_projector(N), _projector(scipy.linalg.null_space(A)),
                 what=f"{what}: projector onto span(N)",
                 how="Z Z^T with Z = scipy.linalg.null_space(A) (an orthonormal basis from the SVD)",
                 rtol=0, atol=1e-8, inputs=inputs)


def test_hand_example_strang_lecture_7(ex, rng):
    A = np.array([[1.0, 2.0, 2.0, 2.0], [2.0, 4.0, 6.0, 8.0], [3.0, 6.0, 8.0, 10.0]])
    R, pivots = ex.rref(A)
    expect_close(R, np.array([[1.0, 2.0, 0.0, -2.0], [0.0, 0.0, 1.0, 2.0], [0.0, 0.0, 0.0, 0.0]]),
                 what="R = rref(A)", how="by hand (MIT 18.06 lecture 7)", rtol=1e-12, atol=1e-12,
                 inputs={"A": A})
    expect_equal([int(p) for p in pivots], [0, 2], what="pivot columns", how="by hand", inputs={"A": A})
    expect_equal(int(ex.rank(A)), 2, what="rank(A)", how="two pivots", inputs={"A": A})
    special = np.array([[-2.0, 2.0], [1.0, 0.0], [0.0, -2.0], [0.0, 1.0]])
    N = np.asarray(ex.null_space(A), dtype=float)
    expect(N.shape == (4, 2), f"null_space(A): expected shape (4, 2), got {N.shape}", A=A)
    expect_close(_projector(N), _projector(special), what="projector onto span(null_space(A))",
                 how="by hand: special solutions (-2, 1, 0, 0) and (2, 0, -2, 1)", rtol=0, atol=1e-10,
                 inputs={"A": A})


def test_rref_of_matrices_with_known_rref(ex, rng):
    for m, n, r in SHAPES:
        A, R_true, pivots_true = _case(rng, m, n, r)
        R, pivots = ex.rref(A)
        inputs = {"A": A}
        expect_equal([int(p) for p in pivots], pivots_true, what=f"pivot columns, A of shape {(m, n)}, rank {r}",
                     how="A = X R0 was built from a known RREF R0 with these pivot columns", inputs=inputs)
        expect_close(R, R_true, what=f"rref(A), A of shape {(m, n)}, rank {r}",
                     how="A = X R0 with X of full column rank, so rref(A) = R0 over zero rows (unique)",
                     rtol=1e-8, atol=1e-8, inputs=inputs)
        R = np.asarray(R, dtype=float)
        expect(np.all(R[r:] == 0.0), f"rref(A), A of shape {(m, n)}, rank {r}: the rows without a pivot "
               "must be exactly 0 (set the rounding dust there to 0)",
               rows_without_pivot=R[r:], A=A)


def test_rank_matches_numpy(ex, rng):
    for m, n, r in SHAPES:
        A, _, _ = _case(rng, m, n, r)
        expect_equal(int(ex.rank(A)), int(np.linalg.matrix_rank(A)), what=f"rank(A), A of shape {(m, n)}",
                     how="np.linalg.matrix_rank(A) (counts singular values above a tolerance)", inputs={"A": A})
    for scale in (1e8, 1e-8):
        A, _, _ = _case(rng, 5, 6, 3)
        A = scale * A
        expect_equal(int(ex.rank(A)), int(np.linalg.matrix_rank(A)), what=f"rank(A), entries ~ {scale:g}",
                     how="np.linalg.matrix_rank(A): 3 (use tol * max|A|, a relative tolerance)", inputs={"A": A})
    for A, label in ((np.zeros((3, 5)), "the 3 x 5 zero matrix"), (np.eye(4), "the identity")):
        expect_equal(int(ex.rank(A)), int(np.linalg.matrix_rank(A)), what=f"rank of {label}",
                     how="np.linalg.matrix_rank(A)", inputs={"A": A})


def test_null_space_matches_scipy(ex, rng):
    for m, n, r in SHAPES:
        A, _, _ = _case(rng, m, n, r)
        _check_null_space(ex.null_space(A), A, r, f"null_space(A), A of shape {(m, n)}, rank {r}")
    A = np.zeros((2, 3))
    _check_null_space(ex.null_space(A), A, 0, "null_space of the 2 x 3 zero matrix (all of R^3)")
    A = rng.normal(size=(3, 3))
    _check_null_space(ex.null_space(A), A, 3, "null_space of an invertible 3 x 3 matrix (only 0)")


def test_a_tiny_first_entry_needs_the_largest_pivot(ex, rng):
    # A = X R0 of rank 2 whose entry A[0, 0] = 1e-9 is above the tolerance (1e-10 * max|A|)
    # but tiny: taking it as the pivot (the first usable row rather than the largest |entry|)
    # multiplies the rounding dust by ~1e9, and the dust then looks like extra pivots.
    for case in range(4):
        R0 = np.zeros((2, 5))
        R0[0, 0] = R0[1, 2] = 1.0
        R0[0, 1] = 2.0
        R0[:, 3:] = rng.normal(size=(2, 2))
        X = rng.normal(size=(4, 2))
        X[0, 0] = 1e-9
        A = X @ R0
        expect_equal(int(ex.rank(A)), int(np.linalg.matrix_rank(A)),
                     what=f"rank(A) with A[0, 0] = 1e-9 (case {case + 1})",
                     how="np.linalg.matrix_rank(A): 2 (A = X R0 with R0 of rank 2); pivot on the largest "
                         "|entry| of the column, not the first one above the tolerance", inputs={"A": A})
        _check_null_space(ex.null_space(A), A, 2, f"null_space(A) with A[0, 0] = 1e-9 (case {case + 1})")
