"""Reference solution: forward pass and the chain rule backward through each stage."""
import numpy as np


def forward(W: np.ndarray, b: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    z = W @ x + b
    a = np.tanh(z)
    loss = 0.5 * float(a @ a)
    return z, a, loss


def tanh_backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
    return grad_a * (1.0 - a**2)


def linear_backward(W: np.ndarray, x: np.ndarray, grad_z: np.ndarray) -> tuple:
    grad_W = np.outer(grad_z, x)
    grad_b = grad_z.copy()
    grad_x = W.T @ grad_z
    return grad_W, grad_b, grad_x


def backward(W: np.ndarray, b: np.ndarray, x: np.ndarray) -> tuple:
    z, a, loss = forward(W, b, x)
    grad_a = a
    grad_z = tanh_backward(a, grad_a)
    return linear_backward(W, x, grad_z)
