"""The multivariate Gaussian N(mu, Sigma): sampling with the Cholesky factor, and its log-density.

Source: Goodfellow, Bengio & Courville, Deep Learning §3.9.3 (the multivariate normal);
Bishop, Pattern Recognition and Machine Learning §2.3; MIT 18.05 (Orloff & Bloom) class 7
on covariance and correlation; Golub & Van Loan §4.2 for the Cholesky factorization.
https://www.deeplearningbook.org/

A symmetric positive-definite covariance Sigma factors as Sigma = L L^T with L lower
triangular (the Cholesky factor, np.linalg.cholesky). If z ~ N(0, I) then x = mu + L z has
mean mu and covariance E[(L z)(L z)^T] = L E[z z^T] L^T = L L^T = Sigma: every Gaussian is
an affine map of independent standard normals. The same factor gives the log-density
cheaply and stably, with no inverse and no determinant:

    log p(x) = -d/2 log(2 pi) - 1/2 log det Sigma - 1/2 (x - mu)^T Sigma^{-1} (x - mu)

    log det Sigma = 2 * sum_i log L[i, i]              (det L = product of its diagonal)
    (x - mu)^T Sigma^{-1} (x - mu) = ||w||^2   where  L w = x - mu   (a triangular solve)

Solve L w = x - mu with scipy.linalg.solve_triangular(L, ..., lower=True) (or np.linalg.solve).
Avoid np.log(np.linalg.det(Sigma)): in high dimension the determinant underflows to 0.0
(64 eigenvalues of 5e-6 multiply to 1e-340) and its log is -inf, while the sum of the
logs of L's diagonal is fine; the checks include such a Sigma, and a nearly singular one.

Shapes: mu is (d,), Sigma is (d, d) symmetric positive definite, d >= 1.
  gaussian_transform(mu, Sigma, z) -> x: z is (n, d), one standard-normal vector per row;
      return the (n, d) array whose row i is mu + L z_i (with rows, that is z @ L.T + mu).
  gaussian_logpdf(x, mu, Sigma) -> (n,) array of log p(x_i) for x of shape (n, d).
Do not draw random numbers: the checks pass you z, so that they can reproduce your x.

Tiny example: mu = [1, 2], Sigma = [[4, 2], [2, 2]] has L = [[2, 0], [1, 1]]
(check: L L^T = [[4, 2], [2, 2]]).
  gaussian_transform(mu, Sigma, [[1, 1]]) = [[1 + 2*1, 2 + 1*1 + 1*1]] = [[3, 4]]
  gaussian_logpdf([[1, 2]], mu, Sigma): at x = mu the quadratic term is 0 and
      log det Sigma = 2 (log 2 + log 1) = log 4, so log p = -log(2 pi) - log 2 = -2.531.

Write both yourself (np.linalg.cholesky is the tool to use).
Do not use: scipy.stats.multivariate_normal, np.random.multivariate_normal.
"""
import numpy as np


def gaussian_transform(mu: np.ndarray, Sigma: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Return the (n, d) array mu + L z_i (row by row) with L the Cholesky factor of Sigma."""
    # TODO: L = np.linalg.cholesky(Sigma); apply it to every row of z and add mu.
    ### BEGIN SOLUTION
    L = np.linalg.cholesky(np.asarray(Sigma, dtype=float))
    return np.asarray(mu, dtype=float) + np.asarray(z, dtype=float) @ L.T
    ### END SOLUTION


def gaussian_logpdf(x: np.ndarray, mu: np.ndarray, Sigma: np.ndarray) -> np.ndarray:
    """Return the (n,) log-densities of N(mu, Sigma) at the rows of x, via the Cholesky factor."""
    # TODO: log det from the diagonal of L, the quadratic form from a triangular solve.
    ### BEGIN SOLUTION
    L = np.linalg.cholesky(np.asarray(Sigma, dtype=float))
    d = L.shape[0]
    centered = np.asarray(x, dtype=float) - np.asarray(mu, dtype=float)
    w = np.linalg.solve(L, centered.T)  # L w = (x - mu)^T, one column per point
    half_log_det = np.sum(np.log(np.diag(L)))
    return -0.5 * d * np.log(2.0 * np.pi) - half_log_det - 0.5 * np.sum(w**2, axis=0)
    ### END SOLUTION
