"""The Hessian, the second-order Taylor approximation and the second-derivative test.

Source: Goodfellow, Bengio & Courville, Deep Learning §4.3.1 ("Beyond the Gradient:
Jacobian and Hessian Matrices": the second-order Taylor series, the second-derivative test
through the Hessian's eigenvalues); Nocedal & Wright, Numerical Optimization §2.1
(Taylor's theorem, second-order optimality conditions) and §8.1 (finite-difference
Hessians); MIT 18.02SC (Fall 2010) unit 2 part A (optimization, the second derivative test).
https://www.deeplearningbook.org/

The Hessian of f: R^n -> R is the (n, n) matrix of second derivatives
H[i, j] = d^2 f / dx_i dx_j, i.e. the Jacobian of the gradient. When the second
derivatives are continuous it is symmetric (H[i, j] = H[j, i], Schwarz's theorem).

Numerically, from a gradient function: column j is the central difference of the gradient

    H[:, j] ~ (grad(x + h e_j) - grad(x - h e_j)) / 2h,

and since rounding makes this matrix slightly non-symmetric, return its symmetric part
(H + H^T) / 2.

Near x, f looks like a quadratic (Taylor's theorem, order 2):

    f(x + d) ~ f(x) + grad f(x)^T d + 1/2 d^T H d,      error O(||d||^3)

so halving d divides the error by about 8 (with the 1/2 forgotten, the error would be
O(||d||^2): halving d would only divide it by 4). For a quadratic f the approximation is
exact and the Hessian is the constant matrix: f(x) = 1/2 x^T A x - b^T x has H = A for
a symmetric A.

At a critical point (grad f = 0) the eigenvalues of H decide: all > 0 -> local minimum,
all < 0 -> local maximum, some > 0 and some < 0 -> saddle point, otherwise (an
eigenvalue ~ 0) the test is inconclusive. The diagonal entries are NOT enough:
[[1, 2], [2, 1]] has a positive diagonal but eigenvalues 3 and -1 (a saddle).
np.linalg.eigvalsh gives the (real, ascending) eigenvalues of a symmetric matrix.

Shapes: x, g, d are (n,) float arrays; grad takes an (n,) array and returns an (n,) array;
H is (n, n) symmetric; fx a float.
  numerical_hessian(grad, x, h)        -> (n, n), exactly symmetric
  second_order_taylor(fx, g, H, d)     -> float, the approximation of f(x + d)
  second_derivative_test(H, tol)       -> "minimum", "maximum", "saddle" or "inconclusive"
                                          (eigenvalues within tol of 0 count as zero)

Tiny example: f(x) = x^2 at x = 1: fx = 1, g = [2], H = [[2]]. With d = [0.5]:
  1 + 2 * 0.5 + 1/2 * 2 * 0.25 = 2.25 = 1.5^2, exact because f is quadratic.
  f(x, y) = x^2 - y^2 at 0 has H = [[2, 0], [0, -2]]: a saddle.
"""
import numpy as np


def numerical_hessian(grad, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Return the symmetric (n, n) Hessian from central differences of the gradient."""
    # TODO: column j = (grad(x + h e_j) - grad(x - h e_j)) / 2h; then symmetrise.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    n = x.size
    J = np.zeros((n, n))
    for j in range(n):
        step = np.zeros(n)
        step[j] = h
        J[:, j] = (grad(x + step) - grad(x - step)) / (2 * h)
    return 0.5 * (J + J.T)
    ### END SOLUTION


def second_order_taylor(fx: float, g: np.ndarray, H: np.ndarray, d: np.ndarray) -> float:
    """Return f(x) + g^T d + 1/2 d^T H d, the second-order approximation of f(x + d)."""
    # TODO: one line.
    ### BEGIN SOLUTION
    return float(fx + g @ d + 0.5 * d @ H @ d)
    ### END SOLUTION


def second_derivative_test(H: np.ndarray, tol: float = 1e-8) -> str:
    """Classify a critical point from its Hessian's eigenvalues."""
    # TODO: eigenvalues of H, then the four cases (values in [-tol, tol] count as zero).
    ### BEGIN SOLUTION
    eigenvalues = np.linalg.eigvalsh(H)
    if np.all(eigenvalues > tol):
        return "minimum"
    if np.all(eigenvalues < -tol):
        return "maximum"
    if np.any(eigenvalues > tol) and np.any(eigenvalues < -tol):
        return "saddle"
    return "inconclusive"
    ### END SOLUTION
