"""Reference solution: percentile and empirical bootstrap confidence intervals."""
import numpy as np

STATISTICS = {"mean": np.mean, "median": np.median}


def bootstrap_statistics(x: np.ndarray, statistic: str, n_resamples: int, seed: int) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    n = x.size
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_resamples, n))
    return STATISTICS[statistic](x[idx], axis=1)


def _quantiles(values: np.ndarray, level: float) -> tuple[float, float]:
    alpha = 1.0 - level
    low, high = np.quantile(values, [alpha / 2.0, 1.0 - alpha / 2.0])
    return float(low), float(high)


def percentile_ci(x: np.ndarray, statistic: str, level: float, n_resamples: int, seed: int) -> np.ndarray:
    low, high = _quantiles(bootstrap_statistics(x, statistic, n_resamples, seed), level)
    return np.array([low, high])


def empirical_ci(x: np.ndarray, statistic: str, level: float, n_resamples: int, seed: int) -> np.ndarray:
    theta_hat = float(STATISTICS[statistic](np.asarray(x, dtype=float)))
    deltas = bootstrap_statistics(x, statistic, n_resamples, seed) - theta_hat
    d_lo, d_hi = _quantiles(deltas, level)
    return np.array([theta_hat - d_hi, theta_hat - d_lo])
