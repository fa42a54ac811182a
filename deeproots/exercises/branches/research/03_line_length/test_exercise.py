"""Checks for line length (references: a ramp and a square wave by hand, Python loops)."""
import numpy as np

from deeproots.grading.checks import expect_close


def _loop_line_length(windows):
    n, channels, length = windows.shape
    out = np.zeros((n, channels))
    for i in range(n):
        for c in range(channels):
            out[i, c] = sum(abs(float(windows[i, c, k]) - float(windows[i, c, k - 1])) for k in range(1, length))
    return out


def _loop_sliding(x, L):
    channels, n = x.shape
    out = np.zeros((channels, n - L + 1))
    for c in range(channels):
        for j in range(n - L + 1):
            out[c, j] = np.sum(np.abs(np.diff(x[c, j:j + L])))
    return out


def test_hand_examples(ex, rng):
    w = np.array([[[0.0, 1.0, 3.0, 2.0]]])
    expect_close(ex.line_length(w), np.array([[4.0]]), what="line_length([[[0, 1, 3, 2]]])",
                 how="by hand: 1 + 2 + 1", rtol=1e-12, atol=1e-12, inputs={"windows": w})
    expect_close(ex.line_length(w, True), np.array([[4.0 / 3.0]]),
                 what="line_length([[[0, 1, 3, 2]]], normalise=True)", how="by hand: 4 / (4 - 1)",
                 rtol=1e-12, atol=1e-12, inputs={"windows": w})
    x = np.array([[0.0, 1.0, 3.0, 2.0]])
    expect_close(ex.sliding_line_length(x, 2), np.array([[1.0, 2.0, 1.0]]), what="sliding_line_length(x, 2)",
                 how="by hand: |1-0|, |3-1|, |2-3|", rtol=1e-12, atol=1e-12, inputs={"x": x, "L": 2})
    expect_close(ex.sliding_line_length(x, 3), np.array([[3.0, 3.0]]), what="sliding_line_length(x, 3)",
                 how="by hand: 1 + 2, 2 + 1", rtol=1e-12, atol=1e-12, inputs={"x": x, "L": 3})


def test_ramps_and_square_waves(ex, rng):
    L = 40
    k = np.arange(L, dtype=float)
    slopes = np.array([0.5, -2.0, 0.0])
    ramps = slopes[:, None] * k + np.array([[3.0], [-1.0], [7.0]])  # 3 channels
    # square waves of amplitude A (values +-A), period 2p samples: a jump of 2A every p samples
    amps, half_periods = np.array([1.0, 2.5, 4.0]), np.array([5, 8, 20])
    squares = np.stack([a * np.where((k // p) % 2 == 0, 1.0, -1.0) for a, p in zip(amps, half_periods)])
    windows = np.stack([ramps, squares])  # (2 windows, 3 channels, 40 samples)
    # the square wave flips at k = p, 2p, ... <= L - 1: (L - 1) // p flips
    expected = np.stack([np.abs(slopes) * (L - 1), 2 * amps * ((L - 1) // half_periods)])
    expect_close(ex.line_length(windows), expected, what="line_length of ramps (window 0) and square waves (window 1)",
                 how="by hand: a ramp of slope a moves |a| per sample, (L - 1) |a| in all; a square wave of "
                     "amplitude A jumps 2A each time it flips, (L - 1) // p flips",
                 rtol=1e-12, atol=1e-12, inputs={"windows": windows})
    expect_close(ex.line_length(windows, True), expected / (L - 1),
                 what="line_length(..., normalise=True) of ramps and square waves",
                 how="the line length by hand over L - 1 = 39", rtol=1e-12, atol=1e-12,
                 inputs={"windows": windows})


def test_random_windows_match_loop(ex, rng):
    # (windows, channels, L): one of each, L = 2, channels != L so a wrong axis shows
    for shape in [(1, 1, 2), (5, 3, 2), (4, 2, 17), (1, 6, 50), (10, 4, 64)]:
        windows = rng.normal(scale=30.0, size=shape) + 100.0
        expected = _loop_line_length(windows)
        expect_close(ex.line_length(windows), expected, what=f"line_length of windows of shape {shape}",
                     how="Python loop: sum over k of |x[k] - x[k-1]|", rtol=1e-10, atol=1e-10,
                     inputs={"windows": windows})
        expect_close(ex.line_length(windows, normalise=True), expected / (shape[-1] - 1),
                     what=f"line_length(..., normalise=True) of windows of shape {shape}",
                     how="Python loop, then divided by L - 1", rtol=1e-10, atol=1e-10,
                     inputs={"windows": windows})


def test_sliding_matches_loop(ex, rng):
    for channels, n, L in [(1, 10, 2), (3, 30, 30), (2, 50, 7), (5, 200, 64)]:
        x = rng.normal(scale=20.0, size=(channels, n)) + np.cumsum(rng.normal(size=(channels, n)), axis=-1)
        expect_close(ex.sliding_line_length(x, L), _loop_sliding(x, L),
                     what=f"sliding_line_length(x, {L}) for x of shape {(channels, n)}",
                     how="Python loop over j of sum(|diff(x[c, j:j+L])|)", rtol=1e-9, atol=1e-9,
                     inputs={"x": x, "L": L})
