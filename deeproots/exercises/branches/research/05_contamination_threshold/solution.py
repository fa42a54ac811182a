"""Reference solution: contamination threshold (PyOD's convention), strict prediction, k-of-w persistence."""
import numpy as np


def fit_threshold(train_scores: np.ndarray, contamination: float) -> float:
    return float(np.percentile(np.asarray(train_scores, dtype=float), 100 * (1 - contamination)))


def predict(scores: np.ndarray, threshold: float) -> np.ndarray:
    return np.asarray(scores, dtype=float) > threshold


def persistence(outliers: np.ndarray, k: int, w: int) -> np.ndarray:
    flags = np.asarray(outliers, dtype=bool).astype(np.int64)
    running = np.concatenate([[0], np.cumsum(flags)])
    t = np.arange(len(flags))
    counts = running[t + 1] - running[np.maximum(0, t + 1 - w)]
    return counts >= k


def detect(train_scores: np.ndarray, test_scores: np.ndarray, contamination: float, k: int, w: int) -> np.ndarray:
    threshold = fit_threshold(train_scores, contamination)
    return persistence(predict(test_scores, threshold), k, w)
