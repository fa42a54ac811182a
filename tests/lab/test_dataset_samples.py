"""Every data set draws its own `lab show` samples (datasets.samples dispatches by name; no runner knowledge)."""
from __future__ import annotations

import re

import numpy as np
import pytest

from deeproots.errors import DeeprootsError
from deeproots.lab.datasets import DATASETS, samples

CAPTIONS = {"lines": r"\d+ lines?", "shapes": r"\d+ shapes?", "coords": r"\(\d+, \d+\)",
            "same-different": "same|different", "sort-of-clevr": "", "texture-shape": r"shape: \w+\ntexture: \w+"}


@pytest.mark.parametrize("name", list(DATASETS))
def test_samples_are_n_captioned_deterministic_images(name):
    images, labels = samples(name, 5, seed=1)
    again, _ = samples(name, 5, seed=1)
    assert len(images) == len(labels) == 5 and images.dtype == np.float32
    assert np.array_equal(images, again)
    assert all(re.fullmatch(CAPTIONS[name], label) for label in labels), labels


@pytest.mark.parametrize("name, n, message", [
    ("spirals", 4, "no data set 'spirals'; data sets are: lines, shapes"),
    ("lines", 0, "--n must be between 1 and 1024 (got 0)"),
    ("lines", 1025, "--n must be between 1 and 1024 (got 1025)"),
])
def test_bad_requests_are_one_line(name, n, message):
    with pytest.raises(DeeprootsError, match=re.escape(message)):
        samples(name, n)
