"""The law of large numbers and the central limit theorem, by simulation.

Source: MIT 18.05 (Orloff & Bloom), class 6 "Central limit theorem and the law of large
numbers" (reading 6b); Blitzstein & Hwang, Introduction to Probability §10.2-10.3;
Wasserman, All of Statistics §5.3-5.4.
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

Let X_1, X_2, ... be independent draws with mean mu and standard deviation sigma, and
S_n = X_1 + ... + X_n.

Law of large numbers: the running mean Xbar_n = S_n / n converges to mu. How fast?
Var(Xbar_n) = sigma^2 / n exactly, so its typical error, the root mean square of
Xbar_n - mu, is sigma / sqrt(n): 100 times more data buys one more correct digit.

Central limit theorem: whatever the distribution of the X_i (with finite variance), the
standardised sum

    Z_n = (S_n - n mu) / (sigma sqrt(n))      ( = (Xbar_n - mu) / (sigma / sqrt(n)) )

has mean 0 and variance 1 and is approximately Normal(0, 1) for large n: S_n has mean
n mu and standard deviation sigma sqrt(n) (variances add; standard deviations do not).
The Berry-Esseen theorem bounds the error: |P(Z_n <= z) - Phi(z)| <= 0.4748 E|X - mu|^3
/ (sigma^3 sqrt(n)) for every z.

Two distributions to simulate (work their mu and sigma out, or use these):
    "uniform"      Uniform(0, 1):       mu = 1/2,  sigma = sqrt(1/12)  (variance 1/12)
    "exponential"  Exponential(rate 1): mu = 1,    sigma = 1

Shapes:
  running_mean(x): x is an (n,) array, or an (m, n) array holding m independent rows of
      n draws; returns an array of x's shape whose entry [..., i] is the mean of
      x[..., 0], ..., x[..., i] (running means along the last axis).
  standardized_sums(samples, mu, sigma): samples is (m, n), each ROW one replication of
      n draws; returns Z, shape (m,): Z[i] = (sum of row i - n mu) / (sigma sqrt(n)).
  simulate_standardized_sums(distribution, n, m, seed): distribution is "uniform" or
      "exponential"; rng = np.random.default_rng(seed); draw an (m, n) array
      (rng.random or rng.exponential) and return its standardized_sums, shape (m,).
Use NumPy reductions (np.cumsum, .sum with an axis), no Python loops.

Tiny example: running_mean([1, 2, 3, 4]) = [1, 1.5, 2, 2.5]. For the rows [[1, 2, 3],
[0, 0, 0]] with mu = 1, sigma = 1: n = 3, Z = [(6 - 3) / sqrt(3), (0 - 3) / sqrt(3)]
= [1.732, -1.732].
"""
import numpy as np
### BEGIN SOLUTION

MOMENTS = {"uniform": (0.5, np.sqrt(1.0 / 12.0)), "exponential": (1.0, 1.0)}
### END SOLUTION


def running_mean(x):
    """Return the running means of x along its last axis."""
    # TODO: cumulative sums along the last axis divided by 1, 2, ..., n.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    n = x.shape[-1]
    return np.cumsum(x, axis=-1) / np.arange(1, n + 1)
    ### END SOLUTION


def standardized_sums(samples, mu, sigma):
    """Return Z = (row sums - n mu) / (sigma sqrt(n)) for samples of shape (m, n)."""
    # TODO: sum each row (which axis?), subtract n mu, divide by sigma sqrt(n).
    ### BEGIN SOLUTION
    samples = np.asarray(samples, dtype=float)
    n = samples.shape[1]
    return (samples.sum(axis=1) - n * mu) / (sigma * np.sqrt(n))
    ### END SOLUTION


def simulate_standardized_sums(distribution, n, m, seed):
    """Return m standardised sums of n seeded uniform or exponential draws."""
    # TODO: pick mu, sigma for the distribution; draw an (m, n) array; standardized_sums.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    mu, sigma = MOMENTS[distribution]
    if distribution == "uniform":
        samples = rng.random((m, n))
    else:
        samples = rng.exponential(1.0, size=(m, n))
    return standardized_sums(samples, mu, sigma)
    ### END SOLUTION
