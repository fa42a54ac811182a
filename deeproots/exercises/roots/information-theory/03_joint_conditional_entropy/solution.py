"""Reference solution: joint entropy, conditional entropy and the chain rule."""
import numpy as np


def joint_entropy(P, base=2.0):
    P = np.asarray(P, dtype=float)
    cells = P[P > 0]
    return float(-np.sum(cells * np.log(cells)) / np.log(base))


def marginals(P):
    P = np.asarray(P, dtype=float)
    return P.sum(axis=1), P.sum(axis=0)


def entropy_given_x(P, base=2.0):
    P = np.asarray(P, dtype=float)
    p_x = P.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_y_given_x = np.where(p_x > 0, P / p_x, 0.0)
        terms = np.where(p_y_given_x > 0, p_y_given_x * np.log(p_y_given_x), 0.0)
    return -terms.sum(axis=1) / np.log(base)


def conditional_entropy(P, base=2.0):
    p_x, _ = marginals(P)
    return float(p_x @ entropy_given_x(P, base))
