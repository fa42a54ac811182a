"""Reference solution: surprisal and entropy."""
import numpy as np


def surprisal(p, base=2.0):
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return -np.log(p) / np.log(base)


def entropy(P, axis=-1, base=2.0):
    P = np.asarray(P, dtype=float)
    positive = P > 0
    p_log_p = np.where(positive, P * np.log(np.where(positive, P, 1.0)), 0.0)
    return -p_log_p.sum(axis=axis) / np.log(base)
