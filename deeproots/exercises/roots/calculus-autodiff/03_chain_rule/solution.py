"""The chain rule: backward through a composed function, one stage at a time.

Source: Goodfellow, Bengio & Courville, Deep Learning §6.5.2 ("Chain Rule of Calculus")
and §6.5.3-6.5.4 (back-propagation in a computational graph); Stanford CS231n notes
"Backpropagation, Intuitions" (staged computation, "patterns in backward flow").
https://www.deeplearningbook.org/

The loss here is the composition L(x) = f(g(h(x))) of three simple stages:

    z = h(x) = W x + b          W is (m, n), b is (m,), x is (n,)  -> z is (m,)
    a = g(z) = tanh(z)          elementwise                        -> a is (m,)
    L = f(a) = 1/2 ||a||^2      = 1/2 sum_i a_i^2                  -> a float

The chain rule multiplies the local derivatives. Backward, starting from dL/dL = 1:

    grad_a = dL/da = a                                   (m,)
    grad_z = grad_a * (1 - a^2)                          (m,)  because tanh'(z) = 1 - tanh(z)^2
    grad_W = outer(grad_z, x)                            (m, n): dL/dW[i, j] = grad_z[i] x[j]
    grad_b = grad_z                                      (m,)
    grad_x = W^T grad_z                                  (n,)

Each stage only needs its own inputs/outputs and the gradient arriving from above. A
gradient always has the shape of the thing it differentiates: grad_W is (m, n) like W,
grad_x is (n,) like x. This is why W is *transposed* on the way back: z = W x maps
R^n -> R^m, so the backward map must go R^m -> R^n.

Shapes (m, n >= 1, m != n allowed):
  forward(W, b, x)               -> (z, a, loss): (m,), (m,), float
  tanh_backward(a, grad_a)       -> grad_z (m,), given a = tanh(z) (not z itself)
  linear_backward(W, x, grad_z)  -> (grad_W (m, n), grad_b (m,), grad_x (n,))
  backward(W, b, x)              -> (grad_W, grad_b, grad_x) of L, in the order of the arguments

Tiny example: W = [[1, 2]] (m = 1, n = 2), b = [ln(3) / 2], x = [0, 0].
  z = [ln(3)/2], a = tanh(z) = (3 - 1) / (3 + 1) = [0.5], loss = 0.125.
  grad_a = [0.5], grad_z = 0.5 * (1 - 0.25) = [0.375],
  grad_W = [[0, 0]] (x = 0), grad_b = [0.375], grad_x = W^T [0.375] = [0.375, 0.75].
"""
import numpy as np


def forward(W: np.ndarray, b: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Return (z, a, loss) for z = W x + b, a = tanh(z), loss = 1/2 ||a||^2."""
    # TODO: three lines, one per stage.
    ### BEGIN SOLUTION
    z = W @ x + b
    a = np.tanh(z)
    loss = 0.5 * float(a @ a)
    return z, a, loss
    ### END SOLUTION


def tanh_backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    """Return dL/dz given a = tanh(z) and the upstream gradient dL/da."""
    # TODO: multiply the upstream gradient by the local derivative of tanh, written with a.
    ### BEGIN SOLUTION
    return grad_a * (1.0 - a**2)
    ### END SOLUTION


def linear_backward(W: np.ndarray, x: np.ndarray, grad_z: np.ndarray) -> tuple:
    """Return (dL/dW, dL/db, dL/dx) for z = W x + b, given dL/dz."""
    # TODO: each gradient has the shape of its variable: (m, n), (m,), (n,).
    ### BEGIN SOLUTION
    grad_W = np.outer(grad_z, x)
    grad_b = grad_z.copy()
    grad_x = W.T @ grad_z
    return grad_W, grad_b, grad_x
    ### END SOLUTION


def backward(W: np.ndarray, b: np.ndarray, x: np.ndarray) -> tuple:
    """Return (dL/dW, dL/db, dL/dx) of L = 1/2 ||tanh(W x + b)||^2 by the chain rule."""
    # TODO: forward pass, then dL/da, then back through tanh, then through the linear map.
    ### BEGIN SOLUTION
    z, a, loss = forward(W, b, x)
    grad_a = a
    grad_z = tanh_backward(a, grad_a)
    return linear_backward(W, x, grad_z)
    ### END SOLUTION
