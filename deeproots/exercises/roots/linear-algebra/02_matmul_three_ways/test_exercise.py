"""Checks for matrix multiplication three ways (reference: NumPy's A @ B)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close

# (m, n, p): non-square everywhere, plus the 1 x N, N x 1 and 1 x 1 edge cases.
SHAPES = [(3, 4, 5), (5, 2, 3), (1, 6, 3), (4, 6, 1), (5, 1, 4), (1, 4, 1), (1, 1, 1), (6, 6, 6)]
METHODS = ["matmul_by_rows", "matmul_by_columns", "matmul_by_outer_products"]


def _check_all_shapes(ex, name, rng):
    for m, n, p in SHAPES:
        A = rng.normal(size=(m, n))
        B = rng.normal(size=(n, p))
        expect_close(getattr(ex, name)(A, B), A @ B, what=f"{name}(A, B)", how="NumPy: A @ B",
                     rtol=1e-10, atol=1e-12, inputs={"A": A, "B": B})


def test_hand_example(ex, rng):
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    B = np.array([[5.0, 6.0], [7.0, 8.0]])
    # by hand: [[1*5 + 2*7, 1*6 + 2*8], [3*5 + 4*7, 3*6 + 4*8]]
    expected = np.array([[1 * 5 + 2 * 7, 1 * 6 + 2 * 8], [3 * 5 + 4 * 7, 3 * 6 + 4 * 8]], dtype=float)
    for name in METHODS:
        expect_close(getattr(ex, name)(A, B), expected, what=f"{name}(A, B)",
                     how="by hand: C[i, j] = row i of A . column j of B", rtol=1e-12, atol=1e-12,
                     inputs={"A": A, "B": B})


def test_by_rows_matches_numpy(ex, rng):
    _check_all_shapes(ex, "matmul_by_rows", rng)


def test_by_columns_matches_numpy(ex, rng):
    _check_all_shapes(ex, "matmul_by_columns", rng)


def test_by_outer_products_matches_numpy(ex, rng):
    _check_all_shapes(ex, "matmul_by_outer_products", rng)


def test_inputs_are_not_modified(ex, rng):
    A = rng.normal(size=(3, 4))
    B = rng.normal(size=(4, 2))
    A_before, B_before = A.copy(), B.copy()
    for name in METHODS:
        getattr(ex, name)(A, B)
        expect(np.array_equal(A, A_before) and np.array_equal(B, B_before),
               f"{name}(A, B) modified its input arrays in place", A_before=A_before, A_after=A,
               B_before=B_before, B_after=B)
