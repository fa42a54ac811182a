"""Reference solution: Gauss-Jordan elimination on [A | I] with partial pivoting."""
import numpy as np


def gauss_jordan(M: np.ndarray, tol: float = 1e-12) -> np.ndarray:
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


def inverse(A: np.ndarray, tol: float = 1e-12) -> np.ndarray:
    n = A.shape[0]
    return gauss_jordan(np.hstack([A, np.eye(n)]), tol)[:, n:]
