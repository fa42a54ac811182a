"""Bootstrap confidence intervals: the percentile and the empirical (basic) bootstrap.

Source: MIT 18.05 (Orloff & Bloom) class 24, reading 24 "Bootstrap confidence intervals";
Efron & Tibshirani, An Introduction to the Bootstrap, chapters 6 and 13; Wasserman, All of
Statistics §8.3.
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

We have one sample x_1..x_n and a statistic theta_hat = t(x) (the mean, the median) and want
to know how much theta_hat would vary over other samples we did not get. The bootstrap
replaces the unknown distribution by the data themselves: draw a resample x* of size n from
x *with replacement*, compute theta* = t(x*), repeat n_resamples times. The spread of the
theta* around theta_hat imitates the spread of theta_hat around the true theta.

For a confidence level c (say 0.9), alpha = 1 - c, and q_lo, q_hi the alpha/2 and 1 - alpha/2
quantiles (np.quantile) of the bootstrap statistics theta*:

  percentile CI:           [q_lo, q_hi]
  empirical (basic) CI:    with delta* = theta* - theta_hat, whose quantiles are
                           d_lo = q_lo - theta_hat and d_hi = q_hi - theta_hat,
                           [theta_hat - d_hi, theta_hat - d_lo]  =  [2 theta_hat - q_hi, 2 theta_hat - q_lo]

The empirical bootstrap is the one MIT 18.05 recommends: it uses the bootstrap to estimate
the error delta = theta_hat - theta, and (theta_hat - theta) in [d_lo, d_hi] means
theta in [theta_hat - d_hi, theta_hat - d_lo] -- the quantiles swap sides. The two intervals
agree when the bootstrap distribution is symmetric and differ when it is skewed.
scipy.stats.bootstrap calls them method='percentile' and method='basic'.

Shapes and arguments: x is a 1-D float array of n >= 1 values; statistic is the string
"mean" or "median"; level in (0, 1); n_resamples and seed are ints.
  bootstrap_statistics(x, statistic, n_resamples, seed) -> (n_resamples,) array of theta*
  percentile_ci(x, statistic, level, n_resamples, seed) -> array [low, high]
  empirical_ci(x, statistic, level, n_resamples, seed)  -> array [low, high]
Make the generator with rng = np.random.default_rng(seed) (same seed, same answer) and draw
all resamples at once, vectorised: an (n_resamples, n) array of indices from rng.integers,
then the statistic along axis 1. A Python loop over resamples works but is slow, and the
checks call these functions a few hundred times.

Tiny example: x = [0, 1], statistic "mean". A resample is (0,0), (0,1), (1,0) or (1,1), so
theta* is 0, 0.5 or 1 with probabilities 1/4, 1/2, 1/4. The 5% and 95% quantiles are 0 and 1:
percentile CI [0, 1]; empirical CI [2*0.5 - 1, 2*0.5 - 0] = [0, 1]. With n = 1 every resample
equals x, and both intervals collapse to [x_1, x_1].

Resample yourself: scipy.stats.bootstrap is what the checks compare you with.
Do not use: scipy.stats.bootstrap.
"""
import numpy as np
### BEGIN SOLUTION

STATISTICS = {"mean": np.mean, "median": np.median}
### END SOLUTION


def bootstrap_statistics(x: np.ndarray, statistic: str, n_resamples: int, seed: int) -> np.ndarray:
    """Return the statistic ("mean" or "median") of n_resamples resamples of x drawn with replacement."""
    # TODO: indices from np.random.default_rng(seed).integers, shape (n_resamples, n); the statistic along axis 1.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    n = x.size
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_resamples, n))
    return STATISTICS[statistic](x[idx], axis=1)


def _quantiles(values: np.ndarray, level: float) -> tuple[float, float]:
    alpha = 1.0 - level
    low, high = np.quantile(values, [alpha / 2.0, 1.0 - alpha / 2.0])
    return float(low), float(high)
    ### END SOLUTION


def percentile_ci(x: np.ndarray, statistic: str, level: float, n_resamples: int, seed: int) -> np.ndarray:
    """Return [low, high]: the alpha/2 and 1 - alpha/2 quantiles of the bootstrap statistics."""
    # TODO: alpha = 1 - level; np.quantile of bootstrap_statistics(...).
    ### BEGIN SOLUTION
    low, high = _quantiles(bootstrap_statistics(x, statistic, n_resamples, seed), level)
    return np.array([low, high])
    ### END SOLUTION


def empirical_ci(x: np.ndarray, statistic: str, level: float, n_resamples: int, seed: int) -> np.ndarray:
    """Return [theta_hat - d_hi, theta_hat - d_lo] from the quantiles of delta* = theta* - theta_hat."""
    # TODO: theta_hat on the data, delta* from the bootstrap statistics, then swap the quantiles.
    ### BEGIN SOLUTION
    theta_hat = float(STATISTICS[statistic](np.asarray(x, dtype=float)))
    deltas = bootstrap_statistics(x, statistic, n_resamples, seed) - theta_hat
    d_lo, d_hi = _quantiles(deltas, level)
    return np.array([theta_hat - d_hi, theta_hat - d_lo])
    ### END SOLUTION
