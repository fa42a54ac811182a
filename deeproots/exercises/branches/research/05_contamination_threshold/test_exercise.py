"""Checks for the contamination threshold and persistence (references: np.quantile with its
default linear interpolation, and a k-of-w count over a zero-padded sliding window)."""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from deeproots.grading.checks import expect, expect_close, expect_equal


def _reference_persistence(outliers, k, w):
    padded = np.concatenate([np.zeros(w - 1, dtype=bool), np.asarray(outliers, dtype=bool)])
    return sliding_window_view(padded, w).sum(axis=1) >= k


def test_hand_example(ex, rng):
    train = np.arange(1.0, 11.0)
    expect_close(ex.fit_threshold(train, 0.2), 8.2, what="fit_threshold(1..10, 0.2)",
                 how="by hand: h = 9 * 0.8 = 7.2, 8 + 0.2 * (9 - 8)", rtol=1e-12, atol=1e-12,
                 inputs={"train_scores": train})
    scores = np.array([8.0, 8.2, 9.0])
    expect_equal(np.asarray(ex.predict(scores, 8.2), dtype=bool), np.array([False, False, True]),
                 what="predict([8, 8.2, 9], 8.2)", how="by hand: strictly above 8.2")
    outliers = np.array([1, 0, 0, 1, 1, 0, 1, 0, 0], dtype=bool)
    expect_equal(np.asarray(ex.persistence(outliers, 2, 3), dtype=bool),
                 np.array([0, 0, 0, 0, 1, 1, 1, 0, 0], dtype=bool), what="persistence(outliers, k=2, w=3)",
                 how="by hand: counts 1, 1, 1, 1, 2, 2, 2, 1, 1", inputs={"outliers": outliers})


def test_threshold_matches_numpy_quantile(ex, rng):
    for n in (1, 2, 7, 10, 101, 1000):
        train = rng.gamma(2.0, 1.5, size=n)
        for contamination in (0.01, 0.05, 0.1, 0.37, 0.5):
            expect_close(ex.fit_threshold(train, contamination), np.quantile(train, 1 - contamination),
                         what=f"fit_threshold(train_scores of {n} windows, {contamination})",
                         how="np.quantile(train_scores, 1 - contamination) (linear interpolation)",
                         rtol=1e-12, atol=1e-12, inputs={"train_scores": train, "contamination": contamination})


def test_flagged_share_on_training_scores(ex, rng):
    # With distinct scores, exactly ceil((n - 1) c) training windows lie strictly above the threshold
    # (h = (n - 1)(1 - c) not a whole number): the share flagged is c up to 1 / n.
    train = rng.normal(size=500)
    for contamination in (0.02, 0.1, 0.25):
        threshold = ex.fit_threshold(train, contamination)
        flagged = int(np.sum(np.asarray(ex.predict(train, threshold), dtype=bool)))
        expected = int(np.ceil(499 * contamination))
        expect(flagged == expected,
               f"predict(train, fit_threshold(train, {contamination})) flags {flagged} of 500 training "
               f"windows; the (1 - c) quantile leaves ceil(499 c) = {expected} strictly above it",
               contamination=contamination, threshold=threshold)


def test_ties_at_the_threshold_are_not_outliers(ex, rng):
    # 11 scores, c = 0.1: h = 10 * 0.9 = 9, the threshold is the 10th smallest score itself
    train = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0])
    threshold = ex.fit_threshold(train, 0.1)
    expect_close(threshold, 6.0, what="fit_threshold(train, 0.1)", how="by hand: h = 9, sorted[9] = 6",
                 rtol=1e-12, atol=1e-12, inputs={"train_scores": train})
    scores = np.array([6.0, 5.0, 6.0000001, 9.0, 6.0])
    expect_equal(np.asarray(ex.predict(scores, 6.0), dtype=bool), np.array([False, False, True, True, False]),
                 what="predict(scores, 6.0)", how="by hand: score > 6 (equal is not an outlier)",
                 inputs={"scores": scores})


def test_persistence_matches_sliding_count(ex, rng):
    for m, p, k, w in [(1, 0.5, 1, 1), (30, 0.3, 1, 1), (50, 0.5, 3, 3), (200, 0.3, 2, 5),
                       (200, 0.6, 4, 5), (10, 0.9, 3, 12), (300, 0.2, 1, 8)]:
        outliers = rng.random(m) < p
        expect_equal(np.asarray(ex.persistence(outliers, k, w), dtype=bool), _reference_persistence(outliers, k, w),
                     what=f"persistence(outliers of {m} windows, k={k}, w={w})",
                     how="zero-pad w - 1 windows in front, sum every w consecutive flags, compare with >= k",
                     inputs={"outliers": outliers.astype(int), "k": k, "w": w})


def test_detect_fits_on_training_scores(ex, rng):
    train = rng.normal(size=400)
    # test: background, then a 'seizure' of 40 high scores, then background with a few spikes
    test = np.concatenate([rng.normal(size=100), rng.normal(3.0, 1.0, size=40), rng.normal(size=100)])
    for contamination, k, w in [(0.05, 3, 5), (0.1, 2, 4), (0.01, 1, 1)]:
        threshold = np.quantile(train, 1 - contamination)
        expected = _reference_persistence(test > threshold, k, w)
        expect_equal(np.asarray(ex.detect(train, test, contamination, k, w), dtype=bool), expected,
                     what=f"detect(train, test, {contamination}, k={k}, w={w})",
                     how="threshold = np.quantile(train, 1 - c), test > threshold, k-of-w sliding count",
                     inputs={"train_scores": train, "test_scores": test})
