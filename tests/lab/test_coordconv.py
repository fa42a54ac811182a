"""The CoordConv experiment end to end on a tiny budget: files, metric keys, verdict, determinism, bad input."""
from __future__ import annotations

import json

import numpy as np
import pytest

from deeproots.errors import DeeprootsError
from deeproots.lab.experiments import coordconv
from deeproots.lab.datasets.coords import CoordsConfig, dataset, in_quadrant
from deeproots.lab.run import run_experiment

# 16 x 16 canvas, 3 x 3 square: 196 positions; a few epochs per model and split.
TINY = {"image_size": 16, "square": 3, "deconv_epochs": 3, "coordconv_epochs": 2, "deconv_width": 16,
        "coordconv_width": 8, "eval_every": 1, "gallery_size": 3}


def test_runs_writes_report_and_is_deterministic(tmp_path):
    first, path = run_experiment("coordconv", quick=True, root=tmp_path / "a", overrides=TINY)
    assert path.name == "report.html" and path.is_file()
    record = json.loads((path.parent / "metrics.json").read_text(encoding="utf-8"))
    for _what, _published, key, _citation in coordconv.PUBLISHED:
        assert key in record["metrics"]
        assert 0.0 <= record["metrics"][key] <= 1.0
    assert isinstance(first.verdict, str) and first.verdict.strip()
    assert record["metrics"]["verdict"] == first.verdict
    html = path.read_text(encoding="utf-8")
    assert "Published numbers beside ours" in html and "Failure gallery" in html

    second, _ = run_experiment("coordconv", quick=True, root=tmp_path / "b", overrides=TINY)
    assert second.metrics == first.metrics
    assert second.verdict == first.verdict


@pytest.mark.parametrize("overrides", [
    {"no_such_parameter": 1},
    {"image_size": 24},  # not a power of two
    {"square": 4},  # even
    {"splits": ("uniform", "diagonal")},
    {"deconv_epochs": 0},
    {"coordconv_lr": -1.0},
])
def test_bad_overrides_are_a_deeproots_error(tmp_path, overrides):
    with pytest.raises(DeeprootsError):
        run_experiment("coordconv", quick=True, root=tmp_path, overrides={**TINY, **overrides})


def test_position_maps_are_heatmaps_over_target_x_and_y_with_named_levels(tmp_path, heatmaps, heatmap_alts):
    outcome, path = run_experiment("coordconv", quick=True, root=tmp_path,
                                   overrides={**TINY, "deconv_epochs": 1, "coordconv_epochs": 1})
    config = CoordsConfig(image_size=16, square=3)
    data = dataset(config)
    centres = [str(n) for n in range(config.half, config.half + config.positions_per_axis)]  # 1..14
    for name in ("splits", "where-it-fails"):
        _, drawn = heatmaps[name]
        assert (drawn["row_title"], drawn["column_title"]) == ("target y", "target x"), name
        assert list(drawn["row_labels"]) == centres and list(drawn["column_labels"]) == centres, name

    splits, drawn = heatmaps["splits"]
    assert drawn["panel_titles"] == ["uniform split", "quadrant split"] and drawn["colorbar_label"] == "split"
    test = list(drawn["levels"]).index("test")
    held_out = in_quadrant(config, data.coords, "bottom-right").reshape(splits[1].shape)
    assert ((splits[1] == test) == held_out).all(), "the quadrant split holds out the bottom-right quadrant"
    assert (splits[0] == test).mean() == pytest.approx(0.2, abs=0.01), "the uniform split holds out 20 %"

    maps, drawn = heatmaps["where-it-fails"]
    names = list(drawn["levels"])
    assert set(names) == {"training position, right", "training position, wrong", "test position, right",
                          "test position, wrong"}
    assert drawn["panel_titles"] == ["deconv, uniform split", "CoordConv, uniform split", "deconv, quadrant split",
                                     "CoordConv, quadrant split"]
    right, wrong = names.index("test position, right"), names.index("test position, wrong")
    for panel, (model, kind) in zip(maps, [("deconv", "uniform"), ("coordconv", "uniform"), ("deconv", "quadrant"),
                                           ("coordconv", "quadrant")]):
        shown = (panel == right).sum() / ((panel == right) | (panel == wrong)).sum()
        assert shown == pytest.approx(outcome.metrics[f"{model}_{kind}_test_acc"]), "the map agrees with the table"

    alts = heatmap_alts(path.read_text(encoding="utf-8"))
    assert len(alts) == 2 and all("rows: target y; columns: target x" in alt for alt in alts)
    assert "colour: split (train, test)" in alts[0]
