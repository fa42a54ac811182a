"""Bayesian updating with a conjugate prior: Beta prior, binomial data, Beta posterior.

Source: MIT 18.05 (Orloff & Bloom) classes 11-15: Bayesian updating (class 11-13, including
probabilistic prediction, class 12-13), Beta distributions and conjugate priors (class 14),
choosing priors and probability intervals (class 15); Blitzstein & Hwang §8.3.
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

An unknown success probability theta gets a prior Beta(a, b), density proportional to
theta^(a-1) (1 - theta)^(b-1). After k successes in n independent trials the likelihood is
C(n, k) theta^k (1 - theta)^(n-k); prior times likelihood has the same form, so the
posterior is again a Beta ("conjugate prior"):

    posterior = Beta(A, B)  with  A = a + k,  B = b + n - k
    posterior mean  = A / (A + B)
    MAP (the mode)  = (A - 1) / (A + B - 2)      when A > 1 and B > 1

The MAP formula needs A > 1 and B > 1 (an interior peak). Otherwise the density
theta^(A-1) (1 - theta)^(B-1) has no interior peak; return:
    nan  if A < 1 and B < 1 (U-shaped: two modes) or A == B == 1 (flat: every theta);
    0.0  if A <= 1 <= B (the density never increases: the mode is theta = 0);
    1.0  otherwise (A >= 1 >= B: the density never decreases: the mode is theta = 1).
(For example Jeffreys' prior a = b = 1/2 with k = 0 successes in n = 10 gives Beta(0.5, 10.5):
MAP 0.0.)

Prediction (class 12-13): the probability of j successes in the next m trials averages the
binomial over the posterior (the beta-binomial distribution):

    P(j | data) = integral C(m, j) t^j (1-t)^(m-j) Beta(t; A, B) dt
                = C(m, j) B(A + j, B + m - j) / B(A, B),     j = 0, 1, ..., m

with B(p, q) = Gamma(p) Gamma(q) / Gamma(p + q) the Beta function. Work in logs: math.lgamma
(or scipy.special.betaln / gammaln) avoid overflow for large m. For m = 1 the probability
that the next trial succeeds is A / (A + B), the posterior mean.
(A 90% credible interval would be scipy.stats.beta(A, B).interval(0.9); not needed here.)

Shapes: a, b > 0 are floats; k, n are ints with 0 <= k <= n (n = 0: no data yet); m >= 0.
  posterior_params(a, b, k, n) -> (A, B), a tuple of two floats
  posterior_mean(a, b, k, n)   -> float
  posterior_map(a, b, k, n)    -> float (0.0, 1.0 or nan in the edge cases above)
  predictive_pmf(a, b, k, n, m) -> (m + 1,) array: P(j successes in the next m trials), j = 0..m

Tiny example: uniform prior Beta(1, 1), 7 successes in 10 trials:
  posterior Beta(8, 4); mean 8/12 = 0.667; MAP 7/10 = 0.7 (with a flat prior the MAP is the MLE);
  P(next trial succeeds) = 8/12; P(2 successes in the next 2) = (8 * 9) / (12 * 13) = 0.4615.
"""
### BEGIN SOLUTION
from math import lgamma

### END SOLUTION
import numpy as np


def posterior_params(a: float, b: float, k: int, n: int) -> tuple[float, float]:
    """Return (A, B), the parameters of the Beta posterior after k successes in n trials."""
    # TODO: add the successes to a and the failures to b.
    ### BEGIN SOLUTION
    return float(a + k), float(b + n - k)
    ### END SOLUTION


def posterior_mean(a: float, b: float, k: int, n: int) -> float:
    """Return the posterior mean A / (A + B)."""
    # TODO: use posterior_params.
    ### BEGIN SOLUTION
    A, B = posterior_params(a, b, k, n)
    return A / (A + B)
    ### END SOLUTION


def posterior_map(a: float, b: float, k: int, n: int) -> float:
    """Return the posterior mode (MAP estimate), with the edge cases of the docstring."""
    # TODO: the interior formula when A > 1 and B > 1; otherwise nan, 0.0 or 1.0 as specified.
    ### BEGIN SOLUTION
    A, B = posterior_params(a, b, k, n)
    if A > 1.0 and B > 1.0:
        return (A - 1.0) / (A + B - 2.0)  # an interior peak
    if (A < 1.0 and B < 1.0) or (A == 1.0 and B == 1.0):
        return float("nan")  # U-shaped or flat: no single mode
    return 0.0 if A <= 1.0 <= B else 1.0  # a monotone density peaks at an end point


def _log_beta(p: float, q: float) -> float:
    return lgamma(p) + lgamma(q) - lgamma(p + q)
    ### END SOLUTION


def predictive_pmf(a: float, b: float, k: int, n: int, m: int) -> np.ndarray:
    """Return the (m + 1,) posterior predictive probabilities of j = 0..m successes in m new trials."""
    # TODO: C(m, j) B(A + j, B + m - j) / B(A, B), computed with log-gamma functions.
    ### BEGIN SOLUTION
    post_a, post_b = posterior_params(a, b, k, n)
    log_pmf = [lgamma(m + 1) - lgamma(j + 1) - lgamma(m - j + 1)
               + _log_beta(post_a + j, post_b + m - j) - _log_beta(post_a, post_b)
               for j in range(m + 1)]
    return np.exp(np.array(log_pmf))
    ### END SOLUTION
