"""Positive definite matrices: pivots, upper-left determinants, eigenvalues, Cholesky.

Source: MIT 18.06 (Gilbert Strang), lecture 27 "Positive definite matrices and minima"
(and lecture 28); Strang, Introduction to Linear Algebra §6.5; Trefethen & Bau, Numerical
Linear Algebra, lecture 23 (Cholesky factorization).
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

A symmetric n x n matrix A is positive definite when x^T A x > 0 for every x != 0 (the
energy is positive; the graph of x^T A x is a bowl). Each of these tests is equivalent:

  1. all n pivots of elimination *without row exchanges* are > 0;
  2. all n upper-left determinants D_k = det A[:k, :k] (k = 1..n) are > 0;
  3. all n eigenvalues are > 0;
  4. A = L L^T with L lower triangular and a positive diagonal (Cholesky) exists.

They are tied together: pivot d_k = D_k / D_{k-1} (with D_0 = 1), so D_k = d_1 d_2 ... d_k;
and L[j, j]^2 is exactly pivot d_j. Semidefinite (a zero pivot, a zero eigenvalue, a
singular A) is not definite: x^T A x = 0 for some x != 0.

Cholesky, column by column, j = 0, 1, ..., n-1 (only entries already computed are used):

    d       = A[j, j] - sum_{k < j} L[j, k]^2                  (the pivot d_j)
    L[j, j] = sqrt(d)                          -- if d <= 0 raise ValueError: not positive definite
    L[i, j] = (A[i, j] - sum_{k < j} L[i, k] L[j, k]) / L[j, j]        for i > j

Rounding. In exact arithmetic a semidefinite matrix has a pivot or eigenvalue exactly 0;
in floating point it comes out as something like 1e-16 or -1e-16. So in
positive_definite_tests count a pivot, minor or eigenvalue as positive only when it is
> tol (an absolute tolerance, 1e-10 by default, meant for entries of order 1).

Shapes: A is a symmetric (n, n) float array, n >= 1.
  pivots(A)                        -> (n,) the pivots of elimination without row exchanges
                                      (if a pivot before the last is 0, elimination breaks
                                      down: A is not positive definite and the pivots after
                                      it, inf or nan, are never checked)
  leading_minors(A)                -> (n,) D_1, ..., D_n (np.linalg.det is allowed here)
  cholesky(A)                      -> (n, n) lower-triangular L with L L^T = A, or
                                      raise ValueError when a pivot d is <= 0
  positive_definite_tests(A, tol)  -> dict {"pivots": bool, "minors": bool,
                                      "eigenvalues": bool}: each test's verdict
                                      (np.linalg.eigvalsh is allowed here)

Tiny example (lecture 27): A = [[2, 6], [6, c]]. Pivots 2 and c - 18; minors 2 and 2c - 36.
c = 20: positive definite (pivots 2, 2), L = [[sqrt 2, 0], [3 sqrt 2, sqrt 2]];
c = 18: semidefinite (pivots 2, 0); c = 7: indefinite (pivots 2, -11).
A = [[2, -1, 0], [-1, 2, -1], [0, -1, 2]]: pivots 2, 3/2, 4/3; minors 2, 3, 4.

Write the Cholesky factorisation yourself: that is the point of the exercise.
Do not use: np.linalg.cholesky, scipy.linalg.cholesky.
"""
import numpy as np


def pivots(A: np.ndarray) -> np.ndarray:
    """Return the n pivots of elimination on A without row exchanges."""
    # TODO: copy A; for each column eliminate below the diagonal; return the diagonal of U.
    ### BEGIN SOLUTION
    U = np.array(A, dtype=float)
    n = U.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero pivot: not positive definite
        for k in range(n - 1):
            multipliers = U[k + 1:, k] / U[k, k]
            U[k + 1:, k:] -= np.outer(multipliers, U[k, k:])
    return np.diag(U).copy()
    ### END SOLUTION


def leading_minors(A: np.ndarray) -> np.ndarray:
    """Return the upper-left determinants det A[:k, :k] for k = 1..n."""
    # TODO: one determinant per k (or the running product of the pivots).
    ### BEGIN SOLUTION
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    return np.array([np.linalg.det(A[:k, :k]) for k in range(1, n + 1)])
    ### END SOLUTION


def cholesky(A: np.ndarray) -> np.ndarray:
    """Return lower-triangular L with L @ L.T == A; raise ValueError if A is not positive definite."""
    # TODO: column by column: d = A[j, j] - sum of squares; raise if d <= 0; fill column j.
    ### BEGIN SOLUTION
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    L = np.zeros((n, n))
    for j in range(n):
        d = A[j, j] - L[j, :j] @ L[j, :j]
        if d <= 0.0:
            raise ValueError(f"A is not positive definite: pivot {d:g} at step {j}")
        L[j, j] = np.sqrt(d)
        L[j + 1:, j] = (A[j + 1:, j] - L[j + 1:, :j] @ L[j, :j]) / L[j, j]
    return L
    ### END SOLUTION


def positive_definite_tests(A: np.ndarray, tol: float = 1e-10) -> dict:
    """Return {"pivots": ..., "minors": ..., "eigenvalues": ...}: is every value > tol?"""
    # TODO: three booleans from pivots(A), leading_minors(A) and np.linalg.eigvalsh(A).
    ### BEGIN SOLUTION
    return {
        "pivots": bool(np.all(pivots(A) > tol)),
        "minors": bool(np.all(leading_minors(A) > tol)),
        "eigenvalues": bool(np.all(np.linalg.eigvalsh(A) > tol)),
    }
    ### END SOLUTION
