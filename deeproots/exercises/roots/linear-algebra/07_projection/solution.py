"""Projection onto a line and onto the column space of a matrix.

Source: MIT 18.06 (Gilbert Strang), lecture 15 "Projections onto subspaces"; Strang,
Introduction to Linear Algebra §4.2.
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

The projection p of b onto a subspace is the point of the subspace closest to b: the
error e = b - p is perpendicular to the subspace. Onto the line through a vector a:

    a^T (b - x a) = 0   =>   x = a^T b / a^T a,   p = x a,   P = a a^T / a^T a

Onto the column space C(A) of an m x n matrix A with independent columns, p = A x_hat and
e must be perpendicular to every column: A^T (b - A x_hat) = 0, the normal equations

    A^T A x_hat = A^T b,    p = A x_hat = P b,    P = A (A^T A)^-1 A^T      (m x m)

P is symmetric (P^T = P) and idempotent (P^2 = P: projecting twice changes nothing);
P A = A (C(A) is left alone), P b = 0 for b in the left null space N(A^T), and I - P
projects onto N(A^T). (A itself is usually not square, so (A^T A)^-1 is NOT A^-1 A^-T.)

Shapes: a and b are (m,) float arrays; A is (m, n) with m >= n and independent columns
(so that the n x n matrix A^T A is invertible).
  project_onto_line(a, b) -> p, shape (m,)
  projection_matrix(A)    -> P, shape (m, m)
  project(A, b)           -> (x_hat, p): x_hat of shape (n,), p = A x_hat of shape (m,)
np.linalg.solve(A.T @ A, ...) or np.linalg.inv(A.T @ A) are fine here.

Tiny example (MIT 18.06 lecture 15-16): A = [[1, 0], [1, 1], [1, 2]], b = [6, 0, 0].
  A^T A = [[3, 3], [3, 5]], A^T b = [6, 0], x_hat = [5, -3], p = [5, 2, -1],
  e = b - p = [1, -2, 1], and indeed A^T e = [0, 0].
  Onto the line a = [1, 1]: b = [2, 0] gives x = 2/2 = 1 and p = [1, 1].

Use the formulas (the checks refuse the library's shortcuts).
Do not use: np.linalg.pinv, np.linalg.lstsq.
"""
import numpy as np


def project_onto_line(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the projection of b onto the line through a."""
    # TODO: (a^T b / a^T a) times a.
    ### BEGIN SOLUTION
    return (a @ b) / (a @ a) * a
    ### END SOLUTION


def projection_matrix(A: np.ndarray) -> np.ndarray:
    """Return the (m, m) matrix P that projects onto the column space of A."""
    # TODO: A (A^T A)^-1 A^T.
    ### BEGIN SOLUTION
    return A @ np.linalg.solve(A.T @ A, A.T)
    ### END SOLUTION


def project(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (x_hat, p): the solution of the normal equations and the projection of b."""
    # TODO: solve A^T A x_hat = A^T b, then p = A x_hat.
    ### BEGIN SOLUTION
    x_hat = np.linalg.solve(A.T @ A, A.T @ b)
    return x_hat, A @ x_hat
    ### END SOLUTION
