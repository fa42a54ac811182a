"""Interrupted runs resume from checkpoints with the same numbers; sweeps over grids and seeds."""
from __future__ import annotations

import json
import pickle

import pytest

from deeproots.errors import DeeprootsError
from deeproots.lab.run import run_experiment, unfinished_runs
from deeproots.lab.sweep import parse_grid, run_sweep

TINY = {"image_size": 16, "square": 3, "deconv_epochs": 4, "coordconv_epochs": 3, "deconv_width": 16,
        "coordconv_width": 8, "eval_every": 1, "gallery_size": 2, "splits": ("uniform",)}


class Interrupt:
    """A progress callback that presses Ctrl-C at its n-th call."""

    def __init__(self, at: int):
        self.at, self.calls = at, 0

    def __call__(self, fraction: float, message: str) -> None:
        self.calls += 1
        if self.calls == self.at:
            raise KeyboardInterrupt


@pytest.mark.parametrize("at", [3, 6])  # inside the first model's training; inside the second's
def test_an_interrupted_run_resumes_to_the_same_numbers(tmp_path, at):
    reference, _ = run_experiment("coordconv", root=tmp_path / "reference", overrides=TINY)
    with pytest.raises(KeyboardInterrupt):
        run_experiment("coordconv", root=tmp_path / "runs", overrides=TINY, progress=Interrupt(at))
    [folder] = unfinished_runs("coordconv", tmp_path / "runs")
    assert list((folder / "checkpoints").iterdir()), "an interrupted run must keep its checkpoints"
    assert not (folder / "metrics.json").exists()
    resumed, report = run_experiment("coordconv", root=tmp_path / "runs", resume=folder)
    assert report.parent == folder and report.is_file()
    assert resumed.metrics == reference.metrics, "resuming must give the numbers of an uninterrupted run"
    # Accuracies are coarse; the training losses of every epoch must match to the last bit too.
    [reference_folder] = (tmp_path / "reference" / "coordconv").iterdir()
    for unit in ("deconv-uniform", "coordconv-uniform"):
        expected = pickle.loads((reference_folder / "checkpoints" / f"{unit}.done.pkl").read_bytes())["curve"]
        got = pickle.loads((folder / "checkpoints" / f"{unit}.done.pkl").read_bytes())["curve"]
        assert got == expected, f"{unit}: resumed history {got} differs from the uninterrupted {expected}"
    assert unfinished_runs("coordconv", tmp_path / "runs") == []


def test_resume_refuses_finished_foreign_and_changed_runs(tmp_path):
    _, report = run_experiment("coordconv", root=tmp_path, overrides=TINY)
    with pytest.raises(DeeprootsError, match="finished"):
        run_experiment("coordconv", root=tmp_path, resume=report.parent)
    with pytest.raises(DeeprootsError, match="not a lab run folder"):
        run_experiment("coordconv", root=tmp_path, resume=tmp_path)
    (report.parent / "metrics.json").unlink()
    with pytest.raises(DeeprootsError, match="not 'count-lines'"):
        run_experiment("count-lines", root=tmp_path, resume=report.parent)
    with pytest.raises(DeeprootsError, match="drop --set"):
        run_experiment("coordconv", root=tmp_path, resume=report.parent, overrides={"deconv_epochs": 9})


def test_bad_parameters_leave_no_run_folder(tmp_path):
    with pytest.raises(DeeprootsError):
        run_experiment("coordconv", root=tmp_path, overrides={**TINY, "square": 4})
    assert not list(tmp_path.glob("coordconv/*"))


def test_parse_grid():
    assert parse_grid(["deconv_epochs=2,3", "coordconv_lr=0.01"]) == {"deconv_epochs": [2, 3], "coordconv_lr": [0.01]}
    for bad in (["deconv_epochs"], ["=1"], ["a=1", "a=2"]):
        with pytest.raises(DeeprootsError):
            parse_grid(bad)


def test_sweep_means_stds_and_resume(tmp_path):
    grid = {"deconv_epochs": [2, 3]}
    with pytest.raises(KeyboardInterrupt):
        run_sweep("coordconv", grid, [0, 1], root=tmp_path, overrides=TINY, progress=Interrupt(12))
    [folder] = list(tmp_path.glob("coordconv-sweep/*"))
    finished_before = sorted(p.parent.name for p in folder.glob("cells/*/metrics.json"))
    assert 0 < len(finished_before) < 4
    summary, report = run_sweep("coordconv", {}, [], root=tmp_path, resume=folder)
    record = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    assert report.is_file() and len(record["metrics"]["cells"]) == 4
    assert len(summary["points"]) == 2
    # Each point's mean and std agree with the cells' own metrics.json.
    for point in summary["points"]:
        values = []
        for seed in (0, 1):
            cell = folder / "cells" / f"deconv_epochs={point['setting']['deconv_epochs']},seed={seed}"
            values.append(json.loads((cell / "metrics.json").read_text())["metrics"]["deconv_uniform_test_acc"])
        stats = point["stats"]["deconv_uniform_test_acc"]
        assert stats["n"] == 2
        assert stats["mean"] == pytest.approx(sum(values) / 2)
        assert stats["std"] == pytest.approx(abs(values[0] - values[1]) / 2 ** 0.5)
    # Identical seeds give identical results: a fresh cell equals the sweep's cell.
    single, _ = run_experiment("coordconv", root=tmp_path / "single", overrides={**TINY, "deconv_epochs": 3, "seed": 1})
    cell = json.loads((folder / "cells" / "deconv_epochs=3,seed=1" / "metrics.json").read_text())["metrics"]
    assert {k: v for k, v in cell.items() if k != "verdict"} == \
        {k: v for k, v in single.metrics.items() if k != "verdict"}


def test_sweep_rejects_bad_grids_before_writing(tmp_path):
    for grid, seeds in (({"deconv_epochs": [2, 0]}, [0]), ({"nope": [1]}, [0]), ({"seed": [1]}, [0]),
                        ({}, [0, 0]), ({}, [-1])):
        with pytest.raises(DeeprootsError):
            run_sweep("coordconv", grid, seeds, root=tmp_path, overrides=TINY)
    assert not tmp_path.joinpath("coordconv-sweep").exists() or not list(tmp_path.glob("coordconv-sweep/*"))
