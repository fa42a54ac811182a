"""Checks for event scoring (references: hand-made detectors worked out by hand, and a
brute-force reference: Python loops over windows, seizures and events, and the non-seizure
time counted on a fine time grid)."""
import numpy as np

from deeproots.grading.checks import expect_close, expect_equal

GRID = 64  # cells per second; every time below is a multiple of 1/8 s


def _loop_events(alarms, starts, length):
    events, begin = [], None
    for i, on in enumerate(alarms):
        if on and begin is None:
            begin = i
        if begin is not None and (not on or i == len(alarms) - 1):
            last = i if on else i - 1
            events.append([starts[begin], starts[last] + length])
            begin = None
    return np.array(events, dtype=float).reshape(-1, 2)


def _brute_score(events, seizures, tolerance, total):
    detected, latencies = [], []
    for onset, offset in seizures:
        hit = [a for a, b in events if a <= offset and b >= onset - tolerance]
        detected.append(bool(hit))
        latencies.append(max(0.0, min(hit) - onset) if hit else np.nan)
    false_alarms = sum(1 for a, b in events
                       if not any(a <= off + tolerance and b >= on - tolerance for on, off in seizures))
    cells = (np.arange(int(round(total * GRID))) + 0.5) / GRID
    in_zone = np.zeros(len(cells), dtype=bool)
    for onset, offset in seizures:
        in_zone |= (cells > onset - tolerance) & (cells < offset + tolerance)
    non_seizure = np.sum(~in_zone) / GRID
    return {"detected": np.array(detected, dtype=bool), "latencies": np.array(latencies, dtype=float),
            "sensitivity": float(np.mean(detected)) if detected else float("nan"),
            "false_alarms": false_alarms, "false_alarms_per_hour": false_alarms / (non_seizure / 3600.0)}


