"""Reference solution: projections onto a line and onto a column space."""
import numpy as np


def project_onto_line(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a @ b) / (a @ a) * a


def projection_matrix(A: np.ndarray) -> np.ndarray:
    return A @ np.linalg.solve(A.T @ A, A.T)


def project(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x_hat = np.linalg.solve(A.T @ A, A.T @ b)
    return x_hat, A @ x_hat
