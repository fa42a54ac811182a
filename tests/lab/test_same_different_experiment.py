"""The same-different experiment end to end on a tiny budget: files, metric keys, verdict, determinism,
bad input; and its helpers (samples-to-target, the one-item-per-channel rendering)."""
from __future__ import annotations

import json

import numpy as np
import pytest

import deeproots.lab.experiments
from deeproots.errors import DeeprootsError
from deeproots.lab.datasets.same_different import SameDifferentConfig, generate
from deeproots.lab.experiments import same_different
from deeproots.lab.run import run_experiment

# Two small boxes, a few hundred samples per unit, evaluated every 100.
TINY = {"box_sizes": (8, 10), "item_size": 2, "per_channel_boxes": (10,), "budget": 200, "eval_every": 100,
        "pool_size": 200, "test_size": 40, "batch_size": 32, "width": 4, "gallery_size": 3}


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setitem(deeproots.lab.experiments.EXPERIMENTS, "same-different", "deeproots.lab.experiments.same_different")


def test_runs_writes_report_and_is_deterministic(tmp_path):
    first, path = run_experiment("same-different", quick=True, root=tmp_path / "a", overrides=TINY)
    assert path.name == "report.html" and path.is_file()
    record = json.loads((path.parent / "metrics.json").read_text(encoding="utf-8"))
    for _what, _published, key, _citation in same_different.PUBLISHED:
        assert key in record["metrics"]
    assert 0 < record["metrics"]["cnn_sd_largest_samples_to_target"] <= TINY["budget"]
    assert 0.0 <= record["metrics"]["per_channel_sd_largest_final_acc"] <= 1.0
    assert record["metrics"]["cnn_sr_box8_reached"] in (0, 1)
    assert isinstance(first.verdict, str) and first.verdict.strip()
    assert record["metrics"]["verdict"] == first.verdict
    html = path.read_text(encoding="utf-8")
    assert "Published numbers beside ours" in html and "How the verdict is reached" in html

    second, _ = run_experiment("same-different", quick=True, root=tmp_path / "b", overrides=TINY)
    assert second.metrics == first.metrics
    assert second.verdict == first.verdict


@pytest.mark.parametrize("overrides", [
    {"no_such_parameter": 1},
    {"box_sizes": (16, 10)},  # not increasing
    {"box_sizes": ()},
    {"item_size": 5},  # two items do not fit in the 8 px box
    {"models": ("coordconv",)},  # the CNN is the reference
    {"per_channel_boxes": (12,)},  # not among box_sizes
    {"budget": 250},  # not a multiple of eval_every
    {"target": 0.4},
    {"lr": 0.0},
])
def test_bad_overrides_are_a_deeproots_error_and_leave_no_folder(tmp_path, overrides):
    with pytest.raises(DeeprootsError):
        run_experiment("same-different", quick=True, root=tmp_path, overrides={**TINY, **overrides})
    assert not any(tmp_path.rglob("params.json"))


def test_samples_to_target_is_the_first_crossing_or_the_budget():
    assert same_different.samples_to_target([100, 200, 300], [0.5, 0.91, 0.95], 0.9, 300) == (200, True)
    assert same_different.samples_to_target([100, 200], [0.5, 0.9], 0.9, 200) == (200, True)  # >= counts
    assert same_different.samples_to_target([100, 200], [0.85, 0.89], 0.9, 500) == (500, False)


def test_items_in_channels_splits_the_image_exactly():
    config = SameDifferentConfig(box_size=12, item_size=3)
    channels, same, sr = same_different.items_in_channels(config, 50, 7)
    batch = generate(config, 50, 7)
    assert channels.shape == (50, 2, 12, 12) and channels.dtype == np.uint8
    np.testing.assert_array_equal(channels.sum(1), batch.images)  # the two channels add up to the image
    np.testing.assert_array_equal(same, batch.same_label)
    np.testing.assert_array_equal(sr, batch.sr_label)
    for i in range(50):  # channel k holds item k at its position
        for k in (0, 1):
            x, y = batch.positions[i, k]
            np.testing.assert_array_equal(channels[i, k, y:y + 3, x:x + 3], batch.patterns[i, k])
            assert channels[i, k].sum() == batch.patterns[i, k].sum()


def test_presets_are_valid():
    assert same_different.QUICK.per_channel_boxes == (same_different.QUICK.box_sizes[-1],)
    assert set(same_different.FULL.per_channel_boxes) <= set(same_different.FULL.box_sizes)
