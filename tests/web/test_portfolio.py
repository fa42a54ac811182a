"""`deeproots portfolio export`: the static site's contents, private data only when asked, relative
links and no absolute paths, escaping, and never overwriting an unrelated folder."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from deeproots.app.learner import Learner
from deeproots.cli import app as cli_app
from deeproots.content.tree import tree
from deeproots.errors import DeeprootsError
from deeproots.web.portfolio import MARKER, export_portfolio

NOTE = "My <script>alert('x')</script> & notes"


def write_run(folder: Path, metrics: dict, params: dict | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / "params.json").write_text(json.dumps({"params": params or {}}))
    (folder / "metrics.json").write_text(json.dumps({"title": "t", "wall_time_s": 2.0, "metrics": metrics,
                                                     "params": params or {}}))
    (folder / "figures").mkdir()
    (folder / "figures" / "curve.png").write_bytes(b"\x89PNG fake")
    (folder / "checkpoints").mkdir()
    (folder / "checkpoints" / "model.npz").write_bytes(b"weights")
    (folder / "report.html").write_text(f'<h1>Report</h1><p>data in {folder}</p><img src="figures/curve.png">'
                                        '<img src="../../../secret.png">')
    return folder


@pytest.fixture
def setup(tmp_path, monkeypatch):
    monkeypatch.delenv("DEEPROOTS_WORKSPACE", raising=False)
    learner = Learner.open(tmp_path / "ws", create=True)
    runs = tmp_path / "runs"
    write_run(runs / "count-lines" / "2024-01-01_10-00-00", {"accuracy": 0.81, "verdict": "the CNN <counts>"},
              {"lr": 0.1})
    (runs / "count-lines" / "2024-01-02_10-00-00").mkdir(parents=True)  # unfinished: not a finding
    (runs / "count-lines" / "2024-01-02_10-00-00" / "params.json").write_text("{}")
    (tmp_path / "secret.png").write_bytes(b"SECRET")
    evaluation = write_run(learner.workspace.root / "projects" / "count-lines" / "runs" / "evaluations" /
                           "2024-02-01_10-00-00", {"accuracy": 0.66})
    learner.progress.record_project_run("count-lines", "full", "scored", 0.66, "silver", 30.0,
                                        str(evaluation / "report.html"), "")
    node = tree().nodes[0]
    exercise = node.exercises[0]
    learner.progress.record_attempt(exercise.id, "passed", 3.0, 1, 1)
    (learner.workspace.root / "notes").mkdir()
    (learner.workspace.root / "notes" / f"{node.id}.md").write_text(NOTE)
    return learner, runs, node, exercise


def every_text(folder: Path) -> str:
    return "\n".join(path.read_text(errors="replace") for path in folder.rglob("*")
                     if path.is_file() and path.suffix != ".db")


def test_the_export_holds_the_pages_reports_and_stylesheet(tmp_path, setup):
    learner, runs, node, _ = setup
    out = tmp_path / "site"
    done = export_portfolio(learner, out, runs)
    assert (done.projects, done.runs, done.notes, done.private) == (1, 1, 1, False)
    for name in ("index.html", "projects.html", "runs.html", "notes.html", "style.css", MARKER):
        assert (out / name).is_file(), name
    report = out / "reports" / "lab~count-lines~2024-01-01_10-00-00"
    assert (report / "report.html").is_file() and (report / "figures" / "curve.png").is_file()
    assert not (report / "checkpoints").exists()  # only the report and what it references
    assert "SECRET" not in every_text(out) and not list(out.rglob("secret.png"))
    project = (out / "projects.html").read_text()
    assert "66.0%" in project and "silver" in project and "Lempitsky" in project and "50.0%" in project
    assert 'href="reports/project~count-lines~2024-02-01_10-00-00/report.html"' in project
    findings = (out / "runs.html").read_text()
    assert "the CNN &lt;counts&gt;" in findings and "accuracy = 0.81" in findings
    assert "2024-01-02_10-00-00" not in findings  # unfinished
    assert f"1/{len(node.exercises)}" in (out / "index.html").read_text()


def test_links_are_relative_and_no_absolute_path_of_the_machine_is_left(tmp_path, setup):
    learner, runs, _, _ = setup
    out = tmp_path / "site"
    export_portfolio(learner, out, runs)
    text = every_text(out)
    assert str(tmp_path) not in text and str(learner.workspace.root) not in text
    links = re.findall(r'(?:href|src)="([^"]+)"', text)
    assert links and not [link for link in links if link.startswith(("/", "http:", "https:", "file:"))]


def test_no_private_data_without_private(tmp_path, setup):
    learner, runs, _, exercise = setup
    out = tmp_path / "site"
    export_portfolio(learner, out, runs)
    assert not list(out.rglob("*.db")) and not (out / "private").exists()
    assert 'id="attempts"' not in every_text(out)


def test_private_adds_the_attempts_and_the_progress_database(tmp_path, setup):
    learner, runs, _, exercise = setup
    out = tmp_path / "site"
    export_portfolio(learner, out, runs, private=True)
    assert (out / "private" / "progress.db").stat().st_size > 0
    attempts = (out / "private" / "attempts.html").read_text()
    assert 'id="attempts"' in attempts and exercise.id in attempts and str(learner.workspace.root) in attempts
    assert 'href="private/attempts.html"' in (out / "index.html").read_text()


def test_learner_notes_are_escaped(tmp_path, setup):
    learner, runs, node, _ = setup
    export_portfolio(learner, tmp_path / "site", runs)
    page = (tmp_path / "site" / "notes.html").read_text()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; notes" in page and "<script>" not in page


def test_an_unrelated_non_empty_folder_is_never_overwritten(tmp_path, setup):
    learner, runs, _, _ = setup
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("precious")
    with pytest.raises(DeeprootsError, match="not empty and is not a previous portfolio export"):
        export_portfolio(learner, out, runs)
    assert [path.name for path in out.iterdir()] == ["thesis.tex"]


def test_a_previous_export_is_replaced(tmp_path, setup):
    learner, runs, _, _ = setup
    out = tmp_path / "site"
    export_portfolio(learner, out, runs, private=True)
    export_portfolio(learner, out, runs)
    assert not (out / "private").exists() and (out / "index.html").is_file()


def test_the_command_writes_the_site_and_refuses_in_one_line(tmp_path, setup, monkeypatch):
    learner, runs, _, _ = setup
    runner = CliRunner()
    result = runner.invoke(cli_app, ["-w", str(learner.workspace.root), "portfolio", "export",
                                     str(tmp_path / "site"), "--runs", str(runs)])
    assert result.exit_code == 0, result.output
    assert "portfolio written" in result.output and (tmp_path / "site" / "index.html").is_file()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x").write_text("x")
    refused = runner.invoke(cli_app, ["-w", str(learner.workspace.root), "portfolio", "export", str(tmp_path / "other")])
    assert isinstance(refused.exception, DeeprootsError) and "not a previous portfolio export" in str(refused.exception)
