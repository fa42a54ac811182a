"""Checks for classification metrics (references: sklearn.metrics precision_score,
recall_score, f1_score (zero_division=0), confusion_matrix, roc_curve
(drop_intermediate=False) and roc_auc_score; scipy.stats.rankdata and mannwhitneyu)."""
import warnings

import numpy as np
from scipy.stats import mannwhitneyu, rankdata
from sklearn import metrics

from deeproots.grading.checks import expect_close, expect_equal, expect_raises

HAND_TRUE = np.array([0, 0, 1, 1])
HAND_SCORES = np.array([0.1, 0.4, 0.35, 0.8])


def _binary(rng, n, p_positive=0.4, tie_decimals=1):
    """Labels 0/1 and scores that depend on them, rounded so that many scores tie."""
    y = (rng.random(n) < p_positive).astype(int)
    scores = np.round(rng.normal(size=n) + 0.8 * y, tie_decimals)
    return y, scores


def test_hand_example(ex, rng):
    y_pred = (HAND_SCORES >= 0.35).astype(int)
    inputs = {"y_true": HAND_TRUE, "y_pred": y_pred}
    how = "by hand: TP = 2, FP = 1, FN = 0, TN = 1"
    expect_equal(np.asarray(ex.confusion_matrix(HAND_TRUE, y_pred)).astype(int),
                 np.array([[1, 1], [0, 2]]), what="confusion_matrix", how=how, inputs=inputs)
    expect_close(ex.precision(HAND_TRUE, y_pred), 2 / 3, what="precision", how=how, rtol=1e-12,
                 atol=1e-12, inputs=inputs)
    expect_close(ex.recall(HAND_TRUE, y_pred), 1.0, what="recall", how=how, rtol=1e-12,
                 atol=1e-12, inputs=inputs)
    expect_close(ex.f1(HAND_TRUE, y_pred), 0.8, what="f1", how=how + ": 2*2 / (4 + 1)",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    fpr, tpr, thresholds = ex.roc_curve(HAND_TRUE, HAND_SCORES)
    inputs = {"y_true": HAND_TRUE, "scores": HAND_SCORES}
    how = "by hand: sweep the threshold through inf, 0.8, 0.4, 0.35, 0.1"
    expect_close(thresholds, np.array([np.inf, 0.8, 0.4, 0.35, 0.1]), what="roc_curve thresholds",
                 how=how, rtol=0, atol=0, inputs=inputs)
    expect_close(tpr, np.array([0, 0.5, 0.5, 1, 1]), what="roc_curve tpr", how=how, rtol=0,
                 atol=1e-15, inputs=inputs)
    expect_close(fpr, np.array([0, 0, 0.5, 0.5, 1]), what="roc_curve fpr", how=how, rtol=0,
                 atol=1e-15, inputs=inputs)
    expect_close(ex.roc_auc_trapezoid(HAND_TRUE, HAND_SCORES), 0.75, what="roc_auc_trapezoid",
                 how="by hand: 0.5 * 0.5 + 0.5 * 1", rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(ex.roc_auc_rank(HAND_TRUE, HAND_SCORES), 0.75, what="roc_auc_rank",
                 how="by hand: ranks [1, 3, 2, 4], U = 6 - 3 = 3, 3 / 4", rtol=1e-12, atol=1e-12,
                 inputs=inputs)


def test_confusion_matrix_matches_sklearn(ex, rng):
    for n, k in [(1, 1), (20, 2), (200, 4), (50, 6)]:
        y_true, y_pred = rng.integers(0, k, size=n) * 10, rng.integers(0, k, size=n) * 10
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "a single label was found" for n = 1
            expected = metrics.confusion_matrix(y_true, y_pred)
        expect_equal(np.asarray(ex.confusion_matrix(y_true, y_pred)).astype(int),
                     expected, what="confusion_matrix(y_true, y_pred)",
                     how="sklearn.metrics.confusion_matrix", inputs={"y_true": y_true, "y_pred": y_pred})
    y_true, y_pred = rng.integers(0, 5, size=60), rng.integers(0, 5, size=60)
    labels = [3, 0, 4]  # a chosen order, and labels 1 and 2 left out
    expect_equal(np.asarray(ex.confusion_matrix(y_true, y_pred, labels)).astype(int),
                 metrics.confusion_matrix(y_true, y_pred, labels=labels),
                 what="confusion_matrix(y_true, y_pred, labels=[3, 0, 4])",
                 how="sklearn.metrics.confusion_matrix(..., labels=[3, 0, 4])",
                 inputs={"y_true": y_true, "y_pred": y_pred})
    y_true, y_pred = ["cat", "dog", "dog", "bird"], ["dog", "dog", "cat", "bird"]  # lists: strings
    expect_equal(np.asarray(ex.confusion_matrix(y_true, y_pred)).astype(int),
                 metrics.confusion_matrix(y_true, y_pred), what="confusion_matrix with string labels",
                 how="sklearn.metrics.confusion_matrix (labels sorted: bird, cat, dog)",
                 inputs={"y_true": y_true, "y_pred": y_pred})


def test_precision_recall_f1_match_sklearn(ex, rng):
    cases = [(_binary(rng, n)[0], (rng.random(n) < 0.5).astype(int)) for n in (1, 9, 1000)]
    y = (rng.random(30) < 0.3).astype(int)
    cases += [
        (y, np.zeros(30, dtype=int)),                  # nothing predicted positive
        (np.ones(8, dtype=int), np.ones(8, dtype=int)),     # all positive, all right
        (np.ones(8, dtype=int), np.zeros(8, dtype=int)),    # all positive, none found
        (np.zeros(8, dtype=int), np.zeros(8, dtype=int)),   # no positive anywhere
        (np.zeros(8, dtype=int), y[:8] * 0 + 1),            # no actual positive, all predicted
    ]
    for y_true, y_pred in cases:
        inputs = {"y_true": y_true, "y_pred": y_pred}
        # One call for the three: precision_score, recall_score and f1_score call it.
        expected = metrics.precision_recall_fscore_support(y_true, y_pred, pos_label=1, average="binary",
                                                           labels=[0, 1], zero_division=0)[:3]
        for name, want in zip(("precision", "recall", "f1"), expected):
            expect_close(getattr(ex, name)(y_true, y_pred), want, what=name,
                         how="sklearn.metrics.precision_recall_fscore_support(average='binary', "
                             "zero_division=0), as in precision_score, recall_score, f1_score",
                         rtol=1e-12, atol=1e-12, inputs=inputs)
    y_true, y_pred = ["spam", "ham", "spam", "spam"], ["spam", "spam", "ham", "spam"]
    for name, reference in [("precision", metrics.precision_score),
                            ("recall", metrics.recall_score), ("f1", metrics.f1_score)]:
        expect_close(getattr(ex, name)(y_true, y_pred, "spam"),
                     reference(y_true, y_pred, pos_label="spam"), what=f"{name}(pos_label='spam')",
                     how=f"sklearn.metrics.{reference.__name__}(pos_label='spam')", rtol=1e-12,
                     atol=1e-12, inputs={"y_true": y_true, "y_pred": y_pred})


def test_roc_curve_matches_sklearn_with_ties(ex, rng):
    cases = [_binary(rng, n, tie_decimals=d) for n, d in [(2, 1), (10, 0), (100, 1), (1000, 2), (300, 6)]]
    cases.append((np.array([1, 0, 1, 0, 1]), np.array([0.5, 0.5, 0.5, 0.5, 0.5])))  # one big tie
    cases.append((np.array([0, 1]), np.array([3.0, -3.0])))  # perfectly wrong
    for y_true, scores in cases:
        if y_true.min() == y_true.max():
            y_true[0] = 1 - y_true[0]
        fpr, tpr, thresholds = ex.roc_curve(y_true, scores)
        ref_fpr, ref_tpr, ref_thresholds = metrics.roc_curve(y_true, scores, drop_intermediate=False)
        how = "sklearn.metrics.roc_curve(y_true, scores, drop_intermediate=False)"
        inputs = {"y_true": y_true, "scores": scores}
        expect_close(thresholds, ref_thresholds, what="thresholds", how=how, rtol=0, atol=0, inputs=inputs)
        expect_close(fpr, ref_fpr, what="fpr", how=how, rtol=1e-12, atol=1e-15, inputs=inputs)
        expect_close(tpr, ref_tpr, what="tpr", how=how, rtol=1e-12, atol=1e-15, inputs=inputs)


def test_roc_curve_one_class(ex, rng):
    scores = np.array([0.3, 0.1, 0.3, 0.9])
    for y_true in (np.ones(4, dtype=int), np.zeros(4, dtype=int)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # sklearn's UndefinedMetricWarning
            expected = metrics.roc_curve(y_true, scores, drop_intermediate=False)
        got = ex.roc_curve(y_true, scores)
        for name, have, want in zip(("fpr", "tpr", "thresholds"), got, expected):
            expect_close(have, want, what=f"roc_curve {name} when y_true is all {y_true[0]}",
                         how="sklearn.metrics.roc_curve (0/0 = nan for the missing class)",
                         rtol=1e-12, atol=1e-15, inputs={"y_true": y_true, "scores": scores})


def test_average_ranks_match_scipy(ex, rng):
    for values in [np.array([5.0]), np.array([2.0, 2.0, 2.0]), np.array([3.0, 1.0, 3.0, 2.0]),
                   np.round(rng.normal(size=50), 1), rng.normal(size=200)]:
        expect_close(ex.average_ranks(values), rankdata(values, method="average"),
                     what="average_ranks", how='scipy.stats.rankdata(values, method="average")',
                     rtol=1e-12, atol=1e-12, inputs={"values": values})


def test_auc_both_ways_match_sklearn(ex, rng):
    cases = [_binary(rng, n, tie_decimals=d) for n, d in [(2, 1), (10, 0), (100, 1), (1000, 2), (500, 8)]]
    cases.append((np.array([1, 0, 1, 0, 1]), np.full(5, 0.5)))
    cases.append((np.array([0, 0, 1, 1]), np.array([0.9, 0.8, 0.2, 0.1])))
    for y_true, scores in cases:
        if y_true.min() == y_true.max():
            y_true[0] = 1 - y_true[0]
        expected = metrics.roc_auc_score(y_true, scores)
        inputs = {"y_true": y_true, "scores": scores}
        expect_close(ex.roc_auc_trapezoid(y_true, scores), expected, what="roc_auc_trapezoid",
                     how="sklearn.metrics.roc_auc_score", rtol=1e-10, atol=1e-12, inputs=inputs)
        u = mannwhitneyu(scores[y_true == 1], scores[y_true == 0], method="asymptotic").statistic
        expect_close(ex.roc_auc_rank(y_true, scores), u / (np.sum(y_true == 1) * np.sum(y_true == 0)),
                     what="roc_auc_rank", how="scipy.stats.mannwhitneyu(pos, neg).statistic / (n_pos n_neg)",
                     rtol=1e-10, atol=1e-12, inputs=inputs)


def test_auc_needs_both_classes(ex, rng):
    scores = np.array([0.2, 0.7, 0.7])
    for y_true in (np.ones(3, dtype=int), np.zeros(3, dtype=int)):
        for name in ("roc_auc_trapezoid", "roc_auc_rank"):
            expect_raises(lambda: getattr(ex, name)(y_true, scores), ValueError,
                          what=f"{name} with y_true all {y_true[0]}",
                          why=" (AUC is undefined with one class, as sklearn's roc_auc_score)",
                          inputs={"y_true": y_true, "scores": scores})
