"""Reference solution: power iteration with the Rayleigh quotient, Hotelling deflation."""
import numpy as np


def power_iteration(A: np.ndarray, num_iters: int = 1000, tol: float = 1e-10,
                    seed: int = 0) -> tuple[float, np.ndarray, int]:
    A = np.asarray(A, dtype=float)
    x = np.random.default_rng(seed).standard_normal(A.shape[0])
    Ax = A @ (x / np.linalg.norm(x))
    lam = 0.0
    for n_iter in range(1, num_iters + 1):
        x = Ax / np.linalg.norm(Ax)
        Ax = A @ x
        lam = float(x @ Ax)
        if np.linalg.norm(Ax - lam * x) <= tol * abs(lam):
            break
    return lam, x, n_iter


def deflate(A: np.ndarray, lam: float, v: np.ndarray) -> np.ndarray:
    return A - lam * np.outer(v, v)


def top_eigenpairs(A: np.ndarray, k: int, num_iters: int = 1000, tol: float = 1e-10,
                   seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    B = np.array(A, dtype=float)
    lams, vectors = [], []
    for _ in range(k):
        lam, x, _ = power_iteration(B, num_iters, tol, seed)
        lams.append(lam)
        vectors.append(x)
        B = deflate(B, lam, x)
    return np.array(lams), np.column_stack(vectors)
