"""Gallery captions are read by learners: class names and words, not internal codes like `s2 t2` or `Du`."""
from __future__ import annotations

import re

import pytest

import deeproots.lab.experiments
from deeproots.lab.datasets.texture_shape import SHAPES, TEXTURES
from deeproots.lab.run import run_experiment
from deeproots.report import Report


@pytest.fixture
def grids(monkeypatch):
    """Every image grid's (name, labels) that the experiment adds to its report."""
    seen: dict[str, list[str]] = {}
    real = Report.image_grid

    def spy(self, images, labels=None, *args, **kwargs):
        seen[kwargs.get("name") or f"grid-{len(seen)}"] = [str(label) for label in labels or []]
        return real(self, images, labels, *args, **kwargs)

    monkeypatch.setattr(Report, "image_grid", spy)
    monkeypatch.setitem(deeproots.lab.experiments.EXPERIMENTS, "texture-vs-shape", "deeproots.lab.experiments.texture_shape")
    return seen


def test_texture_shape_samples_and_gallery_name_shapes_and_textures(tmp_path, grids):
    run_experiment("texture-vs-shape", root=tmp_path, overrides={
        "n_train": 120, "n_test": 36, "plain_epochs": 1, "stylised_epochs": 1, "width": 4, "gallery_size": 3})
    shape, texture = "|".join(SHAPES), "|".join(TEXTURES)
    for label in grids["samples"][8:]:  # rows 2 and 3: a shape filled with a texture
        assert re.fullmatch(rf"shape: ({shape})\ntexture: ({texture})", label), label
    assert grids["gallery"]
    for label in grids["gallery"]:
        assert re.fullmatch(rf"(plain|stylised|local) CNN\nshape: ({shape})\ntexture: ({texture})\n"
                            rf"said: ({shape}) \((the shape|the texture|neither)\)", label), label


def test_coordconv_failures_name_model_split_and_positions(tmp_path, grids):
    run_experiment("coordconv", root=tmp_path, overrides={
        "image_size": 16, "square": 3, "deconv_epochs": 2, "coordconv_epochs": 1, "deconv_width": 8,
        "coordconv_width": 4, "eval_every": 1, "gallery_size": 3})
    assert grids["failures"], "a tiny budget leaves mistakes to show"
    for label in grids["failures"]:
        assert re.fullmatch(r"(deconv|CoordConv), (uniform|quadrant) split\ntrue \(\d+, \d+\)\n"
                            r"predicted \(\d+, \d+\)", label), label


def test_count_lines_failures_name_model_head_and_counts(tmp_path, grids):
    run_experiment("count-lines", root=tmp_path, overrides={
        "n_train": 64, "n_test_per_count": 4, "epochs": 1, "width": 2, "vit_dim": 8, "vit_layers": 1,
        "batch_size": 64, "gallery_size": 2, "models": ("cnn-fc",), "heads": ("regression",), "extra_units": ()})
    assert grids["failures"]
    for label in grids["failures"]:
        assert re.fullmatch(r"cnn-fc, regression(, ink-controlled)?\ntrue \d+ lines?, said \d+", label), label
