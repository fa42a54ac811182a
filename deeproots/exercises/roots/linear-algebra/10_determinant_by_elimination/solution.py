"""Reference solution: the determinant by elimination with partial pivoting."""
import numpy as np


def permutation_sign(perm: np.ndarray) -> int:
    p = [int(v) for v in perm]
    sign = 1
    for i in range(len(p)):
        while p[i] != i:
            j = p[i]
            p[i], p[j] = p[j], p[i]
            sign = -sign
    return sign


def eliminate(A: np.ndarray) -> tuple[np.ndarray, int]:
    U = np.array(A, dtype=float)
    n = U.shape[0]
    sign = 1
    for k in range(n - 1):
        r = k + int(np.argmax(np.abs(U[k:, k])))
        if U[r, k] == 0.0:
            continue  # nothing to eliminate in this column: A is singular
        if r != k:
            U[[k, r]] = U[[r, k]]
            sign = -sign
        multipliers = U[k + 1:, k] / U[k, k]
        U[k + 1:, k:] -= np.outer(multipliers, U[k, k:])
        U[k + 1:, k] = 0.0
    return U, sign


def determinant(A: np.ndarray) -> float:
    U, sign = eliminate(A)
    return sign * float(np.prod(np.diag(U)))
