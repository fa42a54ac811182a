"""Many seeds of one RL run (``rl train ppo --seeds 0,1``): a group of ordinary run folders and a
summary whose mean ± std are numpy's over the seeds; resume; the same group on a real Ray cluster."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from deeproots.cli import app
from deeproots.errors import DeeprootsError
from deeproots.rl.seeds import train_seeds
from deeproots.runs.overrides import parse_seeds

# PPO on a tiny budget (tests/rl/test_deep.py's TINY): seconds per seed, every code path
TINY = {"total_timesteps": 256, "n_envs": 2, "n_steps": 32, "batch_size": 32, "n_epochs": 2}
TIMING = {"train_wall_time_s", "steps_per_s"}  # wall-clock metrics: they differ between any two runs


def _metrics(folder: Path) -> dict:
    return json.loads((folder / "metrics.json").read_text())["metrics"]


def _group(tmp_path, backend="local", **kwargs):
    return train_seeds("ppo", [0, 1], preset="smoke", overrides=TINY, root=tmp_path, backend=backend,
                       eval_episodes=2, **kwargs)


def _numeric(metrics: dict) -> dict:
    return {key: value for key, value in metrics.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value is not None}


def _without_timing(metrics: dict) -> dict:
    return {key: value for key, value in _numeric(metrics).items() if key not in TIMING}


@pytest.fixture(scope="module")
def group(tmp_path_factory) -> Path:
    return _group(tmp_path_factory.mktemp("local"))[1]


def test_a_group_is_a_folder_of_ordinary_runs_and_a_summary(group):
    assert group.parent.name == "ppo-CartPole-v1-seeds" and group.parent.parent.name == "rl"
    record = json.loads((group / "seeds.json").read_text())
    assert (record["algorithm"], record["env_id"], record["preset"], record["seeds"], record["backend"]) == \
        ("ppo", "CartPole-v1", "smoke", [0, 1], "local")
    assert record["overrides"] == TINY
    for seed in (0, 1):
        cell = group / "cells" / f"seed={seed}"
        params = json.loads((cell / "params.json").read_text())
        assert params["algorithm"] == "ppo" and params["params"]["seed"] == seed  # what `rl train` writes first
        assert (cell / "report.html").exists() and (cell / "checkpoint.pt").exists()
        assert _metrics(cell)["env_steps"] == 256
    assert (group / "report.html").exists() and (group / "learning-curves.png").exists()


def test_the_summary_is_numpys_mean_and_sample_std_over_seeds(group):
    per_seed = [_numeric(_metrics(group / "cells" / f"seed={seed}")) for seed in (0, 1)]
    summary = _metrics(group)["summary"]
    for key in per_seed[0]:
        values = np.array([metrics[key] for metrics in per_seed], dtype=float)
        assert summary[key]["mean"] == pytest.approx(values.mean()), key
        assert summary[key]["std"] == pytest.approx(values.std(ddof=1)), key
        assert summary[key]["n"] == 2
    assert "± " in _metrics(group)["verdict"]


def test_resume_skips_a_finished_seed_and_finishes_the_other(group, tmp_path):
    copy = tmp_path / "rl" / group.parent.name / group.name
    shutil.copytree(group, copy)
    (copy / "metrics.json").unlink()  # the group was interrupted: no summary
    (copy / "report.html").unlink()
    unfinished = copy / "cells" / "seed=1"
    for name in ("metrics.json", "report.html"):  # seed 1 stopped after its last checkpoint
        (unfinished / name).unlink()
    finished_before = (copy / "cells" / "seed=0" / "metrics.json").read_text()
    summary, folder = train_seeds("ppo", resume=copy)
    assert folder == copy and (copy / "cells" / "seed=0" / "metrics.json").read_text() == finished_before
    assert _metrics(unfinished)["env_steps"] == 256  # finished from its checkpoint
    returns = [_metrics(copy / "cells" / f"seed={seed}")["eval_mean_return"] for seed in (0, 1)]
    assert summary["summary"]["eval_mean_return"]["mean"] == pytest.approx(np.mean(returns))
    with pytest.raises(DeeprootsError, match="finished"):
        train_seeds("ppo", resume=copy)


def test_the_cli_trains_each_seed_and_prints_the_summary(tmp_path):
    args = ["rl", "train", "ppo", "--smoke", "--seeds", "0,1", "--out", str(tmp_path),
            *(arg for key, value in TINY.items() for arg in ("--set", f"{key}={value}"))]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "over seeds 0, 1" in result.output and "report:" in result.output
    [group] = (tmp_path / "rl" / "ppo-CartPole-v1-seeds").iterdir()
    assert sorted(p.name for p in (group / "cells").iterdir()) == ["seed=0", "seed=1"]


@pytest.mark.parametrize("args, says", [
    (["--seeds", "0,x"], "--seeds takes comma-separated integers"),
    (["--seeds", "1,1"], "repeats a seed"),
    (["--seeds", "0,1", "--backend", "gpu"], "--backend must be"),
    (["--seeds", "0,1", "--address", "1.2.3.4:6379"], "--address"),
    (["--backend", "ray"], "add --seeds"),
    (["--seeds", "0,1", "--set", "seed=3"], "not --set seed"),
])
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, args, says):
    result = CliRunner().invoke(app, ["rl", "train", "ppo", "--smoke", "--out", str(tmp_path), *args])
    # `deeproots` (cli.main) prints a DeeprootsError as its one line: "error: ..."
    assert isinstance(result.exception, DeeprootsError), result.output
    assert says in str(result.exception) and "\n" not in str(result.exception)
    assert not (tmp_path / "rl").exists()


def test_parse_seeds():
    assert parse_seeds("0, 1,2") == [0, 1, 2]
    with pytest.raises(DeeprootsError, match="non-negative"):
        parse_seeds("-1")


def test_the_ray_backend_gives_the_same_seeds_and_summary(group, tmp_path):
    ray = pytest.importorskip("ray", reason="ray is not installed")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        summary, folder = _group(tmp_path, backend="ray")
    finally:
        ray.shutdown()
    assert json.loads((folder / "seeds.json").read_text())["backend"] == "ray"
    for seed in (0, 1):
        assert _without_timing(_metrics(folder / "cells" / f"seed={seed}")) == \
            _without_timing(_metrics(group / "cells" / f"seed={seed}"))
    local = _metrics(group)["summary"]
    assert {key: value for key, value in summary["summary"].items() if key not in TIMING} == \
        {key: value for key, value in local.items() if key not in TIMING}
