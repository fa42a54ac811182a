"""The texture-vs-shape experiment end to end on a tiny budget: files, metric keys, verdict, determinism,
bad input; and the cue-decision metric checked by hand."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

import deeproots.lab.experiments
from deeproots.errors import DeeprootsError
from deeproots.lab.experiments import texture_shape
from deeproots.lab.run import run_experiment

# 120 training images per model, 36 per test set, one epoch each, a 4-channel network.
TINY = {"n_train": 120, "n_test": 36, "plain_epochs": 1, "stylised_epochs": 1, "width": 4, "gallery_size": 3}


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setitem(deeproots.lab.experiments.EXPERIMENTS, "texture-vs-shape", "deeproots.lab.experiments.texture_shape")


def test_runs_writes_report_and_is_deterministic(tmp_path):
    first, path = run_experiment("texture-vs-shape", quick=True, root=tmp_path / "a", overrides=TINY)
    assert path.name == "report.html" and path.is_file()
    record = json.loads((path.parent / "metrics.json").read_text(encoding="utf-8"))
    for _what, _published, key, _citation in texture_shape.PUBLISHED:
        assert key in record["metrics"]
    for key in ("plain_shape_bias", "stylised_shape_bias", "plain_neither_frac", "plain_consistent_acc",
                "stylised_stylised_acc", "local_stylised_shape_bias", "shape_bias_gain"):
        value = record["metrics"][key]
        assert value is None or math.isnan(value) or -1.0 <= value <= 1.0
    assert isinstance(first.verdict, str) and first.verdict.strip()
    assert record["metrics"]["verdict"] == first.verdict
    html = path.read_text(encoding="utf-8")
    assert "Published numbers beside ours" in html and "Cue-conflict gallery" in html

    second, _ = run_experiment("texture-vs-shape", quick=True, root=tmp_path / "b", overrides=TINY)
    assert second.metrics == pytest.approx(first.metrics, nan_ok=True)
    assert second.verdict == first.verdict


@pytest.mark.parametrize("overrides", [
    {"no_such_parameter": 1},
    {"n_classes": 7},
    {"image_size": 16},
    {"n_train": 0},
    {"plain_epochs": 0},
    {"lr": 2.0},
    {"local_model": "yes"},
])
def test_bad_overrides_are_a_deeproots_error_and_leave_no_folder(tmp_path, overrides):
    with pytest.raises(DeeprootsError):
        run_experiment("texture-vs-shape", quick=True, root=tmp_path, overrides={**TINY, **overrides})
    assert not list(tmp_path.rglob("params.json"))


def test_cue_decisions_by_hand():
    shapes = np.array([0, 1, 2, 3, 0])
    textures = np.array([1, 2, 3, 0, 2])
    pred = np.array([0, 2, 1, 3, 2])  # shape, texture, neither, shape, texture
    result = texture_shape.cue_decisions(pred, shapes, textures)
    assert result["shape_frac"] == pytest.approx(2 / 5)
    assert result["texture_frac"] == pytest.approx(2 / 5)
    assert result["neither_frac"] == pytest.approx(1 / 5)
    assert result["shape_bias"] == pytest.approx(2 / 4)  # neither is not counted
    assert math.isnan(texture_shape.cue_decisions(np.array([2]), np.array([0]), np.array([1]))["shape_bias"])


@pytest.mark.parametrize("size", [24, 32, 64])
def test_every_allowed_image_size_makes_valid_data_configs(size):
    configs = texture_shape.check(texture_shape.Params(image_size=size))
    assert set(configs) == {"train", "cue-conflict", "stylised"}
