"""Reference solution: gradient descent on a quadratic and its step-size limits."""
import numpy as np


def gradient_descent(A: np.ndarray, b: np.ndarray, x0: np.ndarray, eta: float, steps: int) -> np.ndarray:
    x = np.array(x0, dtype=float)
    history = [x.copy()]
    for _ in range(steps):
        x = x - eta * (A @ x - b)
        history.append(x)
    return np.array(history)


def largest_stable_step(A: np.ndarray) -> float:
    eigenvalues = np.linalg.eigvalsh(A)
    return float(2.0 / eigenvalues[-1])


def optimal_step(A: np.ndarray) -> float:
    eigenvalues = np.linalg.eigvalsh(A)
    return float(2.0 / (eigenvalues[0] + eigenvalues[-1]))
