"""Reference solution: the SD and SR labels of PSVRT images, vectorised."""
import numpy as np


def psvrt_labels(patterns: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    patterns, positions = np.asarray(patterns), np.asarray(positions)
    same = np.all(patterns[:, 0] == patterns[:, 1], axis=(1, 2)).astype(np.int64)
    offset = positions[:, 1] - positions[:, 0]
    dx, dy = np.abs(offset[:, 0]), np.abs(offset[:, 1])
    sr = (dx > dy).astype(np.int64)
    return same, sr
