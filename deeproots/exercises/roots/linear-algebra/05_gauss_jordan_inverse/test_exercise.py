"""Checks for the Gauss-Jordan inverse (references: numpy.linalg.inv, numpy.linalg.solve,
scipy.linalg.invhilbert (the exact inverse of the Hilbert matrix), inverses done by hand)."""
import numpy as np
import scipy.linalg

from deeproots.grading.checks import expect, expect_close, expect_raises


def _expect_value_error(call, what, inputs):
    """The learner's call must raise ValueError (LinAlgError, a subclass, is accepted)."""
    expect_raises(call, ValueError, what=what, why=" for a singular matrix (check the pivot against "
                  "tol * max|A| before dividing by it)", inputs=inputs)


def test_hand_examples(ex, rng):
    A = np.array([[1.0, 3.0], [2.0, 7.0]])
    expect_close(ex.inverse(A), np.array([[7.0, -3.0], [-2.0, 1.0]]), what="inverse([[1, 3], [2, 7]])",
                 how="by hand (MIT 18.06 lecture 3): [[7, -3], [-2, 1]], det = 1", rtol=1e-12, atol=1e-12,
                 inputs={"A": A})
    # Every leading pivot is zero: only row swaps get started.
    A = np.array([[0.0, 2.0, 0.0], [0.0, 0.0, 4.0], [5.0, 0.0, 0.0]])
    expected = np.array([[0.0, 0.0, 0.2], [0.5, 0.0, 0.0], [0.0, 0.25, 0.0]])
    expect_close(ex.inverse(A), expected, what="inverse of a scaled permutation matrix",
                 how="by hand: A e_j is a multiple of another e_i, so invert each entry and transpose",
                 rtol=1e-12, atol=1e-12, inputs={"A": A})
    A = np.array([[4.0]])
    expect_close(ex.inverse(A), np.array([[0.25]]), what="inverse([[4]])", how="1 / 4",
                 rtol=1e-12, atol=1e-12, inputs={"A": A})


def test_gauss_jordan_reduces_left_block_to_identity(ex, rng):
    for n, k in ((1, 1), (3, 1), (4, 3), (6, 2)):
        A, B = rng.normal(size=(n, n)), rng.normal(size=(n, k))
        M = np.hstack([A, B])
        R = np.asarray(ex.gauss_jordan(M))
        expect(R.shape == (n, n + k), f"gauss_jordan(M) should have M's shape {M.shape}, got {R.shape}",
               M=M)
        expect_close(R[:, :n], np.eye(n), what=f"left block of gauss_jordan([A | B]), n = {n}",
                     how="the identity: every pivot 1, zeros above and below", rtol=0, atol=1e-10,
                     inputs={"M": M})
        expect_close(R[:, n:], np.linalg.solve(A, B), what=f"right block of gauss_jordan([A | B]), n = {n}",
                     how="np.linalg.solve(A, B) = A^-1 B", rtol=1e-8, atol=1e-10, inputs={"M": M})


def test_inverse_matches_numpy(ex, rng):
    for n, scale in ((1, 1.0), (2, 1.0), (3, 1.0), (6, 1.0), (15, 1.0), (5, 1e6), (5, 1e-6)):
        A = rng.normal(scale=scale, size=(n, n))
        X = ex.inverse(A)
        inputs = {"A": A}
        expect_close(X, np.linalg.inv(A), what=f"inverse(A) for n = {n}, |A| ~ {scale:g}",
                     how="np.linalg.inv(A)", rtol=1e-8, atol=1e-10 / scale, inputs=inputs)
        X = np.asarray(X)
        expect_close(A @ X, np.eye(n), what=f"A @ inverse(A) for n = {n}", how="the identity",
                     rtol=0, atol=1e-9, inputs=inputs)
        expect_close(X @ A, np.eye(n), what=f"inverse(A) @ A for n = {n}", how="the identity",
                     rtol=0, atol=1e-9, inputs=inputs)


def test_tiny_pivot_and_hilbert(ex, rng):
    A = np.array([[1e-20, 1.0], [1.0, 1.0]])
    expect_close(ex.inverse(A), np.linalg.inv(A), what="inverse([[1e-20, 1], [1, 1]])",
                 how="np.linalg.inv(A) (about [[-1, 1], [1, 0]]): needs a row swap", rtol=1e-12,
                 atol=1e-12, inputs={"A": A})
    H = scipy.linalg.hilbert(6)  # condition number 1.5e7: expect about 7 correct digits
    expect_close(ex.inverse(H), scipy.linalg.invhilbert(6), what="inverse(hilbert(6))",
                 how="scipy.linalg.invhilbert(6), exact integers; rtol 1e-6 ~ 300 eps cond(H)",
                 rtol=1e-6, atol=0, inputs={"H": H})


def test_singular_matrix_raises_value_error(ex, rng):
    X, Y = rng.normal(size=(4, 2)), rng.normal(size=(2, 4))
    cases = [
        (np.array([[1.0, 2.0], [3.0, 6.0]]), "[[1, 2], [3, 6]] (column 2 = 2 * column 1)"),
        (np.zeros((2, 2)), "the zero matrix"),
        (np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]), "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]"),
        (1e-5 * (X @ Y), "a rank-2 4 x 4 matrix, entries ~ 1e-5 (rounding-level pivots)"),
    ]
    for A, label in cases:
        _expect_value_error(lambda A=A: ex.inverse(A), f"inverse(A) for {label}", {"A": A})


def test_the_singularity_test_is_relative(ex, rng):
    # tol * max|A|, not tol: a well-conditioned matrix with tiny entries is not singular.
    B = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]])
    for scale in (1e-14, 1e-20):
        A = scale * B
        expect_close(ex.inverse(A), np.linalg.inv(A), what=f"inverse({scale:g} * B), B well conditioned",
                     how="np.linalg.inv(A) (= inv(B) / scale): compare the pivot with tol * max|A|, "
                         "a relative test, not with tol itself", rtol=1e-10, atol=0, inputs={"A": A})
