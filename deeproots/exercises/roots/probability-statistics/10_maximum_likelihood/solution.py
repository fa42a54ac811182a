"""Maximum likelihood estimates (MLE) for the Bernoulli, Gaussian and exponential models.

Source: MIT 18.05 (Orloff & Bloom) class 10, reading 10b "Maximum Likelihood Estimates";
Goodfellow, Bengio & Courville, Deep Learning §5.5; Wasserman, All of Statistics §9.3.
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

Given independent data x_1..x_n from a model with parameter theta, the likelihood is
L(theta) = prod_i p(x_i | theta); the MLE is the theta that makes the observed data most
probable. Products of many small numbers underflow, so we maximise the log-likelihood
l(theta) = sum_i log p(x_i | theta) instead (same argmax, log is increasing): set
dl/dtheta = 0 and solve.

  Bernoulli(p), x_i in {0, 1}, k = sum x_i successes out of n:
      l(p) = k log p + (n - k) log(1 - p)                 p_hat = k / n
      Use the convention 0 * log 0 = 0 (skip a term whose count is 0, or use
      scipy.special.xlogy(a, b), which computes a log b that way): l(0) = 0 when every x_i
      is 0, and l(0) = -inf once there is a success (the data are then impossible).
  Gaussian N(mu, sigma2), sigma2 the variance:
      l(mu, sigma2) = -n/2 log(2 pi sigma2) - sum_i (x_i - mu)^2 / (2 sigma2)
      mu_hat = mean(x),   sigma2_hat = (1/n) sum_i (x_i - mu_hat)^2     (1/n, not 1/(n-1)!)
  Exponential(rate), x_i >= 0, density rate * exp(-rate x):
      l(rate) = n log(rate) - rate * sum_i x_i             rate_hat = 1 / mean(x)

Why is sigma2_hat biased? It measures the spread around mu_hat, the point that minimises
sum (x_i - m)^2, so it is a little smaller than the spread around the true mu:
E[sigma2_hat] = (n - 1)/n * sigma2. The unbiased sample variance divides by n - 1 instead,
but that is not the maximiser of the likelihood. (rate_hat is biased too: E = n/(n-1) rate.)
MLEs are still consistent: the bias vanishes as n grows.

Shapes: x is a 1-D array of n >= 1 observations (ints 0/1 for Bernoulli); parameters are
floats. The *_mle functions return a float (gaussian_mle a tuple (mu_hat, sigma2_hat)); the
*_loglik functions return the float log-likelihood of the whole sample.

Tiny example: x = [1, 0, 1, 1] (Bernoulli): p_hat = 3/4, l(3/4) = 3 log 0.75 + log 0.25 = -2.249.
x = [1, 3] (Gaussian): mu_hat = 2, sigma2_hat = ((1-2)^2 + (3-2)^2) / 2 = 1 (the n-1 version
would give 2). x = [1, 3] (exponential): rate_hat = 1 / 2 = 0.5.

Derive and write the formulas yourself: the checks use scipy.stats's .fit methods as the
reference.
Do not use: scipy.stats.*.
"""
import numpy as np


def bernoulli_mle(x: np.ndarray) -> float:
    """Return the MLE p_hat of a Bernoulli sample of zeros and ones."""
    # TODO: the fraction of ones.
    ### BEGIN SOLUTION
    return float(np.mean(x))
    ### END SOLUTION


def bernoulli_loglik(p: float, x: np.ndarray) -> float:
    """Return the Bernoulli log-likelihood k log p + (n - k) log(1 - p), with 0 log 0 = 0."""
    # TODO: count k and n; leave out a term whose count is 0 (or use scipy.special.xlogy).
    ### BEGIN SOLUTION
    x = np.asarray(x)
    n, k = x.size, np.sum(x)
    loglik = 0.0
    with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer there
        if k > 0:
            loglik += k * np.log(p)
        if n - k > 0:
            loglik += (n - k) * np.log(1.0 - p)
    return float(loglik)
    ### END SOLUTION


def gaussian_mle(x: np.ndarray) -> tuple[float, float]:
    """Return (mu_hat, sigma2_hat), the Gaussian MLE with the 1/n variance."""
    # TODO: the sample mean and the mean squared deviation from it.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    mu = np.mean(x)
    sigma2 = np.mean((x - mu) ** 2)
    return float(mu), float(sigma2)
    ### END SOLUTION


def gaussian_loglik(mu: float, sigma2: float, x: np.ndarray) -> float:
    """Return the Gaussian log-likelihood of x for mean mu and variance sigma2."""
    # TODO: -n/2 log(2 pi sigma2) - sum (x - mu)^2 / (2 sigma2).
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    n = x.size
    return float(-0.5 * n * np.log(2.0 * np.pi * sigma2) - np.sum((x - mu) ** 2) / (2.0 * sigma2))
    ### END SOLUTION


def exponential_mle(x: np.ndarray) -> float:
    """Return the MLE of the exponential rate: 1 / mean(x)."""
    # TODO: set dl/drate = n / rate - sum x = 0 and solve.
    ### BEGIN SOLUTION
    return float(1.0 / np.mean(x))
    ### END SOLUTION


def exponential_loglik(rate: float, x: np.ndarray) -> float:
    """Return the exponential log-likelihood n log(rate) - rate * sum(x)."""
    # TODO: the sum of log(rate * exp(-rate x_i)).
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return float(x.size * np.log(rate) - rate * np.sum(x))
    ### END SOLUTION
