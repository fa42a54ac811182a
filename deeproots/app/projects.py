"""Projects in the learner's application: their folders, a run (train, evaluate, judge, record,
report), Ctrl-C and resume, best scores and medals.

    workspace/projects/count-lines/
        project.py          the learner's file (the starter at first; never overwritten)
        statement.md        the project's statement, for reading beside the code
        .checkpoint/        the last checkpoint of an unfinished run (state.npz, run.json)
        runs/<time>/        one folder per evaluation: report.html, metrics.json, figures, model.npz
"""
from __future__ import annotations

import importlib
import json
import math
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from deeproots import files
from deeproots.errors import DeeprootsError
from deeproots.projects.catalog import Project, Projects, projects

PROJECTS_DIR = "projects"
LEARNER_FILE = "project.py"
CHECKPOINT_DIR = ".checkpoint"
TIER_ORDER = ("", "bronze", "silver", "gold")


@dataclass
class Standing:
    """A project's record from the progress store (derived from its evaluations, never stored)."""

    runs: int = 0
    best_score: float | None = None
    best_tier: str = ""  # the best tier of a full-budget run; "" below bronze or never run
    last_report: str = ""

    def words(self, project: Project) -> tuple[str, str]:
        """(medal, detail) as the tree shows a project: medal is the best tier ("gold", "silver",
        "bronze"), "report" for a project without tiers, else "—"; detail is the best score or how far
        it is."""
        if not project.tiers:
            return "report", f"{self.runs} report(s)" if self.runs else "a report, no tiers"
        if self.best_tier:
            return self.best_tier, f"best {project.format_score(self.best_score)}"
        if self.best_score is not None:
            return "—", f"below bronze (best {project.format_score(self.best_score)})"
        if self.runs:
            return "—", "quick runs only: no full-budget run yet"
        return "—", "not started"


@dataclass
class ProjectRun:
    """What ``run`` did: the training's end, the evaluation, the tier and the report's path."""

    project: Project
    quick: bool
    status: str = "error"  # scored, not-scored, interrupted
    training_status: str = ""
    problem: str = ""
    score: float | None = None
    tier: str | None = None
    results: list = field(default_factory=list)
    evaluation: Any = None
    report: Path | None = None
    new_best: bool = False
    seconds: float = 0.0
    output: str = ""

    def _repr_html_(self) -> str:
        """In Jupyter: the verdict `deeproots project run` prints, score and tier, the report."""
        from deeproots.projects.report import verdict_text
        from deeproots.report.inline import run_html

        verdict = verdict_text(self.project, self.evaluation, self.results, self.problem, self.quick)
        if self.evaluation is not None and self.problem:
            verdict += f"\nnote: {self.problem}"
        if self.new_best:
            verdict += "\na new best score for this project"
        metrics = {"status": self.status, "score": self.project.format_score(self.score) if self.score is not None else "",
                   "tier": self.tier or "below bronze", "budget": "quick" if self.quick else "full",
                   "seconds": round(self.seconds, 1)}
        return run_html(f"project {self.project.title} [{self.project.id}]", verdict, metrics, self.report,
                        status=self.tier or self.status)


