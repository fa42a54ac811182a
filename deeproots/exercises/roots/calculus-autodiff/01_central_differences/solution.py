"""Reference solution: forward and central differences, numerical Jacobian."""
import numpy as np


def forward_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    x = np.array(x, dtype=float)
    f_x = f(x)
    grad = np.zeros_like(x)
    for i in range(x.size):
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x)
        x[i] = saved
        grad[i] = (f_plus - f_x) / h
    return grad


def central_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x)
        x[i] = saved - h
        f_minus = f(x)
        x[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_jacobian(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    x = np.array(x, dtype=float)
    m = np.asarray(f(x)).size
    jac = np.zeros((m, x.size))
    for j in range(x.size):
        saved = x[j]
        x[j] = saved + h
        f_plus = np.asarray(f(x), dtype=float)
        x[j] = saved - h
        f_minus = np.asarray(f(x), dtype=float)
        x[j] = saved
        jac[:, j] = (f_plus - f_minus) / (2 * h)
    return jac
