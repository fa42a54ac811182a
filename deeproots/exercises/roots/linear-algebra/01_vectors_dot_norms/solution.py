"""Reference solution: vectors, dot products, norms and angles."""
import numpy as np


def dot(x: np.ndarray, y: np.ndarray) -> float:
    return float((x * y).sum())


def norm(x: np.ndarray) -> float:
    return float(np.sqrt(dot(x, x)))


def angle(x: np.ndarray, y: np.ndarray) -> float:
    cosine = dot(x, y) / (norm(x) * norm(y))
    return float(np.arccos(np.clip(cosine, -1.0, 1.0)))
