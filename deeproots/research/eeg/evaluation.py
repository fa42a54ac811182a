"""Scoring seizure detectors: window-level AUROC / AP with block-bootstrap intervals, event-level
sensitivity, latency and false alarms per hour.

Window level. AUROC and average precision (AP) come from ``sklearn.metrics`` (``roc_auc_score``,
``average_precision_score``). Their 95% intervals come from the *circular block bootstrap*
(Politis & Romano 1992, "A circular block-resampling procedure for stationary data", in Exploring
the Limits of Bootstrap, Wiley, pp. 263-270; the moving-block idea is Kuensch 1989, Ann. Stat.
17(3):1217-1241): consecutive windows of EEG are strongly dependent (overlapping windows, slowly
varying background, seizures lasting tens of seconds), so resampling single windows would make the
interval far too narrow. We resample blocks of ``block`` consecutive windows (wrapping around the
end), ``n_boot`` times (default 1000), seeded, and take the 2.5th and 97.5th percentiles. The run
uses 60 s blocks (``run.RunParams.block_seconds``): longer than the dependence of the features
(1-2 s windows, a 5-window persistence gate) and of the order of one seizure (10-90 s), so a
seizure usually stays whole inside a block. Resamples without both classes are skipped and
counted. The bootstrap statistics are computed for all resamples at once as weighted AUROC / AP
(each window weighted by how often it was drawn); they equal sklearn's with ``sample_weight``.

Event level, after the scoring conventions of SzCORE (Dan et al. 2025, "SzCORE: Seizure Community
Open-Source Research Evaluation framework for the validation of EEG-based automated seizure
detection algorithms", Epilepsia 66(S3):14-24, doi:10.1111/epi.18113, and its ``timescoring``
library, whose defaults are toleranceStart 30 s, toleranceEnd 60 s, any overlap,
maxEventDuration 5 min, minDurationBetweenEvents 90 s):

1. Alarm windows (a detector's 0/1 output, after its own gating) become *alarm runs*
   (:func:`alarm_events`): a run of consecutive alarm windows is one event spanning its windows'
   data, [first window start, last window end].
2. A seizure [onset, offset] is *detected* when an alarm run overlaps [onset - before, offset]:
   a run starting in that interval, or one already ringing at onset - before. A run is *raised*
   ``delay`` seconds after its start (the run passes the window length: a detector has to see a
   whole window before it can decide). The latency is raised time - onset of the first such run,
   clipped at 0 (an early alarm within the tolerance has latency 0); ``signed_latencies`` keeps
   the negative values, floored at -before, as Gardner et al. 2006 report latencies. Unlike
   SzCORE, an alarm that only overlaps the post-ictal tolerance (offset, offset + after] is not
   a detection (it is not a false alarm either), and detection looks at the runs before merging,
   so two alarms on either side of a seizure do not detect it by merging across it.
3. A *false alarm* is alarm time outside every tolerance zone [onset - before, offset + after]:
   runs are cut into pieces of at most ``max_duration`` (so a detector that is always on raises
   an alarm every ``max_duration`` seconds instead of one harmless-looking alarm), the pieces
   that overlap no zone are false, and a false alarm is followed by a ``refractory`` period: runs
   starting less than ``refractory`` seconds after it was raised belong to it (:func:`merge_events`;
   90 s, SzCORE's minimum duration between events). SzCORE instead merges all alarms less than
   90 s apart (end to start) before it looks for false ones; that lets a chain of blips, each
   within 90 s of the next, that ends in a seizure's zone excuse all its members, and counts a
   blip every 80 s as one 5-minute alarm (12/h); here every other blip rings (22.5/h).
   False alarms per hour divide by the non-seizure time: the scored span minus the zones. False
   alarms overlapping a labelled artifact (Recording.artifacts) or an interictal event (spikes,
   sharp waves, spike-and-wave) are counted separately (one can count in both).
4. Sensitivity = detected / seizures, with a percentile bootstrap interval over seizures (one
   seizure gives a degenerate interval: say so rather than trust it).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from deeproots.errors import DeeprootsError
from deeproots.research.eeg.recording import ARTIFACT_KINDS, Event

N_BOOT = 1000
LEVEL = 0.95


# --- window level ------------------------------------------------------------------------------

def _labels_scores(scores, labels) -> tuple[np.ndarray, np.ndarray]:
    scores, labels = np.asarray(scores, dtype=np.float64).ravel(), np.asarray(labels).astype(bool).ravel()
    if scores.shape != labels.shape:
        raise DeeprootsError(f"got {len(scores)} scores for {len(labels)} labels; score every window once")
    if not np.isfinite(scores).all():
        raise DeeprootsError(f"{np.count_nonzero(~np.isfinite(scores))} scores are NaN or infinite; "
                             f"check the detector's decision_function")
    return scores, labels


def auroc(scores, labels) -> float:
    """Area under the ROC curve (sklearn); NaN when the labels hold one class only."""
    scores, labels = _labels_scores(scores, labels)
    return float(roc_auc_score(labels, scores)) if 0 < labels.sum() < len(labels) else float("nan")


def average_precision(scores, labels) -> float:
    """Average precision (sklearn): sum over thresholds of (recall step) x precision; NaN without positives.
    A random detector scores the share of positive windows."""
    scores, labels = _labels_scores(scores, labels)
    return float(average_precision_score(labels, scores)) if labels.any() else float("nan")


def block_bootstrap_counts(n: int, block: int, n_boot: int = N_BOOT, seed: int = 0) -> np.ndarray:
    """(n_boot, n) int counts: how often each of ``n`` windows is drawn by the circular block
    bootstrap with blocks of ``block`` consecutive windows (each row sums to n)."""
    if n < 1 or not 1 <= block:
        raise DeeprootsError(f"block bootstrap needs n >= 1 windows and block >= 1 (got n={n}, block={block})")
    block = min(int(block), n)
    per = -(-n // block)  # blocks per resample
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, n, size=(n_boot, per))
    idx = ((starts[:, :, None] + np.arange(block)) % n).reshape(n_boot, -1)[:, :n]
    flat = (idx + n * np.arange(n_boot)[:, None]).ravel()
    return np.bincount(flat, minlength=n_boot * n).reshape(n_boot, n)


def weighted_auroc_ap(scores, labels, weights) -> tuple[np.ndarray, np.ndarray]:
    """AUROC and AP for each row of ``weights`` (k, n) at once (ties count one half in AUROC); equal to
    sklearn's ``roc_auc_score`` / ``average_precision_score`` with ``sample_weight=row``. NaN where a
    row gives zero weight to either class (AUROC) or to the positives (AP)."""
    scores, labels = _labels_scores(scores, labels)
    weights = np.atleast_2d(np.asarray(weights, dtype=np.float64))
    order = np.argsort(-scores, kind="stable")
    ranked = scores[order]
    bounds = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])  # first index of each tied group
    w = weights[:, order]
    pos = np.add.reduceat(w * labels[order], bounds, axis=1)  # (k, groups), descending score
    neg = np.add.reduceat(w * ~labels[order], bounds, axis=1)
    tp, fp = np.cumsum(pos, axis=1), np.cumsum(neg, axis=1)
    p_total, n_total = tp[:, -1], fp[:, -1]
    with np.errstate(invalid="ignore", divide="ignore"):
        # a positive beats the negatives in lower groups and ties with half of its own group
        auc = (pos * (n_total[:, None] - fp + 0.5 * neg)).sum(axis=1) / (p_total * n_total)
        precision = np.where(tp + fp > 0, tp / np.where(tp + fp > 0, tp + fp, 1), 0.0)
        ap = (pos * precision).sum(axis=1) / p_total
    auc[(p_total <= 0) | (n_total <= 0)] = np.nan
    ap[p_total <= 0] = np.nan
    return auc, ap


@dataclass(frozen=True)
class WindowScores:
    """Window-level results of one detector on one recording."""

    auroc: float
    auroc_ci: tuple[float, float]
    ap: float
    ap_ci: tuple[float, float]
    prevalence: float
    """Share of seizure windows: the AP of a detector that scores at random."""
    block: int
    """Bootstrap block length in windows."""
    n_boot_used: int
    """Resamples with both classes (the others are skipped)."""


def _percentiles(values: np.ndarray, level: float) -> tuple[float, float]:
    values = values[np.isfinite(values)]
    if not len(values):
        return float("nan"), float("nan")
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def window_scores(scores, labels, block: int, n_boot: int = N_BOOT, seed: int = 0,
                  level: float = LEVEL, chunk: int = 100) -> WindowScores:
    """AUROC and AP of ``scores`` (higher = more anomalous) against 0/1 ``labels`` (windows in time
    order), with percentile intervals from the circular block bootstrap (blocks of ``block`` windows)."""
    scores, labels = _labels_scores(scores, labels)
    if not 0 < level < 1:
        raise DeeprootsError(f"level must be in (0, 1) (got {level}); e.g. 0.95 for a 95% interval")
    aucs, aps = [], []
    for first in range(0, n_boot, chunk):  # chunks keep the (resamples, windows) arrays small
        counts = block_bootstrap_counts(len(scores), block, min(chunk, n_boot - first), seed + first)
        auc, ap = weighted_auroc_ap(scores, labels, counts)
        aucs.append(auc)
        aps.append(ap)
    auc, ap = (np.concatenate(a) if a else np.array([]) for a in (aucs, aps))
    valid = np.isfinite(auc)
    return WindowScores(auroc=auroc(scores, labels), auroc_ci=_percentiles(auc[valid], level),
                        ap=average_precision(scores, labels), ap_ci=_percentiles(ap[valid], level),
                        prevalence=float(labels.mean()), block=int(min(block, len(scores))),
                        n_boot_used=int(valid.sum()))


# --- event level -------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventRules:
    """Tolerances of event scoring (seconds); defaults are SzCORE's (Dan et al. 2025)."""

    before: float = 30.0
    """An alarm up to this long before a seizure's onset still detects it (and is no false alarm)."""
    after: float = 60.0
    """An alarm up to this long after a seizure's offset is no false alarm (post-ictal changes)."""
    refractory: float = 90.0
    """Alarm runs starting less than this after an alarm was raised belong to that alarm."""
    max_duration: float = 300.0
    """Longer alarm events are cut into pieces of this length (inf: never cut)."""

    def __post_init__(self) -> None:
        for name in ("before", "after", "refractory"):
            if not getattr(self, name) >= 0:
                raise DeeprootsError(f"EventRules.{name} must be >= 0 seconds (got {getattr(self, name)})")
        if not self.max_duration > 0:
            raise DeeprootsError(f"EventRules.max_duration must be > 0 seconds (got {self.max_duration})")


