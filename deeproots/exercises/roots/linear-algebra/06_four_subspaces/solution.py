"""Rank and the null space from the reduced row echelon form R = rref(A).

Source: MIT 18.06 (Gilbert Strang), lectures 5-10: "Vector spaces and subspaces" (6),
"Solving Ax = 0: pivot variables, special solutions" (7), "Independence, basis and
dimension" (9), "The four fundamental subspaces" (10); Strang, Introduction to Linear
Algebra §3.2-3.5.
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

Elimination on any m x n matrix A, carried all the way, gives its reduced row echelon
form R: every pivot is 1, the pivot is the only nonzero entry of its column, and the rows
without a pivot are zero at the bottom. Row operations do not change the null space, so
Ax = 0 and Rx = 0 have the same solutions. The pivot columns give the rank r; the n - r
other columns are free. Setting one free variable to 1 and the others to 0 and reading
the pivot variables off R gives a special solution; the n - r special solutions are a
basis of the null space N(A):

    rank(A) = r = number of pivots = dim C(A) = dim C(A^T)
    dim N(A) = n - r,   dim N(A^T) = m - r                    (the four subspaces)
    special solution for free column f:  x[f] = 1, other free entries 0,
                                         x[pivots[i]] = -R[i, f]   for i = 0 .. r-1

rref(A, tol): start at row 0; for each column c = 0 .. n-1 (while rows are left):
  1. r = the row among the rows not yet used with the largest |R[r, c]|. If that value is
     <= tol * max|A| (tol = 1e-10 by default: a relative test), column c has no pivot:
     it is free, set its remaining entries to 0 and go to the next column. Floating-point
     elimination leaves rounding dust like 1e-16 where exact arithmetic gives 0: without
     this tolerance every random-looking matrix would have full rank.
  2. Swap it into the current row, divide that row by the pivot, and clear column c in
     *every* other row (above and below); record c as a pivot column; next row.
Rows left without a pivot at the end are zero (set the rounding dust there to 0).

Shapes: A is an (m, n) float array (any m, n >= 1: wide, tall or square).
  rref(A, tol)       -> (R, pivots): R is (m, n), pivots a list of the r pivot column
                        indices in increasing order
  rank(A, tol)       -> int r
  null_space(A, tol) -> N of shape (n, n - r) whose columns are a basis of N(A) (the
                        special solutions; an orthonormal basis is fine too). When
                        r = n return an (n, 0) array.

Tiny example (MIT 18.06 lecture 7): A = [[1, 2, 2, 2], [2, 4, 6, 8], [3, 6, 8, 10]].
  R = [[1, 2, 0, -2], [0, 0, 1, 2], [0, 0, 0, 0]], pivots = [0, 2], rank 2.
  Free columns 1 and 3; special solutions (-2, 1, 0, 0) and (2, 0, -2, 1), so
  N = [[-2, 2], [1, 0], [0, -2], [0, 1]] and A @ N = 0.

Do the elimination yourself (the checks refuse the library's).
Do not use: np.linalg.matrix_rank, np.linalg.svd, scipy.linalg.svd, scipy.linalg.null_space.
"""
import numpy as np


def rref(A: np.ndarray, tol: float = 1e-10) -> tuple[np.ndarray, list[int]]:
    """Return (R, pivots): the reduced row echelon form of A and its pivot columns."""
    # TODO: copy A; walk the columns with a current row; pivot, normalise, clear the column
    # above and below; entries <= tol * max|A| count as zero.
    ### BEGIN SOLUTION
    R = np.array(A, dtype=float)
    m, n = R.shape
    threshold = tol * np.abs(R).max()
    pivots = []
    row = 0
    for col in range(n):
        if row == m:
            break
        r = row + int(np.argmax(np.abs(R[row:, col])))
        if abs(R[r, col]) <= threshold:
            R[row:, col] = 0.0
            continue
        R[[row, r]] = R[[r, row]]
        R[row] /= R[row, col]
        others = np.arange(m) != row
        R[others] -= np.outer(R[others, col], R[row])
        pivots.append(col)
        row += 1
    R[row:] = 0.0
    return R, pivots
    ### END SOLUTION


def rank(A: np.ndarray, tol: float = 1e-10) -> int:
    """Return the rank of A: the number of pivots in rref(A)."""
    # TODO: one line with rref.
    ### BEGIN SOLUTION
    return len(rref(A, tol)[1])
    ### END SOLUTION


def null_space(A: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    """Return an (n, n - r) array whose columns are a basis of the null space of A."""
    # TODO: one special solution per free column, read off R.
    ### BEGIN SOLUTION
    R, pivots = rref(A, tol)
    n = R.shape[1]
    free = [c for c in range(n) if c not in pivots]
    N = np.zeros((n, len(free)))
    for j, f in enumerate(free):
        N[f, j] = 1.0
        N[pivots, j] = -R[:len(pivots), f]
    return N
    ### END SOLUTION
