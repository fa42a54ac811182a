"""Reference solution: overlapping windows as a strided view, labels from the union of seizures."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _in_samples(fs: float, length: float, step: float) -> tuple[int, int]:
    return int(round(length * fs)), int(round(step * fs))


def _count(n_samples: int, window: int, stride: int) -> int:
    return max(0, (n_samples - window) // stride + 1)


def window_starts(n_samples: int, fs: float, length: float, step: float) -> np.ndarray:
    window, stride = _in_samples(fs, length, step)
    return np.arange(_count(n_samples, window, stride)) * stride / fs


def cut_windows(x: np.ndarray, fs: float, length: float, step: float) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    window, stride = _in_samples(fs, length, step)
    if _count(x.shape[-1], window, stride) == 0:
        return np.empty((0, x.shape[0], window))
    view = sliding_window_view(x, window, axis=-1)[:, ::stride]  # (channels, n_windows, L)
    return view.transpose(1, 0, 2)


def _merged(seizures: list) -> list[list[float]]:
    """The union of the [onset, offset] intervals, as disjoint sorted intervals."""
    merged: list[list[float]] = []
    for onset, offset in sorted((float(a), float(b)) for a, b in seizures):
        if merged and onset <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], offset)
        else:
            merged.append([onset, offset])
    return merged


def window_labels(starts: np.ndarray, length: float, seizures: list, min_fraction: float) -> np.ndarray:
    starts = np.asarray(starts, dtype=float)
    ends = starts + length
    covered = np.zeros(len(starts))
    for onset, offset in _merged(seizures):
        covered += np.clip(np.minimum(ends, offset) - np.maximum(starts, onset), 0.0, None)
    return covered / length >= min_fraction
