"""seizure-detector: the trusted parts (statistics, baseline, evaluator, kit) against independent references."""
from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from deeproots.grading.worker.training import BudgetExhausted, Context
from deeproots.projects.catalog import projects
from deeproots.projects.evaluation import judge, tier_reached
from deeproots.projects.seizure_detector import evaluate as ev
from deeproots.projects.seizure_detector import kit, stats


# --- statistics ---------------------------------------------------------------------------------

def _psi(pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    """Mann-Whitney kernel, (m, n): 1 if the positive outscores the negative, 1/2 on a tie."""
    return (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])


def _delong_paired_variance(a: np.ndarray, b: np.ndarray, labels: np.ndarray) -> float:
    """DeLong et al. (1988) written out from the paper, O(m n): V10, V01 from the kernel matrix,
    S = sample covariances, var(A - B) = (S10_aa + S10_bb - 2 S10_ab) / m + (same for S01) / n."""
    v10, v01 = [], []
    for s in (a, b):
        k = _psi(s[labels], s[~labels])
        v10.append(k.mean(axis=1))
        v01.append(k.mean(axis=0))
    s10, s01 = np.cov(np.stack(v10)), np.cov(np.stack(v01))
    m, n = labels.sum(), (~labels).sum()
    return (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / m + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / n


def test_auroc_by_placements_equals_sklearn_with_ties():
    rng = np.random.default_rng(0)
    labels = rng.random(500) < 0.2
    scores = np.round(rng.normal(size=500) + labels, 1)  # rounding makes ties
    v10, v01, auc = stats.placements(scores, labels)
    assert auc == pytest.approx(roc_auc_score(labels, scores), abs=1e-12)
    assert v01.mean() == pytest.approx(auc, abs=1e-12)
    assert np.allclose(v10, _psi(scores[labels], scores[~labels]).mean(axis=1))


def test_clustered_variance_with_one_window_per_cluster_is_delongs():
    rng = np.random.default_rng(1)
    labels = rng.random(300) < 0.3
    a = rng.normal(size=300) + 1.2 * labels
    b = 0.5 * a + rng.normal(size=300) + 0.3 * labels  # correlated with a: the paired case
    difference, se = stats.paired_auroc_difference(a, b, labels, np.arange(300))
    assert difference == pytest.approx(roc_auc_score(labels, a) - roc_auc_score(labels, b), abs=1e-12)
    assert se ** 2 == pytest.approx(_delong_paired_variance(a, b, labels), rel=1e-9)


def test_single_auroc_variance_matches_hanley_mcneil_for_exponential_scores():
    # Hanley & McNeil (1982), Radiology 143:29-36, eq. (1), exact for exponential scores:
    # SE^2 = [A(1-A) + (m-1)(Q1-A^2) + (n-1)(Q2-A^2)] / (m n), Q1 = A/(2-A), Q2 = 2A^2/(1+A).
    m = n = 400
    rate = 2.0  # positives ~ Exp(1), negatives ~ Exp(rate): A = P(X > Y) = rate / (1 + rate)
    area = rate / (1 + rate)
    q1, q2 = area / (2 - area), 2 * area ** 2 / (1 + area)
    hanley = (area * (1 - area) + (m - 1) * (q1 - area ** 2) + (n - 1) * (q2 - area ** 2)) / (m * n)
    rng = np.random.default_rng(2)
    labels = np.r_[np.ones(m, bool), np.zeros(n, bool)]
    estimates = []
    for _ in range(40):
        scores = np.r_[rng.exponential(1.0, m), rng.exponential(1 / rate, n)]
        v10, v01, auc = stats.placements(scores, labels)
        estimates.append(stats.clustered_variance(v10, v01, np.arange(m), np.arange(m, m + n), auc))
    assert np.mean(estimates) == pytest.approx(hanley, rel=0.1)


def test_clustered_standard_error_matches_monte_carlo_where_delong_is_too_small():
    rng = np.random.default_rng(3)
    k, per = 24, 40
    clusters = np.repeat(np.arange(k), per)
    differences, clustered, plain = [], [], []
    for _ in range(300):
        labels = rng.random(k * per) < 0.25
        strength = np.repeat(rng.normal(1.0, 1.0, size=(2, k)), per, axis=1)  # how visible a recording's seizures are
        a = strength[0] * labels + rng.normal(size=k * per)
        b = strength[1] * labels + rng.normal(size=k * per)
        d, se = stats.paired_auroc_difference(a, b, labels, clusters)
        differences.append(d)
        clustered.append(se)
        plain.append(stats.paired_auroc_difference(a, b, labels, np.arange(k * per))[1])
    truth = np.std(differences, ddof=1)
    assert np.mean(clustered) == pytest.approx(truth, rel=0.2)
    assert np.mean(plain) < 0.8 * truth  # ignoring the clusters understates the noise


def test_threshold_and_detection_scores_by_hand():
    scores = np.array([0.0, 5.0, 1.0, 0.0, 3.0, 0.0])
    starts = np.arange(6) * 10.0  # windows [0, 2], [10, 12], ...
    # 10 s tolerance: seizure [12, 15] -> [2, 15] touches windows 0 and 1 (max 5); [41, 45] -> [31, 45]: 3 and 4
    detection = stats.detection_scores(scores, starts, 2.0, [(12.0, 15.0), (41.0, 45.0)], before=10.0)
    assert detection.tolist() == [5.0, 3.0]
    assert stats.threshold_for(np.array([5.0, 3.0, 1.0, 4.0]), 0.75) == 3.0  # 3 of 4 detected at >= 3
    assert stats.threshold_for(np.array([5.0, 3.0, 1.0, 4.0]), 0.971) == 1.0


def test_line_length_baseline_is_the_sum_of_absolute_differences():
    rng = np.random.default_rng(4)
    windows = rng.normal(size=(5, 1, 128)).astype(np.float32)
    direct = [sum(abs(float(w[0, i + 1]) - float(w[0, i])) for i in range(127)) for w in windows]
    assert np.allclose(ev.line_length(windows), direct, rtol=1e-6)


# --- the kit --------------------------------------------------------------------------------------

def _ctx(steps: int, seed: int = 0) -> Context:
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare("deeproots.projects.seizure_detector.kit", steps, seed=seed)


def test_kit_counts_windows_against_the_budget():
    ctx = _ctx(2 * kit.WINDOWS_PER_RECORDING)
    first, second = kit.recording(ctx), kit.recording(ctx)
    assert first.windows.shape == (kit.WINDOWS_PER_RECORDING, 1, kit.SAMPLES) and first.windows.dtype == np.float32
    assert ctx.steps_used() == 2 * kit.WINDOWS_PER_RECORDING
    assert not np.array_equal(first.windows, second.windows)  # each call a new recording
    with pytest.raises(BudgetExhausted):
        kit.recording(ctx)


def test_recordings_are_deterministic_in_their_seed_and_high_passed_like_the_research_track():
    from deeproots.research.eeg import data as eegdata
    seed = np.random.SeedSequence(12)
    first, again = kit.make_recording(seed), kit.make_recording(seed)
    assert np.array_equal(first.data, again.data)
    siena = eegdata.siena_excerpt()
    assert np.allclose(kit.highpass(siena).data, eegdata.bandpass(siena, 0.5, None).data)


# --- the evaluator with fake learners -------------------------------------------------------------

class Oracle:
    """Knows the hidden windows (re-drawn from the same seed) and scores each by its label."""

    def __init__(self, seed: int):
        rng = np.random.default_rng(seed)
        seeds = np.random.SeedSequence(int(rng.integers(2**63))).spawn(ev.N_RECORDINGS)
        batches = [kit.cut(kit.make_recording(s)) for s in seeds] + [ev.siena()]
        self.label = {w.tobytes(): float(y) for b in batches for w, y in zip(b.windows, b.seizure)}

    def score(self, model, windows):
        return np.array([self.label[w.tobytes()] for w in windows])


class Fixed:
    def __init__(self, answer):
        self.answer, self.seen = answer, []

    def score(self, model, windows):
        self.seen.append(windows)
        return self.answer(windows)


@pytest.fixture
def fewer_recordings(monkeypatch):
    monkeypatch.setattr(ev, "N_RECORDINGS", 12)  # the same evaluation on less hidden data: a faster test


def test_a_perfect_detector_reaches_gold(fewer_recordings):
    evaluation = ev.evaluate(Oracle(5), None, np.random.default_rng(5), quick=True)
    assert evaluation.metrics["auroc"] == 1.0 and evaluation.metrics["false_alarms_per_hour"] == 0.0
    assert evaluation.metrics["siena_auroc"] == 1.0
    assert tier_reached(judge(projects().get("seizure-detector"), evaluation)) == "gold"


def test_line_length_itself_does_not_reach_bronze_and_the_hidden_data_changes():
    first, second = Fixed(ev.line_length), Fixed(ev.line_length)
    evaluation = ev.evaluate(first, None, np.random.default_rng(6), quick=True)
    ev.evaluate(second, None, np.random.default_rng(7), quick=True)
    assert evaluation.metrics == evaluation.baseline
    assert 0.75 < evaluation.baseline["auroc"] < 0.95  # room above line length
    assert evaluation.baseline["siena_auroc"] == pytest.approx(0.886, abs=0.002)  # the 0.88 on Siena
    assert tier_reached(judge(projects().get("seizure-detector"), evaluation)) is None
    assert evaluation.margins["auroc"] == 0.0  # identical scores: no difference, no noise
    assert not np.array_equal(first.seen[0], second.seen[0])
    assert np.array_equal(first.seen[-1], second.seen[-1])  # the Siena excerpt, the same every time


@pytest.mark.parametrize("answer, message", [
    (lambda w: np.zeros(len(w) + 1), "should have shape"),
    (lambda w: np.full(len(w), np.nan), "NaN"),
    (lambda w: ["high"] * len(w), "should be numbers"),
])
def test_wrong_answers_raise_clear_errors(answer, message, fewer_recordings):
    with pytest.raises(ValueError, match=message):
        ev.evaluate(Fixed(answer), None, np.random.default_rng(8), quick=True)


def test_gold_is_gardners_operating_point():
    gold = projects().get("seizure-detector").tiers[2]
    assert gold.threshold == stats.GARDNER_FALSE_ALARMS_PER_HOUR == 1.56 and not gold.higher_is_better
    assert math.isclose(stats.GARDNER_SENSITIVITY, 0.971)
