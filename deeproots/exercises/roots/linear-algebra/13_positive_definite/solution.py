"""Reference solution: the tests for positive definiteness and a hand-written Cholesky."""
import numpy as np


def pivots(A: np.ndarray) -> np.ndarray:
    U = np.array(A, dtype=float)
    n = U.shape[0]
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero pivot: not positive definite
        for k in range(n - 1):
            multipliers = U[k + 1:, k] / U[k, k]
            U[k + 1:, k:] -= np.outer(multipliers, U[k, k:])
    return np.diag(U).copy()


def leading_minors(A: np.ndarray) -> np.ndarray:
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    return np.array([np.linalg.det(A[:k, :k]) for k in range(1, n + 1)])


def cholesky(A: np.ndarray) -> np.ndarray:
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    L = np.zeros((n, n))
    for j in range(n):
        d = A[j, j] - L[j, :j] @ L[j, :j]
        if d <= 0.0:
            raise ValueError(f"A is not positive definite: pivot {d:g} at step {j}")
        L[j, j] = np.sqrt(d)
        L[j + 1:, j] = (A[j + 1:, j] - L[j + 1:, :j] @ L[j, :j]) / L[j, j]
    return L


def positive_definite_tests(A: np.ndarray, tol: float = 1e-10) -> dict:
    return {
        "pivots": bool(np.all(pivots(A) > tol)),
        "minors": bool(np.all(leading_minors(A) > tol)),
        "eigenvalues": bool(np.all(np.linalg.eigvalsh(A) > tol)),
    }
