"""A numerical gradient checker: the tool that tests every backward pass you write.

Source: Stanford CS231n, assignments 1 and 2, cs231n/gradient_check.py
(eval_numerical_gradient, eval_numerical_gradient_array) and the notebooks' rel_error;
lecture notes "Neural Networks 3", section "Gradient checks" (use the centered formula,
use the relative error, ~1e-7 or less is good); Goodfellow, Bengio & Courville, Deep
Learning §11.5 ("Debugging strategies": numerical gradient checks).
https://cs231n.github.io/

An analytic backward pass is easy to get subtly wrong; a finite difference is slow but
hard to get wrong. Nudge one entry of x at a time by +-h, re-evaluate f, and take the
centered difference quotient, whose error is O(h^2) (the one-sided (f(x+h) - f(x)) / h
only reaches O(h)):

    grad[ix] = (f(x + h e_ix) - f(x - h e_ix)) / (2h)          for every index ix of x

1. eval_numerical_gradient(f, x, h): f maps an array of any shape to a float. Loop over
   every index of x, whatever its number of dimensions (np.ndindex(x.shape), or np.nditer
   with flags=["multi_index"] as CS231n does): save old = x[ix], set x[ix] = old + h,
   evaluate, set x[ix] = old - h, evaluate, and RESTORE x[ix] = old before moving on. The
   point is to edit x in place (f reads it) and to leave it exactly as you found it.

2. eval_numerical_gradient_array(f, x, df, h): f maps x to an array out (a layer's forward
   pass) and df = dL/dout is the upstream gradient, of out's shape. The quantity checked is
   the gradient of the scalar L = sum(f(x) * df), i.e. what the layer's backward pass
   returns:

       grad[ix] = sum((f(x + h e_ix) - f(x - h e_ix)) * df) / (2h)

   Careful: f may return a VIEW of x (a flatten layer returns x.reshape(N, -1)). Then the
   array you got for x + h changes when you set x[ix] = old - h. Copy each output
   (np.array(f(x), dtype=float), or .copy()) before editing x again.

3. rel_error(a, b): the relative error CS231n prints, elementwise then the worst case, with
   a floor eps on the denominator so that two exact zeros compare as 0, not 0/0:

       rel_error(a, b) = max over entries of |a - b| / max(|a| + |b|, eps),   eps = 1e-8

Shapes: x any shape (float); eval_numerical_gradient returns x's shape; df has f(x)'s
shape and eval_numerical_gradient_array returns x's shape; rel_error returns a float.

Tiny example: f(x) = sum(x**3) at x = [1.0], h = 0.1: (1.1**3 - 0.9**3) / 0.2 =
(1.331 - 0.729) / 0.2 = 3.01 (the exact derivative 3 plus h^2). The forward difference
would give (1.331 - 1) / 0.1 = 3.31. rel_error([1, 2], [1, 2.2]) = max(0, 0.2 / 4.2)
= 0.0476; rel_error([0, 0], [0, 0]) = 0.0.

Do not use: torch.*.
"""
import numpy as np


def eval_numerical_gradient(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Return the centered-difference gradient of the scalar f at x (x's shape); x is restored."""
    # TODO: grad = np.zeros_like(x); for each ix: old = x[ix]; evaluate f at old + h and
    # old - h; x[ix] = old; grad[ix] = (f_plus - f_minus) / (2 * h).
    ### BEGIN SOLUTION
    grad = np.zeros_like(x, dtype=float)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        x[ix] = old + h
        f_plus = f(x)
        x[ix] = old - h
        f_minus = f(x)
        x[ix] = old
        grad[ix] = (f_plus - f_minus) / (2 * h)
    return grad
    ### END SOLUTION


def eval_numerical_gradient_array(f, x: np.ndarray, df: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Return the centered-difference gradient of sum(f(x) * df) at x (x's shape); x is restored."""
    # TODO: the same loop, copying each f(x); grad[ix] = np.sum((f_plus - f_minus) * df) / (2 * h).
    ### BEGIN SOLUTION
    grad = np.zeros_like(x, dtype=float)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        x[ix] = old + h
        f_plus = np.array(f(x), dtype=float)  # a copy: f may return a view of x
        x[ix] = old - h
        f_minus = np.array(f(x), dtype=float)
        x[ix] = old
        grad[ix] = np.sum((f_plus - f_minus) * df) / (2 * h)
    return grad
    ### END SOLUTION


def rel_error(a: np.ndarray, b: np.ndarray, eps: float = 1e-8) -> float:
    """Return max(|a - b| / max(|a| + |b|, eps)) over all entries, as a float."""
    # TODO: elementwise ratio with np.maximum(eps, ...) in the denominator, then the max.
    ### BEGIN SOLUTION
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(eps, np.abs(a) + np.abs(b))))
    ### END SOLUTION
