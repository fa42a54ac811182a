"""Reference solution: matrix multiplication by rows, by columns and by outer products."""
import numpy as np


def matmul_by_rows(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    m, p = A.shape[0], B.shape[1]
    C = np.zeros((m, p))
    for i in range(m):
        C[i, :] = A[i, :] @ B
    return C


def matmul_by_columns(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    m, p = A.shape[0], B.shape[1]
    C = np.zeros((m, p))
    for j in range(p):
        C[:, j] = A @ B[:, j]
    return C


def matmul_by_outer_products(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    m, n, p = A.shape[0], A.shape[1], B.shape[1]
    C = np.zeros((m, p))
    for k in range(n):
        C += np.outer(A[:, k], B[k, :])
    return C
