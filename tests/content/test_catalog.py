"""The manifest loads, and every way of breaking it is a clear one-line error."""
from __future__ import annotations

import pytest

from deeproots.errors import DeeprootsError
from deeproots.content.catalog import catalog, load_catalog

ENTRY = """
[[exercise]]
id = "{id}"
path = "{path}"
node = "linear-algebra"
title = "t"
minutes = 5
hints = ["a", "b"]
"""


def test_the_shipped_manifest_has_at_least_twelve_exercises_over_roots_and_trunk():
    exercises = catalog()
    assert len(exercises) >= 12
    assert {exercise.stage for exercise in exercises} >= {"roots", "trunk"}


def test_lookup_suggests_the_closest_id():
    with pytest.raises(DeeprootsError, match="did you mean 'vectors-dot-norms'"):
        catalog().get("vector-dot-norms")


@pytest.mark.parametrize("text, message", [
    (ENTRY.format(id="a", path="roots/linear-algebra/01_vectors_dot_norms") * 2, "duplicate id"),
    (ENTRY.format(id="a", path="roots/linear-algebra/99_missing"), "missing file roots/linear-algebra/99_missing/exercise.py"),
    (ENTRY.format(id="Bad Id", path="roots/linear-algebra/01_vectors_dot_norms"), "kebab-case"),
    (ENTRY.format(id="a", path="leaves/x/01_y"), "path must look like"),
    (ENTRY.format(id="a", path="roots/linear-algebra/01_vectors_dot_norms") + "colour = 1\n", "unknown key"),
    ("[[exercise]]\nid = 'a'\n", "missing key 'path'"),
])
def test_broken_manifests_give_one_line_errors(tmp_path, text, message):
    manifest = tmp_path / "exercises.toml"
    manifest.write_text(text)
    with pytest.raises(DeeprootsError) as error:
        load_catalog(manifest)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert str(error.value).startswith("exercises.toml: ")
