"""Cutting an EEG recording into overlapping windows, and labelling each window.

Source: the windowing used throughout seizure detection, e.g. Gardner, Krieger, Vachtsevanos
& Litt (2006), "One-class novelty detection for seizure analysis from intracranial EEG",
JMLR 7:1025-1044 (features on 1 s windows overlapping by half); Shoeb & Guttag (2010),
"Application of machine learning to epileptic seizure detection", ICML (2 s epochs). In this branch (research: EEG seizure detection) every feature (band-power-welch,
hjorth-parameters, line-length) is computed per window, and every detector scores windows.
https://www.jmlr.org/papers/v7/gardner06a.html

A recording x of shape (channels, N) sampled at fs Hz is cut into windows of `length`
seconds, a new one every `step` seconds (step < length: the windows overlap). In samples,
L = length * fs and S = step * fs (whole numbers here; round them to int). Window i holds
the samples x[:, i*S : i*S + L] and starts at i*S / fs seconds. Only whole windows count:

    n_windows = (N - L) // S + 1       (0 when N < L)

No copy is needed: numpy.lib.stride_tricks.sliding_window_view(x, L, axis=-1) is a view
(channels, N - L + 1, L) of every window with step 1; keep every S-th with [:, ::S] and
move the window axis first. (An index array x[:, S*i + arange(L)] works too.)

Labels. Seizures are annotated as [onset, offset] intervals in seconds (unsorted, and two
annotations may overlap). Window i covers [t_i, t_i + length). Its seizure fraction is the
time of the window covered by seizures, divided by length; overlapping annotations count
once (merge them first: the union, not the sum). The window is labelled seizure (True) when

    fraction >= min_fraction          (0 < min_fraction <= 1; exactly at it counts)

An annotation that only touches the window, [t_i + length, ...] or [..., t_i], covers 0 s.

Shapes:
  window_starts(n_samples, fs, length, step) -> (n_windows,) float, seconds.
  cut_windows(x, fs, length, step) -> (n_windows, channels, L) float.
  window_labels(starts, length, seizures, min_fraction) -> (n_windows,) bool; starts in
      seconds (as window_starts returns them), seizures a list of [onset, offset] pairs in
      seconds (possibly empty).

Tiny example: N = 10 samples at fs = 2 Hz, length 2 s (L = 4), step 1 s (S = 2):
(10 - 4) // 2 + 1 = 4 windows starting at 0, 1, 2, 3 s; window 1 is x[:, 2:6].
seizures [[2.5, 4.0]], min_fraction 0.5: covered 0, 0.5, 1.5, 1.0 s, fractions 0, 0.25,
0.75, 0.5, labels [False, False, True, True].
"""
import numpy as np
### BEGIN SOLUTION
from numpy.lib.stride_tricks import sliding_window_view


def _in_samples(fs: float, length: float, step: float) -> tuple[int, int]:
    return int(round(length * fs)), int(round(step * fs))


def _count(n_samples: int, window: int, stride: int) -> int:
    return max(0, (n_samples - window) // stride + 1)
### END SOLUTION


def window_starts(n_samples: int, fs: float, length: float, step: float) -> np.ndarray:
    """Return the (n_windows,) start times in seconds of the whole windows of a recording."""
    # TODO: L and S in samples, n_windows = (n_samples - L) // S + 1 (at least 0), starts i*S / fs.
    ### BEGIN SOLUTION
    window, stride = _in_samples(fs, length, step)
    return np.arange(_count(n_samples, window, stride)) * stride / fs
    ### END SOLUTION


def cut_windows(x: np.ndarray, fs: float, length: float, step: float) -> np.ndarray:
    """Return the (n_windows, channels, L) windows of x (channels, N)."""
    # TODO: sliding_window_view along the last axis, every S-th window, window axis first.
    ### BEGIN SOLUTION
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
    ### END SOLUTION


def window_labels(starts: np.ndarray, length: float, seizures: list, min_fraction: float) -> np.ndarray:
    """Return (n_windows,) bool: True where at least min_fraction of the window is seizure."""
    # TODO: merge overlapping seizures, add up each window's overlap with them, compare.
    ### BEGIN SOLUTION
    starts = np.asarray(starts, dtype=float)
    ends = starts + length
    covered = np.zeros(len(starts))
    for onset, offset in _merged(seizures):
        covered += np.clip(np.minimum(ends, offset) - np.maximum(starts, onset), 0.0, None)
    return covered / length >= min_fraction
    ### END SOLUTION
