"""How fast does a learner see a verdict? Three ways, measured in the same run.

1. watch: save the file while `deeproots watch`'s loop runs (pre-warmed worker), time
   from the write to the verdict callback;
2. one-shot: `deeproots check ID` as a fresh process;
3. pytest: `python -m pytest` on the same check file against the same learner file.

Prints medians and the ratios against pytest, the baseline measured here and now (the
machine is shared and noisy: ratios, not absolute times, are the claim).
Goals: watch >= 4x faster than pytest, one-shot faster than pytest, watch < 100 ms.

    python benchmarks/check_latency.py [--exercise vectors-dot-norms] [--repeats 15]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from deeproots.app.learner import Learner
from deeproots.app.watch import FileEvents, WatchSession


def time_watch(learner: Learner, exercise_id: str, repeats: int) -> list[float]:
    exercise = learner.catalog.get(exercise_id)
    arrived, moved = threading.Event(), threading.Event()
    session = WatchSession(learner, on_verdict=lambda e, v: arrived.set(), on_move=lambda e: moved.set())
    session.move(exercise)
    moved.clear()
    path = learner.workspace.file_for(exercise)
    solution = exercise.solution_file.read_text()
    stop = threading.Event()
    timings = []
    with FileEvents(learner.workspace.root) as events:
        loop = threading.Thread(target=session.serve, args=(events, stop), daemon=True)
        loop.start()
        time.sleep(0.5)
        for attempt in range(repeats + 1):
            arrived.clear()
            time.sleep(0.3)  # a learner types between saves: the spare worker is warm again
            started = time.perf_counter()
            path.write_text(f"{solution}\n# save {attempt}\n")
            if not arrived.wait(30):
                raise SystemExit("watch: no verdict within 30 s")
            if attempt:  # the first save is a warm-up
                timings.append(time.perf_counter() - started)
            if not moved.wait(30):
                raise SystemExit("watch: a pass did not move to the next exercise")
            session.move(exercise)  # a pass moved on; come back for the next save
            moved.clear()
        stop.set()
        loop.join(5)
    session.close()
    return timings


def time_command(command: list[str], cwd: Path, repeats: int, expect_ok: bool = True) -> list[float]:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        timings.append(time.perf_counter() - started)
        if expect_ok and result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exercise", default="vectors-dot-norms")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="deeproots-bench-")) / "workspace"
    learner = Learner.open(root, create=True)
    exercise = learner.catalog.get(args.exercise)
    learner_file = learner.workspace.file_for(exercise)
    learner_file.write_text(exercise.solution_file.read_text())
    env_python = sys.executable

    watch = time_watch(learner, args.exercise, args.repeats)
    one_shot = time_command([env_python, "-m", "deeproots", "check", args.exercise], root, args.repeats)
    pytest = time_command([env_python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p",
                           "deeproots.grading.pytest_plugin", str(exercise.check_file),
                           "--deeproots-target", str(learner_file)], root, args.repeats)

    medians = {name: statistics.median(values) for name, values in
               (("watch save-to-verdict", watch), ("deeproots check (one-shot)", one_shot),
                ("python -m pytest", pytest))}
    print(f"exercise {args.exercise}, {args.repeats} repeats each, medians on {os.cpu_count()} cores:")
    for name, value in medians.items():
        print(f"  {name:<28} {value * 1000:8.1f} ms")
    baseline = medians["python -m pytest"]
    watch_ratio = baseline / medians["watch save-to-verdict"]
    one_shot_ratio = baseline / medians["deeproots check (one-shot)"]
    print(f"  pytest / watch     = {watch_ratio:5.1f}x  (goal >= 4x: {'met' if watch_ratio >= 4 else 'NOT met'})")
    print(f"  pytest / one-shot  = {one_shot_ratio:5.1f}x  (goal > 1x: {'met' if one_shot_ratio > 1 else 'NOT met'})")
    print(f"  watch under 100 ms: {'yes' if medians['watch save-to-verdict'] < 0.1 else 'NO'}")


if __name__ == "__main__":
    main()
