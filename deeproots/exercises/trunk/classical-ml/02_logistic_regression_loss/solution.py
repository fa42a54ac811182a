"""Logistic regression: a stable sigmoid, the cross-entropy loss and its gradient.

Source: Andrew Ng, Machine Learning (Coursera/Stanford CS229), week 3 "Logistic
Regression" (cost function, simplified cost and gradient descent, regularised logistic
regression); Bishop, Pattern Recognition and Machine Learning §4.3.2; Murphy, Probabilistic
Machine Learning: An Introduction §10.2.
https://www.coursera.org/specializations/machine-learning-introduction

The model: p_i = sigmoid(z_i), with z_i = x_i . w + b and sigmoid(z) = 1 / (1 + exp(-z)).
The loss is the mean binary cross-entropy plus an L2 penalty on w (not on b):

    L(w, b) = 1/n * sum_i [ -y_i log p_i - (1 - y_i) log(1 - p_i) ]  +  lam/2 * ||w||^2

Its gradient (the sigmoid's derivative cancels nicely):

    dL/dw = X^T (p - y) / n + lam * w          dL/db = mean(p - y)

Numerical stability -- the point of the exercise:
  * sigmoid: for z = -1000, exp(-z) overflows (inf, and a RuntimeWarning). Use
    e = exp(-|z|), which is always in (0, 1], and
        sigmoid(z) = 1 / (1 + e)   where z >= 0
        sigmoid(z) = e / (1 + e)   where z <  0
    (np.where evaluates both branches, which is fine since neither overflows).
  * loss: for z = 40, p rounds to exactly 1.0 and log(1 - p) = -inf. Rewrite the loss of
    one sample in terms of z instead of p:
        -y log p - (1 - y) log(1 - p) = log(1 + exp(z)) - y z = np.logaddexp(0, z) - y * z
    which stays finite for every z.

Shapes: X is (n, d) float, y is (n,) with values 0.0 or 1.0, w is (d,), b and lam are
floats. sigmoid(z) returns an array of z's shape; loss returns a float; gradient returns
(dw of shape (d,), db a float).

Tiny example: X = [[1.0], [-1.0]], y = [1, 0], w = [0.0], b = 0.0, lam = 0:
    z = [0, 0], p = [0.5, 0.5], loss = log 2 = 0.6931...,
    p - y = [-0.5, 0.5], dw = ([1, -1] . [-0.5, 0.5]) / 2 = [-0.5], db = 0.0.

The stable sigmoid is yours to write; SciPy's expit and log_expit are the checks' reference.
Do not use: scipy.special.expit, scipy.special.log_expit.
"""
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Return 1 / (1 + exp(-z)) elementwise, without overflow for any z."""
    # TODO: use e = np.exp(-np.abs(z)) and np.where on the sign of z.
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    ### END SOLUTION


def loss(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, lam: float = 0.0) -> float:
    """Return the mean binary cross-entropy of sigmoid(X @ w + b) plus lam/2 ||w||^2."""
    # TODO: z = X @ w + b; mean of np.logaddexp(0, z) - y * z; add the penalty.
    ### BEGIN SOLUTION
    z = X @ w + b
    data_term = np.mean(np.logaddexp(0.0, z) - y * z)
    return float(data_term + lam / 2 * (w @ w))
    ### END SOLUTION


def gradient(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray,
             lam: float = 0.0) -> tuple[np.ndarray, float]:
    """Return (dL/dw, dL/db) of the loss above."""
    # TODO: p = sigmoid(X @ w + b); dw = X.T @ (p - y) / n + lam * w; db = mean(p - y).
    ### BEGIN SOLUTION
    n = X.shape[0]
    error = sigmoid(X @ w + b) - y
    dw = X.T @ error / n + lam * w
    db = float(error.mean())
    return dw, db
    ### END SOLUTION
