"""Module-level functions that checks pass to learner code (picklable by reference).

The grader runs learner code in another process: a callable argument crosses that
boundary by its qualified name, so it must live at module level in an importable module.
"""
from __future__ import annotations

import numpy as np


def rosenbrock(x: np.ndarray) -> float:
    """Rosenbrock's banana: sum of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2."""
    x = np.asarray(x, dtype=float)
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def rosenbrock_gradient(x: np.ndarray) -> np.ndarray:
    """Analytic gradient of :func:`rosenbrock`."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    grad[:-1] = -400.0 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2.0 * (1.0 - x[:-1])
    grad[1:] += 200.0 * (x[1:] - x[:-1] ** 2)
    return grad


def sum_of_cubes(x: np.ndarray) -> float:
    """sum_i x_i^3: its central difference is exactly 3 x_i^2 + h^2 (forward: + 3 x_i h + h^2)."""
    x = np.asarray(x, dtype=float)
    return float(np.sum(x**3))


def sum_of_cubes_gradient(x: np.ndarray) -> np.ndarray:
    """Analytic gradient of :func:`sum_of_cubes`: 3 x^2."""
    return 3.0 * np.asarray(x, dtype=float) ** 2


def log_sum_exp(x: np.ndarray) -> float:
    """log(sum_i exp(x_i)), computed stably (shifted by the max)."""
    x = np.asarray(x, dtype=float)
    top = np.max(x)
    return float(top + np.log(np.sum(np.exp(x - top))))


def log_sum_exp_gradient(x: np.ndarray) -> np.ndarray:
    """Analytic gradient of :func:`log_sum_exp`: softmax(x)."""
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x))
    return e / e.sum()


def two_output_field(x: np.ndarray) -> np.ndarray:
    """R^3 -> R^2: [x0 x1 x2, sin(x0) + x1^2 - exp(x2)]."""
    x = np.asarray(x, dtype=float)
    return np.array([x[0] * x[1] * x[2], np.sin(x[0]) + x[1] ** 2 - np.exp(x[2])])


def two_output_field_jacobian(x: np.ndarray) -> np.ndarray:
    """Analytic (2, 3) Jacobian of :func:`two_output_field`."""
    x = np.asarray(x, dtype=float)
    return np.array([[x[1] * x[2], x[0] * x[2], x[0] * x[1]],
                     [np.cos(x[0]), 2.0 * x[1], -np.exp(x[2])]])


AFFINE_MATRIX = np.array([[1.0, 2.0, 0.0, -1.0],
                          [0.0, 3.0, 1.0, 0.0],
                          [2.0, 0.0, 0.0, 5.0]])
AFFINE_OFFSET = np.array([1.0, -2.0, 0.5])


def affine_map(x: np.ndarray) -> np.ndarray:
    """R^4 -> R^3: AFFINE_MATRIX @ x + AFFINE_OFFSET (its Jacobian is AFFINE_MATRIX)."""
    return AFFINE_MATRIX @ np.asarray(x, dtype=float) + AFFINE_OFFSET
