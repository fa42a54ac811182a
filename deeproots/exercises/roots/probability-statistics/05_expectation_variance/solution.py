"""Expectation and variance: by formula from a probability table, and by simulation.

Source: MIT 18.05 (Orloff & Bloom), class 4-5 "Expectation" and "Variance of discrete
random variables" (and class 6, the law of large numbers); Blitzstein & Hwang,
Introduction to Probability §4.2-4.6 (LOTUS is §4.5).
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

A discrete random variable X takes the values x_1, ..., x_m with probabilities
p_1, ..., p_m (the table; the p_i sum to 1, some may be 0). Its expectation, variance and
the expectation of a function h(X) are weighted sums over the table:

    E[X]    = sum_i x_i p_i                                   (the mean mu)
    Var(X)  = E[(X - mu)^2] = sum_i (x_i - mu)^2 p_i          ( = E[X^2] - mu^2 )
    E[h(X)] = sum_i h(x_i) p_i       the law of the unconscious statistician (LOTUS):
                                     no need to find the distribution of h(X) first.
    In general E[h(X)] != h(E[X]): E[X^2] - (E[X])^2 is the variance, not 0.

Compute the variance from the deviations x_i - mu, not as E[X^2] - mu^2: for values near
1e8 that difference subtracts two numbers near 1e16 and loses every digit (cancellation).

Monte Carlo estimates an expectation by an average over n independent draws y_1..y_n of
h(X). The sample mean is unbiased; its spread is measured by the standard error, using
the sample standard deviation with n - 1 in the denominator (Bessel's correction: the
deviations are measured from ybar, not from the unknown mu, which makes them smaller):

    ybar = (1/n) sum_j y_j,    s^2 = (1/(n - 1)) sum_j (y_j - ybar)^2,    se = s / sqrt(n)

By the central limit theorem, ybar lands within 2 se of E[h(X)] about 95% of the time;
the error shrinks like 1/sqrt(n).

Shapes: values and probs are (m,) float arrays (m >= 1, probs >= 0 summing to 1);
h is a vectorised NumPy function (np.square, np.exp, np.abs, ...): an array in, an array
of the same shape out; samples is an (n,) float array with n >= 2; n >= 2 and seed are
ints. expectation, variance and expectation_of return floats; the other two return a
pair of floats (estimate, standard error).
monte_carlo_expectation(h, values, probs, n, seed): make rng = np.random.default_rng(seed),
draw n values of X from the table (rng.choice(values, size=n, p=probs) does it), apply h
and return the mean and standard error of the results.

Tiny example: a fair die, values 1..6, probs 1/6 each: E[X] = 21/6 = 3.5,
E[X^2] = 91/6 = 15.17, Var(X) = 91/6 - 3.5^2 = 35/12 = 2.917, while (E[X])^2 = 12.25.
mean_and_standard_error([1, 3]) = (2, 1): s^2 = ((1-2)^2 + (3-2)^2) / 1 = 2, se = sqrt(2/2).

Write the sums yourself with array arithmetic.
Do not use: scipy.stats.*, np.average.
"""
import numpy as np


def expectation(values, probs):
    """Return E[X] for the table (values, probs)."""
    # TODO: the probability-weighted sum of the values.
    ### BEGIN SOLUTION
    return float(np.sum(values * probs))
    ### END SOLUTION


def variance(values, probs):
    """Return Var(X) = E[(X - E[X])^2] for the table (values, probs)."""
    # TODO: the probability-weighted sum of squared deviations from the mean.
    ### BEGIN SOLUTION
    mu = expectation(values, probs)
    return float(np.sum((values - mu) ** 2 * probs))
    ### END SOLUTION


def expectation_of(h, values, probs):
    """Return E[h(X)] for the table (values, probs), by LOTUS."""
    # TODO: apply h to the values, not to the mean.
    ### BEGIN SOLUTION
    return float(np.sum(h(values) * probs))
    ### END SOLUTION


def mean_and_standard_error(samples):
    """Return (sample mean, standard error s / sqrt(n)) with s using n - 1."""
    # TODO: np.mean, then the sample standard deviation with ddof=1, divided by sqrt(n).
    ### BEGIN SOLUTION
    samples = np.asarray(samples, dtype=float)
    n = samples.size
    s = np.std(samples, ddof=1)
    return float(np.mean(samples)), float(s / np.sqrt(n))
    ### END SOLUTION


def monte_carlo_expectation(h, values, probs, n, seed):
    """Return (Monte Carlo estimate of E[h(X)], its standard error) from n seeded draws."""
    # TODO: rng = np.random.default_rng(seed); draw n values of X; mean_and_standard_error of h of them.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    x = rng.choice(values, size=n, p=probs)
    return mean_and_standard_error(h(x))
    ### END SOLUTION
