"""Differential entropy: the Gaussian's closed form vs a histogram estimate from samples.

Source: Cover & Thomas, Elements of Information Theory §8.1 (definition, Example 8.1.2 the
normal distribution), §8.3 (relation of differential entropy to discrete entropy:
H(X^Delta) + log Delta -> h(X)) and §8.4 (Example 8.4.1, the multivariate normal).
Builds on 01_entropy: the discrete entropy of a histogram, corrected for the bin width.
https://onlinelibrary.wiley.com/doi/book/10.1002/047174882X

For a continuous density f the differential entropy is h(X) = -integral f(x) ln f(x) dx
(in nats here, natural logs throughout). Unlike a discrete entropy it can be negative
(a narrow density) and it shifts with the units: h(aX) = h(X) + ln |a|. Two closed forms:

    X ~ N(mu, sigma^2):         h = 1/2 ln(2 pi e sigma^2)
    X ~ N(mu, Sigma) in R^d:    h = 1/2 ln det(2 pi e Sigma) = d/2 ln(2 pi e) + 1/2 ln det Sigma

(the mean plays no part). For large d, det Sigma under- or overflows (0.01^200 = 1e-400
is 0 in float64, and ln 0 = -inf): compute ln det Sigma directly, with
np.linalg.slogdet or as 2 * sum(ln diag(L)) for the Cholesky factor L of Sigma.

From samples, a histogram gives a plug-in estimate. With bin i of width Delta_i holding
n_i of the N samples, p_i = n_i / N is a probability mass and p_i / Delta_i estimates the
density on that bin, so

    h_hat = -sum_i p_i ln(p_i / Delta_i)   (= H(p) + sum_i p_i ln Delta_i; empty bins add 0)

Forgetting Delta_i gives the discrete entropy H(p) of the bin labels, which depends on how
many bins you chose and not on the distribution's spread: Cover & Thomas §8.3 shows
H(p) - ln(1/Delta) -> h(X) as Delta -> 0. With N large and bins narrow but well filled
the estimate is close to h (it is slightly biased, and noisy by about sqrt(Var ln f(X) / N)).

Shapes:
  gaussian_entropy(sigma)                 sigma: float or float array (> 0) -> same shape
  multivariate_gaussian_entropy(cov)      cov: (d, d) symmetric positive definite -> float
  histogram_entropy(samples, bins)        samples: (N,) floats; bins: an int (that many
                                          equal-width bins spanning [min, max] of the samples,
                                          as np.histogram(samples, bins) makes) or an increasing
                                          array of edges covering every sample (widths may
                                          differ: use each bin's own width) -> float
The checks use scipy.stats (norm(...).entropy(), multivariate_normal, differential_entropy)
as references; write the formulas.
Do not use: scipy.stats.*.

Tiny example:
    gaussian_entropy(1.0) = 1/2 ln(2 pi e) = 1.4189 nats; gaussian_entropy(1 / sqrt(2 pi e)) = 0
    multivariate_gaussian_entropy(np.diag([1.0, 4.0])) = 1.4189 + (1.4189 + ln 2) = 3.5310
    samples = [0.1, 0.3, 0.6, 0.7, 0.9], edges [0, 0.5, 1]: p = [2/5, 3/5], Delta = [1/2, 1/2]
        h_hat = -(0.4 ln 0.8 + 0.6 ln 1.2) = -0.0201; from a uniform grid of samples on [0, 4]
        and edges np.linspace(0, 4, 9) every bin holds 1/8: h_hat = ln 4, the entropy of U(0, 4).
"""
import numpy as np


def gaussian_entropy(sigma):
    """Return 1/2 ln(2 pi e sigma^2), elementwise, in nats."""
    # TODO: one line with np.log, np.pi, np.e; sigma is the standard deviation, not the variance.
    ### BEGIN SOLUTION
    sigma = np.asarray(sigma, dtype=float)
    return 0.5 * np.log(2 * np.pi * np.e * sigma**2)
    ### END SOLUTION


def multivariate_gaussian_entropy(cov):
    """Return 1/2 ln det(2 pi e cov) in nats, without forming det(cov)."""
    # TODO: d = cov.shape[0]; sign, logdet = np.linalg.slogdet(cov); d/2 ln(2 pi e) + logdet / 2.
    ### BEGIN SOLUTION
    cov = np.asarray(cov, dtype=float)
    d = cov.shape[0]
    sign, logdet = np.linalg.slogdet(cov)
    return float(0.5 * d * np.log(2 * np.pi * np.e) + 0.5 * logdet)
    ### END SOLUTION


def histogram_entropy(samples, bins):
    """Return -sum_i p_i ln(p_i / Delta_i) from np.histogram(samples, bins), in nats."""
    # TODO: counts, edges = np.histogram(...); p = counts / N; widths = np.diff(edges); mask p > 0.
    ### BEGIN SOLUTION
    samples = np.asarray(samples, dtype=float)
    counts, edges = np.histogram(samples, bins=bins)
    p = counts / samples.size
    widths = np.diff(edges)
    full = p > 0
    return float(-np.sum(p[full] * np.log(p[full] / widths[full])))
    ### END SOLUTION
