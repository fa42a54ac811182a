"""A tiny count-lines sweep on both backends (a real local Ray cluster, 2 CPUs): the same cells, the same
numbers, the same aggregate; `lab list` shows a sweep whose driver is still running."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from deeproots.lab.sweep import run_sweep

ray = pytest.importorskip("ray", reason="the Ray backend needs ray (pip install 'deeproots[ray]')")

# The smallest count-lines that still trains (tests/lab/test_count_lines.py's TINY).
TINY = {"n_train": 64, "n_test_per_count": 4, "epochs": 1, "vit_dim": 8, "vit_layers": 1, "batch_size": 64,
        "gallery_size": 2, "models": ("cnn-fc",), "heads": ("regression",), "extra_units": ()}
GRID = {"width": [2, 3]}


@pytest.fixture(scope="module")
def cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def cell_metrics(folder):
    return {path.parent.name: json.loads(path.read_text(encoding="utf-8"))["metrics"]
            for path in sorted(folder.glob("cells/*/metrics.json"))}


def test_both_backends_give_the_same_cells_and_aggregate(tmp_path, cluster):
    local, local_report = run_sweep("count-lines", GRID, [0], root=tmp_path / "local", overrides=TINY)
    on_ray, ray_report = run_sweep("count-lines", GRID, [0], root=tmp_path / "ray", overrides=TINY, backend="ray")
    local_cells, ray_cells = cell_metrics(local_report.parent), cell_metrics(ray_report.parent)
    assert sorted(local_cells) == ["width=2,seed=0", "width=3,seed=0"] and sorted(ray_cells) == sorted(local_cells)
    for name in local_cells:
        assert ray_cells[name] == local_cells[name], f"{name}: the Ray cell's metrics differ from the local one's"
    assert on_ray["points"] == local["points"]
    assert on_ray["verdict"] == local["verdict"]
    for folder, backend in ((local_report.parent, "local"), (ray_report.parent, "ray")):
        assert json.loads((folder / "sweep.json").read_text())["backend"] == backend
        assert not (folder / "running.json").exists(), "running.json goes when the sweep ends"
        assert not list(folder.glob("cells/*/progress.json"))


def test_lab_list_shows_a_running_sweep(tmp_path):
    folder = tmp_path / "count-lines-sweep" / "2026-01-01T00-00-00"
    (folder / "cells" / "width=2,seed=0").mkdir(parents=True)
    (folder / "cells" / "width=2,seed=0" / "metrics.json").write_text('{"metrics": {}}')
    (folder / "sweep.json").write_text(json.dumps({"experiment": "count-lines", "preset": "quick",
                                                   "grid": GRID, "seeds": [0, 1], "backend": "ray"}))
    (folder / "running.json").write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                                     "backend": "ray", "started": "2026-01-01T00:00:00"}))
    env = dict(os.environ, COLUMNS="160")
    result = subprocess.run([sys.executable, "-m", "deeproots", "lab", "list", "--out", str(tmp_path)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "running (1/4 cells done)" in result.stdout
    (folder / "running.json").write_text(json.dumps({"pid": 2 ** 22 + 12345, "host": socket.gethostname()}))
    result = subprocess.run([sys.executable, "-m", "deeproots", "lab", "list", "--out", str(tmp_path)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert "unfinished" in result.stdout and "running (" not in result.stdout, "a dead driver's sweep is unfinished"


def test_lab_sweep_bad_backend_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "deeproots", "lab", "sweep", "count-lines", "--backend", "gpu"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "--backend must be 'local' or 'ray'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("asked", [{"quick": False},  # a FULL cell needs a GPU: refused here (no CUDA)
                                   {"backend": "ray", "address": "127.0.0.1:1"}])  # nobody answers there
def test_a_sweep_refused_before_any_cell_worked_leaves_no_folder(tmp_path, asked):
    import torch

    from deeproots.errors import DeeprootsError

    if not asked.get("quick", True) and torch.cuda.is_available():
        pytest.skip("this machine has a GPU: the FULL cell would run")
    with pytest.raises(DeeprootsError):
        run_sweep("count-lines", {"width": [2]}, [0], root=tmp_path, overrides=TINY, **asked)
    assert list(tmp_path.rglob("sweep.json")) == []
