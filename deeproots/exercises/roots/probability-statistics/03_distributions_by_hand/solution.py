"""Distributions by hand: the pmf, pdf and cdf of the binomial, Poisson, normal and
exponential distributions.

Source: MIT 18.05 (Orloff & Bloom), class 4 "Discrete random variables" (binomial,
Bernoulli, geometric; the cdf) and class 5 "Continuous random variables" (uniform,
exponential, normal); Blitzstein & Hwang, Introduction to Probability §3.3, §4.7, §5.4-5.5.
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

A discrete random variable has a probability mass function p(k) = P(X = k); a continuous
one has a density f(x) with P(a <= X <= b) = integral of f from a to b. Both have a
cumulative distribution function F(x) = P(X <= x). Here you write the formulas yourself
and SciPy's distributions check them.

    Binomial(n, p), k = 0..n:    p(k) = C(n, k) p^k (1 - p)^(n - k)
                                 F(k) = p(0) + p(1) + ... + p(k)
    Poisson(lam), k = 0, 1, ...: p(k) = lam^k exp(-lam) / k!
    Normal(mu, sigma):           f(x) = exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))
                                 F(x) = (1 + erf((x - mu) / (sigma sqrt(2)))) / 2
    Exponential(rate):           f(x) = rate exp(-rate x),  F(x) = 1 - exp(-rate x)   for x >= 0
                                 f(x) = F(x) = 0                                     for x < 0

Work in logs for the discrete ones. C(5000, 1500) and 150^300 / 300! overflow a float even
though the probabilities are ordinary numbers, so compute
    log p(k) = log C(n, k) + k log p + (n - k) log(1 - p),
    log C(n, k) = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)     (lgamma(m + 1) = log m!)
and exponentiate at the end. math.lgamma and math.erf take one number at a time:
lgamma = np.vectorize(math.lgamma, otypes=[float]) makes an elementwise version (SciPy's
scipy.special.gammaln and scipy.special.erf are ready-made vectorised ones). At p = 0 or
p = 1 the term "0 * log 0" must count as 0, not nan: np.log(0) = -inf and 0 * -inf = nan,
so use np.where(k == 0, 0.0, k * np.log(p)) (scipy.special.xlogy(k, p) does the same).

Shapes: k is an int or an int array (any shape) with 0 <= k <= n; x is a float or a float
array; n is an int >= 0, p a float in [0, 1], lam > 0, sigma > 0, rate > 0 are numbers.
Every function returns a float array of the shape of k or x (a float or 0-d array for a scalar input).

Tiny example: Binomial(4, 1/2) has p(0..4) = [1, 4, 6, 4, 1] / 16 and F(2) = 11/16.
Poisson(2): p(0) = exp(-2) = 0.1353. Normal(0, 1): f(0) = 1/sqrt(2 pi) = 0.3989, F(0) = 1/2.
Exponential(rate 2): f(-1) = 0, f(0) = 2, F(1) = 1 - exp(-2) = 0.8647.

Write the formulas yourself: the checks use scipy.stats (binom, poisson, norm, expon) as
the reference, so the whole package is refused (scipy.special is fine).
Do not use: scipy.stats.*.
"""
import math

import numpy as np

### BEGIN SOLUTION
# math.lgamma and math.erf take one number; np.vectorize applies them elementwise.
lgamma = np.vectorize(math.lgamma, otypes=[float])
erf = np.vectorize(math.erf, otypes=[float])


def _xlogy(a, b):
    """a * log(b), with 0 * log(0) = 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a == 0, 0.0, a * np.log(b))

### END SOLUTION

def binomial_pmf(k, n, p):
    """Return P(X = k) for X ~ Binomial(n, p), elementwise in k."""
    # TODO: log C(n, k) from log-gamma, plus k log p + (n - k) log(1 - p) (0 log 0 = 0), then exp.
    ### BEGIN SOLUTION
    k = np.asarray(k)
    log_choose = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
    return np.exp(log_choose + _xlogy(k, p) + _xlogy(n - k, 1.0 - p))
    ### END SOLUTION


def binomial_cdf(k, n, p):
    """Return P(X <= k) for X ~ Binomial(n, p), elementwise in k."""
    # TODO: the pmf of 0..n, a running sum (np.cumsum), then pick entry k.
    ### BEGIN SOLUTION
    cumulative = np.cumsum(binomial_pmf(np.arange(n + 1), n, p))
    return cumulative[np.asarray(k)]
    ### END SOLUTION


def poisson_pmf(k, lam):
    """Return P(X = k) for X ~ Poisson(lam), elementwise in k."""
    # TODO: exp(k log lam - lam - log k!) with log k! = lgamma(k + 1).
    ### BEGIN SOLUTION
    k = np.asarray(k)
    return np.exp(_xlogy(k, lam) - lam - lgamma(k + 1))
    ### END SOLUTION


def normal_pdf(x, mu, sigma):
    """Return the Normal(mu, sigma^2) density at x, elementwise."""
    # TODO: exp(-z^2 / 2) / (sigma sqrt(2 pi)) with z = (x - mu) / sigma.
    ### BEGIN SOLUTION
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return np.exp(-0.5 * z**2) / (sigma * np.sqrt(2.0 * np.pi))
    ### END SOLUTION


def normal_cdf(x, mu, sigma):
    """Return P(X <= x) for X ~ Normal(mu, sigma^2), elementwise."""
    # TODO: (1 + erf(z / sqrt(2))) / 2 with z = (x - mu) / sigma.
    ### BEGIN SOLUTION
    z = (np.asarray(x, dtype=float) - mu) / sigma
    return 0.5 * (1.0 + erf(z / np.sqrt(2.0)))
    ### END SOLUTION


def exponential_pdf(x, rate):
    """Return the Exponential(rate) density at x, elementwise (0 for x < 0)."""
    # TODO: rate exp(-rate x) where x >= 0, else 0 (np.where).
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, rate * np.exp(-rate * np.maximum(x, 0.0)), 0.0)
    ### END SOLUTION


def exponential_cdf(x, rate):
    """Return P(X <= x) for X ~ Exponential(rate), elementwise (0 for x < 0)."""
    # TODO: 1 - exp(-rate x) where x >= 0, else 0 (-np.expm1(-rate x) is accurate for small x).
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, -np.expm1(-rate * np.maximum(x, 0.0)), 0.0)
    ### END SOLUTION
