"""Reference solution: LU factorisation with partial pivoting (PA = LU) and solving with it."""
import numpy as np


def lu(A: np.ndarray, tol: float = 1e-12) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    U = np.array(A, dtype=float)
    n = U.shape[0]
    L = np.eye(n)
    order = np.arange(n)
    scale = np.abs(U).max()
    for k in range(n):
        r = k + int(np.argmax(np.abs(U[k:, k])))
        if abs(U[r, k]) <= tol * scale:
            raise ValueError(f"A is singular: no pivot larger than {tol:g} * max|A| in column {k}")
        if r != k:
            U[[k, r]] = U[[r, k]]
            L[[k, r], :k] = L[[r, k], :k]
            order[[k, r]] = order[[r, k]]
        L[k + 1:, k] = U[k + 1:, k] / U[k, k]
        U[k + 1:, k:] -= np.outer(L[k + 1:, k], U[k, k:])
        U[k + 1:, k] = 0.0
    P = np.eye(n)[order]
    return P, L, U


def forward_substitute(L: np.ndarray, c: np.ndarray) -> np.ndarray:
    n = L.shape[0]
    y = np.zeros(n)
    for i in range(n):
        y[i] = (c[i] - L[i, :i] @ y[:i]) / L[i, i]
    return y


def back_substitute(U: np.ndarray, y: np.ndarray) -> np.ndarray:
    n = U.shape[0]
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (y[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]
    return x


def solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    P, L, U = lu(A)
    return back_substitute(U, forward_substitute(L, P @ b))
