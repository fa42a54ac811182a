"""Reference solution: alarm events from runs of alarm windows, any-overlap event scoring."""
import numpy as np


def alarm_events(alarms: np.ndarray, starts: np.ndarray, length: float) -> np.ndarray:
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


def score_events(events: np.ndarray, seizures: np.ndarray, tolerance: float, total_duration: float) -> dict:
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
