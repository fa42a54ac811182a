"""Many seeds of one project run: ``deeproots project run ID --seeds 0,1,2 [--backend local|ray]``.

    workspace/projects/count-lines/seeds/<time>/
        seeds.json          what was asked: the project, the budget, the seeds, the backend
        project.py          the learner's file as it was when the group started (every seed trains it)
        cells/seed=S/       one evaluation per seed, exactly like a single run's folder (report.html,
                            metrics.json, model.npz; .checkpoint/ while it is unfinished)
        report.html, metrics.json   the summary: the score's mean ± sample std over the seeds

Each seed is one run of the trusted host code (``projects.train_and_evaluate``): the learner's file
trains in the sandboxed worker with the seed ``S`` as its training seed; the grader then draws the
hidden data itself from ``os.urandom``, as for every evaluation, and judges. On Ray each seed is a
task that runs this same host code (the learner's file still runs in the sandboxed worker inside
that task); only file paths and the seed cross to it, never hidden data, and the verdict is the
grader's. The driver then records each seed in the progress store exactly as ``project run`` does
(one row each, best score and medal rules unchanged) and writes the summary.
"""
from __future__ import annotations

import json
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from deeproots.app.projects import CHECKPOINT_DIR, LEARNER_FILE, ProjectDesk, ProjectRun, judge_and_report, \
    read_checkpoint, signature, train_and_evaluate
from deeproots.errors import DeeprootsError
from deeproots.projects.catalog import Project
from deeproots.runs import folder as run_folder
from deeproots.runs.interrupt import RunInterrupted

SEEDS_DIR = "seeds"
SEEDS_FILE = "seeds.json"
CELLS = "cells"


@dataclass
class SeedsRun:
    """What ``run_seeds`` did: each seed's judged run (as ``project run`` returns it) and the summary."""

    project: Project
    quick: bool
    folder: Path
    runs: list[ProjectRun] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    verdict: str = ""
    report: Path | None = None


def run_seed(folder: Path, key: bytes, progress: Callable[[float, str], None] | None = None) -> None:
    """One seed (a local call or a Ray task): train and evaluate the group's copy of the learner's file
    with the cell's seed, judge it and write the run's report into ``folder`` (metrics.json last), its
    record signed with ``key`` (held in memory by the grader, never written, never given to the learner)."""
    from deeproots.projects.catalog import projects
    from deeproots.report.folder import RunFolder

    folder = Path(folder)
    record = json.loads((folder / run_folder.PARAMS_FILE).read_text(encoding="utf-8"))
    project = projects().get(record["project"])
    started = time.monotonic()
    checkpoint_dir = folder / CHECKPOINT_DIR
    saved = read_checkpoint(checkpoint_dir) if project.api != "probe" else None

    def on_progress(update: Any, seconds_budget: float, steps_budget: int | None) -> None:
        if progress is not None:
            done = update.steps / steps_budget if steps_budget else update.seconds / max(seconds_budget, 1e-9)
            progress(min(1.0, float(done)), f"{update.steps:,} steps, {update.seconds:.0f} s")

    result, evaluation, training, state = train_and_evaluate(
        project, Path(record["learner_file"]), bool(record["quick"]), checkpoint_dir, saved, on_progress,
        command=f"deeproots project run {project.id} --seeds ... --resume", seed=int(record["seed"]))
    result.seconds = time.monotonic() - started + float(saved.get("seconds", 0.0) if saved else 0.0)
    judge_and_report(project, result, evaluation, training, state, RunFolder.resume(folder), key=key)
    if evaluation is not None:
        shutil.rmtree(checkpoint_dir, ignore_errors=True)


def run_seeds(desk: ProjectDesk, project: Project, seeds: list[int] | None, quick: bool = False, *,
              backend: str = "local", address: str | None = None, resume: bool = False,
              on_update: Callable[[dict], None] | None = None) -> SeedsRun:
    """Evaluate the learner's project once per seed (or finish the latest unfinished group with
    ``resume``), record every seed in the progress store and write the summary."""
    from deeproots.runs.overrides import check_seeds
    from deeproots.runs.backends import Cell, Resources, check_backend, run_cells

    if resume:
        folder = latest_unfinished(desk, project)
        if folder is None:
            raise DeeprootsError(f"no unfinished multi-seed run of {project.id} to resume; "
                                 f"run `deeproots project run {project.id} --seeds 0,1,2`")
        record = json.loads((folder / SEEDS_FILE).read_text(encoding="utf-8"))
        seeds, quick = record["seeds"], bool(record["quick"])
    else:
        check_seeds(list(seeds or []))
        check_backend(backend, address)
        learner_file = desk.ensure(project)
        folder = run_folder.create(desk.folder(project), SEEDS_DIR).path
        run_folder.write_params(folder, {"experiment": f"{project.id}-seeds", "project": project.id, "quick": quick,
                                         "seeds": list(seeds), "backend": backend}, SEEDS_FILE)
        shutil.copyfile(learner_file, folder / LEARNER_FILE)  # every seed trains the same file
    key = secrets.token_bytes(32)  # this session's: a seed's record counts only if signed with it
    cells = []
    for seed in seeds:
        cell = folder / CELLS / f"seed={seed}"
        cell.mkdir(parents=True, exist_ok=True)
        if not (cell / run_folder.PARAMS_FILE).exists():
            run_folder.write_params(cell, {"experiment": project.id, "project": project.id, "quick": quick,
                                           "seed": seed, "learner_file": str((folder / LEARNER_FILE).resolve())})
        if (cell / "metrics.json").exists() and _recorded(desk, project, cell) is None:
            # finished in an earlier session but never recorded: its signature cannot be checked, run it again
            (cell / "metrics.json").replace(cell / "metrics.unverified.json")
        cells.append(Cell(name=f"seed={seed}", folder=cell, work=run_seed, args=(key,),
                          resources=Resources(cpus=max(1.0, float(project.budget.threads)))))
    group = SeedsRun(project, quick, folder)
    new_best: set[str] = set()

    def on_cell(statuses: dict) -> None:  # record each seed as soon as it is done, as `project run` would
        for name, status in statuses.items():
            if status.state == "done" and _record(desk, project, folder / CELLS / name, key):
                new_best.add(name)
        if on_update is not None:
            on_update(statuses)

    started = time.monotonic()
    try:
        run_cells(cells, backend=backend, address=address, on_update=on_cell)
    except KeyboardInterrupt as stop:
        raise RunInterrupted(folder, f"deeproots project run {project.id} --seeds "
                                     f"{','.join(map(str, seeds))} --resume") from stop
    for seed in seeds:
        cell = folder / CELLS / f"seed={seed}"
        if cell.name not in new_best and _record(desk, project, cell, key):
            new_best.add(cell.name)
        run = _recorded(desk, project, cell) or ProjectRun(
            project, quick, status="not-scored", report=cell / "report.html",
            problem="this seed's record was not written by the grader (changed or forged); run the group again")
        run.new_best = cell.name in new_best
        group.runs.append(run)
    _summarise(group, seeds, backend, time.monotonic() - started)
    return group