def _compare(got, expected, label, how, inputs):
    expect_equal(sorted(got), sorted(expected), what=f"keys of score_events {label}", how="the docstring")
    expect_equal(np.asarray(got["detected"], dtype=bool).reshape(-1), expected["detected"],
                 what=f"detected {label}", how=how, inputs=inputs)
    expect_close(np.asarray(got["latencies"], dtype=float).reshape(-1), expected["latencies"],
                 what=f"latencies {label} (NaN where missed)", how=how, rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(got["sensitivity"], expected["sensitivity"], what=f"sensitivity {label}", how=how,
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_equal(int(got["false_alarms"]), expected["false_alarms"], what=f"false_alarms {label}", how=how,
                 inputs=inputs)
    expect_close(got["false_alarms_per_hour"], expected["false_alarms_per_hour"],
                 what=f"false_alarms_per_hour {label}", how=how, rtol=1e-10, atol=1e-10, inputs=inputs)


def test_hand_example(ex, rng):
    starts = np.arange(11.0)
    alarms = np.zeros(11, dtype=bool)
    alarms[[3, 4, 9]] = True
    events = ex.alarm_events(alarms, starts, 2.0)
    expect_close(events, np.array([[3.0, 6.0], [9.0, 11.0]]), what="alarm_events(alarms on 3, 4, 9)",
                 how="by hand: windows 3-4 are one run [3, 4 + 2], window 9 is [9, 11]", rtol=0, atol=1e-12,
                 inputs={"alarms": alarms.astype(int), "starts": starts, "length": 2.0})
    expected = {"detected": np.array([True]), "latencies": np.array([0.0]), "sensitivity": 1.0,
                "false_alarms": 1, "false_alarms_per_hour": 450.0}
    seizures = np.array([[5.0, 7.0]])
    _compare(ex.score_events(np.array([[3.0, 6.0], [9.0, 11.0]]), seizures, 1.0, 12.0), expected,
             "for the docstring example", "by hand (see the docstring)", {"seizures": seizures})


def test_hand_made_detectors(ex, rng):
    # 100 s recording, windows of 2 s every 1 s (starts 0..98), one seizure [40, 60]
    starts = np.arange(99.0)
    seizures = np.array([[40.0, 60.0]])

    def run(on, tolerance):
        alarms = np.zeros(99, dtype=bool)
        alarms[on] = True
        return ex.score_events(ex.alarm_events(alarms, starts, 2.0), seizures, tolerance, 100.0)

    nan = float("nan")
    cases = [
        ("a perfect detector (windows 40..58)", list(range(40, 59)), 0.0, (True, 0.0, 1.0, 0, 0.0)),
        ("a late detector (windows 50..58)", list(range(50, 59)), 0.0, (True, 10.0, 1.0, 0, 0.0)),
        ("an always-on detector", list(range(99)), 5.0, (True, 0.0, 1.0, 0, 0.0)),
        ("a detector that never fires", [], 5.0, (False, nan, 0.0, 0, 0.0)),
        ("an alarm [36, 39] before onset within tolerance 5, and one [80, 82] far away",
         [36, 37, 80], 5.0, (True, 0.0, 1.0, 1, 3600.0 / 70.0)),
        ("the same alarms with tolerance 0: both are false alarms",
         [36, 37, 80], 0.0, (False, nan, 0.0, 2, 2 * 3600.0 / 80.0)),
        ("an alarm [61, 63] just after offset, tolerance 5: too late, but no false alarm",
         [61], 5.0, (False, nan, 0.0, 0, 0.0)),
        ("an alarm [33, 35] ending exactly at onset - tolerance 5 (closed intervals: it detects)",
         [33], 5.0, (True, 0.0, 1.0, 0, 0.0)),
        ("an alarm [60, 62] starting exactly at offset, tolerance 0 (closed intervals: it detects)",
         [60], 0.0, (True, 20.0, 1.0, 0, 0.0)),
    ]
    for label, on, tolerance, (det, latency, sensitivity, fa, fa_h) in cases:
        expected = {"detected": np.array([det]), "latencies": np.array([latency]), "sensitivity": sensitivity,
                    "false_alarms": fa, "false_alarms_per_hour": fa_h}
        _compare(run(on, tolerance), expected, f"for {label}",
                 "by hand: 100 s, seizure [40, 60], non-seizure time 100 - (60 + tol - (40 - tol))",
                 {"alarm windows": on, "tolerance": tolerance})


def test_two_close_seizures_and_no_seizures(ex, rng):
    events = np.array([[10.0, 12.0], [31.0, 33.0], [70.0, 75.0], [90.0, 91.0]])
    seizures = np.array([[30.0, 40.0], [45.0, 50.0]])  # zones [25, 45] and [40, 55] overlap: union 30 s
    expected = {"detected": np.array([True, False]), "latencies": np.array([1.0, np.nan]), "sensitivity": 0.5,
                "false_alarms": 3, "false_alarms_per_hour": 3 / (70.0 / 3600.0)}
    _compare(ex.score_events(events, seizures, 5.0, 100.0), expected,
             "for two seizures whose tolerance zones overlap",
             "by hand: [31, 33] detects the first (latency 1); the zones [25, 45] and [40, 55] cover 30 s, "
             "not 35 s; three events lie outside them", {"events": events, "seizures": seizures})
    expected = {"detected": np.zeros(0, dtype=bool), "latencies": np.zeros(0), "sensitivity": float("nan"),
                "false_alarms": 4, "false_alarms_per_hour": 4 / (100.0 / 3600.0)}
    _compare(ex.score_events(events, np.zeros((0, 2)), 5.0, 100.0), expected, "for a recording without seizures",
             "by hand: every event is a false alarm, all 100 s are non-seizure time, sensitivity NaN",
             {"events": events})


def test_alarm_events_match_loop(ex, rng):
    for n, length, step in [(1, 2.0, 1.0), (5, 1.0, 0.5), (60, 2.0, 1.0), (300, 4.0, 0.25)]:
        for p_stay in (0.5, 0.9):
            alarms = np.zeros(n, dtype=bool)
            state = bool(rng.random() < 0.5)
            for i in range(n):  # runs: a two-state Markov chain
                state = state if rng.random() < p_stay else not state
                alarms[i] = state
            starts = np.arange(n) * step
            expect_close(ex.alarm_events(alarms, starts, length), _loop_events(alarms, starts, length),
                         what=f"alarm_events for {n} windows of {length} s every {step} s",
                         how="a Python loop over the windows closing a run at each False",
                         rtol=0, atol=1e-12, inputs={"alarms": alarms.astype(int), "starts": starts})


def test_random_detectors_match_brute_force(ex, rng):
    for total, tolerance, n_seizures in [(600.0, 0.0, 3), (600.0, 10.0, 4), (1200.0, 30.0, 6), (300.0, 2.5, 1)]:
        starts = np.arange(0.0, total - 2.0 + 1e-9, 1.0)
        alarms = rng.random(len(starts)) < 0.05
        onsets = np.sort(rng.integers(0, int(total * 8) - 800, size=n_seizures)) / 8
        seizures = np.stack([onsets, onsets + rng.integers(80, 800, size=n_seizures) / 8], axis=1)
        for first, last in seizures:  # the detector fires during most seizures, early or late
            on = rng.integers(int(first) - 15, int(last))
            alarms[max(0, on):max(0, on) + int(rng.integers(1, 20))] = True
        events = _loop_events(alarms, starts, 2.0)
        expected = _brute_score(events, seizures, tolerance, total)
        _compare(ex.score_events(events, seizures, tolerance, total), expected,
                 f"for a random detector ({total:.0f} s, {n_seizures} seizures, tolerance {tolerance})",
                 "brute force: loops over seizures and events, non-seizure time counted on a 1/64 s grid",
                 {"events": events, "seizures": seizures, "tolerance": tolerance, "total_duration": total})


def test_tolerance_zones_clipped_to_the_recording(ex, rng):
    # Seizures near both ends of a 100 s recording, tolerance 10: the zones [-7, 30] and [75, 105]
    # stick out of [0, 100]; only the time inside the recording can be non-seizure time.
    events = np.array([[0.0, 2.0], [50.0, 52.0], [90.0, 100.0]])
    seizures = np.array([[3.0, 20.0], [85.0, 95.0]])
    expected = {"detected": np.array([True, True]), "latencies": np.array([0.0, 5.0]), "sensitivity": 1.0,
                "false_alarms": 1, "false_alarms_per_hour": 1 / (45.0 / 3600.0)}
    inputs = {"events": events, "seizures": seizures, "tolerance": 10.0, "total_duration": 100.0}
    _compare(ex.score_events(events, seizures, 10.0, 100.0), expected,
             "for seizures whose tolerance zones reach past the start and the end of the recording",
             "by hand: zones clipped to [0, 30] and [75, 100] cover 55 s, so 45 s of non-seizure time "
             "(unclipped they would remove 37 + 30 = 67 s); [50, 52] is the one false alarm", inputs)
    _compare(ex.score_events(events, seizures, 10.0, 100.0), _brute_score(events, seizures, 10.0, 100.0),
             "for the same recording", "brute force: non-seizure time counted on a 1/64 s grid over [0, 100]",
             inputs)
