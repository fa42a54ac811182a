"""Reference solution: maximum likelihood for the Bernoulli, Gaussian and exponential models."""
import numpy as np


def bernoulli_mle(x: np.ndarray) -> float:
    return float(np.mean(x))


def bernoulli_loglik(p: float, x: np.ndarray) -> float:
    x = np.asarray(x)
    n, k = x.size, np.sum(x)
    loglik = 0.0
    with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer there
        if k > 0:
            loglik += k * np.log(p)
        if n - k > 0:
            loglik += (n - k) * np.log(1.0 - p)
    return float(loglik)


def gaussian_mle(x: np.ndarray) -> tuple[float, float]:
    x = np.asarray(x, dtype=float)
    mu = np.mean(x)
    sigma2 = np.mean((x - mu) ** 2)
    return float(mu), float(sigma2)


def gaussian_loglik(mu: float, sigma2: float, x: np.ndarray) -> float:
    x = np.asarray(x, dtype=float)
    n = x.size
    return float(-0.5 * n * np.log(2.0 * np.pi * sigma2) - np.sum((x - mu) ** 2) / (2.0 * sigma2))


def exponential_mle(x: np.ndarray) -> float:
    return float(1.0 / np.mean(x))


def exponential_loglik(rate: float, x: np.ndarray) -> float:
    x = np.asarray(x, dtype=float)
    return float(x.size * np.log(rate) - rate * np.sum(x))
