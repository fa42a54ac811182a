"""Reference solution: cross-entropy, log-loss and the empirical distribution."""
import numpy as np


def one_hot(y, num_classes):
    return np.eye(num_classes)[np.asarray(y)]


def log_loss(y, Q):
    Q = np.asarray(Q, dtype=float)
    n = Q.shape[0]
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log(Q[np.arange(n), y])))


def cross_entropy_loss(P, Q):
    P = np.asarray(P, dtype=float)
    Q = np.asarray(Q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(P > 0, -P * np.log(Q), 0.0)
    return float(terms.sum(axis=1).mean())


def empirical_distribution(y, num_classes):
    y = np.asarray(y)
    return np.bincount(y, minlength=num_classes) / y.size
