"""Reference solution: Welch's PSD (periodic Hann, 50% overlap, density, one-sided) and band powers."""
import numpy as np


def welch_psd(x: np.ndarray, fs: float, nperseg: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float)
    n = x.shape[-1]
    step = nperseg - nperseg // 2
    count = (n - nperseg) // step + 1
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(nperseg) / nperseg)
    index = step * np.arange(count)[:, None] + np.arange(nperseg)  # (count, nperseg)
    segments = x[:, index]  # (channels, count, nperseg)
    segments = segments - segments.mean(axis=-1, keepdims=True)
    spectra = np.fft.rfft(segments * window, axis=-1)
    psd = (np.abs(spectra) ** 2 / (fs * np.sum(window ** 2))).mean(axis=1)
    psd[:, 1:(nperseg + 1) // 2] *= 2
    freqs = np.arange(nperseg // 2 + 1) * fs / nperseg
    return freqs, psd


def band_powers(x: np.ndarray, fs: float, bands: list, nperseg: int) -> np.ndarray:
    freqs, psd = welch_psd(x, fs, nperseg)
    df = fs / nperseg
    columns = [psd[:, (freqs >= lo) & (freqs < hi)].sum(axis=-1) * df for lo, hi in bands]
    return np.stack(columns, axis=-1)
