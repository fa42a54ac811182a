"""Gram-Schmidt, classical and modified: A = QR, and why the modified one is stabler.

Source: MIT 18.06 (Gilbert Strang), lecture 17 "Orthogonal matrices and Gram-Schmidt";
Strang, Introduction to Linear Algebra §4.4; Trefethen & Bau, Numerical Linear Algebra,
lectures 7-8 (classical vs modified) and 9 (the experiment); Bjorck, Numerical Methods for
Least Squares Problems §2.4.
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

Gram-Schmidt turns independent columns a_0 .. a_{n-1} into orthonormal q_0 .. q_{n-1} with
the same span, one column at a time: subtract from a_j its components along the q's
found so far, then normalise what is left.

    v = a_j - sum_{i<j} r_ij q_i,     r_jj = ||v||,     q_j = v / r_jj,     A = Q R

R is upper triangular (n x n) with r_ij = the component removed, r_jj > 0.

Classical (CGS): every r_ij = q_i . a_j, with the *original* column a_j.
Modified (MGS):  subtract one projection at a time and take each component from the
                 vector *as updated so far*:
                     v = a_j;  for i = 0 .. j-1:  r_ij = q_i . v;  v = v - r_ij q_i
In exact arithmetic the two are identical (q_i . q_k = 0 makes q_i . v = q_i . a_j). In
floating point they are not: the q's are only orthogonal up to rounding, and CGS lets
those errors pile up. The loss of orthogonality ||Q^T Q - I|| (2-norm) grows like

    CGS:  ~ eps * kappa(A)^2          MGS:  ~ eps * kappa(A)          (eps = 2.2e-16)

with kappa(A) = sigma_max / sigma_min, the condition number. For kappa = 1e6, MGS keeps
Q orthogonal to about 1e-10 while CGS loses it to about 1e-6 (and to nothing once
eps * kappa^2 ~ 1). The checks measure both of your functions on such matrices and
compare with reference implementations: each must show its own behaviour, so write
both exactly as described (in particular do not improve CGS by using the updated v).

Lauchli's matrix shows it by hand. With e = 1e-10 (so that 1 + e^2 rounds to 1):
  A = [[1, 1, 1], [e, 0, 0], [0, e, 0], [0, 0, e]],   q_0 = (1, e, 0, 0),
  CGS: q_1 = (0, -1, 1, 0)/sqrt 2, q_2 = (0, -1, 0, 1)/sqrt 2, and q_1 . q_2 = 1/2 (!)
  MGS: q_2 = (0, -1, -1, 2)/sqrt 6, orthogonal to q_1.

Shapes: A is an (m, n) float array with m >= n and independent columns. Both functions
return (Q, R): Q is (m, n) with orthonormal columns, R is (n, n) upper triangular with a
positive diagonal, and Q @ R = A. Do not modify A (copy the columns you update).

Tiny example: A = [[3, 1], [4, 1]]: r_00 = 5, q_0 = (0.6, 0.8); r_01 = q_0 . a_1 = 1.4,
v = (1, 1) - 1.4 (0.6, 0.8) = (0.16, -0.12), r_11 = 0.2, q_1 = (0.8, -0.6);
Q = [[0.6, 0.8], [0.8, -0.6]], R = [[5, 1.4], [0, 0.2]].

Write the orthogonalisation yourself (the checks refuse the library's).
Do not use: np.linalg.qr, scipy.linalg.qr.
"""
import numpy as np


def classical_gram_schmidt(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (Q, R) with A = QR by classical Gram-Schmidt."""
    # TODO: for each column j: r_ij = q_i . a_j (the original column) for i < j,
    # v = a_j - sum r_ij q_i, r_jj = ||v||, q_j = v / r_jj.
    ### BEGIN SOLUTION
    m, n = A.shape
    Q, R = np.zeros((m, n)), np.zeros((n, n))
    for j in range(n):
        v = np.array(A[:, j], dtype=float)
        for i in range(j):
            R[i, j] = Q[:, i] @ A[:, j]
            v -= R[i, j] * Q[:, i]
        R[j, j] = np.linalg.norm(v)
        Q[:, j] = v / R[j, j]
    return Q, R
    ### END SOLUTION


def modified_gram_schmidt(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (Q, R) with A = QR by modified Gram-Schmidt."""
    # TODO: as above, but r_ij = q_i . v with v updated after each subtraction.
    ### BEGIN SOLUTION
    m, n = A.shape
    Q, R = np.zeros((m, n)), np.zeros((n, n))
    for j in range(n):
        v = np.array(A[:, j], dtype=float)
        for i in range(j):
            R[i, j] = Q[:, i] @ v
            v -= R[i, j] * Q[:, i]
        R[j, j] = np.linalg.norm(v)
        Q[:, j] = v / R[j, j]
    return Q, R
    ### END SOLUTION
