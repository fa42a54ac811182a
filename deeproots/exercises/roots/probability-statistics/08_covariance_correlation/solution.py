"""Covariance and correlation matrices of a data set, by hand.

Source: MIT 18.05 (Orloff & Bloom), class 7 "Joint distributions, independence" (reading
7b "Covariance and correlation"); Blitzstein & Hwang, Introduction to Probability §7.3;
Bishop, Pattern Recognition and Machine Learning §1.2.2 (expectations and covariances).
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

Covariance measures how two quantities vary together, Cov(X, Y) = E[(X - mu_X)(Y - mu_Y)];
Cov(X, X) = Var(X). Correlation rescales it to [-1, 1], removing the units:
Cor(X, Y) = Cov(X, Y) / (sigma_X sigma_Y); +-1 means an exact straight-line relation,
0 no linear relation (which is not the same as independence).

From data: X is an (n, d) array whose n ROWS are observations and d COLUMNS are variables
(features). Centre each column, then average the products of the deviations with n - 1
in the denominator (unbiased, as for the sample variance):

    xbar  = mean of the rows, shape (d,)
    Xc    = X - xbar                                   (every column now has mean 0)
    S     = Xc^T Xc / (n - 1)             (d, d):  S[a, b] = sum_k Xc[k, a] Xc[k, b] / (n - 1)
    R     = S[a, b] / sqrt(S[a, a] S[b, b])   (d, d):  the correlation matrix

S is symmetric with the sample variances on its diagonal; R has 1 on its diagonal.
Centre first and multiply deviations: the shortcut mean(x y) - mean(x) mean(y) subtracts
two nearly equal huge numbers when the data sit far from 0 (values near 1e8) and loses
every digit.

A constant column has variance 0 and its correlation with anything is 0 / 0: undefined.
Return nan for every entry of R in that column's row and column (its diagonal entry
included), as numpy.corrcoef does. (0.0 / 0.0 on NumPy floats gives nan; wrap the
division in np.errstate(invalid="ignore", divide="ignore") to silence the warning.)

Shapes: X is an (n, d) float array with n >= 2, d >= 1 (n < d is allowed). Both functions
return (d, d) float arrays.

Tiny example: X = [[1, 2],
                   [2, 4],
                   [3, 6]]     xbar = [2, 4], Xc = [[-1, -2], [0, 0], [1, 2]]
  S = [[(1 + 0 + 1) / 2, (2 + 0 + 2) / 2], [2, (4 + 0 + 4) / 2]] = [[1, 2], [2, 4]]
  R = [[1, 2 / sqrt(1 * 4)], [1, 1]] = [[1, 1], [1, 1]]   (column 2 is exactly 2 * column 1)

Write the formulas yourself: the checks use numpy.cov and numpy.corrcoef as the reference.
Do not use: np.cov, np.corrcoef.
"""
import numpy as np


def covariance_matrix(X):
    """Return the (d, d) sample covariance matrix (n - 1 denominator) of the rows of X."""
    # TODO: centre the columns, then Xc.T @ Xc / (n - 1).
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    centered = X - X.mean(axis=0)
    return centered.T @ centered / (n - 1)
    ### END SOLUTION


def correlation_matrix(X):
    """Return the (d, d) correlation matrix of the columns of X (nan for constant columns)."""
    # TODO: covariance divided by the outer product of the standard deviations.
    ### BEGIN SOLUTION
    S = covariance_matrix(X)
    sd = np.sqrt(np.diag(S))
    with np.errstate(invalid="ignore", divide="ignore"):
        return S / np.outer(sd, sd)
    ### END SOLUTION
