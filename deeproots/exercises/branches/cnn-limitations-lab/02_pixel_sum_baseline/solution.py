"""The ink baseline: how far does the total pixel sum alone get you in counting lines?

Source: the "Clever Hans" lesson of shortcut learning: Geirhos et al., "Shortcut learning in
deep neural networks" (Nature Machine Intelligence 2020) §2 and §4 ("Check for shortcuts:
compare with simple baselines"); the least-squares line is Hastie, Tibshirani & Friedman,
The Elements of Statistical Learning §3.2 (simple linear regression, eq. 3.2-3.3). In this
course: node cnn-limitations-lab, the baseline of the "can a CNN count lines?" experiment.
https://arxiv.org/abs/2004.07780

With random line lengths, an image with more lines has more bright pixels, so a model can
"count" without looking at any line: regress the count on the image's total ink. Whatever
accuracy this baseline reaches needs no counting at all, and a CNN must be compared with
it. When every image's lines have the same total length (the ink-controlled mode), the
baseline collapses to about chance: that is how the lab removes the shortcut.

The baseline, for training images with pixel sums s_i and counts n_i (i = 1..N):
    s_i       = sum of all pixels of image i
    slope     = sum_i (s_i - mean s)(n_i - mean n) / sum_i (s_i - mean s)^2
    intercept = mean n - slope * mean s                  (least squares: min sum (n_i - slope s_i - b)^2)
    predicted = clip(round(slope * s + intercept), lo, hi)
where [lo, hi] is the range of counts seen in TRAINING: the baseline never answers a count
it was not trained on (a count above hi is then always wrong, like a CNN's unseen counts).
Accuracy is the fraction of test images whose predicted count equals the true one.

Shapes: images (N, H, W) float (float32 from the lab's generator: sum in float64, e.g.
images.reshape(len(images), -1).sum(axis=1, dtype=np.float64)); counts (N,) int.
fit_ink_line returns (slope, intercept), two floats; predict_counts returns (N,) int;
ink_baseline_accuracy returns a float in [0, 1].

Tiny example: three 1 x 2 images [[1, 1]], [[2, 2]], [[3, 3]] (sums 2, 4, 6) with counts 1, 2, 3
give slope 0.5, intercept 0. A test image with sum 7.2 predicts round(3.6) = 4, clipped to
the trained range [1, 3]: 3. One with sum 0.4 predicts round(0.2) = 0, clipped up to 1.

np.polyfit(s, counts, 1) fits the same line (it returns [slope, intercept]); the closed form
above is two lines.

Do not use: deeproots.*.
"""
import numpy as np


### BEGIN SOLUTION
def _pixel_sums(images: np.ndarray) -> np.ndarray:
    return np.asarray(images).reshape(len(images), -1).sum(axis=1, dtype=np.float64)


### END SOLUTION
def fit_ink_line(images: np.ndarray, counts: np.ndarray) -> tuple[float, float]:
    """Return (slope, intercept) of the least-squares line from each image's pixel sum to its count."""
    # TODO: pixel sums s (float64), then the slope and intercept of simple linear regression.
    ### BEGIN SOLUTION
    s = _pixel_sums(images)
    c = np.asarray(counts, dtype=np.float64)
    s_mean, c_mean = s.mean(), c.mean()
    slope = np.sum((s - s_mean) * (c - c_mean)) / np.sum((s - s_mean) ** 2)
    intercept = c_mean - slope * s_mean
    return float(slope), float(intercept)
    ### END SOLUTION


def predict_counts(images: np.ndarray, slope: float, intercept: float, lo: int, hi: int) -> np.ndarray:
    """Return the (N,) int counts round(slope * sum + intercept), clipped to [lo, hi]."""
    # TODO: pixel sums, the line, np.round, np.clip to [lo, hi], then .astype(np.int64).
    ### BEGIN SOLUTION
    raw = np.round(slope * _pixel_sums(images) + intercept)
    return np.clip(raw, lo, hi).astype(np.int64)
    ### END SOLUTION


def ink_baseline_accuracy(train_images: np.ndarray, train_counts: np.ndarray,
                          test_images: np.ndarray, test_counts: np.ndarray) -> float:
    """Return the test accuracy of the ink baseline fitted on the training images."""
    # TODO: fit on the training set, predict the test set clipped to the TRAINING counts' range,
    # and return the fraction of exact matches.
    ### BEGIN SOLUTION
    slope, intercept = fit_ink_line(train_images, train_counts)
    lo, hi = int(np.min(train_counts)), int(np.max(train_counts))
    predicted = predict_counts(test_images, slope, intercept, lo, hi)
    return float(np.mean(predicted == np.asarray(test_counts)))
    ### END SOLUTION
