"""Gaussian elimination with partial pivoting, then back substitution: solve Ax = b.

Source: MIT 18.06 (Gilbert Strang), lectures 2 "Elimination with matrices" and 4
"Factorization into A = LU"; Strang, Introduction to Linear Algebra §2.2-2.3 and §2.6;
Trefethen & Bau, Numerical Linear Algebra, lecture 21 ("Pivoting").
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

Elimination turns the square system Ax = b into an upper-triangular system Ux = c with
the same solution. For each column k = 0, 1, ..., n-2:

  1. Partial pivoting: among rows k..n-1 pick the row r whose entry |U[r, k]| is the
     largest in absolute value, and swap rows r and k of U *and* entries r and k of c.
  2. For each row i below k: multiplier l = U[i, k] / U[k, k];
     row i of U  -=  l * (row k of U);     c[i]  -=  l * c[k].
     This puts a zero in U[i, k].

Back substitution then solves Ux = c from the bottom up:

     x[n-1] = c[n-1] / U[n-1, n-1]
     x[i]   = (c[i] - sum_{j > i} U[i, j] x[j]) / U[i, i]        for i = n-2, ..., 0

Why pivot? Without row swaps a zero pivot stops elimination (A = [[0, 1], [1, 1]]), and a
tiny pivot ruins it: for A = [[1e-20, 1], [1, 1]], b = [1, 2] the multiplier is 1e20,
"1 - 1e20" rounds to -1e20, and the computed x[0] comes out 0 instead of about 1.
Choosing the largest pivot keeps every multiplier |l| <= 1. (With partial pivoting,
elimination computes the U of the factorization PA = LU, the same U that LAPACK's getrf
and scipy.linalg.lu return.)

Shapes: A is a nonsingular (n, n) float array, b an (n,) float array, n >= 1.
  forward_eliminate(A, b) -> (U, c): U is (n, n) upper triangular (exact zeros below
                                      the diagonal: set them, since l * U[k, k] can leave
                                      rounding dust like 1e-17), c is (n,)
  back_substitute(U, c)   -> x of shape (n,)
  solve(A, b)             -> x of shape (n,), the solution of Ax = b
Do not modify A or b: work on copies (np.array(A, dtype=float) makes one).

Tiny example: A = [[0, 1], [1, 1]], b = [1, 2].
  Column 0: |0| < |1|, so swap:   U = [[1, 1], [0, 1]],  c = [2, 1]; the multiplier is 0.
  Back substitution: x[1] = 1 / 1 = 1;  x[0] = (2 - 1 * 1) / 1 = 1.   x = [1, 1].

Write the elimination yourself: that is the point of the exercise.
Do not use: np.linalg.solve, np.linalg.inv, scipy.linalg.*.
"""
import numpy as np


def forward_eliminate(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (U, c): A and b reduced to upper-triangular form with partial pivoting."""
    # TODO: copy A and b; for each column pick the largest |pivot|, swap rows, eliminate below.
    ### BEGIN SOLUTION
    U = np.array(A, dtype=float)
    c = np.array(b, dtype=float)
    n = U.shape[0]
    for k in range(n - 1):
        r = k + int(np.argmax(np.abs(U[k:, k])))
        if r != k:
            U[[k, r]] = U[[r, k]]
            c[[k, r]] = c[[r, k]]
        multipliers = U[k + 1:, k] / U[k, k]
        U[k + 1:, k:] -= np.outer(multipliers, U[k, k:])
        c[k + 1:] -= multipliers * c[k]
        U[k + 1:, k] = 0.0
    return U, c
    ### END SOLUTION


def back_substitute(U: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Return x solving the upper-triangular system Ux = c."""
    # TODO: solve for x[n-1] first, then upwards.
    ### BEGIN SOLUTION
    n = U.shape[0]
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (c[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]
    return x
    ### END SOLUTION


def solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return x solving Ax = b by elimination with partial pivoting and back substitution."""
    # TODO: forward_eliminate, then back_substitute.
    ### BEGIN SOLUTION
    U, c = forward_eliminate(A, b)
    return back_substitute(U, c)
    ### END SOLUTION
