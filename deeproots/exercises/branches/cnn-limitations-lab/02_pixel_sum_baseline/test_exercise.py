"""Checks for the ink baseline (references: numpy.polyfit, and the lab's line generator
deeproots.lab.datasets.lines.generate for real data in the normal and ink-controlled modes)."""
from functools import lru_cache

import numpy as np

from deeproots.lab.datasets.lines import LinesConfig, generate
from deeproots.grading.checks import expect, expect_close, expect_equal

K, TOP = 5, 8  # trained on 1..K lines, tested on 1..TOP (K+1..TOP never seen)
N_TRAIN, N_TEST_PER_COUNT = 600, 40


def _config(mode, lo, hi):
    # The count-lines experiment's defaults at 32 x 32: lengths 4..32 px; ink-controlled: they sum to 32 px.
    return LinesConfig(image_size=32, min_lines=lo, max_lines=hi, min_length=4.0, max_length=32.0,
                       ink_total=32.0 if mode == "ink" else None)


@lru_cache(maxsize=None)
def _data(mode):
    seed = 11 if mode == "ink" else 7
    train = generate(_config(mode, 1, K), N_TRAIN, seed, backend="numpy")
    tests = [generate(_config(mode, n, n), N_TEST_PER_COUNT, [seed, n], backend="numpy") for n in range(1, TOP + 1)]
    test_images = np.concatenate([t.images for t in tests])
    test_counts = np.concatenate([t.counts for t in tests])
    return train.images, train.counts, test_images, test_counts


def _sums(images):
    return images.reshape(len(images), -1).sum(axis=1, dtype=np.float64)


def _reference_predictions(train_images, train_counts, test_images):
    slope, intercept = np.polyfit(_sums(train_images), train_counts, 1)
    raw = np.round(slope * _sums(test_images) + intercept)
    return np.clip(raw, train_counts.min(), train_counts.max()).astype(np.int64)


def test_fit_hand_example(ex, rng):
    images = np.array([[[1.0, 1.0]], [[2.0, 2.0]], [[3.0, 3.0]]])
    slope, intercept = ex.fit_ink_line(images, np.array([1, 2, 3]))
    expect_close(slope, 0.5, what="slope", how="by hand: sums 2, 4, 6 for counts 1, 2, 3 lie on n = s / 2",
                 rtol=1e-12, atol=1e-12)
    expect_close(intercept, 0.0, what="intercept", how="by hand: the line n = s / 2 goes through 0",
                 rtol=0, atol=1e-12)
    images = np.array([[[0.0]], [[1.0]], [[2.0]], [[3.0]]])
    slope, intercept = ex.fit_ink_line(images, np.array([3, 3, 5, 5]))
    expect_close([slope, intercept], [0.8, 2.8], what="(slope, intercept) for sums 0..3, counts 3, 3, 5, 5",
                 how="by hand: cov(s, n) / var(s) = 1 / 1.25, mean n - slope * mean s = 4 - 0.8 * 1.5",
                 rtol=1e-12, atol=1e-12)


def test_fit_matches_polyfit(ex, rng):
    for n, h, w in [(2, 1, 1), (7, 3, 2), (50, 4, 6), (300, 8, 8)]:
        images = rng.random((n, h, w))
        counts = rng.integers(1, 6, size=n)
        if n == 2:
            counts = np.array([1, 4])
        expected = np.polyfit(_sums(images), counts, 1)
        expect_close(list(ex.fit_ink_line(images, counts)), expected, what=f"(slope, intercept) for {n} images of {h}x{w}",
                     how="numpy.polyfit(pixel sums, counts, 1)", rtol=1e-8, atol=1e-10,
                     inputs={"images": images, "counts": counts})
    for mode in ("normal", "ink"):
        train_images, train_counts, _, _ = _data(mode)
        expected = np.polyfit(_sums(train_images), train_counts, 1)
        expect_close(list(ex.fit_ink_line(train_images, train_counts)), expected,
                     what=f"(slope, intercept) on {N_TRAIN} line images, {mode} mode",
                     how="numpy.polyfit(pixel sums in float64, counts, 1)", rtol=1e-9, atol=1e-10)
    # float32 images like the lab's, with every sum near the same value: summed in float32 the
    # rounding errors (~1e-4 on sums of ~2000) are not small against the spread of the sums
    images = (0.5 + 0.01 * rng.random((200, 64, 64))).astype(np.float32)
    counts = rng.integers(1, 6, size=200)
    expected = np.polyfit(_sums(images), counts, 1)
    expect_close(list(ex.fit_ink_line(images, counts)), expected,
                 what="(slope, intercept) for 200 float32 images of 64x64 with nearly equal sums",
                 how="numpy.polyfit(pixel sums accumulated in float64, counts, 1)", rtol=1e-9, atol=1e-10)


