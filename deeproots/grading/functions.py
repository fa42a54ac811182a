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


# --- calculus-autodiff 02-07: value / gradient / Hessian triples and 1-D root targets ----

def rosenbrock_hessian(x: np.ndarray) -> np.ndarray:
    """Analytic (n, n) Hessian of :func:`rosenbrock` (tridiagonal)."""
    x = np.asarray(x, dtype=float)
    n = x.size
    hess = np.zeros((n, n))
    diagonal = np.zeros(n)
    diagonal[:-1] = 1200.0 * x[:-1] ** 2 - 400.0 * x[1:] + 2.0
    diagonal[1:] += 200.0
    off = -400.0 * x[:-1]
    hess[np.diag_indices(n)] = diagonal
    hess[np.arange(n - 1), np.arange(1, n)] = off
    hess[np.arange(1, n), np.arange(n - 1)] = off
    return hess


def softmax(x: np.ndarray) -> np.ndarray:
    """R^n -> R^n: exp(x) / sum(exp(x)), shifted by the max (the gradient of log_sum_exp)."""
    return log_sum_exp_gradient(x)


def quartic_bowl(x: np.ndarray) -> float:
    """sum_i x_i^4 / 4 (its gradient is x^3, its Hessian diag(3 x^2))."""
    x = np.asarray(x, dtype=float)
    return float(np.sum(x**4) / 4.0)


def quartic_bowl_gradient(x: np.ndarray) -> np.ndarray:
    """Analytic gradient of :func:`quartic_bowl`: x^3 (its central difference is 3x^2 + h^2)."""
    return np.asarray(x, dtype=float) ** 3


# A fixed symmetric positive definite (4, 4) matrix (eigenvalues about 0.86 to 4.76) and vector.
QUADRATIC_MATRIX = np.array([[4.0, 1.0, 0.0, 0.5],
                             [1.0, 3.0, -1.0, 0.0],
                             [0.0, -1.0, 2.0, 0.25],
                             [0.5, 0.0, 0.25, 1.0]])
QUADRATIC_VECTOR = np.array([1.0, -2.0, 0.5, 3.0])


def quadratic(x: np.ndarray) -> float:
    """f(x) = x^T A x / 2 - b^T x with A = QUADRATIC_MATRIX (SPD), b = QUADRATIC_VECTOR."""
    x = np.asarray(x, dtype=float)
    return float(0.5 * x @ QUADRATIC_MATRIX @ x - QUADRATIC_VECTOR @ x)


def quadratic_gradient(x: np.ndarray) -> np.ndarray:
    """Gradient of :func:`quadratic`: A x - b."""
    return QUADRATIC_MATRIX @ np.asarray(x, dtype=float) - QUADRATIC_VECTOR


def quadratic_hessian(x: np.ndarray) -> np.ndarray:
    """Hessian of :func:`quadratic`: the constant matrix A."""
    return QUADRATIC_MATRIX.copy()


# A small fixed binary classification set (8 samples, 3 features, labels +-1) for an
# L2-regularised logistic loss: smooth and strongly convex, so Newton converges quadratically.
LOGISTIC_FEATURES = np.array([[1.0, 0.5, -1.2],
                              [0.3, -1.0, 0.8],
                              [-0.7, 0.2, 1.5],
                              [1.4, 1.1, 0.1],
                              [-1.2, -0.4, -0.6],
                              [0.6, -1.3, -0.2],
                              [-0.2, 0.9, 0.7],
                              [0.9, 0.1, -1.0]])
LOGISTIC_LABELS = np.array([1.0, -1.0, 1.0, 1.0, -1.0, -1.0, 1.0, -1.0])
LOGISTIC_PENALTY = 0.1


def logistic_loss(w: np.ndarray) -> float:
    """sum_i log(1 + exp(-y_i x_i^T w)) + (PENALTY / 2) ||w||^2 on the fixed data above."""
    w = np.asarray(w, dtype=float)
    margins = LOGISTIC_LABELS * (LOGISTIC_FEATURES @ w)
    return float(np.sum(np.logaddexp(0.0, -margins)) + 0.5 * LOGISTIC_PENALTY * (w @ w))


