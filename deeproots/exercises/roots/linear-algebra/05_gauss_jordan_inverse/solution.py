"""The inverse of a matrix by Gauss-Jordan elimination on [A | I], with partial pivoting.

Source: MIT 18.06 (Gilbert Strang), lecture 3 "Multiplication and inverse matrices"
(Gauss-Jordan: "solve n equations at once"); Strang, Introduction to Linear Algebra §2.5.
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

A X = I is n systems A x_j = e_j sharing one matrix. Put them side by side in the
augmented matrix [A | I] (n rows, 2n columns) and apply row operations until the left
block becomes I; whatever those operations did to I is A^-1:

    [A | I]  --row operations-->  [I | A^-1]        (the operations multiply by A^-1)

Gauss-Jordan differs from plain elimination in two ways: each pivot row is divided by its
pivot (making the pivot 1), and the pivot column is cleared in *every* other row, above as
well as below. For each column k = 0, ..., n-1 of an augmented matrix M = [A | B]:

  1. Partial pivoting: r = the row among k..n-1 with the largest |M[r, k]|. If that value
     is <= tol * max|A| (tol = 1e-12 by default: a relative test), A is singular: raise
     ValueError (say "singular" in the message). Otherwise swap rows k and r of M.
  2. Divide row k of M by M[k, k].
  3. For every row i != k: row i -= M[i, k] * row k.

At the end M = [I | A^-1 B]: with B = I that is the inverse, with B = b (one column) it is
the solution of A x = b.

Shapes: A is a square (n, n) float array, n >= 1; M is (n, n + k) with k >= 1 columns on
the right.
  gauss_jordan(M, tol) -> (n, n + k) array [I | A^-1 B] (the left block reduced to I)
  inverse(A, tol)      -> (n, n) array, the inverse of A
Do not modify M or A: work on a copy (np.array(M, dtype=float) makes one).

Tiny example (MIT 18.06 lecture 3): A = [[1, 3], [2, 7]].
  [[1, 3, 1, 0], [2, 7, 0, 1]]   pivot 2 is the larger: swap rows    [[2, 7, 0, 1], [1, 3, 1, 0]]
  divide row 0 by 2              [[1, 3.5, 0, 0.5], [1, 3, 1, 0]]
  row 1 -= 1 * row 0             [[1, 3.5, 0, 0.5], [0, -0.5, 1, -0.5]]
  divide row 1 by -0.5           [[1, 3.5, 0, 0.5], [0, 1, -2, 1]]
  row 0 -= 3.5 * row 1           [[1, 0, 7, -3], [0, 1, -2, 1]]       so A^-1 = [[7, -3], [-2, 1]].

Write the elimination yourself (the checks refuse the library's).
Do not use: np.linalg.inv, np.linalg.solve, np.linalg.pinv, scipy.linalg.inv, scipy.linalg.solve.
"""
import numpy as np


def gauss_jordan(M: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    """Return [I | A^-1 B] for M = [A | B]; raise ValueError if A is singular."""
    # TODO: copy M; for each column k: pick the largest |pivot| in rows k.., test it against
    # tol * max|A|, swap, divide the pivot row by the pivot, clear column k in all other rows.
    ### BEGIN SOLUTION
    M = np.array(M, dtype=float)
    n = M.shape[0]
    scale = np.abs(M[:, :n]).max()
    for k in range(n):
        r = k + int(np.argmax(np.abs(M[k:, k])))
        if abs(M[r, k]) <= tol * scale:
            raise ValueError(f"A is singular: no pivot larger than {tol:g} * max|A| in column {k}")
        if r != k:
            M[[k, r]] = M[[r, k]]
        M[k] /= M[k, k]
        others = np.arange(n) != k
        M[others] -= np.outer(M[others, k], M[k])
    return M
    ### END SOLUTION


def inverse(A: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    """Return the inverse of A by Gauss-Jordan on [A | I]."""
    # TODO: build [A | I] with np.hstack, reduce it, keep the right block.
    ### BEGIN SOLUTION
    n = A.shape[0]
    return gauss_jordan(np.hstack([A, np.eye(n)]), tol)[:, n:]
    ### END SOLUTION
