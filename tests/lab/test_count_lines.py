"""The count-lines experiment runs end to end on a tiny budget, deterministically."""
from __future__ import annotations

import json

import pytest

from deeproots.errors import DeeprootsError
from deeproots.lab.experiments import count_lines
from deeproots.lab.run import run_experiment

TINY = {"n_train": 128, "n_test_per_count": 8, "epochs": 1, "width": 4, "batch_size": 64, "gallery_size": 4}


def test_count_lines_runs_and_is_deterministic(tmp_path):
    outcome, report = run_experiment("count-lines", quick=True, root=tmp_path / "a", overrides=TINY)
    assert report.name == "report.html" and report.exists()
    metrics_file = report.parent / "metrics.json"
    assert metrics_file.exists()
    metrics = json.loads(metrics_file.read_text(encoding="utf-8"))["metrics"]
    for _, _, key, _ in count_lines.PUBLISHED:
        assert key in metrics
    assert isinstance(outcome.verdict, str) and outcome.verdict.strip()
    assert metrics["verdict"] == outcome.verdict
    for key in ("cnn_id_acc", "cnn_ood_acc", "ink_baseline_id_acc", "ink_baseline_ink_id_acc", "cnn_ink_id_acc"):
        assert 0.0 <= metrics[key] <= 1.0
    html = report.read_text(encoding="utf-8")
    assert "Accuracy per line count" in html and "Failure gallery" in html

    again, report_again = run_experiment("count-lines", quick=True, root=tmp_path / "b", overrides=TINY)
    metrics_again = json.loads((report_again.parent / "metrics.json").read_text(encoding="utf-8"))["metrics"]
    assert metrics_again == metrics
    assert again.verdict == outcome.verdict


@pytest.mark.parametrize("overrides", [
    {"no_such_parameter": 1},
    {"epochs": 0},
    {"head": "softmax"},
    {"n_train": -5},
    {"ink_total": 10.0},  # below (K + ood_extra) * min_length: the ink-controlled mode is impossible
    {"max_length": 20.0},  # below ink_total: one line could not carry all the ink
])
def test_bad_overrides_are_a_deeproots_error(tmp_path, overrides):
    with pytest.raises(DeeprootsError):
        run_experiment("count-lines", quick=True, root=tmp_path, overrides=overrides)
