"""The exercise folders load, and every way of breaking one is a clear one-line error."""
from __future__ import annotations

import itertools
import re
import shutil

import pytest

from deeproots.content.catalog import EXERCISES_DIR, catalog, load_catalog, node_order
from deeproots.errors import DeeprootsError

META = """id = "{id}"
title = "t"
minutes = 5
hints = ["a", "b"]
"""
GOOD = "roots/linear-algebra/01_vectors_dot_norms"


def test_the_shipped_manifest_has_at_least_twelve_exercises_over_roots_and_trunk():
    exercises = catalog()
    assert len(exercises) >= 12
    assert {exercise.stage for exercise in exercises} >= {"roots", "trunk"}


def test_lookup_suggests_the_closest_id():
    with pytest.raises(DeeprootsError, match="did you mean 'vectors-dot-norms'"):
        catalog().get("vector-dot-norms")


def test_stage_and_node_come_from_the_folder_and_the_order_from_the_tree_then_nn():
    exercises = list(catalog())
    for exercise in exercises:
        stage, node, name = exercise.path.split("/")
        assert (exercise.stage, exercise.node) == (stage, node)
        assert exercise.folder == EXERCISES_DIR / exercise.path
    nodes = [node for node, _ in itertools.groupby(exercise.node for exercise in exercises)]
    assert nodes == [node for node in node_order() if node in nodes]  # each node once, in path.toml's order
    for node in nodes:
        names = [exercise.path.split("/")[2] for exercise in catalog().for_node(node)]
        assert names == sorted(names) and all(re.match(r"\d\d_", name) for name in names)


def test_every_exercise_has_two_or_three_hints():
    assert {len(exercise.hints) for exercise in catalog()} <= {2, 3}


def make_folder(root, path=GOOD, meta=META.format(id="a"), files=("solution.py", "test_exercise.py")):
    folder = root / path
    folder.mkdir(parents=True)
    (folder / "exercise.toml").write_text(meta)
    for name in files:
        shutil.copy(EXERCISES_DIR / GOOD / name, folder / name)
    return folder


def test_a_folder_loads_with_its_node_from_the_path(tmp_path):
    make_folder(tmp_path)
    (loaded,) = load_catalog(tmp_path)
    assert (loaded.id, loaded.path, loaded.node, loaded.hints) == ("a", GOOD, "linear-algebra", ("a", "b"))
    assert "raise NotImplementedError" in loaded.stub_text() and "BEGIN SOLUTION" not in loaded.solution_text()


@pytest.mark.parametrize("build, message", [
    (lambda root: (make_folder(root), make_folder(root, path="roots/linear-algebra/02_other")), "duplicate id 'a'"),
    (lambda root: make_folder(root, files=("test_exercise.py",)), f"missing file {GOOD}/solution.py"),
    (lambda root: make_folder(root, meta=META.format(id="Bad Id")), "kebab-case"),
    (lambda root: make_folder(root, path="leaves/x/01_y"), "must be <stage>/<node>/<NN_name>"),
    (lambda root: make_folder(root, path="roots/x/y"), "must be <stage>/<node>/<NN_name>"),
    (lambda root: make_folder(root, meta=META.format(id="a") + "colour = 1\n"), "unknown key"),
    (lambda root: make_folder(root, meta=META.format(id="a") + "node = 'x'\n"), "unknown key"),
    (lambda root: make_folder(root, meta="id = 'a'\n"), "missing key 'title'"),
    (lambda root: make_folder(root, meta=META.format(id="a").replace('["a", "b"]', '["a"]')), "two or three"),
    (lambda root: make_folder(root, meta=META.format(id="a").replace('["a", "b"]', '["a", "b", "c", "d"]')),
     "two or three"),
    (lambda root: make_folder(root, meta="id = "), "not valid TOML"),
])
def test_broken_folders_give_one_line_errors(tmp_path, build, message):
    build(tmp_path)
    with pytest.raises(DeeprootsError) as error:
        load_catalog(tmp_path)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert re.match(r"^[a-z]+/[a-z0-9_-]+/[0-9a-z_]+/exercise\.toml: ", str(error.value))


def test_an_old_style_folder_with_only_a_stub_is_reported(tmp_path):
    folder = tmp_path / "roots" / "linear-algebra" / "03_old"
    folder.mkdir(parents=True)
    (folder / "exercise.py").write_text("")
    with pytest.raises(DeeprootsError, match="missing file roots/linear-algebra/03_old/exercise.toml"):
        load_catalog(tmp_path)
