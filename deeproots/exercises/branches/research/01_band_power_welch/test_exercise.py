"""Checks for Welch band powers (references: scipy.signal.welch with its defaults, and the
power A^2 / 2 of a pure sine)."""
import numpy as np
from scipy.signal import welch

from deeproots.grading.checks import expect_close

EEG_BANDS = [[0.5, 4.0], [4.0, 8.0], [8.0, 13.0], [13.0, 30.0]]  # delta, theta, alpha, beta


def _reference_psd(x, fs, nperseg):
    # scipy's defaults: hann (periodic), noverlap = nperseg // 2, detrend 'constant',
    # one-sided, scaling 'density', average 'mean'
    return welch(x, fs=fs, nperseg=nperseg, axis=-1)


def _reference_band_powers(x, fs, bands, nperseg):
    freqs, psd = _reference_psd(x, fs, nperseg)
    df = fs / nperseg
    return np.stack([psd[:, (freqs >= lo) & (freqs < hi)].sum(axis=-1) * df for lo, hi in bands], axis=-1)


def _eeg_like(rng, channels, n):
    # white noise plus a random walk (1/f-like) plus a DC offset per channel
    x = rng.normal(size=(channels, n)) + 0.1 * np.cumsum(rng.normal(size=(channels, n)), axis=-1)
    return x + rng.uniform(-20.0, 20.0, size=(channels, 1))


def test_hand_example(ex, rng):
    x = np.array([[1.0, -1.0, 1.0, -1.0]])
    freqs, psd = ex.welch_psd(x, 4.0, 4)
    inputs = {"x": x, "fs": 4.0, "nperseg": 4}
    expect_close(freqs, np.array([0.0, 1.0, 2.0]), what="freqs", how="by hand: k * fs / nperseg",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(psd, np.array([[0.0, 1.0 / 3.0, 2.0 / 3.0]]), what="psd",
                 how="by hand: |rfft([0, -0.5, 1, -0.5])|^2 / (4 * 1.5), bin 1 doubled",
                 rtol=1e-12, atol=1e-12, inputs=inputs)


def test_psd_matches_scipy_welch(ex, rng):
    # (channels, N, fs, nperseg): one segment, even and odd nperseg, leftover samples, 1 channel
    cases = [(1, 256, 128.0, 64), (3, 1000, 256.0, 256), (2, 517, 200.0, 100), (4, 300, 100.0, 75),
             (2, 64, 64.0, 64), (5, 2048, 512.0, 512), (2, 97, 50.0, 33)]
    for channels, n, fs, nperseg in cases:
        x = _eeg_like(rng, channels, n)
        ref_f, ref_p = _reference_psd(x, fs, nperseg)
        freqs, psd = ex.welch_psd(x, fs, nperseg)
        inputs = {"x": x, "fs": fs, "nperseg": nperseg}
        expect_close(freqs, ref_f, what=f"freqs (nperseg={nperseg}, fs={fs})",
                     how="scipy.signal.welch(x, fs=fs, nperseg=nperseg)[0]", rtol=1e-12, atol=1e-12,
                     inputs=inputs)
        expect_close(psd, ref_p, what=f"psd for x of shape {(channels, n)}, nperseg={nperseg}",
                     how="scipy.signal.welch(x, fs=fs, nperseg=nperseg)[1] (hann, 50% overlap, "
                         "constant detrend, density, one-sided, mean)",
                     rtol=1e-8, atol=1e-12 * float(ref_p.max()), inputs=inputs)


def test_band_powers_match_scipy_welch(ex, rng):
    for channels, n, fs, nperseg in [(3, 2048, 256.0, 256), (1, 700, 100.0, 150), (6, 999, 128.0, 127)]:
        x = _eeg_like(rng, channels, n)
        df = fs / nperseg
        # band edges half-way between bins, so no edge sits on a bin frequency
        edges = (np.sort(rng.choice(nperseg // 2, size=6, replace=False)) + 0.5) * df
        bands = [[float(edges[i]), float(edges[i + 1])] for i in range(5)] + [[0.0, float(edges[2])]]
        expected = _reference_band_powers(x, fs, bands, nperseg)
        expect_close(ex.band_powers(x, fs, bands, nperseg), expected,
                     what=f"band_powers for x of shape {(channels, n)}, nperseg={nperseg}",
                     how="scipy.signal.welch, then psd summed over lo <= f < hi times fs / nperseg",
                     rtol=1e-8, atol=1e-12 * float(np.abs(expected).max()),
                     inputs={"x": x, "fs": fs, "bands": bands, "nperseg": nperseg})
    # the classical EEG bands, whose edges sit exactly on bins (df = 1 Hz): lo <= f < hi
    x = _eeg_like(rng, 4, 256 * 6)
    expected = _reference_band_powers(x, 256.0, EEG_BANDS, 256)
    expect_close(ex.band_powers(x, 256.0, EEG_BANDS, 256), expected,
                 what="band_powers in delta, theta, alpha, beta (edges on bins, df = 1 Hz)",
                 how="scipy.signal.welch, then psd summed over lo <= f < hi times fs / nperseg",
                 rtol=1e-8, atol=1e-12 * float(np.abs(expected).max()),
                 inputs={"x": x, "fs": 256.0, "bands": EEG_BANDS, "nperseg": 256})


def test_pure_sine_power_in_its_band(ex, rng):
    fs, nperseg = 256.0, 256
    t = np.arange(256 * 8) / fs
    # amplitude, frequency (Hz), phase, DC offset; the offset must vanish in the detrend
    sines = [(3.0, 10.0, 0.0, 5.0), (2.0, 6.0, 0.7, -40.0), (1.5, 20.0, 2.0, 0.0), (4.0, 2.0, 1.0, 100.0)]
    x = np.stack([a * np.sin(2 * np.pi * f * t + phase) + offset for a, f, phase, offset in sines])
    expected = np.zeros((len(sines), len(EEG_BANDS)))
    for i, (a, f, _, _) in enumerate(sines):
        j = next(j for j, (lo, hi) in enumerate(EEG_BANDS) if lo <= f - 1 and f + 1 < hi)
        expected[i, j] = a ** 2 / 2
    expect_close(ex.band_powers(x, fs, EEG_BANDS, nperseg), expected,
                 what="band powers of pure sines (10 Hz alpha, 6 Hz theta, 20 Hz beta, 2 Hz delta)",
                 how="theory: a sine of amplitude A has power A^2 / 2, all of it in bins f0 - 1, f0, "
                     "f0 + 1 Hz (Hann main lobe), which lie inside its band; the DC offset is detrended",
                 rtol=1e-9, atol=1e-9, inputs={"x": x, "fs": fs, "bands": EEG_BANDS, "nperseg": nperseg})