def alarm_events(alarms, starts, length: float, refractory: float | None = None,
                 max_duration: float = float("inf")) -> list[Event]:
    """Alarm runs (kind "alarm") from per-window 0/1 ``alarms`` at window ``starts`` (seconds, in
    time order) of ``length`` seconds: consecutive alarm windows form one event [first start, last
    start + length]. With ``refractory`` set, the runs then go through :func:`merge_events`."""
    alarms, starts = np.asarray(alarms).astype(bool).ravel(), np.asarray(starts, dtype=np.float64).ravel()
    if alarms.shape != starts.shape:
        raise DeeprootsError(f"got {len(alarms)} alarm flags for {len(starts)} window starts")
    edges = np.diff(np.r_[0, alarms.astype(np.int8), 0])
    firsts, lasts = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    runs = [Event(float(starts[f]), float(starts[last] + length), "alarm") for f, last in zip(firsts, lasts)]
    return runs if refractory is None else merge_events(runs, refractory, max_duration)


def merge_events(alarms: Sequence[Event], refractory: float, max_duration: float = float("inf")) -> list[Event]:
    """Alarm events in time order, each absorbing the events that start less than ``refractory``
    seconds after its own start (or overlap it), then cut into pieces of at most ``max_duration``."""
    merged: list[Event] = []
    for alarm in sorted(alarms, key=lambda a: a.start):
        if merged and (alarm.start - merged[-1].start < refractory or alarm.start <= merged[-1].end):
            merged[-1] = Event(merged[-1].start, max(merged[-1].end, alarm.end), "alarm")
        else:
            merged.append(Event(alarm.start, alarm.end, "alarm"))
    return cut_events(merged, max_duration)


