"""Reference solution: Geirhos et al.'s shape bias, overall and per shape class."""
import numpy as np


def shape_bias(pred: np.ndarray, shape_labels: np.ndarray, texture_labels: np.ndarray) -> float:
    pred, shape_labels, texture_labels = (np.asarray(a) for a in (pred, shape_labels, texture_labels))
    is_shape = pred == shape_labels
    is_texture = (pred == texture_labels) & ~is_shape
    n_decided = is_shape.sum() + is_texture.sum()
    if n_decided == 0:
        return float("nan")
    return float(is_shape.sum() / n_decided)


def per_class_shape_bias(pred: np.ndarray, shape_labels: np.ndarray, texture_labels: np.ndarray,
                         n_classes: int) -> np.ndarray:
    pred, shape_labels, texture_labels = (np.asarray(a) for a in (pred, shape_labels, texture_labels))
    is_shape = pred == shape_labels
    decided = is_shape | (pred == texture_labels)
    groups = shape_labels
    shape_counts = np.bincount(groups, weights=is_shape, minlength=n_classes)
    decided_counts = np.bincount(groups, weights=decided, minlength=n_classes)
    out = np.full(n_classes, np.nan)
    np.divide(shape_counts, decided_counts, out=out, where=decided_counts > 0)
    return out
