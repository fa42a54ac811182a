"""Vectors: dot products, norms and the angle between two vectors.

Source: MIT 18.06 lecture 1 (Strang, Introduction to Linear Algebra §1.1-1.2);
3Blue1Brown, Essence of Linear Algebra, chapter 9 ("Dot products and duality").
https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/

For x, y in R^n:

    dot(x, y)   = x_1 y_1 + x_2 y_2 + ... + x_n y_n
    norm(x)     = sqrt(dot(x, x))                      (the Euclidean length)
    cos(theta)  = dot(x, y) / (norm(x) * norm(y))       theta in [0, pi]

Shapes: x and y are 1-D float arrays of the same length n; every function returns a float.

Tiny example:
    dot([1, 2, 3], [4, 5, 6])  = 4 + 10 + 18 = 32
    norm([3, 4])               = 5
    angle([1, 0], [0, 2])      = pi / 2

Write the sums yourself with elementwise `*` and `.sum()`: that is the point of the
exercise. Floating-point rounding can make the cosine of two parallel vectors come out as
1.0000000000000002; arccos of that is nan.
Do not use: np.dot, np.inner, np.vdot, np.linalg.norm.
"""
import numpy as np


def dot(x: np.ndarray, y: np.ndarray) -> float:
    """Return the dot product of x and y."""
    # TODO: multiply elementwise, then sum.
    ### BEGIN SOLUTION
    return float((x * y).sum())
    ### END SOLUTION


def norm(x: np.ndarray) -> float:
    """Return the Euclidean length of x."""
    # TODO: use dot.
    ### BEGIN SOLUTION
    return float(np.sqrt(dot(x, x)))
    ### END SOLUTION


def angle(x: np.ndarray, y: np.ndarray) -> float:
    """Return the angle between x and y in radians, in [0, pi]."""
    # TODO: cosine from dot and norm, then np.arccos (mind the rounding above).
    ### BEGIN SOLUTION
    cosine = dot(x, y) / (norm(x) * norm(y))
    return float(np.arccos(np.clip(cosine, -1.0, 1.0)))
    ### END SOLUTION