def cut_events(alarms: Sequence[Event], max_duration: float) -> list[Event]:
    """Each event longer than ``max_duration`` cut into consecutive pieces of that length."""
    events = []
    for alarm in alarms:
        cut = alarm.start
        while alarm.end - cut > max_duration:
            events.append(Event(cut, cut + max_duration, "alarm"))
            cut += max_duration
        events.append(Event(cut, alarm.end, "alarm"))
    return events


def _overlaps(a_start: float, a_end: float, b_start: float, b_end: float) -> bool:
    return a_start <= b_end and b_start <= a_end  # closed intervals: touching counts


def _union_length(intervals: list[tuple[float, float]], low: float, high: float) -> float:
    total, reach = 0.0, low
    for start, end in sorted((max(s, low), min(e, high)) for s, e in intervals):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


@dataclass(frozen=True)
class EventScores:
    """Event-level results of one detector on one recording (times in seconds)."""

    n_seizures: int
    detected: tuple[bool, ...]
    latencies: tuple[float, ...]
    """Per seizure: raised time of the first detecting alarm - onset, clipped at 0; NaN if missed."""
    signed_latencies: tuple[float, ...]
    """The same, not clipped (floored at -before); negative = before the annotated onset."""
    sensitivity: float
    """detected / seizures; NaN without seizures."""
    mean_latency: float
    """Mean of ``latencies`` over detected seizures; NaN if none."""
    n_alarms: int
    """Alarm events: the runs merged by the refractory period and cut at ``max_duration``."""
    false_alarms: tuple[Event, ...]
    false_alarms_per_hour: float
    non_seizure_hours: float
    """Scored span minus the tolerance zones [onset - before, offset + after]."""
    false_alarms_on_artifacts: int
    false_alarms_on_interictal: int
    alarm_time_fraction: float
    """Share of the non-seizure time covered by alarm runs (1 for an always-on detector)."""

    @property
    def n_false_alarms(self) -> int:
        return len(self.false_alarms)