def latest_unfinished(desk: ProjectDesk, project: Project) -> Path | None:
    found = run_folder.unfinished(desk.folder(project), f"{SEEDS_DIR}/*", SEEDS_FILE)
    return found[0] if found else None


def _recorded(desk: ProjectDesk, project: Project, cell: Path) -> ProjectRun | None:
    """The seed's run as the progress store has it (found by its report), or None if not recorded."""
    report = str(cell / "report.html")
    for row in desk.progress.project_runs(project.id):
        if row["report"] == report:
            return ProjectRun(project, row["budget"] == "quick", status=row["status"], score=row["score"],
                              tier=row["tier"] or None, report=Path(report), seconds=float(row["seconds"] or 0.0),
                              problem=row["problem"] or "")
    return None


def _record(desk: ProjectDesk, project: Project, cell: Path, key: bytes) -> bool:
    """Record a finished seed in the progress store once, if its record carries this session's
    signature; True when it was recorded now and is a new best score."""
    if _recorded(desk, project, cell) is not None or not (cell / "metrics.json").exists():
        return False
    try:
        run = json.loads((cell / "metrics.json").read_text(encoding="utf-8"))["metrics"]["run"]
        params = json.loads((cell / run_folder.PARAMS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if not isinstance(run, dict) or not secrets.compare_digest(str(run.get("signature", "")), signature(key, run)):
        return False
    result = ProjectRun(project, bool(params["quick"]), status=run["status"], training_status=run["training_status"],
                        problem=run["problem"], score=run["score"], tier=run["tier"] or None,
                        report=cell / "report.html", seconds=float(run["seconds"] or 0.0))
    desk.record(project, result, desk.standing(project))
    return result.new_best


def _summarise(group: SeedsRun, seeds: list[int], backend: str, wall: float) -> None:
    from deeproots.report import Report
    from deeproots.runs.aggregate import cell_metrics, summarise

    project = group.project
    results = []
    for seed, run in zip(seeds, group.runs):
        metrics = cell_metrics(group.folder / CELLS / f"seed={seed}")
        numbers = {key: value for key, value in metrics.items() if key != "run"}
        results.append({"cell": f"seed={seed}", "setting": {}, "seed": seed,
                        "metrics": {**numbers, "score": run.score}})
    stats = summarise(results, [])["points"][0]["stats"]
    score = stats.get("score")
    budget = "quick" if group.quick else "full"
    group.verdict = (f"{project.title} over seeds {', '.join(map(str, seeds))} ({budget} budget): "
                     + (f"{project.score_metric} {score['mean']:.4g} ± {score['std']:.2g} (sample std, "
                        f"n={score['n']} scored of {len(seeds)})." if score else "no seed was scored."))
    report = Report(f"{project.title}: {len(seeds)} seeds ({budget})")
    report.text(f"{group.verdict}\n\nEach seed trained `project.py` (copied here when the group started) with "
                f"that seed and was evaluated on its own fresh hidden data; each is an ordinary evaluation "
                f"under `cells/` with its own report (backend: {backend}).")
    report.table([[seed, run.status, project.format_score(run.score), run.tier or "—", round(run.seconds, 1)]
                  for seed, run in zip(seeds, group.runs)],
                 columns=["seed", "status", "score", "tier", "seconds"], caption="Per seed")
    report.table([[metric, value["mean"], value["std"], value["n"]] for metric, value in sorted(stats.items())],
                 columns=["metric", "mean", "std (n-1)", "n"], caption="Mean ± sample standard deviation over seeds")
    report.params({"project": project.id, "budget": budget, "seeds": seeds, "backend": backend})
    group.summary = {"verdict": group.verdict, "summary": stats, "seeds": seeds,
                     "cells": [{"cell": r["cell"], "seed": r["seed"]} for r in results]}
    report.metrics(group.summary)
    group.report = report.write(group.folder, wall_time_s=wall)  # metrics.json last
