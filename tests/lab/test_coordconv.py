"""The CoordConv experiment end to end on a tiny budget: files, metric keys, verdict, determinism, bad input."""
from __future__ import annotations

import json

import pytest

from deeproots.errors import DeeprootsError
from deeproots.lab.experiments import coordconv
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
