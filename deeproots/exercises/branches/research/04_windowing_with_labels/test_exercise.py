"""Checks for windowing and window labels (references: slicing by hand, and a brute-force
count of the seizure time of each window on a fine time grid)."""
import numpy as np

from deeproots.grading.checks import expect_close, expect_equal

GRID = 64  # cells per second of the brute-force time grid; every time below is a multiple of 1/64 s


def _brute_labels(starts, length, seizures, min_fraction):
    """Count the grid cells of each window whose midpoint lies in some seizure (the union)."""
    per_window = int(round(length * GRID))
    cells = np.asarray(starts)[:, None] + (np.arange(per_window) + 0.5) / GRID  # (n_windows, cells)
    inside = np.zeros(cells.shape, dtype=bool)
    for onset, offset in seizures:
        inside |= (cells > onset) & (cells < offset)
    return inside.sum(axis=1) >= min_fraction * per_window


def test_hand_example(ex, rng):
    starts = ex.window_starts(10, 2.0, 2.0, 1.0)
    expect_close(starts, np.array([0.0, 1.0, 2.0, 3.0]), what="window_starts(10, fs=2, length=2, step=1)",
                 how="by hand: (10 - 4) // 2 + 1 = 4 windows, every 1 s", rtol=0, atol=1e-12)
    x = np.arange(20.0).reshape(2, 10)
    windows = ex.cut_windows(x, 2.0, 2.0, 1.0)
    expect_close(windows[1], x[:, 2:6], what="cut_windows(x, 2, 2, 1)[1]", how="by hand: x[:, 2:6]",
                 rtol=0, atol=0, inputs={"x": x})
    labels = ex.window_labels(np.array([0.0, 1.0, 2.0, 3.0]), 2.0, [[2.5, 4.0]], 0.5)
    expect_equal(np.asarray(labels, dtype=bool), np.array([False, False, True, True]),
                 what="window_labels(starts [0, 1, 2, 3], length 2, [[2.5, 4]], 0.5)",
                 how="by hand: fractions 0, 0.25, 0.75, 0.5")


def test_window_counts_and_contents(ex, rng):
    # (channels, N, fs, length, step): no overlap, 50% and 75% overlap, N = L, leftover samples,
    # the last window ending exactly at N, one channel
    cases = [(3, 1000, 100.0, 2.0, 2.0), (2, 1024, 256.0, 1.0, 0.5), (4, 777, 64.0, 2.0, 0.5),
             (1, 256, 128.0, 2.0, 1.0), (5, 2560, 256.0, 2.0, 1.0), (2, 131, 16.0, 1.5, 0.25),
             (3, 2048, 128.0, 4.0, 0.25),
             # 0.57 * 100 = 56.99999999999999 and 0.29 * 100 = 28.999999999999996 in floating point:
             # L = 57 and S = 29 samples only if rounded (int() truncates them to 56 and 28)
             (2, 500, 100.0, 0.57, 0.29)]
    for channels, n, fs, length, step in cases:
        x = rng.normal(size=(channels, n))
        L, S = int(round(length * fs)), int(round(step * fs))
        count = (n - L) // S + 1
        inputs = {"x": x, "fs": fs, "length": length, "step": step}
        expect_close(ex.window_starts(n, fs, length, step), np.arange(count) * step,
                     what=f"window_starts({n}, fs={fs}, length={length}, step={step})",
                     how=f"(N - L) // S + 1 = {count} windows at i * step seconds", rtol=1e-12, atol=1e-12,
                     inputs={"n_samples": n, "fs": fs, "length": length, "step": step})
        expected = np.stack([x[:, i * S:i * S + L] for i in range(count)])
        expect_close(ex.cut_windows(x, fs, length, step), expected,
                     what=f"cut_windows for x of shape {(channels, n)}, fs={fs}, length={length}, step={step}",
                     how=f"slicing x[:, i*S : i*S + L] with L={L}, S={S}, for i < {count}", rtol=0, atol=0,
                     inputs=inputs)


def test_recording_shorter_than_a_window(ex, rng):
    # N = 100 gives (100 - 128) // 64 + 1 = 0; N = 50 gives (50 - 128) // 64 + 1 = -1, which must become 0
    for n in (100, 50):
        x = rng.normal(size=(3, n))
        expect_close(ex.window_starts(n, 64.0, 2.0, 1.0), np.zeros(0), what=f"window_starts({n}, 64, 2, 1)",
                     how=f"{n} samples < L = 128: no whole window", rtol=0, atol=0)
        expect_close(ex.cut_windows(x, 64.0, 2.0, 1.0), np.zeros((0, 3, 128)),
                     what=f"cut_windows with N = {n} < L = 128",
                     how="no whole window: shape (0, channels, L)", rtol=0, atol=0, inputs={"x": x})


def test_label_edge_cases(ex, rng):
    starts = np.array([0.0, 2.0, 4.0, 6.0])  # windows [0, 2), [2, 4), [4, 6), [6, 8)
    cases = [
        ([[4.0, 6.0]], 0.125, [False, False, True, False], "a seizure exactly filling window 2, touching 1 and 3"),
        ([[2.0, 2.5]], 0.25, [False, True, False, False], "fraction 0.5 / 2 = 0.25 exactly at min_fraction 0.25"),
        ([[2.0, 2.5]], 0.375, [False, False, False, False], "fraction 0.25 below min_fraction 0.375"),
        ([[3.0, 3.75], [2.5, 3.5]], 0.75, [False, False, False, False],
         "overlapping annotations [2.5, 3.5] and [3, 3.75], unsorted: their union covers 1.25 s of "
         "window 1 (0.625), their sum would be 1.75 s (0.875)"),
        ([[-1.0, 0.0], [8.0, 9.0]], 0.125, [False, False, False, False], "annotations touching window edges only"),
        ([[5.0, 6.5], [1.5, 2.5]], 0.25, [True, True, True, True], "0.5 s in each window (0.25)"),
        ([], 0.5, [False, False, False, False], "no seizures at all"),
    ]
    for seizures, min_fraction, expected, why in cases:
        got = ex.window_labels(starts, 2.0, seizures, min_fraction)
        expect_equal(np.asarray(got, dtype=bool), np.array(expected, dtype=bool),
                     what=f"window_labels(starts, 2.0, {seizures}, {min_fraction})",
                     how=f"by hand: {why}", inputs={"starts": starts})


def test_random_labels_match_brute_force(ex, rng):
    for fs, length, step, n in [(64.0, 2.0, 1.0, 64 * 120), (128.0, 1.0, 0.25, 128 * 60), (16.0, 4.0, 1.5, 16 * 200)]:
        starts = np.arange((n - int(length * fs)) // int(step * fs) + 1) * step
        total = n / fs
        for min_fraction in (0.125, 0.5, 1.0):
            k = int(rng.integers(1, 6))
            onsets = rng.integers(0, int(total * 8), size=k) / 8  # times on a 1/8 s grid
            seizures = [[float(a), float(a + rng.integers(1, 160) / 8)] for a in onsets]
            expected = _brute_labels(starts, length, seizures, min_fraction)
            got = ex.window_labels(starts, length, seizures, min_fraction)
            expect_equal(np.asarray(got, dtype=bool), expected,
                         what=f"window_labels(starts, {length}, seizures, {min_fraction}) "
                              f"(windows every {step} s)",
                         how="brute force: count 1/64 s cells of each window inside any seizure",
                         inputs={"starts": starts, "seizures": seizures})
