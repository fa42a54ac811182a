"""The failure curve: accuracy per line count, in and out of the training distribution.

Source: the evaluation protocol of counting and extrapolation studies: Trask et al.,
"Neural Arithmetic Logic Units" (NeurIPS 2018) §4 (interpolation vs extrapolation test
sets); Goodfellow, Bengio & Courville, Deep Learning §5.2 (generalisation) and §11.1
(performance metrics: choose them before the experiment, compare with a baseline). In this
course: node cnn-limitations-lab, the evaluation of the "can a CNN count lines?" experiment.
https://arxiv.org/abs/1808.00508

One accuracy number hides where a model fails. A network trained on images with lo..hi
lines may be right on 2 lines and wrong on every 5; and it may never answer 6, a count it
never saw. So we report accuracy PER COUNT (the failure curve), then two summaries: the
accuracy on the in-distribution images (true count in the trained range lo..hi) and on the
out-of-distribution ones (every other count), and the chance level to compare them with.

    correct_i        = [prediction_i == true_i]
    acc(v)           = mean of correct_i over the images with true_i == v     (nan if there are none)
    in-distribution  = mean of correct_i over the images with lo <= true_i <= hi   (nan if none)
    out-of-distrib.  = mean of correct_i over all the other images                (nan if none)
    chance(lo, hi)   = 1 / (hi - lo + 1)
The two summaries average over IMAGES (each image weighs the same), not over counts; the
per-count curve is what shows a count that is always wrong even when it is rare. Chance is
the expected in-distribution accuracy of guessing uniformly among the hi - lo + 1 trained
counts (whatever the true count, the guess hits it with probability 1 / (hi - lo + 1)).

Shapes: true_counts and predictions are (N,) int arrays (predictions may be anything: 0,
negative, far above hi); values is a (V,) int array of the counts to report. lo <= hi are
ints. accuracy_per_count returns a (V,) float array; split_accuracy returns a pair of
floats (in-distribution, out-of-distribution); chance_accuracy returns a float.

Tiny example: true = [1, 1, 2, 3, 3, 3], predicted = [1, 2, 2, 2, 3, 2], trained on lo = 1,
hi = 2. accuracy_per_count(true, predicted, [1, 2, 3, 4]) = [0.5, 1.0, 1/3, nan];
split_accuracy(true, predicted, 1, 2) = (2/3, 1/3) (images with 1 or 2 lines: 2 of 3 right;
with 3 lines: 1 of 3); chance_accuracy(1, 2) = 0.5.

Vectorise with boolean masks (correct = predictions == true_counts; correct[mask].mean()).

Do not use: deeproots.*.
"""
import numpy as np


### BEGIN SOLUTION
def _mean_or_nan(correct: np.ndarray, mask: np.ndarray) -> float:
    return float(correct[mask].mean()) if mask.any() else float("nan")


### END SOLUTION
def accuracy_per_count(true_counts: np.ndarray, predictions: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Return the (V,) accuracy on the images whose true count is values[k], nan where there are none."""
    # TODO: correct = predictions == true_counts; for each value, the mean of correct over its images.
    ### BEGIN SOLUTION
    true_counts, predictions = np.asarray(true_counts), np.asarray(predictions)
    correct = predictions == true_counts
    values = np.asarray(values)
    out = np.full(len(values), np.nan)
    for k, v in enumerate(values):
        mask = true_counts == v
        if mask.any():
            out[k] = correct[mask].mean()
    return out
    ### END SOLUTION


def split_accuracy(true_counts: np.ndarray, predictions: np.ndarray, lo: int, hi: int) -> tuple[float, float]:
    """Return (in-distribution accuracy over lo <= true <= hi, out-of-distribution accuracy), nan if empty."""
    # TODO: a boolean mask for the trained range, then the mean of correct inside and outside it.
    ### BEGIN SOLUTION
    true_counts, predictions = np.asarray(true_counts), np.asarray(predictions)
    correct = predictions == true_counts
    inside = (true_counts >= lo) & (true_counts <= hi)
    return _mean_or_nan(correct, inside), _mean_or_nan(correct, ~inside)
    ### END SOLUTION


def chance_accuracy(lo: int, hi: int) -> float:
    """Return the accuracy of a uniform guess among the trained counts lo..hi."""
    # TODO: how many counts are there from lo to hi, both included?
    ### BEGIN SOLUTION
    return 1.0 / (hi - lo + 1)
    ### END SOLUTION
