"""Reference solution: Gaussian differential entropy and the histogram (plug-in) estimate."""
import numpy as np


def gaussian_entropy(sigma):
    sigma = np.asarray(sigma, dtype=float)
    return 0.5 * np.log(2 * np.pi * np.e * sigma**2)


def multivariate_gaussian_entropy(cov):
    cov = np.asarray(cov, dtype=float)
    d = cov.shape[0]
    sign, logdet = np.linalg.slogdet(cov)
    return float(0.5 * d * np.log(2 * np.pi * np.e) + 0.5 * logdet)


def histogram_entropy(samples, bins):
    samples = np.asarray(samples, dtype=float)
    counts, edges = np.histogram(samples, bins=bins)
    p = counts / samples.size
    widths = np.diff(edges)
    full = p > 0
    return float(-np.sum(p[full] * np.log(p[full] / widths[full])))
