"""Reference solution: sampling by the inverse CDF."""
import numpy as np


def exponential_ppf(u, rate):
    u = np.asarray(u, dtype=float)
    return -np.log1p(-u) / rate


def pareto_ppf(u, alpha, x_m):
    u = np.asarray(u, dtype=float)
    return x_m * (1.0 - u) ** (-1.0 / alpha)


def sample_exponential(n, rate, seed):
    rng = np.random.default_rng(seed)
    u = rng.random(n)
    return exponential_ppf(u, rate)
