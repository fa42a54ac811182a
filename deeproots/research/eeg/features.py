"""Per-window, per-channel EEG features, vectorised over (windows, channels, samples).

Every function takes a :class:`~deeproots.research.eeg.recording.Windows` (its ``fs`` is used) or an
array ``(n_windows, channels, samples)`` plus ``fs``, and returns ``(n_windows, channels[, k])``.

* Band powers by Welch's method (Welch 1967, IEEE Trans. Audio Electroacoust. 15:70-73) in the
  classical bands delta 0.5-4, theta 4-8, alpha 8-13, beta 13-30 and gamma 30-70 Hz (gamma clipped
  to the Nyquist frequency; a band starting at or above Nyquist is dropped), absolute (µV², the
  PSD integrated over the bins f with lo <= f < hi) and relative (share of the summed bands).
  Welch segments are ``min(samples, fs)`` samples long (1 Hz resolution), Hann window, 50% overlap:
  a 1 s window is therefore one Hann-windowed periodogram.
* Hjorth parameters (Hjorth 1970, "EEG analysis based on time domain properties",
  Electroencephalogr. Clin. Neurophysiol. 29:306-310): activity var(x), mobility
  sqrt(var(x')/var(x)), complexity mobility(x')/mobility(x), with x' = fs * (first difference), so
  mobility is in rad/s (a sine of f Hz has mobility 2*fs*sin(pi*f/fs) ~ 2*pi*f) and complexity is
  dimensionless (1 for a pure sine).
* Line length (Esteller, Echauz, Tcheng, Litt & Pless 2001, "Line length: an efficient feature for
  seizure onset detection", Proc. IEEE EMBS 23:1707-1710): sum over the window of |x[n] - x[n-1]|.
* The energy features of Gardner, Krieger, Vachtsevanos & Litt (2006), "One-class novelty detection
  for seizure analysis from intracranial EEG", JMLR 7:1025-1044, computed on 1 s windows with overlap
  (cut the windows with ``windows(recording, 1.0, 0.5)``): curve length mean|x[n] - x[n-1]|, energy
  mean x[n]², and nonlinear (Teager) energy mean(x[n]² - x[n-1] x[n+1]) (Teager operator: Kaiser
  1990, ICASSP, "On a simple algorithm to calculate the 'energy' of a signal"). The paper's exact
  normalisation could not be checked here (only its abstract was reachable); these are the standard
  per-sample means.

:func:`feature_matrix` concatenates chosen features per channel into ``(n_windows, n_features)``
with names ``"<channel>:<feature>"``. Work is done in blocks of windows so temporaries stay in
cache; see ``benchmarks/eeg_features.py`` for throughput.
"""
from __future__ import annotations

import numpy as np
from scipy.signal import welch

from deeproots.errors import DeeprootsError
from deeproots.research.eeg.recording import Windows

BANDS: dict[str, tuple[float, float]] = {
    "delta": (0.5, 4.0), "theta": (4.0, 8.0), "alpha": (8.0, 13.0), "beta": (13.0, 30.0), "gamma": (30.0, 70.0)}
HJORTH = ("activity", "mobility", "complexity")
GARDNER = ("curve_length", "energy", "teager_energy")
FAMILIES: dict[str, tuple[str, ...]] = {
    "band": tuple(BANDS),
    "relative_band": tuple(f"rel_{band}" for band in BANDS),
    "hjorth": HJORTH,
    "line_length": ("line_length",),
    "gardner": GARDNER,
}
FEATURES: tuple[str, ...] = tuple(name for names in FAMILIES.values() for name in names)
_BLOCK_VALUES = 1 << 18  # values per block of windows (~2 MB of float64): temporaries stay in cache


