"""Line length: the total vertical distance an EEG trace travels, per window and sliding.

Source: R. Esteller, J. Echauz, T. Tcheng, B. Litt & B. Pless (2001), "Line length: an
efficient feature for seizure onset detection", Proc. 23rd Annual International Conference
of the IEEE EMBS, 2:1707-1710. Gardner et al. (2006, JMLR 7:1025-1044) use its
per-sample mean, "curve length", as one of their three features. In this branch (research:
EEG seizure detection) it is the cheapest good feature: seizures are large and fast, and
line length grows with both amplitude and frequency.
https://www.jmlr.org/papers/v7/gardner06a.html

The line length of a window x[0..L-1] is the length of the curve drawn by the samples,
counting only the vertical moves:

    LL = sum_{n=1}^{L-1} |x[n] - x[n-1]|           (L - 1 differences)

normalised (Gardner's curve length) it is the mean absolute difference, LL / (L - 1).
For a sine of amplitude A and frequency f it is about 4 A f per second: it doubles when
either the amplitude or the frequency doubles, like the seizures it detects.

Esteller computes it on a window that slides one sample at a time. Do that without a loop:
with d = |x[n] - x[n-1]| and its running sum c = [0, d0, d0 + d1, ...] (np.cumsum with a
leading 0), the line length of the L samples x[j .. j+L-1] is c[j + L - 1] - c[j]:
O(N) work, whatever the window.

Shapes:
  line_length(windows, normalise=False): windows is (n_windows, channels, L) float, L >= 2;
      returns (n_windows, channels): LL per window and channel, divided by L - 1 when
      normalise is True.
  sliding_line_length(x, L): x is (channels, N) float, 2 <= L <= N; returns
      (channels, N - L + 1): entry [c, j] is the line length of x[c, j : j + L].

Tiny example: windows = [[[0, 1, 3, 2]]] (one window, one channel, L = 4):
LL = |1 - 0| + |3 - 1| + |2 - 3| = 4, normalised 4 / 3. sliding_line_length([[0, 1, 3, 2]], 2)
is [[1, 2, 1]] and with L = 3 it is [[3, 3]].
"""
import numpy as np


def line_length(windows: np.ndarray, normalise: bool = False) -> np.ndarray:
    """Return the (n_windows, channels) line length of windows (n_windows, channels, L)."""
    # TODO: absolute differences along the last axis, summed over it; divide by L - 1 if normalise.
    ### BEGIN SOLUTION
    x = np.asarray(windows, dtype=float)
    steps = np.abs(x[..., 1:] - x[..., :-1])
    total = steps.sum(axis=-1)
    if normalise:
        return total / (x.shape[-1] - 1)
    return total
    ### END SOLUTION


def sliding_line_length(x: np.ndarray, L: int) -> np.ndarray:
    """Return the (channels, N - L + 1) line length of every L-sample window of x (channels, N)."""
    # TODO: running sum of |differences| with a leading 0, then c[j + L - 1] - c[j] for every j.
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    n = x.shape[-1]
    steps = np.abs(np.diff(x, axis=-1))
    running = np.concatenate([np.zeros(x.shape[:-1] + (1,)), np.cumsum(steps, axis=-1)], axis=-1)
    return running[:, L - 1:] - running[:, :n - L + 1]
    ### END SOLUTION
