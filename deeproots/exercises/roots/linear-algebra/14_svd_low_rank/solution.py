"""The SVD from the eigenvectors of A^T A, and the best rank-k approximation (Eckart-Young).

Source: MIT 18.06 (Gilbert Strang), lecture 29 "Singular value decomposition"; Strang,
Introduction to Linear Algebra §7.1-7.2; Strang, Linear Algebra and Learning from Data
§I.8-I.9 (the Eckart-Young theorem; MIT 18.065 lecture 7).
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

Every m x n matrix of rank r is A = U Sigma V^T = sigma_1 u_1 v_1^T + ... + sigma_r u_r v_r^T
with orthonormal u's (in R^m), orthonormal v's (in R^n) and sigma_1 >= ... >= sigma_r > 0.
Since A^T A = V Sigma^2 V^T, the v's are the eigenvectors of the symmetric matrix A^T A
and the sigma's the square roots of its eigenvalues. Then the u's follow, with matching
signs (each v_i is only defined up to sign; u_i must follow its choice):

    A^T A v_i = sigma_i^2 v_i          u_i = A v_i / sigma_i          (A v_i = sigma_i u_i)

np.linalg.eigh returns the eigenvalues in increasing order: sort them decreasingly and
reorder the eigenvector columns with them. Rounding can make a zero eigenvalue slightly
negative (clip at 0 before the square root). Forming A^T A squares the condition
number: an exactly-zero sigma comes out around 1e-8 * sigma_1, not 1e-16. So keep only the
sigma_i > tol * sigma_1 (tol = 1e-6 by default): their number is the rank r, and this is
the compact SVD (no u_i = A v_i / sigma_i with a sigma that is only noise). (LAPACK never
forms A^T A, for this reason; here it is the way to see where the SVD comes from.)

The best rank-k approximation keeps the k largest pieces:

    A_k = sigma_1 u_1 v_1^T + ... + sigma_k u_k v_k^T          (all of A when k >= r)

Eckart-Young: no matrix B of rank <= k is closer to A, in the spectral norm or in the
Frobenius norm, and the errors are known from the singular values alone (with the
sigma's numbered from 1, in Python s[k] is sigma_(k+1)):

    ||A - A_k||_2 = sigma_(k+1)          ||A - A_k||_F = sqrt(sigma_(k+1)^2 + ... + sigma_r^2)

(both 0 when k >= r).

Shapes: A is an (m, n) float array (any m, n >= 1), k an int >= 1.
  svd(A, tol)                  -> (U, s, Vt): U (m, r), s (r,) decreasing, Vt (r, n) (the v's
                                  are the rows of Vt), with A = U @ np.diag(s) @ Vt
  low_rank_approximation(A, k) -> (m, n) array A_k
  eckart_young_errors(s, k)    -> (spectral, frobenius), two floats; s a 1-D decreasing
                                  array of singular values

Tiny example (lecture 29): A = [[4, 4], [-3, 3]]. A^T A = [[25, 7], [7, 25]] has eigenvalues
32 and 18 with v_1 = [1, 1]/sqrt(2), v_2 = [1, -1]/sqrt(2). So sigma = [4 sqrt 2, 3 sqrt 2],
u_1 = A v_1 / sigma_1 = [1, 0], u_2 = A v_2 / sigma_2 = [0, -1]. A_1 = [[4, 4], [0, 0]] and
||A - A_1||_2 = ||A - A_1||_F = 3 sqrt 2.

Use np.linalg.eigh: building the SVD from it is the point of the exercise.
Do not use: np.linalg.svd, scipy.linalg.svd.
"""
import numpy as np


def svd(A: np.ndarray, tol: float = 1e-6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the compact SVD (U, s, Vt) of A from the eigen-decomposition of A^T A."""
    # TODO: eigh(A.T @ A); sort decreasingly; s = sqrt(clipped eigenvalues); keep s > tol * s[0];
    # U = A V / s (column i divided by s[i]).
    ### BEGIN SOLUTION
    A = np.asarray(A, dtype=float)
    lam, V = np.linalg.eigh(A.T @ A)
    order = np.argsort(lam)[::-1]
    lam, V = lam[order], V[:, order]
    s = np.sqrt(np.clip(lam, 0.0, None))
    r = int(np.sum(s > tol * s[0]))
    s, V = s[:r], V[:, :r]
    U = A @ V / s
    return U, s, V.T
    ### END SOLUTION


def low_rank_approximation(A: np.ndarray, k: int) -> np.ndarray:
    """Return A_k, the sum of the k largest pieces sigma_i u_i v_i^T."""
    # TODO: svd(A), then keep the first k columns of U, entries of s, rows of Vt.
    ### BEGIN SOLUTION
    U, s, Vt = svd(A)
    return (U[:, :k] * s[:k]) @ Vt[:k]
    ### END SOLUTION


def eckart_young_errors(s: np.ndarray, k: int) -> tuple[float, float]:
    """Return (||A - A_k||_2, ||A - A_k||_F) from the singular values s alone."""
    # TODO: sigma_(k+1) is s[k] (0 if there is none); the Frobenius error sums the squares from s[k] on.
    ### BEGIN SOLUTION
    s = np.asarray(s, dtype=float)
    spectral = float(s[k]) if k < len(s) else 0.0
    frobenius = float(np.sqrt(np.sum(s[k:] ** 2)))
    return spectral, frobenius
    ### END SOLUTION
