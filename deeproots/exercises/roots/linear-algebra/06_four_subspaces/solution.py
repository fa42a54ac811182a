"""Reference solution: reduced row echelon form, rank and null space."""
import numpy as np


def rref(A: np.ndarray, tol: float = 1e-10) -> tuple[np.ndarray, list[int]]:
    R = np.array(A, dtype=float)
    m, n = R.shape
    threshold = tol * np.abs(R).max()
    pivots = []
    row = 0
    for col in range(n):
        if row == m:
            break
        r = row + int(np.argmax(np.abs(R[row:, col])))
        if abs(R[r, col]) <= threshold:
            R[row:, col] = 0.0
            continue
        R[[row, r]] = R[[r, row]]
        R[row] /= R[row, col]
        others = np.arange(m) != row
        R[others] -= np.outer(R[others, col], R[row])
        pivots.append(col)
        row += 1
    R[row:] = 0.0
    return R, pivots


def rank(A: np.ndarray, tol: float = 1e-10) -> int:
    return len(rref(A, tol)[1])


def null_space(A: np.ndarray, tol: float = 1e-10) -> np.ndarray:
    R, pivots = rref(A, tol)
    n = R.shape[1]
    free = [c for c in range(n) if c not in pivots]
    N = np.zeros((n, len(free)))
    for j, f in enumerate(free):
        N[f, j] = 1.0
        N[pivots, j] = -R[:len(pivots), f]
    return N
