"""The Sort-of-CLEVR experiment (RN vs CNN + MLP) end to end on a tiny budget, and its helpers by hand."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

import deeproots.lab.experiments
from deeproots.errors import DeeprootsError
from deeproots.lab.datasets.sort_of_clevr import encode
from deeproots.lab.experiments import sort_of_clevr as soc
from deeproots.lab.experiments import sort_of_clevr_models as soc_models
from deeproots.lab.run import run_experiment

# 20 x 20 images, 4 px objects, a 3 x 3 feature map; one epoch each on 16 images.
TINY = {"image_size": 20, "object_size": 4, "train_images": 16, "test_images": 8, "questions": 6,
        "conv_layers": 3, "conv_channels": 4, "g_width": 8, "f_width": 8, "mlp_width": 8, "epochs": 1,
        "batch_size": 8, "gallery_size": 2}


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setitem(deeproots.lab.experiments.EXPERIMENTS, "sort-of-clevr", "deeproots.lab.experiments.sort_of_clevr")


def test_runs_writes_report_and_is_deterministic(tmp_path):
    first, path = run_experiment("sort-of-clevr", quick=True, root=tmp_path / "a", overrides=TINY)
    assert path.name == "report.html" and path.is_file()
    record = json.loads((path.parent / "metrics.json").read_text(encoding="utf-8"))
    for _what, _published, key, _citation in soc.PUBLISHED:
        assert 0.0 <= record["metrics"][key] <= 1.0
    assert isinstance(first.verdict, str) and first.verdict.strip()
    assert record["metrics"]["verdict"] == first.verdict
    html = path.read_text(encoding="utf-8")
    assert "Published numbers beside ours" in html and "How the verdict is reached" in html

    second, _ = run_experiment("sort-of-clevr", quick=True, root=tmp_path / "b", overrides=TINY)
    assert second.metrics == first.metrics
    assert second.verdict == first.verdict


@pytest.mark.parametrize("overrides", [
    {"no_such_parameter": 1},
    {"image_size": 12},
    {"object_size": 3},
    {"object_size": 9},  # > image_size // 5 at 20 px
    {"conv_layers": 1},  # a 10 x 10 feature map: too many objects for the RN
    {"questions": 5},
    {"epochs": 0},
    {"rn_lr": 0.0},
    {"mlp_lr": True},
    {"dropout": 1.0},
    {"n_objects": 1},
    {"n_objects": 7},
    {"n_objects": 4, "object_size": 7},  # > image_size // (n_objects - 1) at 20 px
])
def test_bad_overrides_are_a_deeproots_error_and_leave_no_folder(tmp_path, overrides):
    with pytest.raises(DeeprootsError):
        run_experiment("sort-of-clevr", quick=True, root=tmp_path, overrides={**TINY, **overrides})
    assert not any(tmp_path.rglob("params.json"))


def test_fewer_objects_run(tmp_path):
    outcome, _ = run_experiment("sort-of-clevr", quick=True, root=tmp_path,
                                overrides={**TINY, "n_objects": 3, "object_size": 6, "dropout": 0.5})
    assert 0.0 <= outcome.metrics["rn_relational_acc"] <= 1.0
    assert "3 objects" in (next(tmp_path.rglob("report.html"))).read_text(encoding="utf-8")


def test_presets_are_valid_and_feature_maps_small():
    for preset in (soc.QUICK, soc.FULL):
        assert soc.feature_side(preset.image_size, preset.conv_layers) <= soc.MAX_SIDE
    assert soc.QUICK.n_objects == 6 and soc.FULL.n_objects == 6  # the paper: six objects
    assert soc.feature_side(32, 3) == 4 and soc.feature_side(75, 4) == 5 and soc.feature_side(20, 3) == 3


def test_question_types_and_accuracy_by_hand():
    qtype = np.array([0, 1, 2, 3, 4, 5, 3, 0])
    vectors = encode(np.zeros_like(qtype), qtype)
    assert soc.question_types(vectors).tolist() == qtype.tolist()
    correct = np.array([1, 1, 0, 1, 0, 0, 1, 0], dtype=bool)
    accs = soc.accuracy_by_type(correct, qtype)
    assert accs["shape"] == 0.5 and accs["closest_shape"] == 1.0 and accs["count_same_shape"] == 0.0
    assert accs["nonrelational"] == pytest.approx(2 / 4) and accs["relational"] == pytest.approx(2 / 4)
    assert accs["all"] == 0.5


def test_majority_baseline_by_hand():
    train_answers, train_types = np.array([0, 0, 1, 2, 3, 3]), np.array([0, 0, 0, 1, 1, 1])
    test_answers, test_types = np.array([0, 1, 3, 2]), np.array([0, 0, 1, 1])
    assert soc.majority_baseline(train_answers, train_types, test_answers, test_types).tolist() == [
        True, False, True, False]


def test_model_output_shapes():
    torch.manual_seed(0)
    params = soc.Params(**TINY)
    model = soc_models.RelationNetwork(params).eval()
    images, questions = torch.rand(2, 3, 20, 20), torch.rand(2, 5, 11)
    assert model(images, questions).shape == (2, 5, 10)
    assert soc_models.CNNMLP(params)(images, questions).shape == (2, 5, 10)


def test_whole_image_guess_by_hand():
    """Three objects, shapes square, square, circle: asked "shape?" of each, the whole-image guess
    (square) is right for two; asked "how many share its shape?", it answers 2 and is right for two."""
    from types import SimpleNamespace

    from deeproots.lab.datasets.sort_of_clevr import ANSWERS, SortOfClevrConfig
    from deeproots.lab.experiments.sort_of_clevr import image_level_baseline

    config = SortOfClevrConfig(image_size=32, object_size=5, n_objects=3)
    shapes = np.array([[0, 0, 1]])
    types = np.array([[0, 0, 0, 5, 5, 5]])  # shape x3, count_same_shape x3
    truth = np.array([[0, 0, 1, ANSWERS.index("2"), ANSWERS.index("2"), ANSWERS.index("1")]])
    batch = SimpleNamespace(shapes=shapes, positions=np.array([[[0, 0], [10, 10], [20, 20]]]), answers=truth)
    assert image_level_baseline(config, batch, types).tolist() == [[True, True, False, True, True, False]]
