"""The determinant by elimination: the product of the pivots, times the sign of the row swaps.

Source: MIT 18.06 (Gilbert Strang), lectures 18 "Properties of determinants" and 19
"Determinant formulas and cofactors"; Strang, Introduction to Linear Algebra §5.1-5.2.
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

Three properties define det: det I = 1; exchanging two rows flips the sign; det is linear
in each row. From them: subtracting a multiple of one row from another leaves det
unchanged, and the determinant of a triangular matrix is the product of its diagonal.
So elimination computes det. Reduce A to the upper-triangular U by elimination with
partial pivoting (as in the Gaussian-elimination exercise) and count the row exchanges:

    det A = (-1)^(number of row exchanges) * U[0, 0] * U[1, 1] * ... * U[n-1, n-1]

That is n^3 / 3 operations, where the "big formula" (a sum over all n! permutations) is
hopeless beyond n = 10. If a whole column has no nonzero pivot candidate (every entry on
and below the diagonal is exactly 0), A is singular and det A = 0: return 0.0 without
dividing by that zero (0 / 0 would turn the answer into nan).

The sign of a permutation. A permutation of 0..n-1 is even or odd according to the
parity of the number of two-element swaps that sort it back to 0, 1, ..., n-1 (every way
of sorting it has the same parity). Its sign is +1 or -1, and it is the determinant of the
permutation matrix P whose row i is row perm[i] of the identity: sign = det(P).
Repeatedly swapping perm[i] into its place is one way to count: for i in 0..n-1, while
perm[i] != i, swap the entries at positions i and perm[i] and flip the sign.

Shapes:
  permutation_sign(perm) -> int, +1 or -1; perm is a 1-D int array, a permutation of 0..n-1
  eliminate(A)           -> (U, sign): U is (n, n) upper triangular, the U of PA = LU with
                            partial pivoting (pick the largest |entry| on or below the
                            diagonal); sign is +1 or -1 (an int or a float), the parity of
                            the row exchanges made
  determinant(A)         -> float
A is an (n, n) float array, n >= 1. Do not modify A: work on a copy.

Tiny example: A = [[2, 1], [4, 3]]. Column 0: |4| > |2|, so exchange the rows (sign -1):
[[4, 3], [2, 1]]; multiplier 2/4 = 1/2; row 1 becomes [0, 1 - 3/2] = [0, -1/2].
U = [[4, 3], [0, -1/2]], det A = -1 * (4 * -1/2) = 2, which is 2*3 - 1*4.
permutation_sign([1, 2, 0]) = +1 (two swaps), permutation_sign([1, 0, 2]) = -1.

Write the elimination yourself: that is the point of the exercise.
Do not use: np.linalg.det, np.linalg.slogdet, scipy.linalg.det, scipy.linalg.lu.
"""
import numpy as np


def permutation_sign(perm: np.ndarray) -> int:
    """Return +1 if the permutation perm of 0..n-1 is even, -1 if it is odd."""
    # TODO: copy perm into a list; sort it by swaps, flipping the sign at each swap.
    ### BEGIN SOLUTION
    p = [int(v) for v in perm]
    sign = 1
    for i in range(len(p)):
        while p[i] != i:
            j = p[i]
            p[i], p[j] = p[j], p[i]
            sign = -sign
    return sign
    ### END SOLUTION


def eliminate(A: np.ndarray) -> tuple[np.ndarray, int]:
    """Return (U, sign): A reduced to upper-triangular U by partial pivoting, and (-1)^swaps."""
    # TODO: copy A; for each column pick the largest |pivot|, swap rows (flip the sign),
    # and eliminate below. If the column is all zero on and below the diagonal, skip it.
    ### BEGIN SOLUTION
    U = np.array(A, dtype=float)
    n = U.shape[0]
    sign = 1
    for k in range(n - 1):
        r = k + int(np.argmax(np.abs(U[k:, k])))
        if U[r, k] == 0.0:
            continue  # nothing to eliminate in this column: A is singular
        if r != k:
            U[[k, r]] = U[[r, k]]
            sign = -sign
        multipliers = U[k + 1:, k] / U[k, k]
        U[k + 1:, k:] -= np.outer(multipliers, U[k, k:])
        U[k + 1:, k] = 0.0
    return U, sign
    ### END SOLUTION


def determinant(A: np.ndarray) -> float:
    """Return det A: the sign of the row exchanges times the product of the pivots."""
    # TODO: eliminate, then multiply the diagonal of U by the sign.
    ### BEGIN SOLUTION
    U, sign = eliminate(A)
    return sign * float(np.prod(np.diag(U)))
    ### END SOLUTION
