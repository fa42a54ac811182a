"""`project run ID --seeds 0,1`: one judged, recorded and reported evaluation per training seed (the
seed reaches the learner's train(); the hidden data stay the grader's), and the score's mean ± std."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from deeproots.app.project_seeds import _record, run_seeds
from deeproots.app.projects import signature
from deeproots.errors import DeeprootsError
from deeproots.projects.catalog import projects

COUNT_LINES = projects().get("count-lines")

# A learner's count-lines file that trains almost nothing and says its own training seed mod 5, plus 1:
# fast, scored, and each seed gives a different score, so the summary has a spread.
SAYS_ITS_SEED = """
import numpy as np

def train(ctx):
    images, counts = ctx.kit.training_batch(ctx, 8)
    ctx.log(mean_count=float(counts.mean()))
    return {"answer": np.array(float(ctx.seed % 5 + 1))}

def load(state):
    return float(state["answer"])

def predict(model, images):
    return np.full(len(images), model)
"""


def _metrics(folder):
    return json.loads((folder / "metrics.json").read_text())


def _check_group(desk, group, seeds):
    assert [run.status for run in group.runs] == ["scored"] * len(seeds)
    record = json.loads((group.folder / "seeds.json").read_text())
    assert (record["project"], record["quick"], record["seeds"]) == ("count-lines", True, seeds)
    assert (group.folder / "project.py").read_text() == SAYS_ITS_SEED  # the file every seed trained
    for seed, run in zip(seeds, group.runs):
        cell = group.folder / "cells" / f"seed={seed}"
        assert run.report == cell / "report.html" and run.report.exists() and (cell / "model.npz").exists()
        written = _metrics(cell)
        assert written["params"]["seed (training)"] == seed  # the seed the learner's train() got
        assert written["metrics"]["your_accuracy"] == pytest.approx(run.score)
        assert not (cell / ".checkpoint").exists()  # finished: nothing left to resume
    rows = desk.progress.project_runs("count-lines")
    assert sorted(row["report"] for row in rows) == sorted(str(run.report) for run in group.runs)
    assert {(row["budget"], row["status"], row["tier"]) for row in rows} == {("quick", "scored", "")}
    scores = np.array([run.score for run in group.runs])
    stats = _metrics(group.folder)["metrics"]["summary"]["score"]
    assert stats["mean"] == pytest.approx(scores.mean())
    assert stats["std"] == (pytest.approx(scores.std(ddof=1)) if len(seeds) > 1 else 0.0)
    assert stats["n"] == len(seeds) and "±" in group.verdict and group.report == group.folder / "report.html"


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """One group of two seeds on the local backend, in its own workspace: (desk, group)."""
    from deeproots.app.learner import Learner

    desk = Learner.open(tmp_path_factory.mktemp("local") / "workspace", create=True).projects
    desk.ensure(COUNT_LINES).write_text(SAYS_ITS_SEED)
    return desk, run_seeds(desk, COUNT_LINES, [0, 1], quick=True)


def test_two_seeds_are_two_recorded_runs_and_a_summary(local):
    desk, group = local
    _check_group(desk, group, [0, 1])
    assert desk.standing(COUNT_LINES).best_score is None  # quick runs earn no best score, as ever


def test_an_interrupted_group_resumes_only_its_unfinished_seed(local):
    desk, group = local  # (changes the module's group: this test comes after the one that checks it)
    (group.folder / "metrics.json").unlink()  # as if Ctrl-C came before the summary
    (group.folder / "cells" / "seed=1" / "metrics.json").unlink()  # and seed 1 never finished
    finished = (group.folder / "cells" / "seed=0" / "metrics.json").read_text()
    rows = desk.progress.project_runs("count-lines")
    with pytest.raises(DeeprootsError, match="no unfinished"):
        run_seeds(desk, projects().get("easy21"), None, resume=True)
    again = run_seeds(desk, COUNT_LINES, None, resume=True)
    assert again.folder == group.folder and (group.folder / "metrics.json").exists()
    assert (group.folder / "cells" / "seed=0" / "metrics.json").read_text() == finished  # not run again
    assert (group.folder / "cells" / "seed=1" / "metrics.json").exists()
    assert [run.status for run in again.runs] == ["scored", "scored"]
    assert desk.progress.project_runs("count-lines") == rows  # each seed's folder is recorded once


def test_a_record_not_signed_by_this_grader_is_never_recorded(learner, tmp_path):
    # the learner's code can write files: a metrics.json it forged in a seed's folder must not count
    desk = learner.projects
    cell = tmp_path / "cells" / "seed=0"
    cell.mkdir(parents=True)
    (cell / "params.json").write_text(json.dumps({"project": "count-lines", "quick": False, "seed": 0}))
    forged = {"status": "scored", "score": 1.0, "tier": "gold", "training_status": "finished", "problem": "",
              "seconds": 1.0, "seed": 0}
    key = b"k" * 32
    for run in (forged, {**forged, "signature": "0" * 64}, {**forged, "signature": signature(b"x" * 32, forged)}):
        (cell / "metrics.json").write_text(json.dumps({"metrics": {"run": run}}))
        assert _record(desk, COUNT_LINES, cell, key) is False
    assert desk.progress.project_runs("count-lines") == []
    (cell / "metrics.json").write_text(json.dumps({"metrics": {"run": {**forged, "signature": signature(key, forged)}}}))
    assert _record(desk, COUNT_LINES, cell, key) is True  # the grader's own record: a new best, gold
    assert [(row["score"], row["tier"]) for row in desk.progress.project_runs("count-lines")] == [(1.0, "gold")]


def test_bad_input_is_one_line(learner):
    with pytest.raises(DeeprootsError, match="repeats a seed"):
        run_seeds(learner.projects, COUNT_LINES, [1, 1], quick=True)
    with pytest.raises(DeeprootsError, match="--backend"):
        run_seeds(learner.projects, COUNT_LINES, [0, 1], quick=True, backend="gpu")
    with pytest.raises(DeeprootsError, match="--address"):
        run_seeds(learner.projects, COUNT_LINES, [0, 1], quick=True, address="127.0.0.1:1")
    assert not (learner.projects.folder(COUNT_LINES) / "seeds").exists()


def _cli(workdir, *args):
    env = dict(os.environ, COLUMNS="200")
    env.pop("DEEPROOTS_WORKSPACE", None)
    return subprocess.run([sys.executable, "-m", "deeproots", "project", "run", "count-lines", *args], cwd=workdir,
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("args, says", [
    (["--seeds", "0,x"], "--seeds takes comma-separated integers"),
    (["--backend", "ray"], "add --seeds"),
])
def test_bad_seeds_on_the_command_line_are_one_line(tmp_path, args, says):
    result = _cli(tmp_path, "--quick", *args)
    assert result.returncode == 2 and says in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_the_cli_prints_each_seed_and_the_summary(tmp_path):
    learner_file = tmp_path / "workspace" / "projects" / "count-lines" / "project.py"
    learner_file.parent.mkdir(parents=True)
    learner_file.write_text(SAYS_ITS_SEED)
    result = _cli(tmp_path, "--quick", "--seeds", "3")  # one seed: the command's whole path, at a third the cost
    assert result.returncode == 0, result.stdout + result.stderr
    text = " ".join(result.stdout.split())
    assert "seed 3: scored" in text and "over seeds 3" in text and "±" in text and "report:" in text


def test_the_ray_backend_records_the_same_way(learner):
    ray = pytest.importorskip("ray", reason="ray is not installed")
    desk = learner.projects
    desk.ensure(COUNT_LINES).write_text(SAYS_ITS_SEED)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        group = run_seeds(desk, COUNT_LINES, [4], quick=True, backend="ray")  # one task: the path, at half the cost
    finally:
        ray.shutdown()
    _check_group(desk, group, [4])
    assert json.loads((group.folder / "seeds.json").read_text())["backend"] == "ray"