def as_array(windows: Windows | np.ndarray, fs: float | None = None) -> tuple[np.ndarray, float, tuple[str, ...]]:
    """``(data (n, channels, samples) float64, fs, channel names)`` from Windows or an array."""
    if isinstance(windows, Windows):
        return windows.data, float(windows.fs), tuple(windows.channels) or _default_names(windows.data.shape[1])
    data = np.asarray(windows, dtype=np.float64)
    if data.ndim != 3:
        raise DeeprootsError(f"features need windows shaped (n_windows, channels, samples), got shape {data.shape}; "
                             f"cut them with deeproots.research.eeg.recording.windows(recording)")
    if fs is None or not fs > 0:
        raise DeeprootsError(f"fs must be a positive sampling rate in Hz when passing a bare array (got {fs}); "
                             f"pass fs=... or a Windows object")
    return data, float(fs), _default_names(data.shape[1])


def _default_names(channels: int) -> tuple[str, ...]:
    return tuple(f"ch{i}" for i in range(channels))


def _blocked(fn, x: np.ndarray) -> np.ndarray:
    """Apply ``fn`` to blocks of windows (axis 0) and concatenate: same result, cache-friendly."""
    per_window = max(1, x[0].size if len(x) else 1)
    step = max(1, _BLOCK_VALUES // per_window)
    if len(x) <= step:
        return fn(x)
    return np.concatenate([fn(x[i:i + step]) for i in range(0, len(x), step)])


def clipped_bands(fs: float, bands: dict[str, tuple[float, float]] = BANDS) -> dict[str, tuple[float, float]]:
    """The bands that exist below the Nyquist frequency, upper edges clipped to it."""
    nyquist = fs / 2
    return {name: (lo, min(hi, nyquist)) for name, (lo, hi) in bands.items() if lo < nyquist}


def band_powers(windows: Windows | np.ndarray, fs: float | None = None, relative: bool = False,
                bands: dict[str, tuple[float, float]] = BANDS) -> np.ndarray:
    """``(n, channels, n_bands)`` band powers (µV²) by Welch's method; ``relative``: each over their sum.

    The bands are :func:`clipped_bands` of ``bands`` (a band is [lo, hi); the last one includes
    Nyquist when clipped to it)."""
    x, fs, _ = as_array(windows, fs)
    kept = clipped_bands(fs, bands)
    nperseg = max(2, min(x.shape[-1], int(round(fs))))
    freqs = np.fft.rfftfreq(nperseg, 1 / fs)
    nyquist = fs / 2
    masks = np.stack([(freqs >= lo) & ((freqs < hi) | ((hi >= nyquist) & (freqs <= hi))) for lo, hi in kept.values()],
                     axis=1).astype(np.float64) * (freqs[1] - freqs[0])  # (n_freqs, n_bands), integrates the PSD

    def block(chunk: np.ndarray) -> np.ndarray:
        _, psd = welch(chunk, fs=fs, nperseg=nperseg, axis=-1)
        return psd @ masks

    power = _blocked(block, x)
    if relative:
        total = power.sum(axis=-1, keepdims=True)
        power = np.divide(power, total, out=np.zeros_like(power), where=total > 0)
    return power


def hjorth(windows: Windows | np.ndarray, fs: float | None = None) -> np.ndarray:
    """``(n, channels, 3)``: Hjorth activity (µV²), mobility (rad/s), complexity (1); 0 where undefined."""
    x, fs, _ = as_array(windows, fs)

    def block(chunk: np.ndarray) -> np.ndarray:
        d1 = np.diff(chunk, axis=-1) * fs
        d2 = np.diff(d1, axis=-1) * fs
        v0, v1, v2 = chunk.var(axis=-1), d1.var(axis=-1), d2.var(axis=-1)
        mobility = np.sqrt(np.divide(v1, v0, out=np.zeros_like(v0), where=v0 > 0))
        mobility_d = np.sqrt(np.divide(v2, v1, out=np.zeros_like(v1), where=v1 > 0))
        complexity = np.divide(mobility_d, mobility, out=np.zeros_like(v0), where=mobility > 0)
        return np.stack([v0, mobility, complexity], axis=-1)

    return _blocked(block, x)


def line_length(windows: Windows | np.ndarray, fs: float | None = None) -> np.ndarray:
    """``(n, channels)``: sum of |x[n] - x[n-1]| over each window (µV), Esteller et al. 2001."""
    x, _, _ = as_array(windows, 1.0 if fs is None else fs)
    return _blocked(lambda chunk: np.abs(np.diff(chunk, axis=-1)).sum(axis=-1), x)


def teager(x: np.ndarray) -> np.ndarray:
    """The Teager-Kaiser energy operator along the last axis: x[n]² - x[n-1] x[n+1] (length - 2)."""
    return x[..., 1:-1] ** 2 - x[..., :-2] * x[..., 2:]


def gardner_energy(windows: Windows | np.ndarray, fs: float | None = None) -> np.ndarray:
    """``(n, channels, 3)``: Gardner et al. 2006 curve length, energy and nonlinear (Teager) energy,
    each a per-sample mean over the window."""
    x, _, _ = as_array(windows, 1.0 if fs is None else fs)

    def block(chunk: np.ndarray) -> np.ndarray:
        return np.stack([np.abs(np.diff(chunk, axis=-1)).mean(axis=-1), (chunk * chunk).mean(axis=-1),
                         teager(chunk).mean(axis=-1)], axis=-1)

    return _blocked(block, x)


def _resolve(names) -> list[str]:
    """Feature names (or family names) -> ordered, de-duplicated feature names."""
    if names is None:
        names = tuple(FAMILIES)
    if isinstance(names, str):
        names = (names,)
    chosen: list[str] = []
    for name in names:
        expanded = FAMILIES.get(name, (name,))
        for feature in expanded:
            if feature not in FEATURES:
                raise DeeprootsError(f"unknown EEG feature {name!r}; choose from the families {sorted(FAMILIES)} "
                                     f"or the features {list(FEATURES)}")
            if feature not in chosen:
                chosen.append(feature)
    return chosen


def feature_matrix(windows: Windows | np.ndarray, names=None, fs: float | None = None
                   ) -> tuple[np.ndarray, list[str]]:
    """``(X (n_windows, channels * n_chosen), names)``: the chosen features, per channel.

    ``names``: feature or family names (see ``FAMILIES`` / ``FEATURES``; default all). Columns are
    channel-major: for each channel, its features in the order of ``FEATURES``; a column is named
    ``"<channel>:<feature>"``. Bands above Nyquist are dropped (and so are their columns)."""
    x, fs, channels = as_array(windows, fs)
    chosen = _resolve(names)
    kept = set(clipped_bands(fs))
    chosen = [f for f in chosen if f.removeprefix("rel_") not in BANDS or f.removeprefix("rel_") in kept]
    columns: dict[str, np.ndarray] = {}
    if any(f in BANDS or f.startswith("rel_") for f in chosen):
        power = band_powers(x, fs)
        total = power.sum(axis=-1)
        for i, band in enumerate(clipped_bands(fs)):
            columns[band] = power[..., i]
            columns[f"rel_{band}"] = np.divide(power[..., i], total, out=np.zeros_like(total), where=total > 0)
    if any(f in HJORTH for f in chosen):
        columns.update(zip(HJORTH, np.moveaxis(hjorth(x, fs), -1, 0)))
    if "line_length" in chosen:
        columns["line_length"] = line_length(x, fs)
    if any(f in GARDNER for f in chosen):
        columns.update(zip(GARDNER, np.moveaxis(gardner_energy(x, fs), -1, 0)))
    order = [f for f in FEATURES if f in chosen]
    stacked = np.stack([columns[f] for f in order], axis=-1)  # (n, channels, k)
    return stacked.reshape(len(x), -1), [f"{channel}:{f}" for channel in channels for f in order]
