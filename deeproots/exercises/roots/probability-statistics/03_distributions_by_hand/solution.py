"""Reference solution: pmf, pdf and cdf of four distributions, written by hand."""
import math

import numpy as np

# math.lgamma and math.erf take one number; np.vectorize applies them elementwise.
lgamma = np.vectorize(math.lgamma, otypes=[float])
erf = np.vectorize(math.erf, otypes=[float])


def _xlogy(a, b):
    """a * log(b), with 0 * log(0) = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a == 0, 0.0, a * np.log(b))


def binomial_pmf(k, n, p):
    k = np.asarray(k)
    log_choose = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
    return np.exp(log_choose + _xlogy(k, p) + _xlogy(n - k, 1.0 - p))


def binomial_cdf(k, n, p):
    cumulative = np.cumsum(binomial_pmf(np.arange(n + 1), n, p))
    return cumulative[np.asarray(k)]


def poisson_pmf(k, lam):
    k = np.asarray(k)
    return np.exp(_xlogy(k, lam) - lam - lgamma(k + 1))


def normal_pdf(x, mu, sigma):
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return np.exp(-0.5 * z**2) / (sigma * np.sqrt(2.0 * np.pi))


def normal_cdf(x, mu, sigma):
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return 0.5 * (1.0 + erf(z / np.sqrt(2.0)))


def exponential_pdf(x, rate):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, rate * np.exp(-rate * np.maximum(x, 0.0)), 0.0)


def exponential_cdf(x, rate):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, -np.expm1(-rate * np.maximum(x, 0.0)), 0.0)
