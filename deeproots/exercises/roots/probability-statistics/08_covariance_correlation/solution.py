"""Reference solution: sample covariance and correlation matrices."""
import numpy as np


def covariance_matrix(X):
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    centered = X - X.mean(axis=0)
    return centered.T @ centered / (n - 1)


def correlation_matrix(X):
    S = covariance_matrix(X)
    sd = np.sqrt(np.diag(S))
    with np.errstate(invalid="ignore", divide="ignore"):
        return S / np.outer(sd, sd)
