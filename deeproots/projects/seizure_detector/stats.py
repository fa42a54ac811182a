"""The statistics of seizure-detector's evaluation: AUROC with the DeLong placement values, the
standard error of a paired AUROC difference for clustered windows, and event-level false alarms
at a fixed sensitivity.

AUROC = P(score of a seizure window > score of a non-seizure window), ties counting one half
(the Mann-Whitney statistic; equals ``sklearn.metrics.roc_auc_score``). Its *placement values*
(DeLong, DeLong & Clarke-Pearson 1988, "Comparing the areas under two or more correlated receiver
operating characteristic curves: a nonparametric approach", Biometrics 44(3):837-845): for a
positive window, the share of negatives it outscores (V10); for a negative, the share of positives
that outscore it (V01). Both average to the AUROC.

Windows of one recording are not independent (a seizure lasts tens of seconds, windows overlap by
half, a detector may use a recording's other windows), so the variance of the AUROC is computed
with each hidden *recording* as a cluster: Obuchowski (1997), "Nonparametric analysis of clustered
ROC curve data", Biometrics 53(2):567-578: S10, S01 and S11 over the clusters that hold positives,
negatives and either, var = S10/m + S01/n + 2 S11/(m n). For two detectors scored on the same
windows the same formulas apply to the differences of their placement values (the paired test of
DeLong et al. 1988, with clusters). With one window per cluster it is exactly DeLong's variance.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.stats import rankdata

GARDNER_SENSITIVITY = 0.971
"""Gardner et al. (2006)'s sensitivity (97.1%), at which their false alarms per hour (1.56) are quoted."""
GARDNER_FALSE_ALARMS_PER_HOUR = 1.56


def placements(scores, labels) -> tuple[np.ndarray, np.ndarray, float]:
    """(V10 per positive, V01 per negative, AUROC) by midranks (Sun & Xu 2014's fast DeLong):
    O(n log n), ties counting one half."""
    scores, labels = np.asarray(scores, dtype=np.float64), np.asarray(labels, dtype=bool)
    pos, neg = scores[labels], scores[~labels]
    m, n = len(pos), len(neg)
    if m == 0 or n == 0:
        raise ValueError("AUROC needs both seizure and non-seizure windows")
    ranks_all = rankdata(np.concatenate([pos, neg]))
    v10 = (ranks_all[:m] - rankdata(pos)) / n  # negatives below each positive (ties: 1/2)
    v01 = 1.0 - (ranks_all[m:] - rankdata(neg)) / m  # positives above each negative
    return v10, v01, float(v10.mean())


def clustered_variance(v10: np.ndarray, v01: np.ndarray, pos_cluster: np.ndarray, neg_cluster: np.ndarray,
                       theta: float) -> float:
    """Obuchowski (1997)'s variance of an AUROC (or, given differences of placement values, of a
    difference of AUROCs) from placement values grouped by cluster."""
    m, n = len(v10), len(v01)
    clusters = np.union1d(pos_cluster, neg_cluster)
    k, k10, k01 = len(clusters), len(np.unique(pos_cluster)), len(np.unique(neg_cluster))
    if k10 < 2 or k01 < 2:
        return math.nan
    index_pos, index_neg = np.searchsorted(clusters, pos_cluster), np.searchsorted(clusters, neg_cluster)
    sum10 = np.bincount(index_pos, v10, k) - theta * np.bincount(index_pos, minlength=k)
    sum01 = np.bincount(index_neg, v01, k) - theta * np.bincount(index_neg, minlength=k)
    s10 = k10 / ((k10 - 1) * m) * (sum10 ** 2).sum()
    s01 = k01 / ((k01 - 1) * n) * (sum01 ** 2).sum()
    s11 = k / (k - 1) * (sum10 * sum01).sum()
    return float(s10 / m + s01 / n + 2 * s11 / (m * n))


def paired_auroc_difference(scores_a, scores_b, labels, clusters) -> tuple[float, float]:
    """(AUROC(a) - AUROC(b), its standard error) for two detectors scored on the same windows,
    ``clusters`` naming each window's recording."""
    labels, clusters = np.asarray(labels, dtype=bool), np.asarray(clusters)
    a10, a01, a = placements(scores_a, labels)
    b10, b01, b = placements(scores_b, labels)
    variance = clustered_variance(a10 - b10, a01 - b01, clusters[labels], clusters[~labels], a - b)
    return a - b, math.sqrt(max(variance, 0.0))


def detection_scores(scores, starts, length: float, seizures, before: float) -> np.ndarray:
    """Per seizure (start, end): the highest score of a window that overlaps [start - before, end],
    i.e. the highest alarm threshold at which the seizure is still detected (SzCORE's tolerance)."""
    scores, starts = np.asarray(scores, dtype=np.float64), np.asarray(starts, dtype=np.float64)
    return np.array([scores[(starts <= end) & (starts + length >= start - before)].max(initial=-np.inf)
                     for start, end in seizures])


def threshold_for(detection: np.ndarray, sensitivity: float) -> float:
    """The highest threshold (alarm: score >= it) that detects at least ``sensitivity`` of the seizures."""
    needed = math.ceil(sensitivity * len(detection) - 1e-9)
    return float(np.sort(detection)[::-1][needed - 1]) if needed > 0 else math.inf
