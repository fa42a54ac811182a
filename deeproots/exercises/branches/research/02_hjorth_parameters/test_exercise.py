"""Checks for the Hjorth parameters (references: the definitions written with explicit slices
and means, and the theory of a pure sine)."""
import numpy as np

from deeproots.grading.checks import expect_close


def _population_variance(v):
    centred = v - v.mean(axis=-1, keepdims=True)
    return (centred * centred).sum(axis=-1) / v.shape[-1]


def _reference(x, fs):
    d1 = fs * (x[:, 1:] - x[:, :-1])
    d2 = fs * (d1[:, 1:] - d1[:, :-1])
    v0, v1, v2 = _population_variance(x), _population_variance(d1), _population_variance(d2)
    mobility = np.sqrt(v1 / v0)
    return v0, mobility, np.sqrt(v2 / v1) / mobility


def _compare(ex, x, fs, expected, how, rtol, label):
    got = ex.hjorth(x, fs)
    for name, value, want in zip(("activity", "mobility", "complexity"), got, expected):
        expect_close(value, want, what=f"{name} {label}", how=how, rtol=rtol, atol=1e-12,
                     inputs={"x": x, "fs": fs})


def test_hand_example(ex, rng):
    x = np.array([[0.0, 1.0, 0.0, -1.0, 0.0, 1.0, 0.0, -1.0]])
    activity, mobility, _ = ex.hjorth(x, 1.0)
    expect_close(activity, np.array([0.5]), what="activity", how="by hand: mean of x^2 = 4/8 (mean 0)",
                 rtol=1e-12, atol=1e-12, inputs={"x": x, "fs": 1.0})
    expect_close(mobility, np.array([np.sqrt((48 / 49) / 0.5)]), what="mobility",
                 how="by hand: var([1, -1, -1, 1, 1, -1, -1]) = 48/49, sqrt((48/49) / 0.5)",
                 rtol=1e-12, atol=1e-12, inputs={"x": x, "fs": 1.0})


def test_random_channels_match_definitions(ex, rng):
    # (channels, N, fs): one channel, few samples, non-square both ways, scaled EEG-like data
    for channels, n, fs in [(1, 50, 256.0), (3, 3, 1.0), (4, 400, 128.0), (7, 5, 100.0), (16, 1024, 512.0)]:
        x = 50.0 * rng.normal(size=(channels, n)) + np.cumsum(rng.normal(size=(channels, n)), axis=-1)
        _compare(ex, x, fs, _reference(x, fs), how="definitions: fs * (x[1:] - x[:-1]), population "
                 "variances, sqrt(v1 / v0), sqrt(v2 / v1) / sqrt(v1 / v0)", rtol=1e-9,
                 label=f"for x of shape {(channels, n)}, fs={fs}")


def test_pure_sines(ex, rng):
    fs, n = 256.0, 256 * 100  # 100 s: a whole number of periods for every frequency below
    t = np.arange(n) / fs
    amplitudes = np.array([1.0, 3.0, 20.0, 0.5])
    freqs = np.array([2.0, 10.0, 25.0, 60.0])
    x = amplitudes[:, None] * np.sin(2 * np.pi * freqs[:, None] * t + rng.uniform(0, 2 * np.pi, size=(4, 1)))
    # var of the N - 1 (N - 2) differences over a not-whole number of periods is off by at most
    # about 2 / (N sin w) relative, w = 2 pi f / fs (the leftover of sum cos(2 w n)); 5x margin
    rtol = 5 * 2 / (n * np.sin(2 * np.pi * freqs.min() / fs))
    expected = (amplitudes ** 2 / 2, 2 * fs * np.sin(np.pi * freqs / fs), np.ones(4))
    _compare(ex, x, fs, expected, how="theory: A^2 / 2, 2 fs sin(pi f / fs), 1 for a pure sine",
             rtol=rtol, label="of pure sines of 2, 10, 25, 60 Hz at fs = 256 Hz")


def test_flat_channel_gives_zeros(ex, rng):
    x = np.vstack([np.zeros(64), np.full(64, 2.5), rng.normal(size=64)])
    activity, mobility, complexity = ex.hjorth(x, 64.0)
    v0, m, c = _reference(x[2:], 64.0)
    expect_close(activity, np.array([0.0, 0.0, v0[0]]), what="activity with two flat channels",
                 how="0 for a constant channel, the definition for the noisy one", rtol=1e-9, atol=1e-12,
                 inputs={"x": x})
    expect_close(mobility, np.array([0.0, 0.0, m[0]]), what="mobility with two flat channels",
                 how="0 where var(x) = 0 (as asked), the definition for the noisy one", rtol=1e-9,
                 atol=1e-12, inputs={"x": x})
    expect_close(complexity, np.array([0.0, 0.0, c[0]]), what="complexity with two flat channels",
                 how="0 where mobility = 0 (as asked), the definition for the noisy one", rtol=1e-9,
                 atol=1e-12, inputs={"x": x})
