"""Checks for projections (references: numpy.linalg.lstsq, an orthonormal basis Q of C(A)
from numpy.linalg.qr (then P = Q Q^T), the properties P^2 = P = P^T, and Strang's example
by hand)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close

# (m, n): a line in the plane, tall matrices, n = 1, and square (then P = I).
SHAPES = [(2, 1), (3, 1), (3, 2), (5, 3), (10, 4), (20, 6), (4, 4)]


def _orthonormal_basis(A):
    Q, _ = np.linalg.qr(A)
    return Q


def test_hand_example_strang_lecture_15(ex, rng):
    A, b = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]), np.array([6.0, 0.0, 0.0])
    inputs = {"A": A, "b": b}
    x_hat, p = ex.project(A, b)
    how = "by hand: A^T A = [[3, 3], [3, 5]], A^T b = [6, 0]"
    expect_close(x_hat, np.array([5.0, -3.0]), what="x_hat", how=how + ", x_hat = [5, -3]",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(p, np.array([5.0, 2.0, -1.0]), what="p", how=how + ", p = A x_hat = [5, 2, -1]",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    P_hand = np.array([[5.0, 2.0, -1.0], [2.0, 2.0, 2.0], [-1.0, 2.0, 5.0]]) / 6
    expect_close(ex.projection_matrix(A), P_hand, what="projection_matrix(A)",
                 how="by hand: A (A^T A)^-1 A^T = [[5, 2, -1], [2, 2, 2], [-1, 2, 5]] / 6",
                 rtol=1e-12, atol=1e-12, inputs={"A": A})
    a, b = np.array([1.0, 1.0]), np.array([2.0, 0.0])
    expect_close(ex.project_onto_line(a, b), np.array([1.0, 1.0]), what="project_onto_line([1, 1], [2, 0])",
                 how="by hand: a^T b / a^T a = 2 / 2 = 1, p = [1, 1]", rtol=1e-12, atol=1e-12,
                 inputs={"a": a, "b": b})


def test_projection_onto_line_matches_lstsq(ex, rng):
    for m in (1, 2, 3, 10):
        a, b = rng.normal(scale=3.0, size=m), rng.normal(size=m)
        coefficient = np.linalg.lstsq(a[:, None], b, rcond=None)[0]
        p = ex.project_onto_line(a, b)
        inputs = {"a": a, "b": b}
        expect_close(p, a * coefficient[0], what=f"project_onto_line(a, b), m = {m}",
                     how="a times np.linalg.lstsq(a[:, None], b) (the closest multiple of a)",
                     rtol=1e-9, atol=1e-12, inputs=inputs)
        expect_close(a @ (b - np.asarray(p)), 0.0, what=f"a . (b - p), m = {m}",
                     how="the error is perpendicular to the line", rtol=0, atol=1e-10, inputs=inputs)


def test_projection_matrix_matches_orthonormal_basis(ex, rng):
    for m, n in SHAPES:
        A = rng.normal(size=(m, n))
        P = ex.projection_matrix(A)
        inputs = {"A": A}
        Q = _orthonormal_basis(A)
        expect_close(P, Q @ Q.T, what=f"projection_matrix(A), A of shape {(m, n)}",
                     how="Q Q^T, Q an orthonormal basis of C(A) from np.linalg.qr(A)", rtol=1e-9,
                     atol=1e-10, inputs=inputs)
        P = np.asarray(P)
        expect_close(P @ P, P, what=f"P @ P, A of shape {(m, n)}", how="P (projecting twice changes nothing)",
                     rtol=1e-9, atol=1e-10, inputs=inputs)
        expect_close(P.T, P, what=f"P.T, A of shape {(m, n)}", how="P (a projection matrix is symmetric)",
                     rtol=1e-9, atol=1e-10, inputs=inputs)
        expect_close(P @ A, A, what=f"P @ A, A of shape {(m, n)}", how="A (C(A) is left alone)",
                     rtol=1e-9, atol=1e-10, inputs=inputs)
        expect_close(np.trace(P), float(n), what=f"trace(P), A of shape {(m, n)}",
                     how="the rank n = dim C(A)", rtol=1e-9, atol=1e-10, inputs=inputs)


def test_project_matches_lstsq(ex, rng):
    for m, n in SHAPES:
        A, b = rng.normal(size=(m, n)), rng.normal(size=m)
        x_ref = np.linalg.lstsq(A, b, rcond=None)[0]
        x_hat, p = ex.project(A, b)
        inputs = {"A": A, "b": b}
        expect_close(x_hat, x_ref, what=f"x_hat, A of shape {(m, n)}", how="np.linalg.lstsq(A, b)",
                     rtol=1e-8, atol=1e-10, inputs=inputs)
        expect_close(p, A @ x_ref, what=f"p, A of shape {(m, n)}", how="A @ np.linalg.lstsq(A, b)",
                     rtol=1e-8, atol=1e-10, inputs=inputs)
        expect_close(A.T @ (b - np.asarray(p)), np.zeros(n), what=f"A^T (b - p), A of shape {(m, n)}",
                     how="the error e = b - p is perpendicular to every column of A", rtol=0, atol=1e-9,
                     inputs=inputs)


def test_b_inside_and_perpendicular_to_the_column_space(ex, rng):
    A = rng.normal(size=(6, 2))
    x = rng.normal(size=2)
    b = A @ x
    x_hat, p = ex.project(A, b)
    expect_close(p, b, what="p for b in C(A)", how="b itself (b = A x is already in the subspace)",
                 rtol=1e-9, atol=1e-10, inputs={"A": A, "b": b})
    expect_close(x_hat, x, what="x_hat for b = A x", how="x itself", rtol=1e-8, atol=1e-10,
                 inputs={"A": A, "b": b})
    Q = _orthonormal_basis(A)
    z = rng.normal(size=6)
    b = z - Q @ (Q.T @ z)  # in the left null space N(A^T)
    expect(np.allclose(A.T @ b, 0.0, atol=1e-12), "internal: b should be perpendicular to C(A)")
    x_hat, p = ex.project(A, b)
    expect_close(p, np.zeros(6), what="p for b perpendicular to C(A)", how="0 (b is in N(A^T))",
                 rtol=0, atol=1e-10, inputs={"A": A, "b": b})
