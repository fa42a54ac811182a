"""Reference solution: the maximum-entropy (Gibbs) distribution under a mean constraint."""
import numpy as np


def gibbs(x, lam):
    s = lam * np.asarray(x, dtype=float)
    w = np.exp(s - s.max())
    return w / w.sum()


def gibbs_mean(x, lam):
    x = np.asarray(x, dtype=float)
    return float(x @ gibbs(x, lam))


def solve_lambda(x, mean):
    x = np.asarray(x, dtype=float)
    lo, hi = -1.0, 1.0
    while gibbs_mean(x, lo) > mean:
        lo *= 2.0
    while gibbs_mean(x, hi) < mean:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if gibbs_mean(x, mid) < mean:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13 * max(1.0, abs(mid)):
            break
    return 0.5 * (lo + hi)


def max_entropy_distribution(x, mean):
    return gibbs(x, solve_lambda(x, mean))
