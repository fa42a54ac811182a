"""Reference solution: numerical JVP/VJP and Jacobian, analytic softmax Jacobian products."""
import numpy as np


def numerical_jvp(f, x: np.ndarray, v: np.ndarray, h: float = 1e-5) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    f_plus = np.asarray(f(x + h * v), dtype=float)
    f_minus = np.asarray(f(x - h * v), dtype=float)
    return (f_plus - f_minus) / (2 * h)


def jacobian(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    n = x.size
    columns = [numerical_jvp(f, x, np.eye(n)[j], h) for j in range(n)]
    return np.stack(columns, axis=1)


def numerical_vjp(f, x: np.ndarray, u: np.ndarray, h: float = 1e-5) -> np.ndarray:
    return u @ jacobian(f, x, h)


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def softmax_jacobian(x: np.ndarray) -> np.ndarray:
    s = _softmax(x)
    return np.diag(s) - np.outer(s, s)


def softmax_jvp(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    s = _softmax(x)
    return s * (v - s @ v)


def softmax_vjp(x: np.ndarray, u: np.ndarray) -> np.ndarray:
    s = _softmax(x)
    return s * (u - u @ s)
