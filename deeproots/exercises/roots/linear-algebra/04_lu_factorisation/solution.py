"""LU factorisation with partial pivoting, PA = LU, and solving Ax = b with it.

Source: MIT 18.06 (Gilbert Strang), lecture 4 "Factorization into A = LU" (and lecture 5
for the permutation P); Strang, Introduction to Linear Algebra §2.6-2.7; Trefethen & Bau,
Numerical Linear Algebra, lectures 20-21.
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

Elimination (exercise gaussian-elimination) does not have to be repeated for every new
right-hand side b: it is enough to remember the multipliers. Keep them in a lower
triangular L with ones on its diagonal, remember the row swaps in a permutation matrix P,
and elimination becomes the factorisation

    P A = L U        L unit lower triangular (L[i, i] = 1), U upper triangular,
                     L[i, k] = the multiplier that removed U[i, k] (|L[i, k]| <= 1).

For each column k = 0, 1, ..., n-1:
  1. Pivot: r = the row among k..n-1 with the largest |U[r, k]|. If that largest value is
     <= tol * max|A| (tol = 1e-12 by default; the scale makes the test relative), A is
     singular: raise ValueError (say "singular" in the message).
  2. Swap rows k and r of U, of P, *and* of the multipliers already stored in L
     (columns 0..k-1 of L only: the diagonal ones stay put).
  3. L[i, k] = U[i, k] / U[k, k] for i > k, then row i of U -= L[i, k] * row k of U.

Then Ax = b  <=>  PAx = Pb  <=>  L (U x) = P b, two triangular solves:

    forward substitution  L y = P b:  y[i] = (c[i] - sum_{j < i} L[i, j] y[j]) / L[i, i], i = 0, 1, ...
    back substitution     U x = y:    x[i] = (y[i] - sum_{j > i} U[i, j] x[j]) / U[i, i], i = n-1, ...

Factoring costs about n^3/3 multiply-adds once; each new b then costs only about n^2.

Shapes: A is a square (n, n) float array, n >= 1; b, c and y are (n,).
  lu(A, tol)              -> (P, L, U), three (n, n) float arrays with P @ A = L @ U;
                             P is a permutation matrix (one 1 in every row and column).
  forward_substitute(L, c) -> y (n,) solving L y = c (L lower triangular; divide by
                             L[i, i], so that it works for any nonzero diagonal)
  back_substitute(U, y)    -> x (n,) solving U x = y (U upper triangular)
  solve(A, b)              -> x (n,) solving A x = b, through lu and the two substitutions.
Do not modify A or b: work on copies (np.array(A, dtype=float) makes one).

Tiny example (two swaps): A = [[2, 1, 1], [4, -6, 0], [-2, 8, 2]].
  Column 0: the pivot is 4 (row 1): swap rows 0, 1; multipliers 2/4 = 0.5 and -2/4 = -0.5;
            rows become [4, -6, 0], [0, 4, 1], [0, 5, 2].
  Column 1: the pivot is 5 (row 2): swap rows 1, 2 *and* their multipliers 0.5, -0.5;
            multiplier 4/5 = 0.8 leaves [0, 0, -0.6].
  P = [[0, 1, 0], [0, 0, 1], [1, 0, 0]], L = [[1, 0, 0], [-0.5, 1, 0], [0.5, 0.8, 1]],
  U = [[4, -6, 0], [0, 5, 2], [0, 0, -0.6]].

Write the factorisation yourself (the checks refuse the library's).
Do not use: np.linalg.solve, np.linalg.inv, scipy.linalg.lu, scipy.linalg.lu_factor,
scipy.linalg.lu_solve, scipy.linalg.solve.
"""
import numpy as np


def lu(A: np.ndarray, tol: float = 1e-12) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (P, L, U) with P @ A = L @ U; raise ValueError if A is singular."""
    # TODO: copy A into U, start from L = P = identity; for each column pick the largest
    # |pivot|, check it against tol * max|A|, swap rows (of U, P and L[:, :k]), eliminate.
    ### BEGIN SOLUTION
    U = np.array(A, dtype=float)
    n = U.shape[0]
    L = np.eye(n)
    order = np.arange(n)
    scale = np.abs(U).max()
    for k in range(n):
        r = k + int(np.argmax(np.abs(U[k:, k])))
        if abs(U[r, k]) <= tol * scale:
            raise ValueError(f"A is singular: no pivot larger than {tol:g} * max|A| in column {k}")
        if r != k:
            U[[k, r]] = U[[r, k]]
            L[[k, r], :k] = L[[r, k], :k]
            order[[k, r]] = order[[r, k]]
        L[k + 1:, k] = U[k + 1:, k] / U[k, k]
        U[k + 1:, k:] -= np.outer(L[k + 1:, k], U[k, k:])
        U[k + 1:, k] = 0.0
    P = np.eye(n)[order]
    return P, L, U
    ### END SOLUTION


def forward_substitute(L: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Return y solving the lower-triangular system L y = c."""
    # TODO: solve for y[0] first, then downwards.
    ### BEGIN SOLUTION
    n = L.shape[0]
    y = np.zeros(n)
    for i in range(n):
        y[i] = (c[i] - L[i, :i] @ y[:i]) / L[i, i]
    return y
    ### END SOLUTION


def back_substitute(U: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return x solving the upper-triangular system U x = y."""
    # TODO: solve for x[n-1] first, then upwards.
    ### BEGIN SOLUTION
    n = U.shape[0]
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (y[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]
    return x
    ### END SOLUTION


def solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return x solving A x = b with lu, then forward and back substitution."""
    # TODO: P, L, U = lu(A); forward substitution with P @ b, then back substitution.
    ### BEGIN SOLUTION
    P, L, U = lu(A)
    return back_substitute(U, forward_substitute(L, P @ b))
    ### END SOLUTION
