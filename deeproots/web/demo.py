"""A workspace full of plausible history, for the browser tests, the page benchmark and a demo.

``fill(workspace, runs_root, attempts=1000, runs=100)`` opens (or creates) the workspace and
writes, through the one progress store, ``attempts`` graded attempts spread over the past
weeks (about a third of the exercises passed, in the tree's order), a concept-question review
history (some reviews due now), a few project evaluations, and ``runs`` finished run folders
under ``runs_root`` written by the real ``Report`` (params.json, metrics.json, report.html with
a PNG figure): lab runs as ``runs_root/<experiment>/<timestamp>/``, RL runs under ``rl/``,
research runs under ``research/``. Deterministic for a given ``seed``; nothing is downloaded.

    python -m deeproots.web.demo /tmp/demo-ws /tmp/demo-runs   # then: deeproots -w /tmp/demo-ws serve --runs /tmp/demo-runs
"""
from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from deeproots.app.learner import Learner

DAY = 24 * 3600
# Names and verdicts say "demo": these folders are real, their numbers are made up, and nothing
# may be mistaken for a result.
TRACKS = (("lab", ("demo-mnist-mlp", "demo-cifar-cnn", "demo-tiny-gpt", "demo-linear-probe")),
          ("rl", ("demo-cartpole-ppo", "demo-pendulum-sac", "demo-gridworld-dqn")),
          ("research", ("demo-eeg-seizure", "demo-anomaly-pyod")))


@dataclass(frozen=True)
class Demo:
    """What ``fill`` made: the learner, the runs' root and each run folder (oldest first)."""
    learner: Learner
    runs_root: Path
    runs: list[Path]


def _attempts(learner: Learner, count: int, now: float, rng: random.Random) -> list[dict]:
    """``count`` attempts in all, oldest first; every exercise of the first third passes at least once."""
    exercises = list(learner.catalog)
    passed = exercises[:max(1, len(exercises) // 3)]
    passed = passed[:count]
    rows, start, random_count = [], now - 12 * 7 * DAY, count - len(passed)
    for i in range(random_count):
        at = start + (now - DAY - start) * i / max(1, random_count)
        exercise = exercises[min(len(exercises) - 1, int(rng.random() ** 2 * len(exercises)))]
        total = 4
        ok = exercise in passed and rng.random() < 0.5
        rows.append({"exercise": exercise.id, "at": at, "duration_s": round(rng.uniform(0.2, 3.0), 3),
                     "status": "passed" if ok else "failed", "passed_checks": total if ok else rng.randrange(total),
                     "total_checks": total, "problem": "" if ok else "check_shapes: expected (3, 4), got (4, 3)"})
    for j, exercise in enumerate(passed):
        rows.append({"exercise": exercise.id, "at": start + j * 3600.0, "duration_s": 1.0, "status": "passed",
                     "passed_checks": 4, "total_checks": 4, "problem": ""})
    return sorted(rows, key=lambda row: row["at"])


def _reviews(learner: Learner, count: int, now: float, rng: random.Random) -> list[dict]:
    questions = learner.quiz().questions
    rows = []
    for i, question in enumerate(questions[:count]):
        at = now - rng.uniform(20, 60) * DAY  # long enough ago that most are due again
        rows.append({"exercise": question.id, "at": at, "rating": "good" if i % 3 else "hard",
                     "correct": 1, "answer": ""})
    return rows


def _figure(seed: int) -> bytes:
    import numpy as np

    from deeproots.report import encode_png

    y, x = np.mgrid[0:48, 0:64]
    pixels = (np.stack([x * 4, y * 5, (x + y + seed * 17) % 256], axis=-1) % 256).astype(np.uint8)
    return encode_png(pixels)


def write_run(runs_root: Path, track: str, experiment: str, timestamp: str, seed: int) -> Path:
    """One finished run folder as the real tracks write it (params.json first, then the report)."""
    from deeproots.report import Report, RunFolder
    from deeproots.runs.folder import write_params

    root = runs_root if track == "lab" else runs_root / track
    folder = RunFolder.create(root, experiment, timestamp)
    rng = random.Random(seed)
    params = {"seed": seed, "lr": round(10 ** rng.uniform(-4, -2), 6), "epochs": rng.choice((3, 5, 10)),
              "batch_size": rng.choice((32, 64, 128))}
    write_params(folder.path, {"experiment": experiment, "preset": "quick", "params": params})
    score = round(rng.uniform(0.55, 0.99), 4)
    verdict = "demo (made-up numbers): " + ("pass" if score >= 0.7 else "below target")
    curve = [round(score * (1 - 0.8 ** (step + 1)), 4) for step in range(10)]
    report = Report(f"{experiment} ({track}) seed {seed}", seed=seed)
    report.text(f"A demo {track} run of {experiment}: the figures are made up, the folder is real.")
    report.params(params)
    report.metrics({"verdict": verdict, "score": score, "loss": round(1 - score, 4), "steps": 1000 * params["epochs"]})
    report.data("curve", curve)
    report.figure(_figure(seed), caption=f"{experiment}: a made-up picture", name="picture")
    report.write(folder, wall_time_s=round(rng.uniform(5, 600), 1))
    return folder.path


def _runs(runs_root: Path, count: int, now: float) -> list[Path]:
    names = [(track, name) for track, experiments in TRACKS for name in experiments]
    folders = []
    for i in range(count):
        track, name = names[i % len(names)]
        stamp = (datetime.fromtimestamp(now) - timedelta(hours=6 * (count - i))).strftime("%Y-%m-%d_%H-%M-%S")
        folders.append(write_run(runs_root, track, name, stamp, seed=i))
    return folders


def fill(workspace: Path | str, runs_root: Path | str, attempts: int = 1000, runs: int = 100,
         reviews: int = 40, seed: int = 0, now: float | None = None) -> Demo:
    """Open (or create) ``workspace`` and fill it and ``runs_root`` as the module says."""
    now = now if now is not None else time.time()
    rng = random.Random(seed)
    learner = Learner.open(Path(workspace), create=True)
    store = learner.progress
    store.insert_rows("attempts", _attempts(learner, attempts, now, rng))
    store.insert_rows("reviews", _reviews(learner, reviews, now, rng))
    store.insert_rows("events", [{"exercise": exercise.id, "at": now - 3 * DAY, "kind": "hint", "detail": "1"}
                            for exercise in list(learner.catalog)[:5]])
    for project in list(learner.projects.catalog)[:2]:
        store.record_project_run(project.id, "full", "scored", 0.8, "bronze", 420.0, at=now - 2 * DAY)
    folders = _runs(Path(runs_root), runs, now)
    return Demo(learner, Path(runs_root).resolve(), folders)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m deeproots.web.demo WORKSPACE RUNS_ROOT  (fills both with demo history)")
        return 2
    demo = fill(args[0], args[1])
    print(f"demo workspace {demo.learner.workspace.root} and {len(demo.runs)} runs under {demo.runs_root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
