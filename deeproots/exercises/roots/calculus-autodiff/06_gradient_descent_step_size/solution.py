"""Gradient descent on a quadratic: which step sizes converge, and which one is best.

Source: Goodfellow, Bengio & Courville, Deep Learning §4.3 (gradient descent, the learning
rate) and §4.3.1 (how the Hessian's eigenvalues limit the step), §8.2.1 (ill-
conditioning); Boyd & Vandenberghe, Convex Optimization §9.3 (the gradient descent
method, its convergence analysis and the role of the condition number).
https://www.deeplearningbook.org/

For f(x) = 1/2 x^T A x - b^T x with A symmetric positive definite, grad f(x) = A x - b
and the minimiser is x* = A^-1 b. Gradient descent with a fixed step (learning rate) eta:

    x_{k+1} = x_k - eta * grad f(x_k) = x_k - eta (A x_k - b).

The error e_k = x_k - x* obeys e_{k+1} = (I - eta A) e_k exactly: along an eigenvector
of A with eigenvalue lambda it is multiplied by (1 - eta lambda) at every step. With
mu = smallest and L = largest eigenvalue of A, the error shrinks at the rate

    rho(eta) = max_i |1 - eta lambda_i| = max(|1 - eta mu|, |1 - eta L|),
    ||e_k|| <= rho^k ||e_0||.

  * Converges iff rho < 1, i.e. 0 < eta < 2 / L: the largest stable step. Just above it
    the component along the top eigenvector flips sign and grows by |1 - eta L| > 1 per
    step: the iterates blow up, however small mu is.
  * The best fixed step balances the two ends, 1 - eta mu = -(1 - eta L):
        eta* = 2 / (mu + L),  rho(eta*) = (L - mu) / (L + mu) = (kappa - 1) / (kappa + 1)
    with kappa = L / mu the condition number: ill-conditioned problems (kappa large)
    converge slowly whatever step you choose.
np.linalg.eigvalsh(A) returns the eigenvalues of a symmetric A in ascending order.

Shapes: A is (n, n) symmetric positive definite, b and x0 are (n,), eta > 0, steps >= 0.
  gradient_descent(A, b, x0, eta, steps) -> (steps + 1, n) array: row 0 is x0, row k is x_k
  largest_stable_step(A)                 -> float, 2 / L
  optimal_step(A)                        -> float, 2 / (mu + L)
Every row must be its own copy: updating x in place (x -= ...) after storing it changes the
stored rows too. Do not modify x0.

Tiny example: A = [[2]], b = [2] (x* = 1), x0 = [0], eta = 0.25: e_{k+1} = (1 - 0.5) e_k, so
  history = [[0], [0.5], [0.75], [0.875]] for steps = 3.
  For A = diag(1, 10): largest_stable_step = 2/10 = 0.2, optimal_step = 2/11, and the
  error shrinks by 9/11 per step at best.
"""
import numpy as np


def gradient_descent(A: np.ndarray, b: np.ndarray, x0: np.ndarray, eta: float, steps: int) -> np.ndarray:
    """Return the (steps + 1, n) history of x_{k+1} = x_k - eta (A x_k - b), starting with x0."""
    # TODO: copy x0, store it, then take `steps` steps, storing a copy of each iterate.
    ### BEGIN SOLUTION
    x = np.array(x0, dtype=float)
    history = [x.copy()]
    for _ in range(steps):
        x = x - eta * (A @ x - b)
        history.append(x)
    return np.array(history)
    ### END SOLUTION


def largest_stable_step(A: np.ndarray) -> float:
    """Return 2 / L, L the largest eigenvalue of A: gradient descent converges iff eta < 2 / L."""
    # TODO: np.linalg.eigvalsh(A) sorts the eigenvalues in ascending order.
    ### BEGIN SOLUTION
    eigenvalues = np.linalg.eigvalsh(A)
    return float(2.0 / eigenvalues[-1])
    ### END SOLUTION


def optimal_step(A: np.ndarray) -> float:
    """Return the fixed step 2 / (mu + L) that minimises max |1 - eta lambda_i|."""
    # TODO: smallest and largest eigenvalues.
    ### BEGIN SOLUTION
    eigenvalues = np.linalg.eigvalsh(A)
    return float(2.0 / (eigenvalues[0] + eigenvalues[-1]))
    ### END SOLUTION