def logistic_loss_gradient(w: np.ndarray) -> np.ndarray:
    """Gradient of :func:`logistic_loss`: -X^T (y * sigmoid(-y X w)) + PENALTY w."""
    w = np.asarray(w, dtype=float)
    margins = LOGISTIC_LABELS * (LOGISTIC_FEATURES @ w)
    weights = 0.5 * (1.0 - np.tanh(margins / 2.0))  # sigmoid(-margin), without overflow
    return -LOGISTIC_FEATURES.T @ (LOGISTIC_LABELS * weights) + LOGISTIC_PENALTY * w


def logistic_loss_hessian(w: np.ndarray) -> np.ndarray:
    """Hessian of :func:`logistic_loss`: X^T diag(p (1 - p)) X + PENALTY I."""
    w = np.asarray(w, dtype=float)
    p = 0.5 * (1.0 + np.tanh((LOGISTIC_FEATURES @ w) / 2.0))
    return (LOGISTIC_FEATURES.T * (p * (1.0 - p))) @ LOGISTIC_FEATURES + LOGISTIC_PENALTY * np.eye(w.size)


def square_minus_two(x: float) -> float:
    """g(x) = x^2 - 2, whose positive root is sqrt(2)."""
    return float(x) ** 2 - 2.0


def square_minus_two_derivative(x: float) -> float:
    """g'(x) = 2x for :func:`square_minus_two`."""
    return 2.0 * float(x)


def cos_minus_x(x: float) -> float:
    """g(x) = cos(x) - x, whose only root is the Dottie number 0.739085..."""
    return float(np.cos(x)) - float(x)


def cos_minus_x_derivative(x: float) -> float:
    """g'(x) = -sin(x) - 1 for :func:`cos_minus_x`."""
    return -float(np.sin(x)) - 1.0


# --- deep-learning-from-scratch 05 (gradient checker): functions of whole arrays ---------

def sine_times_square(x: np.ndarray) -> float:
    """Scalar f(x) = sum(sin(x) * x^2) of an array of any shape."""
    x = np.asarray(x, dtype=float)
    return float(np.sum(np.sin(x) * x**2))


def sine_times_square_gradient(x: np.ndarray) -> np.ndarray:
    """Analytic gradient of :func:`sine_times_square`: cos(x) x^2 + 2 x sin(x), x's shape."""
    x = np.asarray(x, dtype=float)
    return np.cos(x) * x**2 + 2.0 * x * np.sin(x)


def row_log_sum_exp(x: np.ndarray) -> np.ndarray:
    """(N, C) -> (N,): log(sum_c exp(x[n, c])) for every row, shifted by the row max."""
    x = np.asarray(x, dtype=float)
    top = np.max(x, axis=1, keepdims=True)
    return (top + np.log(np.sum(np.exp(x - top), axis=1, keepdims=True)))[:, 0]


def row_log_sum_exp_vjp(x: np.ndarray, dout: np.ndarray) -> np.ndarray:
    """Upstream dout (N,) pulled back through :func:`row_log_sum_exp`: dout[:, None] * softmax rows."""
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return np.asarray(dout, dtype=float)[:, None] * e / e.sum(axis=1, keepdims=True)


TANH_LAYER_WEIGHTS = np.array([[0.5, -1.0, 0.25],
                               [1.5, 0.0, -0.5],
                               [-0.75, 0.5, 1.0],
                               [0.2, 0.3, -1.2]])
TANH_LAYER_BIAS = np.array([0.1, -0.2, 0.3])


def tanh_layer(x: np.ndarray) -> np.ndarray:
    """(N, 4) -> (N, 3): tanh(x @ TANH_LAYER_WEIGHTS + TANH_LAYER_BIAS)."""
    return np.tanh(np.asarray(x, dtype=float) @ TANH_LAYER_WEIGHTS + TANH_LAYER_BIAS)


def tanh_layer_vjp(x: np.ndarray, dout: np.ndarray) -> np.ndarray:
    """Upstream dout (N, 3) pulled back through :func:`tanh_layer`: ((1 - out^2) dout) W^T."""
    out = tanh_layer(x)
    return ((1.0 - out**2) * np.asarray(dout, dtype=float)) @ TANH_LAYER_WEIGHTS.T


def flatten_rows(x: np.ndarray) -> np.ndarray:
    """(N, d_1, ..., d_k) -> (N, d_1 * ... * d_k) as a VIEW of x (no copy), like a flatten layer:
    changing x afterwards changes the returned array too. Its vjp is dout.reshape(x.shape)."""
    return x.reshape(x.shape[0], -1)
