"""Reference solution: Beta-binomial Bayesian updating."""
from math import lgamma

import numpy as np


def posterior_params(a: float, b: float, k: int, n: int) -> tuple[float, float]:
    return float(a + k), float(b + n - k)


def posterior_mean(a: float, b: float, k: int, n: int) -> float:
    A, B = posterior_params(a, b, k, n)
    return A / (A + B)


def posterior_map(a: float, b: float, k: int, n: int) -> float:
    A, B = posterior_params(a, b, k, n)
    if A > 1.0 and B > 1.0:
        return (A - 1.0) / (A + B - 2.0)  # an interior peak
    if (A < 1.0 and B < 1.0) or (A == 1.0 and B == 1.0):
        return float("nan")  # U-shaped or flat: no single mode
    return 0.0 if A <= 1.0 <= B else 1.0  # a monotone density peaks at an end point


def _log_beta(p: float, q: float) -> float:
    return lgamma(p) + lgamma(q) - lgamma(p + q)


def predictive_pmf(a: float, b: float, k: int, n: int, m: int) -> np.ndarray:
    post_a, post_b = posterior_params(a, b, k, n)
    log_pmf = [lgamma(m + 1) - lgamma(j + 1) - lgamma(m - j + 1)
               + _log_beta(post_a + j, post_b + m - j) - _log_beta(post_a, post_b)
               for j in range(m + 1)]
    return np.exp(np.array(log_pmf))
