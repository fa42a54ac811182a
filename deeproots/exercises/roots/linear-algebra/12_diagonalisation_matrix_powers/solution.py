"""Reference solution: A^k = S Lambda^k S^-1, Fibonacci numbers, Markov steady states."""
import numpy as np


def power_by_diagonalisation(A: np.ndarray, k: int) -> np.ndarray:
    lam, S = np.linalg.eig(A)
    Ak = S @ np.diag(lam ** k) @ np.linalg.inv(S)
    return Ak.real if np.isrealobj(A) else Ak


def fibonacci(ks: np.ndarray) -> np.ndarray:
    ks = np.asarray(ks)
    lam, S = np.linalg.eig(np.array([[1.0, 1.0], [1.0, 0.0]]))
    c = np.linalg.solve(S, np.array([1.0, 0.0]))  # u_0 = [F_1, F_0] = S c
    u = (lam ** ks[:, None] * c) @ S.T  # row i is u_{k_i} = S (lam^k_i * c)
    return np.rint(u[:, 1]).astype(np.int64)


def steady_state(P: np.ndarray) -> np.ndarray:
    lam, S = np.linalg.eig(P)
    i = int(np.argmin(np.abs(lam - 1.0)))
    u = S[:, i].real
    return u / u.sum()
