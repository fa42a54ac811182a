"""Evaluation of seizure detectors on hand-made examples whose answers are worked out by hand.

The scene: one hour, 1 s windows, three seizures (600-660 s, 1800-1830 s, 3000-3090 s), three
artifacts and one interictal spike far from them. Default rules (SzCORE's): 30 s before onset,
60 s after offset, 90 s refractory period, 5 min maximum alarm. The tolerance zones are therefore
[570, 720], [1770, 1890] and [2970, 3150]: 450 s, leaving 3150 s = 0.875 h of non-seizure time.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from deeproots.errors import DeeprootsError
from deeproots.research.eeg import evaluation as ev
from deeproots.research.eeg.recording import Event, Recording, windows

DURATION, FS = 3600, 4.0
SEIZURES = (Event(600.0, 660.0), Event(1800.0, 1830.0), Event(3000.0, 3090.0))
ARTIFACTS = (Event(200.0, 201.0, "eye-blink"), Event(1200.0, 1202.0, "muscle"), Event(2400.0, 2400.5, "electrode-pop"))
SPIKE = Event(2200.0, 2200.05, "spike")
RECORDING = Recording(data=np.zeros((1, int(DURATION * FS))), fs=FS, channels=("F8",), seizures=SEIZURES,
                      events=(*ARTIFACTS, SPIKE))
WIN = windows(RECORDING, 1.0)
QUIET_HOURS = (3600 - 150 - 120 - 180) / 3600  # 0.875 h, see the module docstring
SPAN = (0.0, float(DURATION))


def score(flags, **rules):
    runs = ev.alarm_events(flags, WIN.starts, WIN.length)
    return ev.score_events(SEIZURES, runs, SPAN, ev.EventRules(**rules), RECORDING.events, delay=WIN.length)


def flags_between(*intervals):
    out = np.zeros(len(WIN.starts), bool)
    for start, end in intervals:
        out |= (WIN.starts >= start) & (WIN.starts < end)
    return out


# --- event level -------------------------------------------------------------------------------

def test_perfect_detector_finds_every_seizure_one_window_after_onset_and_no_false_alarm():
    result = score(WIN.seizure)
    assert result.detected == (True, True, True), f"expected all 3 seizures detected, got {result.detected}"
    # the first alarm window starts at the onset and is decided at its end: latency = window length = 1 s
    assert result.latencies == (1.0, 1.0, 1.0), f"expected latency 1 s (one window) each, got {result.latencies}"
    assert result.n_false_alarms == 0 and result.false_alarms_per_hour == 0, \
        f"expected no false alarm, got {result.false_alarms}"
    assert math.isclose(result.non_seizure_hours, QUIET_HOURS), \
        f"expected 0.875 h outside the tolerance zones (3600 - 450 s), got {result.non_seizure_hours}"
    assert result.alarm_time_fraction == 0, f"alarms only inside seizures, got {result.alarm_time_fraction}"


def test_late_detector_latency_and_an_alarm_after_offset_is_a_miss_but_no_false_alarm():
    # seizure 1: alarm from onset + 20 s; seizure 2: alarm only after the offset, inside the 60 s
    # post-ictal tolerance (1840-1850); seizure 3: alarm from onset + 5 s; plus one alarm at 1950 s
    flags = flags_between((620, 660), (1840, 1850), (3005, 3090), (1950, 1952))
    result = score(flags)
    assert result.detected == (True, False, True), f"expected seizure 2 missed, got {result.detected}"
    assert result.latencies[0] == 21.0 and result.latencies[2] == 6.0 and math.isnan(result.latencies[1]), \
        f"expected latencies (20 + 1 s, NaN, 5 + 1 s), got {result.latencies}"
    assert result.mean_latency == 13.5, f"expected mean (21 + 6) / 2 = 13.5 s, got {result.mean_latency}"
    assert result.sensitivity == pytest.approx(2 / 3), f"expected 2/3, got {result.sensitivity}"
    # 1840-1850 lies in the zone [1770, 1890]: not false. The 1950-1952 alarm is 60 s past the zone
    # and 110 s after the previous alarm was raised (more than the 90 s refractory period): false
    assert result.false_alarms == (Event(1950.0, 1952.0, "alarm"),), \
        f"expected exactly the 1950-1952 s alarm to be false, got {result.false_alarms}"


def test_alarms_merged_across_a_seizure_do_not_detect_it():
    # runs at 1760-1765 s and 1840-1850 s: the merged alarm 1760-1850 spans seizure 2 (1800-1830),
    # but no alarm window fires in [1770, 1830]
    result = score(flags_between((1760, 1765), (1840, 1850)))
    assert not result.detected[1], f"merging across a silent seizure must not detect it, got {result.detected}"
    # SzCORE would merge the two (gap 75 s < 90 s) into one alarm touching the zone [1770, 1890] and
    # call nothing false; the 1760-1765 s run lies wholly before the zone, so here it is a false alarm
    assert result.n_alarms == 1 and result.false_alarms == (Event(1760.0, 1765.0, "alarm"),), \
        f"expected one alarm event (1840 s is within 90 s of 1760 s) and the 1760-1765 s run false, got {result}"


def test_refractory_period():
    # an alarm starting 55 s after the previous one belongs to it; one starting 106 s after does not
    near = ev.alarm_events(flags_between((100, 105), (155, 160)), WIN.starts, 1.0, refractory=90)
    far = ev.merge_events(ev.alarm_events(flags_between((100, 105), (206, 210)), WIN.starts, 1.0), 90)
    assert near == [Event(100.0, 160.0, "alarm")], f"expected one event 100-160 s (55 s < 90 s), got {near}"
    assert len(far) == 2, f"expected two events (106 s > 90 s), got {far}"
    # false runs at 100, 150, 230, 300 and 400 s: 150 s is inside the refractory period of the alarm
    # raised at 100 s; 230 s (130 s later) rings again, and absorbs 300 s (70 s after it); 400 s rings
    burst = score(flags_between((100, 101), (150, 151), (230, 231), (300, 301), (400, 401)))
    expected = (Event(100.0, 151.0, "alarm"), Event(230.0, 301.0, "alarm"), Event(400.0, 401.0, "alarm"))
    assert burst.false_alarms == expected, f"expected false alarms {expected}, got {burst.false_alarms}"
    # without merging, consecutive alarm windows still form one run
    single = ev.alarm_events(flags_between((100, 110)), WIN.starts, 1.0)
    assert single == [Event(100.0, 110.0, "alarm")], f"expected windows 100..109 -> one event 100-110 s, got {single}"


def test_detector_firing_on_every_artifact_has_all_false_alarms_on_artifacts():
    flags = np.asarray(WIN.artifact)
    result = score(flags)
    assert result.sensitivity == 0 and result.n_false_alarms == 3, \
        f"expected 3 false alarms (one per artifact, > 90 s apart) and nothing detected, got " \
        f"{result.n_false_alarms}, sensitivity {result.sensitivity}"
    assert result.false_alarms_on_artifacts == 3 and result.false_alarms_on_interictal == 0, \
        f"expected all 3 on artifacts, none on the spike; got {result.false_alarms_on_artifacts}, " \
        f"{result.false_alarms_on_interictal}"
    assert result.false_alarms_per_hour == pytest.approx(3 / QUIET_HOURS), \
        f"expected 3 / 0.875 h = {3 / QUIET_HOURS:.3f}/h, got {result.false_alarms_per_hour}"
    spike = score(flags_between((2200, 2201)))
    assert spike.false_alarms_on_interictal == 1 and spike.false_alarms_on_artifacts == 0, \
        f"expected the spike window's alarm counted as interictal, got {spike}"


def test_always_on_detector_is_sensitive_but_raises_an_alarm_every_five_minutes():
    result = score(np.ones(len(WIN.starts), bool))
    assert result.sensitivity == 1.0 and result.latencies == (0.0, 0.0, 0.0), \
        f"an alarm already ringing at onset detects with latency 0; got {result.sensitivity}, {result.latencies}"
    # one 3600 s event cut into 12 pieces of 300 s; pieces 1-2, 5-6, 9-10 touch a tolerance zone,
    # pieces 0, 3, 4, 7, 8, 11 do not: 6 false alarms
    assert result.n_alarms == 12 and result.n_false_alarms == 6, \
        f"expected 12 alarm pieces, 6 false; got {result.n_alarms}, {result.n_false_alarms}"
    assert result.alarm_time_fraction == pytest.approx(1.0), \
        f"expected alarm all the time, got {result.alarm_time_fraction}"
    assert result.signed_latencies == (-30.0, -30.0, -30.0), \
        f"signed latency is floored at -before (-30 s), got {result.signed_latencies}"


def test_seizures_outside_the_scored_span_are_ignored():
    alarms = ev.alarm_events(WIN.seizure, WIN.starts, 1.0)
    cut = ev.merge_events([Event(0.0, 700.0, "alarm")], refractory=0, max_duration=300)
    assert cut == [Event(0.0, 300.0, "alarm"), Event(300.0, 600.0, "alarm"), Event(600.0, 700.0, "alarm")], \
        f"a 700 s alarm cut at 5 min: 300 + 300 + 100 s, got {cut}"
    result = ev.score_events(SEIZURES, alarms, (1000.0, 3600.0), events=RECORDING.events, delay=1.0)
    assert result.n_seizures == 2, f"expected 2 seizures after 1000 s, got {result.n_seizures}"
    assert math.isclose(result.non_seizure_hours, (2600 - 120 - 180) / 3600), \
        f"expected (2600 - 300 s) of non-seizure time, got {result.non_seizure_hours * 3600} s"


def test_sensitivity_interval():
    assert ev.sensitivity_ci([True] * 5) == (1.0, 1.0), "all detected: every resample has sensitivity 1"
    low, high = ev.sensitivity_ci([True, False] * 10, seed=1)
    assert 0.2 < low < 0.5 < high < 0.8, f"10 of 20 detected: expected an interval around 0.5, got ({low}, {high})"


def test_bad_rules_and_mismatched_inputs_raise_one_line_errors():
    with pytest.raises(DeeprootsError, match="before"):
        ev.EventRules(before=-1)
    with pytest.raises(DeeprootsError, match="alarm flags"):
        ev.alarm_events([1, 0], [0.0], 1.0)
    with pytest.raises(DeeprootsError, match="labels"):
        ev.auroc([0.1, 0.2], [1])


# --- window level ------------------------------------------------------------------------------

def test_weighted_auroc_and_ap_equal_sklearn_with_sample_weights():
    rng = np.random.default_rng(0)
    scores = np.round(rng.normal(size=300), 1)  # rounded: many ties
    labels = rng.random(300) < 0.15
    scores[labels] += 0.8
    weights = rng.integers(0, 4, size=(6, 300))
    auc, ap = ev.weighted_auroc_ap(scores, labels, weights)
    expected_auc = [roc_auc_score(labels, scores, sample_weight=w) for w in weights]
    expected_ap = [average_precision_score(labels, scores, sample_weight=w) for w in weights]
    np.testing.assert_allclose(auc, expected_auc, atol=1e-12, err_msg="weighted AUROC vs sklearn sample_weight")
    np.testing.assert_allclose(ap, expected_ap, atol=1e-12, err_msg="weighted AP vs sklearn sample_weight")


def test_block_bootstrap_draws_contiguous_blocks():
    counts = ev.block_bootstrap_counts(50, 7, n_boot=20, seed=3)
    assert (counts.sum(axis=1) == 50).all(), f"every resample has 50 windows, got {counts.sum(axis=1)}"
    assert (ev.block_bootstrap_counts(50, 50, n_boot=5) == 1).all(), \
        "one circular block as long as the series draws every window exactly once"
    # contiguity: with blocks of 7 the drawn windows come in runs; few isolated windows
    drawn = counts > 0
    runs = np.diff(np.r_[0, drawn[0].astype(int), 0])
    assert (np.flatnonzero(runs == -1) - np.flatnonzero(runs == 1)).min() >= 1
    assert np.count_nonzero(runs == 1) <= 8, f"50 windows in blocks of 7 make at most 8 runs, got {runs}"


def test_window_scores_perfect_reversed_and_wider_intervals_for_dependent_data():
    labels = np.asarray(WIN.seizure)
    perfect = ev.window_scores(labels.astype(float), labels, block=60, n_boot=200)
    assert perfect.auroc == 1.0 and perfect.auroc_ci == (1.0, 1.0) and perfect.ap == 1.0, \
        f"a perfect score: AUROC 1 and AP 1 in every resample, got {perfect}"
    reversed_ = ev.window_scores(-labels.astype(float), labels, block=60, n_boot=200)
    assert reversed_.auroc == 0.0, f"reversed scores: AUROC 0, got {reversed_.auroc}"
    assert perfect.prevalence == pytest.approx(labels.mean())
    # a slowly varying score (AR(1), coefficient 0.98): independent resampling understates the spread
    rng = np.random.default_rng(1)
    noise = rng.normal(size=len(labels))
    slow = np.empty_like(noise)
    slow[0] = noise[0]
    for i in range(1, len(noise)):
        slow[i] = 0.98 * slow[i - 1] + noise[i]
    slow += 3 * labels
    blocks = ev.window_scores(slow, labels, block=60, n_boot=300, seed=2)
    single = ev.window_scores(slow, labels, block=1, n_boot=300, seed=2)
    width = lambda ci: ci[1] - ci[0]  # noqa: E731
    assert width(blocks.auroc_ci) > 1.5 * width(single.auroc_ci), \
        f"60-window blocks should widen the AUROC interval over single windows: {blocks.auroc_ci} vs {single.auroc_ci}"
    assert blocks.auroc_ci[0] <= blocks.auroc <= blocks.auroc_ci[1], f"the estimate lies in its interval: {blocks}"


def test_auroc_is_nan_with_one_class():
    assert math.isnan(ev.auroc([0.1, 0.5], [0, 0])), "one class: AUROC is undefined"
    assert math.isnan(ev.average_precision([0.1, 0.5], [0, 0])), "no positives: AP is undefined"


def test_a_blip_every_80_seconds_rings_every_other_time():
    blips = [Event(float(t), t + 1.0, "alarm") for t in range(0, 3600, 80)]  # 45 one-second alarms
    result = ev.score_events([], blips, (0.0, 3600.0))
    assert result.n_false_alarms == 23, \
        f"blips at 0, 80, 160, ... s with a 90 s refractory period: those at 0, 160, 320, ... ring (23), " \
        f"got {result.n_false_alarms}"
