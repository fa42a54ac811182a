"""Reference solution: confusion matrix, precision/recall/F1, the ROC curve and its AUC."""
import numpy as np


def confusion_matrix(y_true, y_pred, labels=None) -> np.ndarray:
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if labels is None:
        labels = np.unique(np.concatenate([y_true, y_pred]))
    labels = list(np.asarray(labels).tolist())
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        if t in index and p in index:
            matrix[index[t], index[p]] += 1
    return matrix


def _counts(y_true, y_pred, pos_label):
    actual = np.asarray(y_true) == pos_label
    predicted = np.asarray(y_pred) == pos_label
    tp = int(np.sum(actual & predicted))
    fp = int(np.sum(~actual & predicted))
    fn = int(np.sum(actual & ~predicted))
    return tp, fp, fn


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator > 0 else 0.0  # 0/0 counts as 0.0


def precision(y_true, y_pred, pos_label=1) -> float:
    tp, fp, _ = _counts(y_true, y_pred, pos_label)
    return _ratio(tp, tp + fp)


def recall(y_true, y_pred, pos_label=1) -> float:
    tp, _, fn = _counts(y_true, y_pred, pos_label)
    return _ratio(tp, tp + fn)


def f1(y_true, y_pred, pos_label=1) -> float:
    tp, fp, fn = _counts(y_true, y_pred, pos_label)
    return _ratio(2 * tp, 2 * tp + fp + fn)


def roc_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y_true = np.asarray(y_true) == 1
    scores = np.asarray(scores, dtype=float)
    order = np.argsort(-scores, kind="stable")
    sorted_scores, sorted_true = scores[order], y_true[order]
    # The last position of each run of equal scores: one ROC point per distinct score.
    last = np.r_[np.flatnonzero(np.diff(sorted_scores) != 0), len(scores) - 1]
    tps = np.r_[0, np.cumsum(sorted_true)[last]]
    fps = np.r_[0, np.cumsum(~sorted_true)[last]]
    with np.errstate(invalid="ignore", divide="ignore"):  # one class only: nan, as sklearn
        fpr = fps / fps[-1]
        tpr = tps / tps[-1]
    return fpr, tpr, np.r_[np.inf, sorted_scores[last]]


def _check_both_classes(y_true):
    y_true = np.asarray(y_true)
    if np.all(y_true == 1) or np.all(y_true != 1):
        raise ValueError("ROC AUC needs both positive and negative samples")


def roc_auc_trapezoid(y_true, scores) -> float:
    _check_both_classes(y_true)
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def average_ranks(values) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    ranks = np.empty(len(values))
    start = 0
    while start < len(values):
        stop = start
        while stop + 1 < len(values) and sorted_values[stop + 1] == sorted_values[start]:
            stop += 1
        ranks[order[start:stop + 1]] = (start + stop) / 2 + 1   # mid-rank of the tied run
        start = stop + 1
    return ranks


def roc_auc_rank(y_true, scores) -> float:
    _check_both_classes(y_true)
    positive = np.asarray(y_true) == 1
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    ranks = average_ranks(scores)
    u = ranks[positive].sum() - n_pos * (n_pos + 1) / 2
    return float(u / (n_pos * n_neg))
