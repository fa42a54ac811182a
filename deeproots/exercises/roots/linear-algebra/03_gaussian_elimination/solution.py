"""Reference solution: Gaussian elimination with partial pivoting and back substitution."""
import numpy as np


def forward_eliminate(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    U = np.array(A, dtype=float)
    c = np.array(b, dtype=float)
    n = U.shape[0]
    for k in range(n - 1):
        r = k + int(np.argmax(np.abs(U[k:, k])))
        if r != k:
            U[[k, r]] = U[[r, k]]
            c[[k, r]] = c[[r, k]]
        multipliers = U[k + 1:, k] / U[k, k]
        U[k + 1:, k:] -= np.outer(multipliers, U[k, k:])
        c[k + 1:] -= multipliers * c[k]
        U[k + 1:, k] = 0.0
    return U, c


def back_substitute(U: np.ndarray, c: np.ndarray) -> np.ndarray:
    n = U.shape[0]
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (c[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]
    return x


def solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    U, c = forward_eliminate(A, b)
    return back_substitute(U, c)
