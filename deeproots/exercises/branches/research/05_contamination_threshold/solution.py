"""From anomaly scores to alarms: a threshold from the contamination rate, then persistence.

Sources: PyOD (Zhao, Nasrullah & Li 2019, JMLR 20(96)), pyod.models.base.BaseDetector:
after fitting, threshold_ = np.percentile(decision_scores_, 100 * (1 - contamination)) on
the training scores, and predict() flags score > threshold_. Gardner, Krieger,
Vachtsevanos & Litt (2006), "One-class novelty detection for seizure analysis from
intracranial EEG", JMLR 7:1025-1044: a one-class SVM trained on non-seizure EEG flags
novel windows, and a seizure is declared only when novelty *persists* over several
consecutive windows, because isolated outliers (artifacts, spikes) are common. In this
branch (research: EEG seizure detection) this turns any detector's window scores into the
alarms that exercise event-scoring evaluates.
https://pyod.readthedocs.io/

1. Threshold. A one-class detector gives each training window a score (higher = more
   anomalous). Choosing a contamination rate c (the share of training windows we accept to
   flag, 0 < c < 1) fixes the threshold as the (1 - c) quantile of the training scores,
   with NumPy's default "linear" interpolation: sort them, s[0] <= ... <= s[n-1], then

       h = (n - 1) * (1 - c),   i = floor(h),
       threshold = s[i] + (h - i) * (s[i + 1] - s[i])      (just s[n-1] when i = n - 1)

   which is np.percentile(scores, 100 * (1 - c)) = np.quantile(scores, 1 - c).
2. Prediction: a window is an outlier when its score is strictly above the threshold,
   score > threshold (a score equal to it is not).
3. Persistence: alarm[t] is True when at least k of the last w windows, t-w+1 .. t, are
   outliers. At the start fewer than w windows exist: count those there are (windows before
   the first count as not outliers). A running sum does it without a loop:
   counts[t] = cs[t + 1] - cs[max(0, t + 1 - w)] with cs = [0, cumsum(outliers)].
4. detect: fit the threshold on the *training* scores only, predict the test scores, gate
   them by persistence. (A threshold taken from the test scores would peek at the data
   being judged, and flag c of it whatever it holds.)

Shapes: train_scores (n,) float, n >= 1; scores / test_scores (m,) float; outliers (m,)
bool; 1 <= k <= w. fit_threshold returns a float; predict, persistence and detect return
(m,) bool arrays.

Tiny example: train_scores 1, 2, ..., 10 and c = 0.2: h = 9 * 0.8 = 7.2, threshold =
8 + 0.2 * (9 - 8) = 8.2. predict([8, 8.2, 9], 8.2) = [False, False, True].
persistence([1, 0, 0, 1, 1, 0, 1, 0, 0], k=2, w=3): counts over the last 3 windows are
1, 1, 1, 1, 2, 2, 2, 1, 1, so alarms = [F, F, F, F, T, T, T, F, F].
"""
import numpy as np


def fit_threshold(train_scores: np.ndarray, contamination: float) -> float:
    """Return the (1 - contamination) quantile of train_scores, linear interpolation."""
    # TODO: np.percentile(train_scores, 100 * (1 - contamination)), or the formula by hand.
    ### BEGIN SOLUTION
    return float(np.percentile(np.asarray(train_scores, dtype=float), 100 * (1 - contamination)))
    ### END SOLUTION


def predict(scores: np.ndarray, threshold: float) -> np.ndarray:
    """Return (m,) bool: True where a score is strictly above the threshold."""
    # TODO: one comparison.
    ### BEGIN SOLUTION
    return np.asarray(scores, dtype=float) > threshold
    ### END SOLUTION


def persistence(outliers: np.ndarray, k: int, w: int) -> np.ndarray:
    """Return (m,) bool: True where at least k of the last w windows (this one included) are outliers."""
    # TODO: running sum with a leading 0; count in window = cs[t + 1] - cs[max(0, t + 1 - w)]; compare with k.
    ### BEGIN SOLUTION
    flags = np.asarray(outliers, dtype=bool).astype(np.int64)
    running = np.concatenate([[0], np.cumsum(flags)])
    t = np.arange(len(flags))
    counts = running[t + 1] - running[np.maximum(0, t + 1 - w)]
    return counts >= k
    ### END SOLUTION


def detect(train_scores: np.ndarray, test_scores: np.ndarray, contamination: float, k: int, w: int) -> np.ndarray:
    """Return (m,) bool alarms for test_scores: threshold from train_scores, predict, persistence."""
    # TODO: chain the three functions above.
    ### BEGIN SOLUTION
    threshold = fit_threshold(train_scores, contamination)
    return persistence(predict(test_scores, threshold), k, w)
    ### END SOLUTION
