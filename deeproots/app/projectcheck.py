"""`deeproots dev check --projects`: every project's starter scores below bronze and its reference
reaches silver, each trained and evaluated in the sandbox exactly as a learner's file would be.

The quick budget is what CI runs; ``full=True`` runs the full budget (``benchmarks/project_tiers.py``
does, several times, for the numbers the silver thresholds cite)."""
from __future__ import annotations

import importlib
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from deeproots.app.projects import _limits
from deeproots.projects.catalog import Project


@dataclass
class FileOutcome:
    """One sandboxed run of a project's starter or reference."""

    role: str
    tier: str | None = None
    score: float | None = None
    metrics: dict = field(default_factory=dict)
    problem: str = ""
    train_seconds: float = 0.0
    eval_seconds: float = 0.0


def run_file(project: Project, role: str, full: bool = False, seed: int = 0) -> FileOutcome:
    """Train and evaluate ``starter.py`` or ``reference.py`` of ``project`` as a learner's file."""
    from deeproots.grading.host import project as harness
    from deeproots.projects.evaluation import judge, tier_reached

    outcome = FileOutcome(role)
    limits = _limits(project, quick=not full)
    with tempfile.TemporaryDirectory() as folder:
        learner_file = Path(folder) / "project.py"  # a copy: the sealed reference is never the learner's path
        shutil.copy(project.file(f"{role}.py"), learner_file)
        state = None
        if project.api != "probe":
            started = time.monotonic()
            training = harness.train(learner_file, limits, seed=seed, quick=not full)
            outcome.train_seconds = time.monotonic() - started
            if training.state is None:
                outcome.problem = f"training: {training.status}: {training.problem}"
                return outcome
            state = training.state
        evaluator = importlib.import_module(f"{project.module}.evaluate").evaluate
        evaluated = harness.evaluate(learner_file, limits, state,
                                     lambda learner, model, rng: evaluator(learner, model, rng, not full))
        outcome.eval_seconds = evaluated.seconds
        if evaluated.value is None:
            outcome.problem = f"evaluation: {evaluated.problem}"
            return outcome
        outcome.metrics = dict(evaluated.value.metrics)
        outcome.score = outcome.metrics.get(project.score_metric)
        outcome.tier = tier_reached(judge(project, evaluated.value)) if project.tiers else None
    return outcome


def project_problems(project: Project, full: bool = False) -> tuple[list[str], list[FileOutcome]]:
    """What is wrong with ``project``: a starter at bronze or above, a reference below silver, a
    run that failed. A probe (no tiers) must only run."""
    problems, outcomes = [], []
    for role in ("starter", "reference"):
        outcome = run_file(project, role, full)
        outcomes.append(outcome)
        if outcome.problem:
            problems.append(f"{project.id}: the {role} failed: {outcome.problem}")
        elif project.tiers and role == "starter" and outcome.tier is not None:
            problems.append(f"{project.id}: the starter reached {outcome.tier}; it must score below bronze")
        elif project.tiers and role == "reference" and outcome.tier not in ("silver", "gold"):
            problems.append(f"{project.id}: the reference reached {outcome.tier or 'no tier'}; it must reach silver")
    return problems, outcomes
