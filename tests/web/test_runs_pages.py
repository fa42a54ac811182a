"""The runs pages through the test client: the table (sort, filter), a run's page, its report (served
with a CSP, never a file outside the run), two runs side by side, clear error pages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from deeproots.app.learner import Learner
from deeproots.web.app import create_app

LAB = "lab~count-lines~2024-01-01_10-00-00"
LAB2 = "lab~count-lines~2024-01-02_10-00-00"
RL = "rl~ppo-CartPole-v1~2024-01-03_10-00-00"


def write_run(folder: Path, params: dict | None, metrics: dict | None, wall: float = 2.0) -> Path:
    folder.mkdir(parents=True)
    if params is not None:
        (folder / "params.json").write_text(json.dumps({"experiment": folder.parent.name, "params": params}))
    if metrics is not None:
        (folder / "metrics.json").write_text(json.dumps({"title": "Count <lines>", "wall_time_s": wall,
                                                         "metrics": metrics, "params": params or {}}))
        (folder / "figures").mkdir()
        (folder / "figures" / "curve.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
        (folder / "report.html").write_text('<h1>Report</h1><img src="figures/curve.png">')
    return folder


@pytest.fixture
def tree(tmp_path) -> Path:
    runs = tmp_path / "runs"
    write_run(runs / "count-lines" / "2024-01-01_10-00-00", {"lr": 0.1, "epochs": 5},
              {"accuracy": 0.9, "verdict": "counts <b>well</b>"}, wall=3.0)
    write_run(runs / "count-lines" / "2024-01-02_10-00-00", {"lr": 0.01, "epochs": 5},
              {"accuracy": 0.5, "loss": 1.0, "verdict": "not yet"}, wall=9.0)
    rl = write_run(runs / "rl" / "ppo-CartPole-v1" / "2024-01-03_10-00-00", {"seed": 0}, None)
    (rl / "params.json").write_text(json.dumps({"algorithm": "ppo", "env_id": "CartPole-v1", "params": {"seed": 0}}))
    (tmp_path / "secret.txt").write_text("SECRET")
    return runs


@pytest.fixture
def client(tmp_path, tree, monkeypatch) -> TestClient:
    monkeypatch.delenv("DEEPROOTS_WORKSPACE", raising=False)
    app = create_app(Learner.open(tmp_path / "ws", create=True), tree, token="T")
    client = TestClient(app, base_url="http://127.0.0.1:8765")
    client.get("/?token=T")
    return client


def row_ids(html: str) -> list[str]:
    return re.findall(r'<tr data-id="([^"]+)"', html)


def test_the_table_lists_every_run_with_a_link_to_its_page(client):
    page = client.get("/runs")
    assert page.status_code == 200 and 'id="runs"' in page.text
    assert row_ids(page.text) == [RL, LAB2, LAB]
    assert f'<a class="run-link" href="/runs/{LAB}">' in page.text
    assert "counts &lt;b&gt;well&lt;/b&gt;" in page.text  # a verdict is text, never markup


def test_sorting_by_a_metric_ascending_and_descending(client):
    assert row_ids(client.get("/runs?sort=accuracy&order=asc").text) == [LAB2, LAB, RL]
    assert row_ids(client.get("/runs?sort=accuracy&order=desc").text) == [LAB, LAB2, RL]  # no value: last


def test_filtering_by_track(client):
    assert row_ids(client.get("/runs?track=rl").text) == [RL]


def test_a_bad_sort_column_is_a_clear_400_page(client):
    page = client.get("/runs?sort=nonsense")
    assert page.status_code == 400 and "cannot sort by &#39;nonsense&#39;" in page.text
    assert "Traceback" not in page.text
    assert client.get("/runs?sort=accuracy&order=sideways").status_code == 400
    assert client.get("/runs?track=chess").status_code == 400


def test_the_run_page_shows_verdict_params_metrics_and_the_report_link(client):
    page = client.get(f"/runs/{LAB}")
    assert page.status_code == 200
    assert "counts &lt;b&gt;well&lt;/b&gt;" in page.text and "Count &lt;lines&gt;" in page.text
    assert "<td>lr</td><td>0.1</td>" in page.text and "<td>accuracy</td><td>0.9</td>" in page.text
    assert f'<a id="report-link" href="/runs/{LAB}/files/report.html">' in page.text


def test_an_unfinished_run_shows_how_to_resume_it(client, tree):
    page = client.get(f"/runs/{RL}")
    assert 'id="report-link"' not in page.text and "unfinished" in page.text
    folder = tree / "rl" / "ppo-CartPole-v1" / "2024-01-03_10-00-00"
    assert f'<code>deeproots rl train ppo --env CartPole-v1 --resume {folder}</code>' in page.text


def test_an_unknown_run_is_a_clear_404(client):
    page = client.get("/runs/lab~nope~1")
    assert page.status_code == 404 and "no run with id" in page.text


def test_the_report_and_its_figures_are_served_with_a_restrictive_csp(client):
    report = client.get(f"/runs/{LAB}/files/report.html")
    assert report.status_code == 200 and "<h1>Report</h1>" in report.text
    policy = report.headers["content-security-policy"]
    assert "script-src 'none'" in policy and "default-src 'self' data:" in policy
    assert report.headers["x-content-type-options"] == "nosniff"
    figure = client.get(f"/runs/{LAB}/files/figures/curve.png")
    assert figure.status_code == 200 and figure.headers["content-type"] == "image/png"


@pytest.mark.parametrize("path, status", [
    ("%2e%2e/%2e%2e/%2e%2e/secret.txt", 400),
    ("figures/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.txt", 400),
    ("..%2f..%2f..%2fsecret.txt", 400),
    ("%2Fetc%2Fpasswd", 400),
    ("/etc/passwd", 400),
    ("report.html%00.png", 400),
    ("missing.html", 404),
    ("figures", 404),
    ("params.py", 404),
])
def test_file_routes_never_leave_the_run_folder(client, path, status):
    page = client.get(f"/runs/{LAB}/files/{path}")
    assert page.status_code == status, page.text
    assert "SECRET" not in page.text and "root:" not in page.text


def test_a_symlink_pointing_outside_the_run_is_not_followed(client, tree):
    folder = tree / "count-lines" / "2024-01-01_10-00-00"
    (folder / "leak.txt").symlink_to(tree.parent / "secret.txt")
    (folder / "figures" / "up").symlink_to(tree.parent, target_is_directory=True)
    assert client.get(f"/runs/{LAB}/files/leak.txt").status_code == 404
    assert client.get(f"/runs/{LAB}/files/figures/up/secret.txt").status_code == 404


def test_compare_aligns_params_and_metrics_and_highlights_differences(client):
    page = client.get(f"/runs/compare?a={LAB}&b={LAB2}")
    assert page.status_code == 200
    rows = re.findall(r"<tr( class=\"differs\"[^>]*)?>\s*<td>([^<]+)</td>", page.text)
    marked = {name: bool(flag) for flag, name in rows}
    assert marked["lr"] and marked["accuracy"] and marked["loss"] and not marked["epochs"]
    assert "-0.4" in page.text and "(absent)" in page.text


def test_compare_with_an_unknown_or_missing_id_is_a_clear_error(client):
    page = client.get(f"/runs/compare?a={LAB}&b=lab~gone~1")
    assert page.status_code == 404 and "no run b with id" in page.text
    assert client.get("/runs/compare?a=" + LAB).status_code == 404


def test_project_evaluations_are_listed_with_their_report(tmp_path, tree, monkeypatch):
    learner = Learner.open(tmp_path / "ws", create=True)
    folder = write_run(learner.workspace.root / "projects" / "count-lines" / "runs" / "evaluations" /
                       "2024-03-01_10-00-00", None, {"accuracy": 0.66})
    learner.progress.record_project_run("count-lines", "full", "scored", 0.66, "silver", 30.0,
                                        str(folder / "report.html"), "")
    client = TestClient(create_app(learner, tree, token="T"), base_url="http://127.0.0.1:8765")
    client.get("/?token=T")
    ident = "project~count-lines~2024-03-01_10-00-00"
    assert ident in row_ids(client.get("/runs?track=project").text)
    assert "silver" in client.get(f"/runs/{ident}").text
    assert client.get(f"/runs/{ident}/files/report.html").status_code == 200
