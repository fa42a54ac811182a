"""Reference solution: closed-form gradients, directional derivatives, steepest ascent."""
import numpy as np


def quadratic_gradient(A: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 0.5 * (A + A.T) @ x + b


def log_sum_exp_gradient(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def norm_gradient(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x)


def directional_derivative(grad: np.ndarray, u: np.ndarray) -> float:
    unit = u / np.linalg.norm(u)
    return float(grad @ unit)


def numerical_directional_derivative(f, x: np.ndarray, u: np.ndarray, h: float = 1e-5) -> float:
    unit = u / np.linalg.norm(u)
    return (f(x + h * unit) - f(x - h * unit)) / (2 * h)


def steepest_ascent_direction(grad: np.ndarray) -> np.ndarray:
    return grad / np.linalg.norm(grad)
