"""Hjorth parameters of EEG channels: activity, mobility and complexity from differences.

Source: B. Hjorth (1970), "EEG analysis based on time domain properties",
Electroencephalography and Clinical Neurophysiology 29(3):306-310. In this branch
(research: EEG seizure detection, Gardner et al. 2006, JMLR 7) they are cheap per-window
features next to band powers (exercise band-power-welch) and line length (line-length).
https://www.jmlr.org/papers/v7/gardner06a.html

Hjorth summarised a spectrum by three numbers computed in the time domain, from the
variance of the signal and of its derivatives (the spectral moments of order 0, 2 and 4):

    activity   = var(x)                          the power (x^2 units)
    mobility   = sqrt(var(x') / var(x))          a mean frequency (rad/s)
    complexity = mobility(x') / mobility(x)      how far from a pure sine (1 for a sine)

where mobility(x') = sqrt(var(x'') / var(x')). On sampled data the derivative is the first
difference times the sampling rate fs:

    x'[n]  = fs * (x[n+1] - x[n])        (N - 1 values)
    x''[n] = fs * (x'[n+1] - x'[n])      (N - 2 values)

and var is the population variance (divide by the number of values: np.var's default,
ddof=0), each over its own values, along the time axis (the last one).

A pure sine x[n] = A sin(w n), w = 2 pi f / fs, has x'[n] = 2 fs sin(w / 2) A cos(w n + w / 2):
the same shape, its amplitude multiplied by 2 fs sin(pi f / fs). So over many periods
    activity = A^2 / 2,   mobility = 2 fs sin(pi f / fs)  (about 2 pi f),   complexity = 1.

Undefined ratios: a flat channel (a disconnected electrode) has var(x) = 0; whenever the
variance in a denominator is 0, return 0 for that ratio (mobility or mobility(x')), and
complexity 0 when mobility(x) is 0.

Shapes: x is (channels, N) float, N >= 3; fs is a float in Hz. hjorth(x, fs) returns the
tuple (activity, mobility, complexity), three (channels,) float arrays.

Tiny example (fs = 1): x = [[0, 1, 0, -1, 0, 1, 0, -1]]: activity = 4/8 = 0.5;
x' = [1, -1, -1, 1, 1, -1, -1] has mean -1/7 and variance 1 - 1/49 = 48/49, so
mobility = sqrt((48/49) / 0.5) = 1.3997 (2 sin(pi/4) = 1.414 for an infinitely long sine).
"""
import numpy as np


### BEGIN SOLUTION
def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, and 0 where den is 0."""
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


### END SOLUTION
def hjorth(x: np.ndarray, fs: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (activity, mobility, complexity), each (channels,), of x (channels, N)."""
    # TODO: first and second differences along axis -1 (times fs), their variances,
    # then the two square-root ratios (0 where a denominator is 0) and their ratio.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    d1 = np.diff(x, axis=-1) * fs
    d2 = np.diff(d1, axis=-1) * fs
    v0, v1, v2 = x.var(axis=-1), d1.var(axis=-1), d2.var(axis=-1)
    mobility = np.sqrt(_ratio(v1, v0))
    mobility_d1 = np.sqrt(_ratio(v2, v1))
    complexity = _ratio(mobility_d1, mobility)
    return v0, mobility, complexity
    ### END SOLUTION
