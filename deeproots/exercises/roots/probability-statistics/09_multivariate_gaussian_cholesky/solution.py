"""Reference solution: the multivariate Gaussian through its Cholesky factor."""
import numpy as np


def gaussian_transform(mu: np.ndarray, Sigma: np.ndarray, z: np.ndarray) -> np.ndarray:
    L = np.linalg.cholesky(np.asarray(Sigma, dtype=float))
    return np.asarray(mu, dtype=float) + np.asarray(z, dtype=float) @ L.T


def gaussian_logpdf(x: np.ndarray, mu: np.ndarray, Sigma: np.ndarray) -> np.ndarray:
    L = np.linalg.cholesky(np.asarray(Sigma, dtype=float))
    d = L.shape[0]
    centered = np.asarray(x, dtype=float) - np.asarray(mu, dtype=float)
    w = np.linalg.solve(L, centered.T)  # L w = (x - mu)^T, one column per point
    half_log_det = np.sum(np.log(np.diag(L)))
    return -0.5 * d * np.log(2.0 * np.pi) - half_log_det - 0.5 * np.sum(w**2, axis=0)
