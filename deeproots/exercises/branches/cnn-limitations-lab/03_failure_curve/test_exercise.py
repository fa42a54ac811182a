"""Checks for the failure-curve metrics (references: plain Python loops over the images, written
here, and the exhaustive enumeration of uniform guesses for chance)."""
import numpy as np

from deeproots.grading.checks import expect_close


def _loop_per_count(true, pred, values):
    out = []
    for v in values:
        hits = [int(p == t) for t, p in zip(true, pred) if t == v]
        out.append(sum(hits) / len(hits) if hits else float("nan"))
    return np.array(out, dtype=float)


def _loop_split(true, pred, lo, hi):
    inside = [int(p == t) for t, p in zip(true, pred) if lo <= t <= hi]
    outside = [int(p == t) for t, p in zip(true, pred) if not lo <= t <= hi]
    mean = lambda hits: sum(hits) / len(hits) if hits else float("nan")  # noqa: E731
    return mean(inside), mean(outside)


def _enumerated_chance(lo, hi):
    # Every (true count, uniform guess) pair in lo..hi is equally likely: the share of pairs that match.
    trained = list(range(lo, hi + 1))
    return sum(t == g for t in trained for g in trained) / len(trained) ** 2


def _model_like(rng, n, lo, hi, top):
    """True counts 0..top (unbalanced) and predictions that are right often, and never above hi + 1."""
    p = rng.dirichlet(np.ones(top + 1))
    true = rng.choice(top + 1, size=n, p=p)
    noise = rng.choice([-1, 0, 0, 0, 1], size=n)
    pred = np.clip(true + noise, lo - 1, hi + 1)
    return true.astype(np.int64), pred.astype(np.int64)


def test_hand_example(ex, rng):
    true, pred = np.array([1, 1, 2, 3, 3, 3]), np.array([1, 2, 2, 2, 3, 2])
    inputs = {"true_counts": true, "predictions": pred}
    expect_close(ex.accuracy_per_count(true, pred, np.array([1, 2, 3, 4])), [0.5, 1.0, 1 / 3, np.nan],
                 what="accuracy_per_count(..., values=[1, 2, 3, 4])",
                 how="by hand: 1 of 2, 1 of 1, 1 of 3 right; no image has 4 lines (nan)",
                 rtol=0, atol=1e-12, inputs=inputs)
    expect_close(list(ex.split_accuracy(true, pred, 1, 2)), [2 / 3, 1 / 3], what="split_accuracy(..., lo=1, hi=2)",
                 how="by hand: 2 of the 3 images with 1-2 lines right, 1 of the 3 with 3 lines",
                 rtol=0, atol=1e-12, inputs=inputs)
    expect_close(ex.chance_accuracy(1, 2), 0.5, what="chance_accuracy(1, 2)", how="by hand: 1 of 2 counts",
                 rtol=0, atol=1e-12)


def test_per_count_matches_loop(ex, rng):
    for n, lo, hi, top in [(1, 1, 3, 5), (30, 1, 5, 8), (400, 2, 6, 9), (1000, 1, 1, 4)]:
        true, pred = _model_like(rng, n, lo, hi, top)
        values = np.arange(0, top + 3)  # includes counts no image has: nan
        expect_close(ex.accuracy_per_count(true, pred, values), _loop_per_count(true, pred, values),
                     what=f"accuracy_per_count for {n} images, values 0..{top + 2}",
                     how="a Python loop: hits / images for each count, nan if no image has it",
                     rtol=0, atol=1e-12, inputs={"true_counts": true, "predictions": pred, "values": values})
    true, pred = _model_like(rng, 200, 1, 5, 8)
    values = np.array([7, 3, 3, 12])  # any order, repeats allowed
    expect_close(ex.accuracy_per_count(true, pred, values), _loop_per_count(true, pred, values),
                 what="accuracy_per_count with values [7, 3, 3, 12]", how="a Python loop over the images",
                 rtol=0, atol=1e-12, inputs={"true_counts": true, "predictions": pred, "values": values})


def test_split_matches_loop(ex, rng):
    for n, lo, hi, top in [(1, 1, 3, 5), (30, 1, 5, 8), (400, 2, 6, 9), (1000, 1, 1, 4)]:
        true, pred = _model_like(rng, n, lo, hi, top)
        expect_close(list(ex.split_accuracy(true, pred, lo, hi)), list(_loop_split(true, pred, lo, hi)),
                     what=f"split_accuracy for {n} images, trained range [{lo}, {hi}]",
                     how="a Python loop: hits / images inside lo <= true <= hi, and outside it",
                     rtol=0, atol=1e-12, inputs={"true_counts": true, "predictions": pred, "lo": lo, "hi": hi})


def test_split_boundaries(ex, rng):
    # Exactly one image at each of lo - 1, lo, hi, hi + 1, all predicted right except hi + 1.
    true, pred = np.array([0, 1, 5, 6]), np.array([0, 1, 5, 5])
    expect_close(list(ex.split_accuracy(true, pred, 1, 5)), [1.0, 0.5], what="split_accuracy(lo=1, hi=5)",
                 how="by hand: counts 1 and 5 are in the trained range (both right); 0 and 6 are not (one right)",
                 rtol=0, atol=1e-12, inputs={"true_counts": true, "predictions": pred})
    true, pred = np.array([2, 3, 4, 4]), np.array([2, 1, 4, 0])
    expect_close(list(ex.split_accuracy(true, pred, 2, 4)), [0.5, np.nan], what="split_accuracy(lo=2, hi=4)",
                 how="by hand: every image is in the trained range, 2 of 4 right; no out-of-distribution image: nan",
                 rtol=0, atol=1e-12, inputs={"true_counts": true, "predictions": pred})
    expect_close(list(ex.split_accuracy(true, pred, 6, 9)), [np.nan, 0.5], what="split_accuracy(lo=6, hi=9)",
                 how="by hand: no image in the trained range (nan); all 4 outside, 2 right",
                 rtol=0, atol=1e-12, inputs={"true_counts": true, "predictions": pred})


def test_all_correct_and_all_wrong(ex, rng):
    true, _ = _model_like(rng, 50, 1, 5, 8)
    values = np.arange(0, 11)
    seen = np.isin(values, true)
    for name, pred, level in (("all correct", true.copy(), 1.0), ("all wrong", true + 1, 0.0)):
        inputs = {"true_counts": true, "predictions": pred}
        expect_close(ex.accuracy_per_count(true, pred, values), np.where(seen, level, np.nan),
                     what=f"accuracy_per_count, {name}", how=f"{level:g} for every count present, nan for the others",
                     rtol=0, atol=1e-12, inputs=inputs)
        expected = [level if np.any((true >= 2) & (true <= 4)) else np.nan,
                    level if np.any((true < 2) | (true > 4)) else np.nan]
        expect_close(list(ex.split_accuracy(true, pred, 2, 4)), expected, what=f"split_accuracy(lo=2, hi=4), {name}",
                     how=f"{level:g} on both sides", rtol=0, atol=1e-12, inputs=inputs)


def test_chance(ex, rng):
    for lo, hi in [(1, 5), (2, 6), (0, 3), (3, 3), (1, 10), (4, 11)]:
        expect_close(ex.chance_accuracy(lo, hi), _enumerated_chance(lo, hi), what=f"chance_accuracy({lo}, {hi})",
                     how="enumeration of every (true count, uniform guess) pair in lo..hi",
                     rtol=1e-12, atol=0)
