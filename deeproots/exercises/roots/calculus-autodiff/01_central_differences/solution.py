"""Numerical gradients: forward differences (error O(h)) and central differences (O(h^2)).

Source: CS231n (Stanford) notes "Optimization: stochastic gradient descent", section
"Computing the gradient numerically with finite differences" and "Neural networks 3",
section "Gradient checks"; Nocedal & Wright, Numerical Optimization §8.1 ("Finite-
difference derivative approximations").
https://cs231n.github.io/

For f: R^n -> R and the unit vector e_i along coordinate i, Taylor's theorem gives

    f(x + h e_i) = f(x) + h df/dx_i + (h^2 / 2) d2f/dx_i2 + (h^3 / 6) d3f/dx_i3 + ...

so the two difference quotients are

    forward:  (f(x + h e_i) - f(x)) / h          = df/dx_i + (h / 2) f''  + ...   error O(h)
    central:  (f(x + h e_i) - f(x - h e_i)) / 2h = df/dx_i + (h^2 / 6) f''' + ...  error O(h^2)

In the central quotient the h^2 terms cancel. With h = 1e-5 the forward error is about
1e-5 relative, the central error about 1e-10: that is why gradient checks use central
differences. (h cannot shrink forever: rounding in f(x + h e_i) - f(x - h e_i) grows like
machine-epsilon * |f| / h.)

For f: R^n -> R^m the Jacobian J is the (m, n) matrix J[i, j] = d f_i / d x_j; its column
j is the central difference (f(x + h e_j) - f(x - h e_j)) / 2h, a vector of length m.

Shapes: f is a function taking an (n,) float array; for the gradients it returns a float,
for the Jacobian an (m,) array. x is an (n,) float array, h a positive float.
  forward_gradient(f, x, h), central_gradient(f, x, h) -> (n,) arrays
  numerical_jacobian(f, x, h)                           -> (m, n) array (central differences)
Do not leave x modified: the caller's array must come back exactly as it was. Work on a
copy (np.array(x, dtype=float)) and restore each coordinate after perturbing it, or build
x + h e_i as a new array each time.

Tiny example: f(x) = x_0^3 (+ x_1^3 + ...), at x_0 = 1 with h = 0.1:
    forward: ((1.1)^3 - 1) / 0.1          = 3.31   = 3 + 3 * 0.1 + 0.1^2   (error 0.31)
    central: ((1.1)^3 - (0.9)^3) / 0.2    = 3.01   = 3 + 0.1^2             (error 0.01)
    the true derivative is 3 x_0^2 = 3.
"""
import numpy as np


def forward_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Return the forward-difference gradient (f(x + h e_i) - f(x)) / h, shape (n,)."""
    # TODO: evaluate f(x) once; for each i, perturb coordinate i of a copy by +h.
    ### BEGIN SOLUTION
    x = np.array(x, dtype=float)
    f_x = f(x)
    grad = np.zeros_like(x)
    for i in range(x.size):
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x)
        x[i] = saved
        grad[i] = (f_plus - f_x) / h
    return grad
    ### END SOLUTION


def central_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Return the central-difference gradient (f(x + h e_i) - f(x - h e_i)) / 2h, shape (n,)."""
    # TODO: for each i, evaluate f at x + h e_i and x - h e_i; restore coordinate i.
    ### BEGIN SOLUTION
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.size):
        saved = x[i]
        x[i] = saved + h
        f_plus = f(x)
        x[i] = saved - h
        f_minus = f(x)
        x[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
    ### END SOLUTION


def numerical_jacobian(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Return the (m, n) central-difference Jacobian J[i, j] = d f_i / d x_j."""
    # TODO: column j is (f(x + h e_j) - f(x - h e_j)) / 2h; find m from f(x).
    ### BEGIN SOLUTION
    x = np.array(x, dtype=float)
    m = np.asarray(f(x)).size
    jac = np.zeros((m, x.size))
    for j in range(x.size):
        saved = x[j]
        x[j] = saved + h
        f_plus = np.asarray(f(x), dtype=float)
        x[j] = saved - h
        f_minus = np.asarray(f(x), dtype=float)
        x[j] = saved
        jac[:, j] = (f_plus - f_minus) / (2 * h)
    return jac
    ### END SOLUTION
