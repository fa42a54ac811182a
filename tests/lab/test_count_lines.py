"""The count-lines experiment runs end to end on a tiny budget, deterministically, for every model and head."""
from __future__ import annotations

import json

import numpy as np
import pytest

import deeproots.lab.experiments
from deeproots.errors import DeeprootsError
from deeproots.lab.experiments import count_lines
from deeproots.lab.run import run_experiment

# Tiny: few small images, one epoch, narrow models. The primary unit only (cnn-fc, regression, both modes).
TINY = {"n_train": 64, "n_test_per_count": 4, "epochs": 1, "width": 2, "vit_dim": 8, "vit_layers": 1,
        "batch_size": 64, "gallery_size": 2, "models": ("cnn-fc",), "heads": ("regression",), "extra_units": ()}
ALL = {**TINY, "models": count_lines.MODELS, "heads": count_lines.HEADS}


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setitem(deeproots.lab.experiments.EXPERIMENTS, "count-lines", "deeproots.lab.experiments.count_lines")


def read_metrics(report):
    return json.loads((report.parent / "metrics.json").read_text(encoding="utf-8"))["metrics"]


def test_count_lines_runs_and_is_deterministic(tmp_path):
    outcome, report = run_experiment("count-lines", quick=True, root=tmp_path / "a", overrides=TINY)
    assert report.name == "report.html" and report.exists()
    metrics = read_metrics(report)
    for _, _, key, _ in count_lines.PUBLISHED:
        if key.startswith("cnn_sum"):
            continue  # the density-map row needs the cnn-sum model, not trained here
        assert key in metrics
    assert isinstance(outcome.verdict, str) and outcome.verdict.strip()
    assert metrics["verdict"] == outcome.verdict
    for key in ("cnn_id_acc", "cnn_ood_acc", "ink_baseline_id_acc", "ink_baseline_ink_id_acc", "cnn_ink_id_acc",
                "cnn_acc_zero", "cnn_on_ink_images_id_acc"):
        assert 0.0 <= metrics[key] <= 1.0
    html = report.read_text(encoding="utf-8")
    assert "Accuracy per line count" in html and "Failure gallery" in html and "Mean prediction per count" in html

    again, report_again = run_experiment("count-lines", quick=True, root=tmp_path / "b", overrides=TINY)
    assert read_metrics(report_again) == metrics
    assert again.verdict == outcome.verdict


def test_every_model_and_head_runs_and_has_its_metrics(tmp_path):
    units = count_lines.units_of(count_lines.Params(**ALL))
    assert len(units) == len(count_lines.MODELS) * len(count_lines.HEADS) * len(count_lines.MODES)
    outcome, report = run_experiment("count-lines", quick=True, root=tmp_path, overrides=ALL)
    metrics = read_metrics(report)
    for _, _, key, _ in count_lines.PUBLISHED:
        assert key in metrics
    top = count_lines.QUICK.max_train_lines + count_lines.QUICK.ood_extra
    for model, head, mode in units:
        unit = f"{model.replace('-', '_')}_{head}_{mode}"
        for suffix in ["id_acc", "ood_acc", "acc_zero", "acc_next", "id_mae", "ood_mae", "mean_pred_top"] + \
                [f"acc_n{c}" for c in range(top + 1)] + [f"mean_pred_n{c}" for c in range(top + 1)]:
            assert f"{unit}_{suffix}" in metrics, f"{unit}_{suffix}"
        assert 0.0 <= metrics[f"{unit}_id_acc"] <= 1.0
    assert "Best counter" in outcome.verdict and "ink baseline" in outcome.verdict


def test_units_grid_and_extras():
    p = count_lines.Params(models=("cnn-fc", "vit"), heads=("regression",), modes=("normal",),
                           extra_units=("cnn-fc/classification/normal", "vit/regression/normal"))
    assert count_lines.units_of(p) == [("cnn-fc", "regression", "normal"), ("vit", "regression", "normal"),
                                       ("cnn-fc", "classification", "normal")]


def test_ink_baseline_and_answers_by_hand():
    class Data:  # pixel sums 2, 4, 6 for counts 1, 2, 3: count = sum / 2
        images = np.array([[[1.0, 1.0]], [[2.0, 2.0]], [[3.0, 3.0]]])
        counts = np.array([1, 2, 3])
    answer, raw = count_lines.ink_baseline(Data, np.array([[[0.0, 0.0]], [[5.0, 4.0]], [[9.0, 9.0]]]))
    assert answer.tolist() == [0, 4, 9] and np.allclose(raw, [0.0, 4.5, 9.0])
    import torch
    rounded, raw = count_lines.to_counts(torch.tensor([[-0.7], [2.4], [6.6]]), "regression")
    assert rounded.tolist() == [0, 2, 7] and np.allclose(raw, [-0.7, 2.4, 6.6])
    classes, raw = count_lines.to_counts(torch.tensor([[0.1, 3.0, 0.2], [5.0, 0.0, 0.0]]), "classification")
    assert classes.tolist() == [1, 0] and raw.tolist() == [1.0, 0.0]


@pytest.mark.parametrize("overrides", [
    {"no_such_parameter": 1},
    {"epochs": 0},
    {"heads": ("softmax",)},
    {"heads": ("classification",)},  # the verdict's primary unit needs the regression head
    {"models": ("vit",)},  # ... and cnn-fc
    {"models": ("cnn-fc", "cnn-fc")},
    {"modes": ("ink",)},
    {"extra_units": ("cnn-fc/regression",)},
    {"image_size": 36},  # not a multiple of 8
    {"n_train": -5},
    {"ink_total": 10.0},  # below (K + ood_extra) * min_length: the ink-controlled mode is impossible
    {"max_length": 20.0},  # below ink_total: one line could not carry all the ink
])
def test_bad_overrides_are_a_deeproots_error(tmp_path, overrides):
    with pytest.raises(DeeprootsError):
        run_experiment("count-lines", quick=True, root=tmp_path, overrides=overrides)
    assert not list(tmp_path.glob("count-lines/*"))
