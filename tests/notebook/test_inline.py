"""Lab, RL, research and project runs display inline in Jupyter (``_repr_html_``): verdict,
key metrics, a link to the report and the report itself; every value escaped."""
from __future__ import annotations

import html
from pathlib import Path

import pytest

from deeproots.app.projects import ProjectRun
from deeproots.lab.outcome import Outcome
from deeproots.projects.catalog import projects
from deeproots.report import Report, RunFolder
from deeproots.report.inline import RunResult, key_metrics

EVIL = "<img src=x onerror=alert(1)>"


def written_report(tmp_path: Path) -> Path:
    report = Report(f"title {EVIL}")
    report.text("hello")
    report.metrics({"accuracy": 0.98765, "verdict": EVIL})
    return report.write(RunFolder.create(tmp_path / "runs", "demo"))


def test_a_run_result_is_still_the_pair_it_was():
    result = RunResult({"verdict": "ok"}, Path("runs/x/1/report.html"))
    metrics, path = result
    assert isinstance(result, tuple) and metrics == {"verdict": "ok"} and path == Path("runs/x/1/report.html")


def test_a_run_shows_verdict_metrics_link_and_the_embedded_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = written_report(tmp_path)
    page = RunResult({"verdict": EVIL, "accuracy": 0.98765, "curve": [1, 2, 3]}, report.parent)._repr_html_()
    assert EVIL not in page and html.escape(EVIL) in page
    assert "<th style=\"text-align: left\">accuracy</th><td>0.9877</td>" in page and "curve" not in page
    assert f'href="{report.relative_to(tmp_path).as_posix()}"' in page
    assert "<iframe srcdoc=" in page and "title &amp;lt;img" in page  # the page, escaped twice inside srcdoc


def test_key_metrics_skip_the_verdict_and_non_scalars():
    assert key_metrics({"verdict": "v", "a": 1, "b": [1], "c": float("nan"), "d": True}) == [
        ("a", "1"), ("c", "nan"), ("d", "True")]


def test_an_outcome_and_a_report_display_themselves():
    assert html.escape(EVIL) in Outcome({"loss": 0.5}, EVIL)._repr_html_()
    report = Report(EVIL)
    assert "<iframe srcdoc=" in report._repr_html_() and EVIL not in report._repr_html_()


def test_a_project_run_shows_its_verdict_tier_and_report(tmp_path):
    project = next(iter(projects()))
    run = ProjectRun(project, quick=True, status="not-scored", problem=f"training crashed {EVIL}",
                     report=written_report(tmp_path))
    page = run._repr_html_()
    assert html.escape(EVIL) in page and EVIL not in page
    assert "below bronze" in page and "report-link" in page


def test_a_lab_run_returns_a_displayable_result(tmp_path):
    from deeproots.lab.run import run_experiment

    result = run_experiment("count-lines", quick=True, root=tmp_path, overrides={
        "n_train": 64, "n_test_per_count": 4, "epochs": 1, "width": 2, "vit_dim": 8, "vit_layers": 1})
    outcome, report = result
    page = result._repr_html_()
    assert html.escape(outcome.verdict) in page and "report-link" in page and report.is_file()


def test_an_rl_run_returns_a_displayable_result(tmp_path):
    pytest.importorskip("gymnasium")
    from deeproots.rl.train import train

    result = train("bc", "CartPole-v1", preset="smoke", root=tmp_path, eval_episodes=2)
    metrics, folder = result
    page = result._repr_html_()
    assert html.escape(metrics["verdict"]) in page and "eval_mean_return" in page and folder.is_dir()


def test_a_research_run_returns_a_displayable_result(tmp_path):
    from deeproots.research.eeg import run

    tiny = run.RunParams(synthetic_minutes=5.0, synthetic_channels=("F7", "F8", "T3", "T4", "C3", "C4"),
                         synthetic_fs=128.0, seizures_per_hour=30.0, siena_span=(700.0, 1500.0),
                         siena_train_end=1050.0, mp_reference_seconds=60.0, vae_epochs=2, n_boot=100)
    result = run.run_eeg(root=tmp_path / "runs", params=tiny)
    metrics, report = result
    assert html.escape(metrics["verdict"]) in result._repr_html_() and report.is_file()
