"""`%%deeproots ID` cells in a real kernel: graded by the same grader into the same progress
store, the verdict shown as HTML; hint, show and an unknown ID."""
from __future__ import annotations

import html
import re

import pytest

from deeproots.app.learner import Learner
from tests.notebook.kernel import EXERCISE, attempts, kernel

SOLVED = "matmul-three-ways"


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with kernel(tmp_path_factory.mktemp("nb")) as handle:
        yield handle


def test_load_ext_uses_the_workspace_above_the_notebook(nb):
    assert f"workspace {nb.learner.workspace.root}" in nb.loaded["text"]
    assert nb.loaded["errors"] == []


def test_an_unsolved_stub_is_graded_not_passed_and_recorded(nb):
    out = nb.run_cell("solution")  # the generated %%deeproots cell holds the stub
    assert out["errors"] == []
    assert 'data-status="not-started"' in out["html"]
    assert "not started yet" in out["html"]
    assert attempts(Learner.open(nb.learner.workspace.root), EXERCISE) == ["not-started"]
    assert Learner.open(nb.learner.workspace.root).summary()[EXERCISE].done is False


def test_a_failing_cell_shows_each_check_with_expected_and_got(nb):
    exercise = nb.learner.catalog.get(EXERCISE)
    wrong = exercise.solution_file.read_text().replace("float((x * y).sum())", "float(x.sum() * y.sum())")
    out = nb.run(f"%%deeproots {EXERCISE}\n{wrong}")
    assert 'data-status="failed"' in out["html"]
    assert re.search(r"✗ failed: \d+ of \d+ checks failed", out["html"])
    assert '<table class="details"' in out["html"]  # expected / got / the failing input
    assert "failed" in attempts(nb.learner, EXERCISE)


def test_the_pasted_solution_passes_and_the_progress_store_has_it(nb):
    exercise = nb.learner.catalog.get(SOLVED)
    out = nb.run(f"%%deeproots {SOLVED}\n{exercise.solution_file.read_text()}")
    assert 'data-status="passed"' in out["html"], out
    assert "✓ passed: all" in out["html"]
    learner = Learner.open(nb.learner.workspace.root)
    assert attempts(learner, SOLVED) == ["passed"]
    assert learner.summary()[SOLVED].done
    assert learner.status(exercise) == "done"
    # one file per exercise: the terminal grades what the notebook wrote
    assert learner.workspace.file_for(exercise).read_text() == exercise.solution_file.read_text()


def test_edits_made_outside_the_notebook_are_backed_up_before_a_cell_replaces_them(nb):
    exercise = nb.learner.catalog.get("gaussian-elimination")
    path = nb.learner.workspace.file_for(exercise)
    path.write_text(exercise.stub_text() + "\n# my terminal edit\n")
    out = nb.run(f"%%deeproots {exercise.id}\nimport numpy as np\n")
    backups = list((nb.learner.workspace.root / ".deeproots" / "backups").glob(f"{exercise.id}-*.py"))
    assert [backup.read_text() for backup in backups] == [exercise.stub_text() + "\n# my terminal edit\n"]
    assert "backed up" in out["html"] and html.escape(str(backups[0])) in out["html"]
    again = nb.run(f"%%deeproots {exercise.id}\nimport numpy as np\nx = 1\n")  # its own last write: no backup
    assert "backed up" not in again["html"]
    assert len(list(backups[0].parent.glob(f"{exercise.id}-*.py"))) == 1


def test_hint_reveals_the_next_hint_and_records_it(nb):
    exercise = nb.learner.catalog.get(EXERCISE)
    out = nb.run(f"%deeproots hint {EXERCISE}")
    assert "hint 1/" in out["html"] and html.escape(exercise.hints[0]) in out["html"]
    assert nb.learner.progress.count_events(EXERCISE, "hint") == 1


def test_show_gives_the_statement_verbatim_and_the_status(nb):
    exercise = nb.learner.catalog.get(EXERCISE)
    out = nb.run(f"%deeproots show {EXERCISE}")
    statement = re.search(r'<pre class="statement"[^>]*>(.*?)</pre>', out["html"], re.S).group(1)
    assert html.unescape(statement) == exercise.statement()
    assert 'class="status">status: <b' in out["html"]


def test_an_unknown_id_is_one_line_with_the_did_you_mean(nb):
    out = nb.run("%deeproots show vectors-dot-norm")
    assert out["errors"] == [] and out["html"] == ""
    assert out["text"].strip().splitlines() == [
        "error: no exercise 'vectors-dot-norm'; did you mean 'vectors-dot-norms'? (`deeproots list` shows them all)"]
    cell = nb.run("%%deeproots vectors-dot-norm\nx = 1\n")
    assert cell["errors"] == [] and len(cell["text"].strip().splitlines()) == 1


def test_workspace_switches_and_a_bad_one_is_one_line(nb, tmp_path):
    other = Learner.open(tmp_path / "other", create=True).workspace.root
    switched = nb.run(f"%deeproots workspace {other}")
    assert switched["text"] == f"deeproots: workspace {other}\n"
    missing = nb.run(f"%deeproots workspace {tmp_path / 'nowhere'}")
    assert missing["errors"] == [] and missing["text"].startswith("error: ") and missing["text"].count("\n") == 1
    back = nb.run(f"%deeproots workspace {nb.learner.workspace.root}")
    assert back["text"] == f"deeproots: workspace {nb.learner.workspace.root}\n"


def test_a_cell_solved_in_the_kernel_shows_as_passed_in_deeproots_path(nb):
    """The issue's "done means": the terminal's tree counts what the notebook solved."""
    from typer.testing import CliRunner

    from deeproots.cli import app

    exercise = nb.learner.catalog.get(SOLVED)
    out = nb.run(f"%%deeproots {SOLVED}\n{exercise.solution_file.read_text()}")
    assert 'data-status="passed"' in out["html"]
    learner = Learner.open(nb.learner.workspace.root)
    node = [e for e in learner.catalog if e.node == exercise.node]
    done = sum(learner.status(e) == "done" for e in node)
    assert done >= 1
    shown = CliRunner().invoke(app, ["--workspace", str(learner.workspace.root), "path"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    line = next(line for line in shown.output.splitlines() if "Linear algebra" in line)
    assert f"{done}/{len(node)} exercises" in line