class ProjectDesk:
    """The projects of one workspace."""

    def __init__(self, workspace_root: Path, progress: Any, catalog: Projects | None = None):
        self.root = Path(workspace_root) / PROJECTS_DIR
        self.progress = progress
        self.catalog = catalog or projects()

    def folder(self, project: Project) -> Path:
        return self.root / project.id

    def learner_file(self, project: Project) -> Path:
        return self.folder(project) / LEARNER_FILE

    def ensure(self, project: Project) -> Path:
        """The learner's file, made from the starter the first time (never overwritten)."""
        folder = self.folder(project)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / LEARNER_FILE
        if not target.exists():
            files.write_text(target, project.starter_text(), exclusive=True)
        statement = folder / "statement.md"
        if not statement.exists() or statement.read_text(encoding="utf-8") != project.statement():
            files.write_text(statement, project.statement())
        return target

    def is_untouched(self, project: Project) -> bool:
        path = self.learner_file(project)
        return not path.exists() or path.read_text(encoding="utf-8") == project.starter_text()

    def standing(self, project: Project) -> Standing:
        rows = self.progress.project_runs(project.id)
        standing = Standing(runs=len(rows))
        full = [row for row in rows if row["budget"] == "full" and row["score"] is not None]
        if full:
            pick = max if project.higher_is_better else min
            standing.best_score = pick(row["score"] for row in full)
            standing.best_tier = max((row["tier"] for row in full), key=TIER_ORDER.index)
        reports = [row["report"] for row in rows if row["report"]]
        standing.last_report = reports[-1] if reports else ""
        return standing

    def checkpoint(self, project: Project) -> dict | None:
        """The unfinished run's record (budget, steps, seconds, seed), or None."""
        return read_checkpoint(self.folder(project) / CHECKPOINT_DIR)

    def run(self, project: Project, quick: bool = False, resume: bool = False,
            on_progress: Callable[[Any, float, int | None], None] | None = None) -> ProjectRun:
        """Train the learner's file under the budget, evaluate it on fresh hidden data, judge the
        tier, record the score and write the report. Ctrl-C during training keeps the checkpoint
        and raises RunInterrupted (resume with ``--resume``)."""
        from deeproots.report.folder import RunFolder

        started = time.monotonic()
        learner_file = self.ensure(project)
        checkpoint_dir = self.folder(project) / CHECKPOINT_DIR
        saved = None
        if project.api != "probe":
            saved = self.checkpoint(project) if resume else None
            if resume and saved is None:
                raise DeeprootsError(f"no unfinished run of {project.id} to resume; "
                                     f"run `deeproots project run {project.id}`")
            if saved is not None and saved.get("quick") != quick:
                raise DeeprootsError(f"the unfinished run was {'a quick' if saved.get('quick') else 'a full'} "
                                     f"run: resume it with{'' if saved.get('quick') else 'out'} --quick")
        command = f"deeproots project run {project.id} --resume" + (" --quick" if quick else "")
        result, evaluation, record, state = train_and_evaluate(project, learner_file, quick, checkpoint_dir, saved,
                                                               on_progress, command)
        result.seconds = time.monotonic() - started
        before = self.standing(project)
        judge_and_report(project, result, evaluation, record, state,
                         RunFolder.create(self.folder(project) / "runs", "evaluations"))
        self.record(project, result, before)
        if evaluation is not None:
            shutil.rmtree(checkpoint_dir, ignore_errors=True)  # finished: nothing left to resume
        return result

    def record(self, project: Project, result: ProjectRun, before: Standing) -> None:
        """Put a judged run in the progress store; ``new_best`` against ``before``."""
        budget = "quick" if result.quick else "full"
        self.progress.record_project_run(project.id, budget, result.status, result.score,
                                         (result.tier or "") if budget == "full" else "", result.seconds,
                                         str(result.report), result.problem)
        if budget == "full" and result.score is not None:
            better = (before.best_score is None or
                      (result.score > before.best_score if project.higher_is_better else result.score < before.best_score))
            result.new_best = better


def train_and_evaluate(project: Project, learner_file: Path, quick: bool, checkpoint_dir: Path, saved: dict | None,
                       on_progress: Callable[[Any, float, int | None], None] | None, command: str,
                       seed: int | None = None) -> tuple[ProjectRun, Any, dict, Any]:
    """The trusted part of a run, in this process: train the learner's file in the sandboxed worker
    (from the checkpoint ``saved`` describes, if any; the training seed is ``seed``, else drawn from
    os.urandom), then evaluate it on hidden data the grader draws itself. Returns (run, evaluation,
    record, state); Ctrl-C keeps the checkpoint in ``checkpoint_dir`` and raises RunInterrupted."""
    from deeproots.grading.host import project as harness
    from deeproots.grading.host.state import load_state, save_state
    from deeproots.runs.interrupt import RunInterrupted

    limits = _limits(project, quick)
    result = ProjectRun(project, quick)
    record: dict[str, Any] = {}
    state = None
    if project.api != "probe":
        fresh_seed = seed if seed is not None else int.from_bytes(os.urandom(4), "little")
        record = saved or {"seed": fresh_seed, "quick": quick, "steps": 0, "seconds": 0.0, "rows": []}
        resume_state = load_state(checkpoint_dir / "state.npz") if saved else None

        def keep(state: Any, steps: int, seconds: float) -> None:
            save_state(checkpoint_dir / "state.npz", state)
            files.write_json(checkpoint_dir / "run.json", record | {"steps": steps, "seconds": seconds})

        training = harness.train(
            learner_file, limits, seed=record["seed"], quick=quick, resume=resume_state,
            resumed_steps=int(record["steps"]), resumed_seconds=float(record["seconds"]),
            on_progress=(lambda p: on_progress(p, limits.seconds, limits.steps or None)) if on_progress else None,
            on_checkpoint=keep)
        record["steps"], record["seconds"] = training.steps, round(training.seconds, 1)
        record["device"] = training.device or record.get("device", "")
        record["rows"] = record.get("rows", []) + [list(row) for row in training.rows][-5000:]
        if (checkpoint_dir / "run.json").exists():  # the curves so far, for a resumed run's report
            files.write_json(checkpoint_dir / "run.json",
                             json.loads((checkpoint_dir / "run.json").read_text()) | {"rows": record["rows"]})
        result.training_status, result.output = training.status, training.output
        if training.status == "interrupted":
            raise RunInterrupted(checkpoint_dir if read_checkpoint(checkpoint_dir) else None, command)
        state, result.problem = training.state, training.problem
        if state is None and not result.problem:
            result.problem = "training ended without a state and no checkpoint was saved"
    evaluation = None
    if state is not None or project.api == "probe":
        evaluator = importlib.import_module(f"{project.module}.evaluate").evaluate
        try:
            evaluated = harness.evaluate(learner_file, limits, state,
                                         lambda learner, model, rng: evaluator(learner, model, rng, quick))
        except KeyboardInterrupt as stop:  # the trained state is the checkpoint: resume evaluates it
            raise RunInterrupted(checkpoint_dir if read_checkpoint(checkpoint_dir) else None, command) from stop
        evaluation = evaluated.value
        if evaluation is None:
            result.problem = f"evaluation failed: {evaluated.problem}"
        result.output += evaluated.output
    return result, evaluation, record, state


