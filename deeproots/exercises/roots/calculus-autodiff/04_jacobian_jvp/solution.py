"""Jacobians, Jacobian-vector products (JVP) and vector-Jacobian products (VJP).

Source: MIT 18.S096 "Matrix Calculus for Machine Learning and Beyond" (Edelman & Johnson,
IAP 2023), lectures 1-2 and course notes §2 (the derivative as the linear map
dx -> f'(x) dx, Jacobians) and the forward-/reverse-mode discussion that follows;
Goodfellow, Bengio & Courville, Deep Learning §4.3.1 (Jacobian matrices); Baydin et al.,
"Automatic differentiation in machine learning: a survey" (JMLR 2018) §3.1-3.2.
https://ocw.mit.edu/courses/18-s096-matrix-calculus-for-machine-learning-and-beyond-january-iap-2023/

For f: R^n -> R^m the Jacobian is the (m, n) matrix J[i, j] = d f_i / d x_j: one row per
output, one column per input. It is the linear map that best approximates f near x:

    f(x + dx) ~ f(x) + J dx.

Autodiff rarely builds J. Forward mode computes a JVP, J v (an m-vector: how the outputs
move when x moves along v); reverse mode (backprop) computes a VJP, u^T J (an n-vector:
the gradient of the scalar u . f(x)). Both cost about as much as one evaluation of f,
whereas J itself has m * n entries.

Numerically, a JVP is one central difference along v, two evaluations of f whatever n is:

    J v ~ (f(x + h v) - f(x - h v)) / 2h          (do not normalise v: J v is linear in v)

and column j of J is the JVP with the unit vector e_j, so the full Jacobian costs n JVPs.
(This is exercise central-differences' Jacobian, now seen as n directional derivatives.)

Softmax s = softmax(x), s_i = exp(x_i) / sum_k exp(x_k), R^n -> R^n, has

    J = diag(s) - s s^T,  so  J v = s * v - s (s . v) = s * (v - s . v)   (elementwise *).

J is symmetric here, so u^T J = J u; in general (m != n) the VJP is J^T u, not J u. The
JVP needs O(n) work and memory: never build the (n, n) matrix for it (the checks call
softmax_jvp and softmax_vjp with n = 20000, where J alone would need 3.2 GB).

Shapes: x and v are (n,) arrays, u is (m,), f takes an (n,) array and returns an (m,) array.
  numerical_jvp(f, x, v, h)  -> (m,)       jacobian(f, x, h)   -> (m, n)
  numerical_vjp(f, x, u, h)  -> (n,)
  softmax_jacobian(x)        -> (n, n)     softmax_jvp(x, v), softmax_vjp(x, u) -> (n,)
Compute softmax stably (subtract max(x) before exp).

Tiny example: f(x) = [x0 x1, x0 + 3 x1, x1^2] (n = 2, m = 3) at x = [1, 2]:
  J = [[2, 1], [1, 3], [0, 4]] (3 rows, 2 columns); J [1, 0] = [2, 1, 0] (column 0);
  u^T J for u = [1, 0, 1] is [2, 5] (row 0 + row 2).
Softmax at x = [0, 0]: s = [0.5, 0.5], J = [[0.25, -0.25], [-0.25, 0.25]].
"""
import numpy as np


def numerical_jvp(f, x: np.ndarray, v: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Return the central-difference JVP (f(x + h v) - f(x - h v)) / 2h, shape (m,)."""
    # TODO: two evaluations of f, on new arrays (leave x as it is).
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    f_plus = np.asarray(f(x + h * v), dtype=float)
    f_minus = np.asarray(f(x - h * v), dtype=float)
    return (f_plus - f_minus) / (2 * h)
    ### END SOLUTION


def jacobian(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Return the (m, n) central-difference Jacobian, column j = numerical_jvp(f, x, e_j, h)."""
    # TODO: one JVP per input coordinate; place each as a column.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    n = x.size
    columns = [numerical_jvp(f, x, np.eye(n)[j], h) for j in range(n)]
    return np.stack(columns, axis=1)
    ### END SOLUTION


def numerical_vjp(f, x: np.ndarray, u: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Return u^T J, shape (n,), with J the central-difference Jacobian of f at x."""
    # TODO: u has m entries, one per output; the result has one entry per input.
    ### BEGIN SOLUTION
    return u @ jacobian(f, x, h)


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - np.max(x))
    return e / np.sum(e)
    ### END SOLUTION


def softmax_jacobian(x: np.ndarray) -> np.ndarray:
    """Return the (n, n) Jacobian diag(s) - s s^T of s = softmax(x)."""
    # TODO: stable softmax, then the formula.
    ### BEGIN SOLUTION
    s = _softmax(x)
    return np.diag(s) - np.outer(s, s)
    ### END SOLUTION


def softmax_jvp(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Return J v for the softmax Jacobian J at x, in O(n) without forming J."""
    # TODO: s * (v - s . v).
    ### BEGIN SOLUTION
    s = _softmax(x)
    return s * (v - s @ v)
    ### END SOLUTION


def softmax_vjp(x: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Return u^T J for the softmax Jacobian J at x, in O(n) without forming J."""
    # TODO: expand u^T (diag(s) - s s^T) entry by entry.
    ### BEGIN SOLUTION
    s = _softmax(x)
    return s * (u - u @ s)
    ### END SOLUTION
