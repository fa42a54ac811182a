"""Reference solution: per-count accuracy, in/out-of-distribution accuracy and chance."""
import numpy as np


def _mean_or_nan(correct: np.ndarray, mask: np.ndarray) -> float:
    return float(correct[mask].mean()) if mask.any() else float("nan")


def accuracy_per_count(true_counts: np.ndarray, predictions: np.ndarray, values: np.ndarray) -> np.ndarray:
    true_counts, predictions = np.asarray(true_counts), np.asarray(predictions)
    correct = predictions == true_counts
    values = np.asarray(values)
    out = np.full(len(values), np.nan)
    for k, v in enumerate(values):
        mask = true_counts == v
        if mask.any():
            out[k] = correct[mask].mean()
    return out


def split_accuracy(true_counts: np.ndarray, predictions: np.ndarray, lo: int, hi: int) -> tuple[float, float]:
    true_counts, predictions = np.asarray(true_counts), np.asarray(predictions)
    correct = predictions == true_counts
    inside = (true_counts >= lo) & (true_counts <= hi)
    return _mean_or_nan(correct, inside), _mean_or_nan(correct, ~inside)


def chance_accuracy(lo: int, hi: int) -> float:
    return 1.0 / (hi - lo + 1)
