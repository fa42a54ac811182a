"""Projects in the application: the learner's folder, a run that is judged, recorded and reported,
best scores that survive a broken run, Ctrl-C and resume, and projects in path, next and watch."""
from __future__ import annotations

import json

import pytest

from deeproots.app.projects import ProjectDesk
from deeproots.grading.host import project as harness
from deeproots.projects.catalog import projects
from deeproots.runs.interrupt import RunInterrupted

COUNT_LINES = projects().get("count-lines")

# A learner's count-lines file that trains almost nothing and always says 3: fast, and scored.
SAYS_THREE = """
import numpy as np

def train(ctx):
    images, counts = ctx.kit.training_batch(ctx, 8)
    ctx.log(mean_count=float(counts.mean()))
    return {"answer": np.array(3.0)}

def load(state):
    return float(state["answer"])

def predict(model, images):
    return np.full(len(images), model)
"""


@pytest.fixture
def desk(learner) -> ProjectDesk:
    return learner.projects


def test_the_learners_file_is_the_starter_and_is_never_overwritten(desk):
    path = desk.ensure(COUNT_LINES)
    assert path.read_text() == COUNT_LINES.starter_text() and desk.is_untouched(COUNT_LINES)
    path.write_text("# mine\n")
    desk.ensure(COUNT_LINES)
    assert path.read_text() == "# mine\n" and not desk.is_untouched(COUNT_LINES)
    assert (path.parent / "statement.md").read_text() == COUNT_LINES.statement()


def test_a_run_is_judged_recorded_and_reported(desk, monkeypatch):
    # The hidden data are drawn from os.urandom; whether "always 3" stays within the noise of the
    # ink baseline is a two-standard-error test, so about one draw in forty would give it bronze.
    # One fixed draw keeps this test about the run's record, not about that chance.
    monkeypatch.setattr(harness.os, "urandom", lambda n: bytes(n))
    desk.ensure(COUNT_LINES).write_text(SAYS_THREE)
    result = desk.run(COUNT_LINES, quick=True)
    assert result.status == "scored" and result.training_status == "finished"
    assert 0.1 < result.score < 0.3  # always "3" on counts uniform over 1..5: about a fifth right
    assert result.tier is None  # saying 3 does not beat counting ink by more than the noise
    record = json.loads((result.report.parent / "metrics.json").read_text())
    assert record["metrics"]["your_accuracy"] == pytest.approx(result.score)
    assert "baseline_accuracy" in record["metrics"] and (result.report.parent / "model.npz").exists()
    html = result.report.read_text()
    assert "Below bronze" in html and "Tiers" in html and "Lempitsky" in html
    rows = desk.progress.project_runs("count-lines")
    assert [(row["budget"], row["status"], row["tier"]) for row in rows] == [("quick", "scored", "")]
    assert desk.standing(COUNT_LINES).best_score is None  # quick runs earn no medal and no best score


def test_a_broken_run_never_loses_the_best_score(desk):
    desk.progress.record_project_run("count-lines", "full", "scored", 0.81, "silver", 100.0, "old-report")
    desk.ensure(COUNT_LINES).write_text("def train(ctx):\n    raise RuntimeError('oops')\n")
    result = desk.run(COUNT_LINES, quick=True)
    assert result.status == "not-scored" and "RuntimeError: oops" in result.problem
    standing = desk.standing(COUNT_LINES)
    assert (standing.best_score, standing.best_tier, standing.runs) == (0.81, "silver", 2)
    assert "Not scored" in result.report.read_text()


def test_ctrl_c_keeps_a_checkpoint_that_resume_continues(desk):
    desk.ensure(COUNT_LINES).write_text("""
import numpy as np

def train(ctx):
    seen = 0 if ctx.resume is None else int(ctx.resume["seen"])
    while not ctx.done():
        images, _ = ctx.kit.training_batch(ctx, min(500, ctx.steps_left()))
        seen += len(images)
        ctx.checkpoint({"seen": np.array(seen)})
    return {"seen": np.array(seen)}

def load(state):
    return int(state["seen"])

def predict(model, images):
    return np.full(len(images), 3)
""")

    def interrupt(progress, *_):
        if progress.steps >= 2000:
            raise KeyboardInterrupt

    with pytest.raises(RunInterrupted) as stopped:
        desk.run(COUNT_LINES, quick=True, on_progress=interrupt)
    assert "--resume --quick" in str(stopped.value)
    saved = desk.checkpoint(COUNT_LINES)
    assert saved is not None and 2000 <= saved["steps"] < COUNT_LINES.budget.quick_steps
    result = desk.run(COUNT_LINES, quick=True, resume=True)
    assert result.status == "scored" and desk.checkpoint(COUNT_LINES) is None  # finished: nothing to resume
    assert json.loads((result.report.parent / "metrics.json").read_text())["params"]["steps"] == COUNT_LINES.budget.quick_steps


def test_resume_without_a_checkpoint_is_one_clear_error(desk):
    from deeproots.errors import DeeprootsError

    with pytest.raises(DeeprootsError, match="no unfinished run of count-lines to resume"):
        desk.run(COUNT_LINES, resume=True)


def test_path_shows_the_medal_and_next_offers_the_project(learner):
    from rich.console import Console

    from deeproots.cli.views import path_view
    from deeproots.content.tree import tree

    learner.progress.record_project_run("count-lines", "full", "scored", 0.7, "bronze", 100.0)
    console = Console(width=200, record=True)
    console.print(path_view(learner, tree()))
    assert "project: Count the lines  [count-lines]  🥉 bronze  best 70.0%" in console.export_text()
    upcoming = learner.next_project()
    assert upcoming is None or upcoming.id != "count-lines"  # it has its medal


def test_next_offers_a_project_once_its_node_is_done(learner):
    assert learner.next_project() is None or learner.next_project().id != "count-lines"
    for exercise in learner.catalog.for_node("cnn-limitations-lab"):
        learner.progress.record_attempt(exercise.id, "passed", 1.0, 1, 1)
    assert learner.next_project().id == "count-lines"


def test_watch_never_trains_a_project_on_a_save(learner):
    from deeproots.app.watch import WatchSession

    path = learner.projects.ensure(COUNT_LINES)
    session = WatchSession(learner)
    try:
        path.write_text(SAYS_THREE)
        assert session.on_changes({path.resolve()}) is None
        assert session.project_note.startswith("count-lines: project.py saved")
        assert "deeproots project run count-lines" in session.project_note
        assert learner.progress.project_runs() == []  # nothing ran
    finally:
        session.close()
