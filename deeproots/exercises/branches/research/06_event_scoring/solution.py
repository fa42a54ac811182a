"""Event-level scoring of a seizure detector: sensitivity, latency, false alarms per hour.

Sources: Gardner, Krieger, Vachtsevanos & Litt (2006), "One-class novelty detection for
seizure analysis from intracranial EEG", JMLR 7:1025-1044 (they report detections, mean
detection latency and false positives per hour); the standard conventions collected in
SzCORE (Dan et al. 2025, "SzCORE: Seizure Community Open-Source Research Evaluation
framework", Epilepsia 66(S3):14-24: any-overlap scoring, a tolerance before onset). In this
branch (research: EEG seizure detection) this is how the alarms of exercise
contamination-threshold are turned into the numbers a paper reports.
https://www.jmlr.org/papers/v7/gardner06a.html

A clinician does not care how many 2 s windows were right; they care whether each seizure
raised an alarm, how late, and how often the alarm rang for nothing. So:

1. Alarm events. Windows i (start starts[i] seconds, all `length` seconds long, in time
   order) carry a 0/1 alarm. Each run of consecutive alarm windows i..j (adjacent indices)
   is one event [starts[i], starts[j] + length]: an alarm that stays on is one alarm.
2. Detection. A seizure [onset, offset] is detected when some event [a, b] overlaps
   [onset - tolerance, offset] (closed intervals: a <= offset and b >= onset - tolerance).
   The tolerance accepts an alarm slightly before the annotated onset (annotations are
   imprecise, and early warning is welcome).
3. Latency of a detected seizure: max(0, a - onset) for the earliest-starting event that
   detects it (an early alarm has latency 0, not a negative one); NaN for a missed seizure.
   Sensitivity = detected seizures / seizures (NaN when there are no seizures).
4. False alarms: the events that overlap no [onset - tolerance, offset + tolerance]
   (the same closed-interval test). An event near a seizure is not a false alarm even if it
   came too late to detect it.
5. False alarms per hour, over the time when a false alarm was possible: the non-seizure
   time is total_duration minus the length of the union of the intervals
   [onset - tolerance, offset + tolerance] clipped to [0, total_duration] (merge them: two
   close seizures must not remove the same time twice). FA/h = false_alarms / (that / 3600).

Note what any-overlap means for a detector that is always on: one event covering the whole
recording detects every seizure with latency 0 and no false alarm. Always report the
alarm time too (SzCORE cuts events longer than 5 minutes into pieces for this reason).

Shapes:
  alarm_events(alarms, starts, length) -> (m, 2) float array of [start, end] events in time
      order ((0, 2) if no alarm); alarms (n,) bool, starts (n,) float seconds.
  score_events(events, seizures, tolerance, total_duration) -> dict with
      "detected": (k,) bool, "latencies": (k,) float (NaN where missed),
      "sensitivity": float, "false_alarms": int, "false_alarms_per_hour": float;
      events (m, 2), seizures (k, 2) float seconds (either may have 0 rows), tolerance >= 0,
      total_duration > the seizure time (seconds).

Tiny example: 11 windows of 2 s every 1 s (starts 0..10), alarms on windows 3, 4 and 9:
events [[3, 6], [9, 11]]. Seizure [[5, 7]], tolerance 1, total 12 s: [3, 6] overlaps [4, 7],
so it is detected with latency max(0, 3 - 5) = 0; [9, 11] misses [4, 8]: one false alarm.
Non-seizure time 12 - 4 = 8 s, so 1 / (8 / 3600) = 450 false alarms per hour.
"""
import numpy as np


def alarm_events(alarms: np.ndarray, starts: np.ndarray, length: float) -> np.ndarray:
    """Return the (m, 2) [start, end] alarm events: one per run of consecutive alarm windows."""
    # TODO: find where runs of True begin and end (np.diff of the 0/1 flags padded with 0 on both sides).
    ### BEGIN SOLUTION
    flags = np.asarray(alarms, dtype=bool).astype(np.int8)
    starts = np.asarray(starts, dtype=float)
    edges = np.diff(np.concatenate([[0], flags, [0]]))
    first = np.flatnonzero(edges == 1)
    last = np.flatnonzero(edges == -1) - 1
    return np.stack([starts[first], starts[last] + length], axis=1).reshape(-1, 2)


def _union_length(intervals: np.ndarray) -> float:
    total, end = 0.0, -np.inf
    for lo, hi in sorted(map(tuple, intervals)):
        if hi > end:
            total += hi - max(lo, end)
            end = hi
    return total
    ### END SOLUTION


def score_events(events: np.ndarray, seizures: np.ndarray, tolerance: float, total_duration: float) -> dict:
    """Return detected, latencies, sensitivity, false_alarms and false_alarms_per_hour."""
    # TODO: an (events, seizures) overlap matrix for detection and one for false alarms;
    # the union of the tolerance zones for the non-seizure time.
    ### BEGIN SOLUTION
    events = np.asarray(events, dtype=float).reshape(-1, 2)
    seizures = np.asarray(seizures, dtype=float).reshape(-1, 2)
    a, b = events[:, :1], events[:, 1:]  # (m, 1) columns against (k,) seizures
    onset, offset = seizures[:, 0], seizures[:, 1]
    hits = (a <= offset) & (b >= onset - tolerance)  # (m, k): event i detects seizure j
    detected = hits.any(axis=0)
    first_start = np.where(hits, a, np.inf).min(axis=0, initial=np.inf)
    latencies = np.where(detected, np.maximum(0.0, first_start - onset), np.nan)
    near = (a <= offset + tolerance) & (onset - tolerance <= b)
    false_alarms = int(np.sum(~near.any(axis=1)))
    zones = np.clip(np.stack([onset - tolerance, offset + tolerance], axis=1), 0.0, total_duration)
    non_seizure = total_duration - _union_length(zones)
    return {
        "detected": detected,
        "latencies": latencies,
        "sensitivity": float(detected.mean()) if len(seizures) else float("nan"),
        "false_alarms": false_alarms,
        "false_alarms_per_hour": false_alarms / (non_seizure / 3600.0),
    }
    ### END SOLUTION
