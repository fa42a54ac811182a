"""Reference solution: expectation and variance by formula and by simulation."""
import numpy as np


def expectation(values, probs):
    return float(np.sum(values * probs))


def variance(values, probs):
    mu = expectation(values, probs)
    return float(np.sum((values - mu) ** 2 * probs))


def expectation_of(h, values, probs):
    return float(np.sum(h(values) * probs))


def mean_and_standard_error(samples):
    samples = np.asarray(samples, dtype=float)
    n = samples.size
    s = np.std(samples, ddof=1)
    return float(np.mean(samples)), float(s / np.sqrt(n))


def monte_carlo_expectation(h, values, probs, n, seed):
    rng = np.random.default_rng(seed)
    x = rng.choice(values, size=n, p=probs)
    return mean_and_standard_error(h(x))
