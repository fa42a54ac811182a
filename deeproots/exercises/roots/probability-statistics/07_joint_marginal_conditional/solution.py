"""Joint, marginal and conditional distributions from a joint probability table.

Source: MIT 18.05 (Orloff & Bloom), class 7 "Joint distributions, independence"
(reading 7a: joint pmf tables, marginals in the margins, independence) and class 3
(conditional probability); Blitzstein & Hwang, Introduction to Probability §7.1, §9.1.
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

Two discrete random variables X (values x_0..x_{nx-1}) and Y (values y_0..y_{ny-1}) are
described by their joint table, an (nx, ny) array

    P[i, j] = P(X = x_i, Y = y_j)        (entries >= 0, summing to 1)

Rows belong to values of X, columns to values of Y.

  Marginals: sum out the other variable (they are written in the table's margins):
      p_x[i] = P(X = x_i) = sum_j P[i, j]         (sum along each row: axis=1)
      p_y[j] = P(Y = y_j) = sum_i P[i, j]         (sum down each column: axis=0)
  Conditionals: a column (or row) of the table, renormalised:
      P(X = x_i | Y = y_j) = P[i, j] / p_y[j]     column j sums to 1
      P(Y = y_j | X = x_i) = P[i, j] / p_x[i]     row i sums to 1
    If p_y[j] = 0 the condition Y = y_j never happens and P(X | Y = y_j) is undefined:
    return nan for that whole column (likewise a nan row where p_x[i] = 0). Guard the
    division, e.g. np.where(p_y > 0, ..., np.nan), or silence 0/0 with np.errstate.
  Independence: X and Y are independent when P[i, j] = p_x[i] p_y[j] for every i, j,
    i.e. P equals the outer product of its marginals. Floating-point sums are rarely
    exact, so compare with a tolerance: max |P - outer(p_x, p_y)| <= tol.
  Conditional expectation: E[X | Y = y_j] = sum_i x_i P(X = x_i | Y = y_j), one number
    per column (nan where p_y[j] = 0).

Shapes: P is (nx, ny) with nx, ny >= 1, not necessarily square; x_values is (nx,).
  marginals(P) -> (p_x of shape (nx,), p_y of shape (ny,))
  conditional_x_given_y(P) -> (nx, ny), column j = P(X | Y = y_j)
  conditional_y_given_x(P) -> (nx, ny), row i = P(Y | X = x_i)
  is_independent(P, tol) -> bool
  conditional_expectation_x_given_y(P, x_values) -> (ny,)
Use broadcasting (p_y[None, :], p_x[:, None]), no Python loops.

Tiny example: P = [[0.1, 0.2],
                   [0.3, 0.4]]       p_x = [0.3, 0.7], p_y = [0.4, 0.6]
  P(X | Y = y_0) = [0.1, 0.3] / 0.4 = [0.25, 0.75];  P(Y | X = x_0) = [1/3, 2/3].
  outer(p_x, p_y)[0, 0] = 0.12 != 0.1: not independent.
  With x_values = [0, 1]: E[X | Y = y_0] = 0.75, E[X | Y = y_1] = 0.4 / 0.6 = 2/3.
"""
import numpy as np


def marginals(P):
    """Return (p_x, p_y), the marginal distributions of X (rows) and Y (columns)."""
    # TODO: sum out the other variable; mind which axis is which.
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    return P.sum(axis=1), P.sum(axis=0)
    ### END SOLUTION


def conditional_x_given_y(P):
    """Return the (nx, ny) table whose column j is P(X | Y = y_j) (nan if p_y[j] = 0)."""
    # TODO: divide each column by its total p_y[j].
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    p_x, p_y = marginals(P)
    safe = np.where(p_y > 0, p_y, 1.0)
    return np.where(p_y[None, :] > 0, P / safe[None, :], np.nan)
    ### END SOLUTION


def conditional_y_given_x(P):
    """Return the (nx, ny) table whose row i is P(Y | X = x_i) (nan if p_x[i] = 0)."""
    # TODO: divide each row by its total p_x[i] (p_x[:, None] broadcasts along rows).
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    p_x, p_y = marginals(P)
    safe = np.where(p_x > 0, p_x, 1.0)
    return np.where(p_x[:, None] > 0, P / safe[:, None], np.nan)
    ### END SOLUTION


def is_independent(P, tol=1e-9):
    """Return True when P equals the outer product of its marginals within tol."""
    # TODO: max |P - np.outer(p_x, p_y)| <= tol.
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    p_x, p_y = marginals(P)
    return bool(np.max(np.abs(P - np.outer(p_x, p_y))) <= tol)
    ### END SOLUTION


def conditional_expectation_x_given_y(P, x_values):
    """Return E[X | Y = y_j] for every j, shape (ny,) (nan if p_y[j] = 0)."""
    # TODO: weight the values x_i by P(X = x_i | Y = y_j) and sum over i.
    ### BEGIN SOLUTION
    return np.asarray(x_values, dtype=float) @ conditional_x_given_y(P)
    ### END SOLUTION
