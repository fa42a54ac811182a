"""`deeproots lab show / list / run` as a learner uses them (errors are one line)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from deeproots.lab.datasets import DATASETS
from deeproots.report.png import is_png


def lab(cwd, *args):
    env = dict(os.environ, COLUMNS="120")
    return subprocess.run([sys.executable, "-m", "deeproots", "lab", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=300)


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_show_writes_a_png_grid_of_samples(tmp_path, dataset):
    result = lab(tmp_path, "show", dataset, "--n", "6", "--out", "grid.png")
    assert result.returncode == 0, result.stderr
    assert is_png((tmp_path / "grid.png").read_bytes())


@pytest.mark.parametrize("args, message", [
    (["show", "spirals"], "no data set 'spirals'"),
    (["show", "lines", "--n", "0"], "--n must be between 1 and 1024"),
    (["run", "count-sheep"], "no experiment 'count-sheep'"),
    (["run", "coordconv", "--set", "epochs"], "write name=value"),
])
def test_bad_input_is_one_line(tmp_path, args, message):
    result = lab(tmp_path, *args)
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_list_names_experiments_and_data_sets(tmp_path):
    result = lab(tmp_path, "list")
    assert result.returncode == 0 and "count-lines" in result.stdout and "sort-of-clevr" in result.stdout


def test_a_run_refused_for_bad_parameters_leaves_no_empty_run_folder(tmp_path):
    from deeproots.errors import DeeprootsError
    from deeproots.lab.run import run_experiment

    with pytest.raises(DeeprootsError):
        run_experiment("coordconv", quick=True, root=tmp_path, overrides={"image_size": 24})
    assert not list(tmp_path.glob("coordconv/*"))


def test_texture_shape_samples_are_captioned_with_class_names():
    from deeproots.lab.datasets.texture_shape import SHAPES, TEXTURES
    from deeproots.lab.datasets import samples as dataset_samples

    _, labels = dataset_samples("texture-shape", n=6)
    for label in labels:
        shape, texture = label.split("\n")
        assert shape.removeprefix("shape: ") in SHAPES and texture.removeprefix("texture: ") in TEXTURES, label
