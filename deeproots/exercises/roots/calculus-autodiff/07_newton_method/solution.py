"""Newton's method: for roots in 1-D, and for minimisation with the Hessian.

Source: Goodfellow, Bengio & Courville, Deep Learning §4.3.1 (Newton's method as jumping to
the minimum of the second-order Taylor model, eq. 4.12); Boyd & Vandenberghe, Convex
Optimization §9.5 (the Newton step, pure vs damped Newton, quadratic convergence);
Nocedal & Wright, Numerical Optimization §3.3 (Theorem 3.5: quadratic rate of Newton's
method) and §11.1 (Newton's method for nonlinear equations).
https://www.deeplearningbook.org/

Root finding in 1-D: to solve g(x) = 0, replace g by its tangent line at x_k and jump to
the tangent's zero:

    x_{k+1} = x_k - g(x_k) / g'(x_k).

Minimisation in R^n: replace f by its second-order Taylor model at x_k,
f(x_k + d) ~ f(x_k) + grad^T d + 1/2 d^T H d, and jump to the model's minimiser d = -H^-1 grad:

    x_{k+1} = x_k - H(x_k)^-1 grad f(x_k)     (solve H d = grad with np.linalg.solve)

(this is the root-finding iteration applied to grad f = 0). On a quadratic
f(x) = 1/2 x^T A x - b^T x the model is exact, so ONE step lands on x* = A^-1 b from
anywhere. Near a root r with g'(r) != 0 (near a minimiser with H positive definite) the
convergence is quadratic: the error is roughly squared at every step,

    e_{k+1} ~ C e_k^2,   in 1-D C = |g''(r) / (2 g'(r))|,

so the number of correct digits doubles per step (1e-2, 1e-4, 1e-8, 1e-16). Far from the
solution pure Newton can wander or cycle (try the logistic loss from [3, -3, 3]): practical
codes damp the step with a line search (Boyd & Vandenberghe §9.5.2).

Stopping rule, for both functions: before each step evaluate g(x_k) (grad f(x_k)); stop as
soon as |g(x_k)| <= tol (the Euclidean norm ||grad f(x_k)|| <= tol), or once max_iter
steps have been taken. x_k is then the last entry of the history.

Shapes: g, dg take and return floats; grad takes an (n,) array and returns (n,); hess takes
an (n,) array and returns (n, n).
  newton_root(g, dg, x0, tol, max_iter)          -> (k + 1,) array [x0, x1, ..., xk]
  newton_minimize(grad, hess, x0, tol, max_iter) -> (k + 1, n) array, row 0 is x0
Write the iteration yourself: the checks recompute every step from the previous row.
Do not use: np.linalg.inv.

Tiny example: g(x) = x^2 - 2, g'(x) = 2x, x0 = 1 (the Babylonian square root):
  x1 = 1 - (1 - 2)/2 = 1.5,  x2 = 1.5 - 0.25/3 = 17/12 = 1.41667,  x3 = 577/408 = 1.4142157,
  errors 0.41, 0.086, 0.0025, 2.1e-6, 1.6e-12: squared (times C = 1/(2 sqrt 2)) each step.
"""
import numpy as np


def newton_root(g, dg, x0: float, tol: float = 1e-12, max_iter: int = 50) -> np.ndarray:
    """Return the iterates [x0, x1, ...] of x <- x - g(x) / g'(x) until |g(x)| <= tol."""
    # TODO: loop at most max_iter times; check |g(x)| <= tol before each step.
    ### BEGIN SOLUTION
    x = float(x0)
    history = [x]
    for _ in range(max_iter):
        gx = g(x)
        if abs(gx) <= tol:
            break
        x = x - gx / dg(x)
        history.append(x)
    return np.array(history)
    ### END SOLUTION


def newton_minimize(grad, hess, x0: np.ndarray, tol: float = 1e-10, max_iter: int = 50) -> np.ndarray:
    """Return the (k + 1, n) iterates of x <- x - H(x)^-1 grad(x) until ||grad(x)|| <= tol."""
    # TODO: like newton_root, with a linear solve for the step.
    ### BEGIN SOLUTION
    x = np.array(x0, dtype=float)
    history = [x.copy()]
    for _ in range(max_iter):
        g = grad(x)
        if np.linalg.norm(g) <= tol:
            break
        x = x - np.linalg.solve(hess(x), g)
        history.append(x)
    return np.array(history)
    ### END SOLUTION