def read_checkpoint(checkpoint_dir: Path) -> dict | None:
    """The record (budget, steps, seconds, seed) of the checkpoint in ``checkpoint_dir``, or None."""
    record = Path(checkpoint_dir) / "run.json"
    if not record.exists() or not (record.parent / "state.npz").exists():
        return None
    try:
        return json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def signature(key: bytes, run: dict) -> str:
    """The grader's HMAC-SHA256 over a judged run's record (status, score, tier...): a record read back
    from a file counts only if it carries the signature made with the key the grader kept in memory."""
    import hashlib
    import hmac

    fields = {name: value for name, value in run.items() if name != "signature"}
    return hmac.new(key, json.dumps(fields, sort_keys=True).encode(), hashlib.sha256).hexdigest()


def judge_and_report(project: Project, result: ProjectRun, evaluation: Any, record: dict, state: Any,
                     folder, key: bytes | None = None) -> None:
    """Judge the evaluation (tier, score) into ``result`` and write the report, model.npz and
    metrics.json (last) into the run folder ``folder``; nothing here reads the progress store.
    With ``key`` the record of the run in metrics.json is signed (``signature``)."""
    from deeproots.grading.host.state import save_state
    from deeproots.projects.evaluation import judge, tier_reached
    from deeproots.projects.report import build

    if evaluation is not None:
        result.results = judge(project, evaluation)
        result.tier = tier_reached(result.results)
        result.score = _number(evaluation.metrics.get(project.score_metric))
        result.status = "scored"
    else:
        result.status = "not-scored"
    result.evaluation = evaluation
    training = {"budget": "quick" if result.quick else "full", "training ended": result.training_status or "—",
                "note": result.problem or None, "steps": record.get("steps"),
                "training seconds": record.get("seconds"), "seed (training)": record.get("seed"),
                "device": record.get("device") or None}
    report = build(project, evaluation, result.results, record.get("rows", []), training,
                   result.problem, result.quick)
    run = {"status": result.status, "score": result.score, "tier": result.tier or "", "training_status":
           result.training_status, "problem": result.problem, "seconds": result.seconds, "seed": record.get("seed")}
    if key is not None:
        run["signature"] = signature(key, run)
    report.data("run", run)
    if state is not None:
        save_state(Path(folder) / "model.npz", state)
    result.report = report.write(folder, wall_time_s=result.seconds)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _limits(project: Project, quick: bool):
    from deeproots.grading.host.project import Limits

    budget = project.budget
    return Limits(kind=project.worker, memory_mb=budget.memory_mb,
                  seconds=budget.quick_seconds if quick else budget.seconds,
                  steps=budget.quick_steps if quick else budget.steps, threads=budget.threads,
                  forbidden=project.forbidden, kit=project.kit,
                  eval_seconds=budget.quick_eval_seconds if quick else budget.eval_seconds)
