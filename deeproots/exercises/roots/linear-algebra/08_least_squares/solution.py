"""Least squares two ways: the normal equations and QR, and why QR is more accurate.

Source: MIT 18.06 (Gilbert Strang), lectures 15 "Projections onto subspaces", 16
"Projection matrices and least squares" and 17 "Orthogonal matrices and Gram-Schmidt";
Strang, Introduction to Linear Algebra §4.3-4.4; Trefethen & Bau, Numerical Linear
Algebra, lectures 11 and 18-19 (the conditioning of least squares).
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

Ax = b with more equations than unknowns (A is m x n, m > n) usually has no solution.
The least-squares solution x_hat minimises ||b - A x||^2; A x_hat is the projection of b
onto C(A), so the residual is perpendicular to the columns of A:

    normal equations:  A^T A x_hat = A^T b
    QR route:          A = Q R (Q is m x n with orthonormal columns, R is n x n upper
                       triangular), then A^T A = R^T R and the normal equations become
                       R x_hat = Q^T b, solved by back substitution.

Both are the same x_hat in exact arithmetic, not in floating point. The condition number
kappa(A) = sigma_max / sigma_min measures how much relative errors can be amplified, and
kappa(A^T A) = kappa(A)^2: forming A^T A squares it. For a consistent system (b = A x, zero
residual) the relative error of the computed solution is about

    QR (Householder, as numpy.linalg.qr):   ~ eps * kappa(A)
    normal equations:                      ~ eps * kappa(A)^2         (eps = 2.2e-16)

With a polynomial fit, the Vandermonde matrix A[i, j] = t_i^j on 50 points of [0, 1] with
10 columns has kappa(A) ~ 4e6: QR keeps about 10 correct digits, the normal equations
about 4 (eps * kappa^2 ~ 3e-3). The checks verify that with your two functions: QR must be
accurate to ~ eps * kappa(A), and your normal equations must lose the digits that forming
A^T A loses (so solve them as written, not through QR). Try it yourself with np.vander.
(Solving R^T R x = A^T b with the R of QR squares kappa again: use R x = Q^T b.)

Shapes: A is an (m, n) float array with m >= n and independent columns, b is (m,).
  normal_equations(A, b)  -> x_hat (n,)   (np.linalg.solve on the normal equations is fine)
  back_substitute(R, c)   -> x (n,) solving R x = c, R (n, n) upper triangular
  qr_least_squares(A, b)  -> x_hat (n,)   Q, R = np.linalg.qr(A) (the reduced QR), then your
                                          back_substitute
Do not modify A or b.

Tiny example (MIT 18.06 lecture 16): fit a line C + D t to (t, y) = (1, 1), (2, 2), (3, 2):
  A = [[1, 1], [1, 2], [1, 3]], b = [1, 2, 2], A^T A = [[3, 6], [6, 14]], A^T b = [5, 11],
  x_hat = [C, D] = [2/3, 1/2].

Write the solvers yourself; numpy.linalg.qr is allowed.
Do not use: np.linalg.lstsq, np.linalg.pinv.
"""
import numpy as np


def normal_equations(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return x_hat solving A^T A x_hat = A^T b."""
    # TODO: form A^T A and A^T b, then solve.
    ### BEGIN SOLUTION
    return np.linalg.solve(A.T @ A, A.T @ b)
    ### END SOLUTION


def back_substitute(R: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Return x solving the upper-triangular system R x = c."""
    # TODO: x[n-1] first, then upwards.
    ### BEGIN SOLUTION
    n = R.shape[0]
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (c[i] - R[i, i + 1:] @ x[i + 1:]) / R[i, i]
    return x
    ### END SOLUTION


def qr_least_squares(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return x_hat from A = QR: back substitution on R x_hat = Q^T b."""
    # TODO: np.linalg.qr(A), then back_substitute.
    ### BEGIN SOLUTION
    Q, R = np.linalg.qr(A)
    return back_substitute(R, Q.T @ b)
    ### END SOLUTION
