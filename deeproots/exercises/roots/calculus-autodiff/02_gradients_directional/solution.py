"""Gradients and directional derivatives: how fast f changes, and in which direction.

Source: Goodfellow, Bengio & Courville, Deep Learning §4.3 ("Gradient-Based Optimization":
directional derivative, method of steepest descent); MIT 18.02SC Multivariable Calculus
(Fall 2010), unit 2 part B, sessions 35-38 ("Gradient" and "Directional Derivatives");
the 3Blue1Brown / Khan Academy multivariable-calculus videos "Gradient" and "Directional
derivative" (Grant Sanderson).
https://www.deeplearningbook.org/

The gradient of f: R^n -> R collects the partial derivatives, grad f(x)[i] = df/dx_i. It is
the one vector that turns every directional derivative into a dot product: moving from x
along a *unit* vector u, f changes at the rate

    D_u f(x) = lim_{h -> 0} (f(x + h u) - f(x - h u)) / 2h = grad f(x) . u.

By Cauchy-Schwarz, grad f . u <= ||grad f|| ||u|| = ||grad f||, with equality only for
u = grad f / ||grad f||: the gradient points in the direction of steepest ascent, its norm
is the steepest rate, and -grad f is the steepest descent that gradient descent follows.
The direction must be normalised first: for u = 2v the limit above doubles, but the
direction has not changed.

Three gradients to derive (write them in closed form, no finite differences):
  * f(x) = 1/2 x^T A x + b^T x, A any (n, n) matrix, *not necessarily symmetric*:
        grad f(x) = 1/2 (A + A^T) x + b     (= A x + b only when A is symmetric)
  * f(x) = log sum_i exp(x_i) (log-sum-exp):
        grad f(x) = softmax(x) = exp(x_i) / sum_j exp(x_j); subtract max(x) before exp so
        that x = [1000, 999] does not overflow (the shift does not change softmax)
  * f(x) = ||x||_2 = sqrt(x . x), for x != 0:
        grad f(x) = x / ||x||_2             (a unit vector: the norm grows fastest outward)

Shapes: A is (n, n), b, x, grad and u are (n,) float arrays, n >= 1; u != 0 need not be a
unit vector (normalise it); f is a function of an (n,) array returning a float.
  quadratic_gradient(A, b, x), log_sum_exp_gradient(x), norm_gradient(x)  -> (n,) arrays
  directional_derivative(grad, u)                                         -> float
  numerical_directional_derivative(f, x, u, h)                            -> float
  steepest_ascent_direction(grad)                                         -> (n,) unit vector
numerical_directional_derivative is the central difference of exercise central-differences
taken along one direction: two evaluations of f, whatever n is.

Tiny example: A = [[0, 2], [0, 0]], b = [1, -1], so f(x) = x0 x1 + x0 - x1 and by hand
grad f = [x1 + 1, x0 - 1]; at x = [3, 5] that is [6, 2] (A x + b would give [11, -1]).
With u = [3, 4] (unit vector [0.6, 0.8]): D_u f = 6 * 0.6 + 2 * 0.8 = 5.2; the steepest
ascent direction is [6, 2] / sqrt(40) and its rate is sqrt(40) = 6.32 > 5.2.
"""
import numpy as np


def quadratic_gradient(A: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Return the gradient of f(x) = 1/2 x^T A x + b^T x at x, for any square A."""
    # TODO: differentiate x^T A x term by term: both the row and the column side depend on x.
    ### BEGIN SOLUTION
    return 0.5 * (A + A.T) @ x + b
    ### END SOLUTION


def log_sum_exp_gradient(x: np.ndarray) -> np.ndarray:
    """Return the gradient of log(sum(exp(x))): softmax(x), computed without overflow."""
    # TODO: shift by the max, exponentiate, normalise.
    ### BEGIN SOLUTION
    e = np.exp(x - np.max(x))
    return e / np.sum(e)
    ### END SOLUTION


def norm_gradient(x: np.ndarray) -> np.ndarray:
    """Return the gradient of the Euclidean norm ||x||_2 at x != 0."""
    # TODO: chain rule on sqrt(x . x).
    ### BEGIN SOLUTION
    return x / np.linalg.norm(x)
    ### END SOLUTION


def directional_derivative(grad: np.ndarray, u: np.ndarray) -> float:
    """Return D_u f = grad . (u / ||u||), the rate of change along the direction of u."""
    # TODO: normalise u, then take the dot product.
    ### BEGIN SOLUTION
    unit = u / np.linalg.norm(u)
    return float(grad @ unit)
    ### END SOLUTION


def numerical_directional_derivative(f, x: np.ndarray, u: np.ndarray, h: float = 1e-5) -> float:
    """Return (f(x + h u_hat) - f(x - h u_hat)) / 2h with u_hat = u / ||u||."""
    # TODO: normalise u; evaluate f on both sides of x along u_hat (new arrays, not in place).
    ### BEGIN SOLUTION
    unit = u / np.linalg.norm(u)
    return (f(x + h * unit) - f(x - h * unit)) / (2 * h)
    ### END SOLUTION


def steepest_ascent_direction(grad: np.ndarray) -> np.ndarray:
    """Return the unit vector u that maximises grad . u (grad != 0)."""
    # TODO: which unit vector makes Cauchy-Schwarz an equality?
    ### BEGIN SOLUTION
    return grad / np.linalg.norm(grad)
    ### END SOLUTION
