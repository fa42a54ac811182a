"""seizure-detector: deeproots' reference detector (the worker refuses to open this for a learner).

Hand-made features of each 2 s window (line length, power, Hjorth mobility and complexity, band
powers, peakiness, flatness, rhythmicity), the same features relative to the recording's median
(recordings differ in amplitude) and averaged over neighbouring windows (a seizure lasts tens of
seconds, an artifact one or two), then a logistic regression fitted on every window the budget
buys. The score is its log-odds.
"""
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

FS = 64.0
BANDS = [(0.5, 2), (2, 4), (4, 8), (8, 13), (13, 20), (20, 32.1)]
CONTEXT = (2, 5, 15)  # half-widths (windows) of the moving averages


def window_features(windows):
    """(n, 1, 128) -> (n, 19) features of each window on its own."""
    x = windows[:, 0].astype(np.float64)
    x = x - x.mean(axis=1, keepdims=True)
    d1 = np.diff(x, axis=1)
    d2 = np.diff(d1, axis=1)
    v0, v1, v2 = x.var(1) + 1e-6, d1.var(1) + 1e-6, d2.var(1) + 1e-6
    mobility = np.sqrt(v1 / v0)
    complexity = np.sqrt(v2 / v1) / mobility
    power = np.abs(np.fft.rfft(x * np.hanning(x.shape[1]), axis=1)) ** 2
    freqs = np.fft.rfftfreq(x.shape[1], 1 / FS)
    bands = np.stack([power[:, (freqs >= lo) & (freqs < hi)].sum(1) for lo, hi in BANDS], axis=1) + 1e-6
    sd = np.sqrt(v0)
    peak = np.abs(x).max(1) / sd  # electrode pops and spikes are peaky
    kurtosis = ((x / sd[:, None]) ** 4).mean(1)
    flat = (np.abs(d1) < 0.05 * np.sqrt(v1)[:, None]).mean(1)
    autocorr = np.fft.irfft(np.abs(np.fft.rfft(x, 256, axis=1)) ** 2, axis=1)[:, :33]
    rhythm = (autocorr / autocorr[:, :1])[:, 5:33].max(1)  # a seizure repeats itself at 2-13 Hz
    spectral_peak = power[:, (freqs >= 2) & (freqs < 13)].max(1) / power[:, freqs >= 0.5].sum(1)
    line_length = np.abs(d1).sum(1)
    return np.column_stack([np.log(line_length), np.log(v0), mobility, complexity, np.log(bands),
                            np.log(bands / bands.sum(1, keepdims=True)), peak, kurtosis, flat, rhythm, spectral_peak])


def features(windows):
    """Each window's features, relative to the recording's median, and their moving averages
    (the windows of one call are one recording in time order)."""
    f = window_features(windows)
    columns = [f, f - np.median(f, axis=0)]
    for k in CONTEXT:
        padded = np.pad(f, ((k, k), (0, 0)), mode="edge")
        sums = np.cumsum(np.vstack([np.zeros((1, f.shape[1])), padded]), axis=0)
        columns.append((sums[2 * k + 1:] - sums[:-2 * k - 1]) / (2 * k + 1))
    return np.hstack(columns)


def fit(xs, ys):
    x, y = np.vstack(xs), np.concatenate(ys)
    mean, std = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=1000).fit((x - mean) / std, y)
    return {"mean": mean, "std": std, "coef": model.coef_[0], "intercept": model.intercept_}


def train(ctx):
    xs, ys, state = [], [], ctx.resume  # a resumed run keeps its model until it has refitted
    last_checkpoint = time.monotonic()
    while not ctx.done() and ctx.steps_left() >= 299:
        batch = ctx.kit.recording(ctx)  # one fresh 5-minute recording: 299 windows, in time order
        xs.append(features(batch.windows))
        ys.append(batch.seizure)
        if len(xs) % 10 == 0:
            ctx.log(recordings=len(xs), seizure_share=float(np.concatenate(ys).mean()))
        if time.monotonic() - last_checkpoint > 10 and any(y.any() for y in ys):
            state = fit(xs, ys)
            ctx.checkpoint(state)
            ctx.log(recordings=len(xs))
            last_checkpoint = time.monotonic()
    return fit(xs, ys) if xs else state


def load(state):
    return {name: np.asarray(value, dtype=np.float64) for name, value in state.items()}


def score(model, windows):
    x = (features(windows) - model["mean"]) / model["std"]
    return x @ model["coef"] + model["intercept"][0]
