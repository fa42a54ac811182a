"""Reference solution: marginals, conditionals and independence from a joint table."""
import numpy as np


def marginals(P):
    P = np.asarray(P, dtype=float)
    return P.sum(axis=1), P.sum(axis=0)


def conditional_x_given_y(P):
    P = np.asarray(P, dtype=float)
    p_x, p_y = marginals(P)
    safe = np.where(p_y > 0, p_y, 1.0)
    return np.where(p_y[None, :] > 0, P / safe[None, :], np.nan)


def conditional_y_given_x(P):
    P = np.asarray(P, dtype=float)
    p_x, p_y = marginals(P)
    safe = np.where(p_x > 0, p_x, 1.0)
    return np.where(p_x[:, None] > 0, P / safe[:, None], np.nan)


def is_independent(P, tol=1e-9):
    P = np.asarray(P, dtype=float)
    p_x, p_y = marginals(P)
    return bool(np.max(np.abs(P - np.outer(p_x, p_y))) <= tol)


def conditional_expectation_x_given_y(P, x_values):
    return np.asarray(x_values, dtype=float) @ conditional_x_given_y(P)
