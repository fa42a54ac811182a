"""Sampling by the inverse CDF: turn uniform random numbers into any distribution.

Source: MIT 18.05 (Orloff & Bloom), class 5-6 on continuous random variables (the
exponential distribution, cdf and quantiles) and the R/studio on simulation; Blitzstein &
Hwang, Introduction to Probability §5.3 ("Universality of the Uniform").
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

If F is a continuous, strictly increasing CDF and U ~ Uniform(0, 1), then X = F^{-1}(U)
has CDF F, because P(X <= x) = P(U <= F(x)) = F(x). F^{-1} is the quantile function,
called the "percent point function" (ppf) in SciPy. To use it, solve u = F(x) for x.

Exponential(rate) with rate > 0 (mean 1/rate):
    F(x) = 1 - exp(-rate * x)   for x >= 0
    u = 1 - exp(-rate x)  =>  x = F^{-1}(u) = -log(1 - u) / rate
    (np.log1p(-u) computes log(1 - u) accurately for small u.)

Pareto(alpha, x_m) with shape alpha > 0 and scale x_m > 0 (heavy-tailed incomes, file sizes):
    F(x) = 1 - (x_m / x)^alpha   for x >= x_m
    Solve u = F(x) for x yourself: the answer is a power of (1 - u).

Careful: 1 - U is also uniform, so -log(U) / rate *samples* the same distribution, but it
is not the quantile function: the ppf of u = 0.1 is the 10% quantile, a small value.

Shapes: u is a float or float array with entries in [0, 1); rate, alpha, x_m are positive
floats. The ppfs return an array of u's shape. sample_exponential(n, rate, seed) returns
an (n,) array: make the generator rng = np.random.default_rng(seed), draw u = rng.random(n)
(exactly this call, so that the checks can reproduce your draws), and return the
exponential ppf of u: the point is to build it yourself, so rng.exponential is out (the
checks could not reproduce its draws anyway).
Do not use: np.random.Generator.exponential.

Tiny example:
    exponential_ppf(0.5, rate=2.0) = -log(0.5) / 2 = log(2) / 2 = 0.3466   (the median)
    exponential_ppf(0.0, rate=2.0) = 0
    pareto_ppf(0.75, alpha=2.0, x_m=1.0) = 2     since F(2) = 1 - (1/2)^2 = 0.75
"""
import numpy as np


def exponential_ppf(u, rate):
    """Return the exponential(rate) quantile function F^{-1}(u), elementwise."""
    # TODO: solve u = 1 - exp(-rate * x) for x.
    ### BEGIN SOLUTION
    u = np.asarray(u, dtype=float)
    return -np.log1p(-u) / rate
    ### END SOLUTION


def pareto_ppf(u, alpha, x_m):
    """Return the Pareto(alpha, x_m) quantile function F^{-1}(u), elementwise."""
    # TODO: solve u = 1 - (x_m / x) ** alpha for x.
    ### BEGIN SOLUTION
    u = np.asarray(u, dtype=float)
    return x_m * (1.0 - u) ** (-1.0 / alpha)
    ### END SOLUTION


def sample_exponential(n, rate, seed):
    """Return n exponential(rate) samples: u = np.random.default_rng(seed).random(n) through the ppf."""
    # TODO: make the generator, draw the n uniforms, apply exponential_ppf.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    u = rng.random(n)
    return exponential_ppf(u, rate)
    ### END SOLUTION
