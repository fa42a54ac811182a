"""Classification metrics: confusion matrix, precision, recall, F1, the ROC curve and AUC.

Source: Andrew Ng, Machine Learning (Coursera/Stanford CS229), week 6 "Machine Learning
System Design" (error metrics for skewed classes, trading off precision and recall, F1
score); Fawcett, "An introduction to ROC analysis", Pattern Recognition Letters 27 (2006)
§§2-7 (the ROC curve with tied scores, AUC = the Mann-Whitney statistic); Hastie,
Tibshirani & Friedman, The Elements of Statistical Learning §9.2.5 (sensitivity,
specificity, ROC curves).
https://www.coursera.org/specializations/machine-learning-introduction

Accuracy hides what matters when one class is rare. For a positive class (pos_label) count
    TP: actual positive, predicted positive      FP: actual negative, predicted positive
    FN: actual positive, predicted negative
and define
    precision = TP / (TP + FP)   (of the samples we flagged, the fraction truly positive)
    recall    = TP / (TP + FN)   (of the positives, the fraction we flagged)
    F1        = 2 P R / (P + R) = 2 TP / (2 TP + FP + FN)   (their harmonic mean).
Zero denominators (nothing predicted positive; no actual positive) give 0.0, as
scikit-learn's zero_division=0 does; F1 is 0.0 when 2 TP + FP + FN = 0.

The confusion matrix C has C[i, j] = the number of samples whose true label is labels[i]
and whose prediction is labels[j] (rows: truth, columns: prediction). labels=None means
the sorted distinct values of y_true and y_pred together; samples with a label outside
the given labels are not counted.

A scoring classifier predicts positive when score >= threshold. Sweeping the threshold
from +inf down through every DISTINCT score traces the ROC curve: the points (FPR, TPR)
with FPR = FP / (number of negatives), TPR = TP / (number of positives).
    thresholds = [inf, distinct scores in decreasing order]; the first point is (0, 0).
Tied scores cross the threshold together, so a tie between a positive and a negative
gives one diagonal step, not a staircase. (y_true with only one class: the 0/0 gives
nan for FPR or TPR, as in scikit-learn; np.errstate(invalid="ignore") silences numpy.)
The area under the curve, by the trapezoid rule:
    AUC = sum_m (FPR[m+1] - FPR[m]) * (TPR[m+1] + TPR[m]) / 2.
It equals the probability that a random positive scores higher than a random negative,
ties counting 1/2: the Mann-Whitney U statistic over n_pos * n_neg. With the average ranks
r_i of all the scores (1 = smallest; tied scores share the mean of their positions):
    U = sum_{i positive} r_i - n_pos (n_pos + 1) / 2,     AUC = U / (n_pos n_neg).
Both AUC functions raise ValueError when y_true has only one class (AUC is undefined).

Labels: y_true and y_pred hold any labels for the confusion matrix; precision, recall
and F1 take pos_label (default 1); the ROC functions take y_true of 0/1 (1 = positive)
and real scores. scipy.stats.rankdata would do average_ranks in one line: write it
yourself here (sort, then walk the runs of ties). The library versions are what you are
writing (the grader refuses them).
Do not use: sklearn.metrics.precision_score, sklearn.metrics.recall_score,
sklearn.metrics.f1_score, sklearn.metrics.confusion_matrix, sklearn.metrics.roc_curve,
sklearn.metrics.roc_auc_score, sklearn.metrics.auc, scipy.stats.mannwhitneyu,
scipy.stats.rankdata.

Shapes: y_true, y_pred, scores (n,). confusion_matrix -> (K, K) ints; precision, recall,
f1, roc_auc_* -> float; roc_curve -> (fpr (m,), tpr (m,), thresholds (m,)) with m - 1 the
number of distinct scores; average_ranks -> (n,) floats.

Tiny example: y_true = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8].
    thresholds [inf, 0.8, 0.4, 0.35, 0.1], TPR [0, 0.5, 0.5, 1, 1], FPR [0, 0, 0.5, 0.5, 1];
    trapezoids: 0.5 * 0.5 + 0.5 * 1 = 0.75. Ranks [1, 3, 2, 4]: U = (2 + 4) - 3 = 3,
    AUC = 3 / (2 * 2) = 0.75. Thresholding at 0.35: predictions [0, 1, 1, 1], TP = 2,
    FP = 1, FN = 0: precision 2/3, recall 1, F1 = 4 / 5; confusion matrix [[1, 1], [0, 2]].
"""
import numpy as np


def confusion_matrix(y_true, y_pred, labels=None) -> np.ndarray:
    """Return C (K, K) with C[i, j] = #(true == labels[i] and predicted == labels[j])."""
    # TODO: labels default to np.unique of both arrays; map each label to its row/column index.
    ### BEGIN SOLUTION
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
    ### END SOLUTION


def precision(y_true, y_pred, pos_label=1) -> float:
    """Return TP / (TP + FP), or 0.0 when nothing is predicted positive."""
    # TODO: boolean masks actual = (y_true == pos_label), predicted = (y_pred == pos_label).
    ### BEGIN SOLUTION
    tp, fp, _ = _counts(y_true, y_pred, pos_label)
    return _ratio(tp, tp + fp)
    ### END SOLUTION


def recall(y_true, y_pred, pos_label=1) -> float:
    """Return TP / (TP + FN), or 0.0 when there is no actual positive."""
    # TODO: the same masks.
    ### BEGIN SOLUTION
    tp, _, fn = _counts(y_true, y_pred, pos_label)
    return _ratio(tp, tp + fn)
    ### END SOLUTION


def f1(y_true, y_pred, pos_label=1) -> float:
    """Return 2 TP / (2 TP + FP + FN), or 0.0 when that denominator is 0."""
    # TODO: the same counts.
    ### BEGIN SOLUTION
    tp, fp, fn = _counts(y_true, y_pred, pos_label)
    return _ratio(2 * tp, 2 * tp + fp + fn)
    ### END SOLUTION


def roc_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (fpr, tpr, thresholds) at +inf and at every distinct score, decreasing."""
    # TODO: sort by decreasing score; cumulative TP and FP counts at the end of each run of ties.
    ### BEGIN SOLUTION
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
    ### END SOLUTION


def roc_auc_trapezoid(y_true, scores) -> float:
    """Return the area under roc_curve by the trapezoid rule (ValueError if one class)."""
    # TODO: sum of diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.
    ### BEGIN SOLUTION
    _check_both_classes(y_true)
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    ### END SOLUTION


def average_ranks(values) -> np.ndarray:
    """Return the ranks 1..n of values, tied values sharing the mean of their positions."""
    # TODO: argsort; a run of equal sorted values at positions start..stop: rank (start+stop)/2 + 1.
    ### BEGIN SOLUTION
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
    ### END SOLUTION


def roc_auc_rank(y_true, scores) -> float:
    """Return the Mann-Whitney AUC: (sum of positive ranks - n_pos(n_pos+1)/2) / (n_pos n_neg)."""
    # TODO: average_ranks of the scores; the formula above (ValueError if one class).
    ### BEGIN SOLUTION
    _check_both_classes(y_true)
    positive = np.asarray(y_true) == 1
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    ranks = average_ranks(scores)
    u = ranks[positive].sum() - n_pos * (n_pos + 1) / 2
    return float(u / (n_pos * n_neg))
    ### END SOLUTION
