"""Reference solution: the SVD from the eigen-decomposition of A^T A, low-rank approximation."""
import numpy as np


def svd(A: np.ndarray, tol: float = 1e-6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    A = np.asarray(A, dtype=float)
    lam, V = np.linalg.eigh(A.T @ A)
    order = np.argsort(lam)[::-1]
    lam, V = lam[order], V[:, order]
    s = np.sqrt(np.clip(lam, 0.0, None))
    r = int(np.sum(s > tol * s[0]))
    s, V = s[:r], V[:, :r]
    U = A @ V / s
    return U, s, V.T


def low_rank_approximation(A: np.ndarray, k: int) -> np.ndarray:
    U, s, Vt = svd(A)
    return (U[:, :k] * s[:k]) @ Vt[:k]


def eckart_young_errors(s: np.ndarray, k: int) -> tuple[float, float]:
    s = np.asarray(s, dtype=float)
    spectral = float(s[k]) if k < len(s) else 0.0
    frobenius = float(np.sqrt(np.sum(s[k:] ** 2)))
    return spectral, frobenius