def score_events(seizures: Sequence[Event], alarms: Sequence[Event], span: tuple[float, float],
                 rules: EventRules = EventRules(), events: Sequence[Event] = (), delay: float = 0.0) -> EventScores:
    """Score alarm runs (``alarm_events(flags, starts, length)``, not merged) against seizures within
    ``span`` = (start, end) of the scored recording; ``rules`` cut and merge them to count false
    alarms (see the module docstring). ``events``: the recording's other labelled
    events; artifacts (kind in ARTIFACT_KINDS) and the rest (interictal discharges) are told apart
    by kind. ``delay``: seconds from a run's start to the moment it is raised (the window length
    for a window-by-window detector)."""
    low, high = float(span[0]), float(span[1])
    if not high > low:
        raise DeeprootsError(f"the scored span must have end > start (got {span})")
    seizures = [s for s in seizures if _overlaps(s.start, s.end, low, high)]
    runs = sorted(alarms, key=lambda a: a.start)
    detected, latencies, signed = [], [], []
    for seizure in seizures:
        hits = [a for a in runs if _overlaps(a.start, a.end, seizure.start - rules.before, seizure.end)]
        if hits:
            raised = hits[0].start + delay
            signed.append(max(raised - seizure.start, -rules.before))
            latencies.append(max(raised - seizure.start, 0.0))
        else:
            signed.append(float("nan"))
            latencies.append(float("nan"))
        detected.append(bool(hits))
    zones = [(s.start - rules.before, s.end + rules.after) for s in seizures]
    pieces = cut_events(runs, rules.max_duration)
    false = tuple(merge_events([a for a in pieces if not any(_overlaps(a.start, a.end, z0, z1) for z0, z1 in zones)],
                               rules.refractory, rules.max_duration))
    artifacts = [e for e in events if e.kind in ARTIFACT_KINDS]
    interictal = [e for e in events if e.kind not in ARTIFACT_KINDS and e.kind != "seizure"]

    def on(kind_events: list[Event]) -> int:
        return sum(any(_overlaps(a.start, a.end, e.start, e.end) for e in kind_events) for a in false)

    quiet = (high - low) - _union_length(zones, low, high)
    alarm_quiet = _union_length([(a.start, a.end) for a in runs], low, high) - _union_length(
        [(max(a.start, z0), min(a.end, z1)) for a in runs for z0, z1 in zones if _overlaps(a.start, a.end, z0, z1)],
        low, high)
    hours = quiet / 3600
    found = [lat for lat in latencies if np.isfinite(lat)]
    return EventScores(
        n_seizures=len(seizures), detected=tuple(detected), latencies=tuple(latencies),
        signed_latencies=tuple(signed),
        sensitivity=float(np.mean(detected)) if seizures else float("nan"),
        mean_latency=float(np.mean(found)) if found else float("nan"),
        n_alarms=len(merge_events(runs, rules.refractory, rules.max_duration)), false_alarms=false,
        false_alarms_per_hour=len(false) / hours if hours > 0 else float("nan"),
        non_seizure_hours=hours, false_alarms_on_artifacts=on(artifacts), false_alarms_on_interictal=on(interictal),
        alarm_time_fraction=alarm_quiet / quiet if quiet > 0 else float("nan"))


def sensitivity_ci(detected: Sequence[bool], n_boot: int = N_BOOT, seed: int = 0,
                   level: float = LEVEL) -> tuple[float, float]:
    """Percentile bootstrap interval of the sensitivity, resampling seizures with replacement.
    With one seizure (or all detected, or none) the interval collapses to a point: too few seizures."""
    detected = np.asarray(detected, dtype=np.float64)
    if not len(detected):
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = detected[rng.integers(0, len(detected), size=(n_boot, len(detected)))].mean(axis=1)
    return _percentiles(means, level)
