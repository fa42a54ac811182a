"""Reference solution: numerical Hessian, second-order Taylor, second-derivative test."""
import numpy as np


def numerical_hessian(grad, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    n = x.size
    J = np.zeros((n, n))
    for j in range(n):
        step = np.zeros(n)
        step[j] = h
        J[:, j] = (grad(x + step) - grad(x - step)) / (2 * h)
    return 0.5 * (J + J.T)


def second_order_taylor(fx: float, g: np.ndarray, H: np.ndarray, d: np.ndarray) -> float:
    return float(fx + g @ d + 0.5 * d @ H @ d)


def second_derivative_test(H: np.ndarray, tol: float = 1e-8) -> str:
    eigenvalues = np.linalg.eigvalsh(H)
    if np.all(eigenvalues > tol):
        return "minimum"
    if np.all(eigenvalues < -tol):
        return "maximum"
    if np.any(eigenvalues > tol) and np.any(eigenvalues < -tol):
        return "saddle"
    return "inconclusive"