def test_predict_hand_example(ex, rng):
    images = np.array([[[3.6, 3.6]], [[0.2, 0.2]], [[2.2, 2.2]], [[1.3, 1.4]]])  # sums 7.2, 0.4, 4.4, 2.7
    got = ex.predict_counts(images, 0.5, 0.0, 1, 3)
    expect_equal(np.asarray(got), np.array([3, 1, 2, 1]), what="predict_counts(sums 7.2, 0.4, 4.4, 2.7; "
                 "slope 0.5, intercept 0, range [1, 3])",
                 how="by hand: 0.5 * s = 3.6, 0.2, 2.2, 1.35 round to 4, 0, 2, 1, clipped to [1, 3]")
    got = ex.predict_counts(images, -1.0, 9.0, 2, 6)
    expect_equal(np.asarray(got), np.array([2, 6, 5, 6]), what="predict_counts(same sums; slope -1, intercept 9, "
                 "range [2, 6])", how="by hand: 9 - s = 1.8, 8.6, 4.6, 6.3 round to 2, 9, 5, 6, clipped to [2, 6]")


def test_predict_matches_reference(ex, rng):
    for n, lo, hi in [(1, 1, 5), (40, 2, 4), (200, 0, 9)]:
        images = rng.random((n, 5, 5))
        slope, intercept = float(rng.uniform(-1, 1)), float(rng.uniform(-3, 8))
        expected = np.clip(np.round(slope * _sums(images) + intercept), lo, hi).astype(np.int64)
        expect_equal(np.asarray(ex.predict_counts(images, slope, intercept, lo, hi)), expected,
                     what=f"predict_counts for {n} random images, range [{lo}, {hi}]",
                     how="np.clip(np.round(slope * pixel sums + intercept), lo, hi)",
                     inputs={"slope": slope, "intercept": intercept, "lo": lo, "hi": hi})


def test_baseline_does_well_in_normal_mode(ex, rng):
    train_images, train_counts, test_images, test_counts = _data("normal")
    correct = _reference_predictions(train_images, train_counts, test_images) == test_counts
    seen = test_counts <= K
    for name, keep in (("trained counts 1-5", seen), ("all counts 1-8", np.ones_like(seen))):
        expected = float(correct[keep].mean())
        got = ex.ink_baseline_accuracy(train_images, train_counts, test_images[keep], test_counts[keep])
        expect_close(got, expected, what=f"ink baseline accuracy, normal mode, test images with {name}",
                     how="numpy.polyfit on the training pixel sums, rounded, clipped to the training range 1-5",
                     rtol=0, atol=2.0 / keep.sum())
    # What the lesson rests on: with random lengths the ink alone beats chance (1/K) by far.
    expect(float(correct[seen].mean()) > 1.0 / K + 0.2, "the reference baseline should beat chance in normal mode",
           reference_accuracy=float(correct[seen].mean()))


def test_baseline_near_chance_in_ink_controlled_mode(ex, rng):
    train_images, train_counts, test_images, test_counts = _data("ink")
    correct = _reference_predictions(train_images, train_counts, test_images) == test_counts
    seen = test_counts <= K
    for name, keep in (("trained counts 1-5", seen), ("all counts 1-8", np.ones_like(seen))):
        expected = float(correct[keep].mean())
        got = ex.ink_baseline_accuracy(train_images, train_counts, test_images[keep], test_counts[keep])
        expect_close(got, expected, what=f"ink baseline accuracy, ink-controlled mode, test images with {name}",
                     how="numpy.polyfit on the training pixel sums, rounded, clipped to the training range 1-5",
                     rtol=0, atol=2.0 / keep.sum())
    # With the lengths summing to 32 px the ink says almost nothing: near chance 1/K = 0.2.
    expect(abs(float(correct[seen].mean()) - 1.0 / K) < 0.1,
           "the reference baseline should be near chance in ink-controlled mode",
           reference_accuracy=float(correct[seen].mean()))
