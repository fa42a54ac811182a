"""The tree of knowledge loads, orders prerequisites first, and rejects broken files clearly."""
from __future__ import annotations

import textwrap

import pytest

from deeproots.errors import DeeprootsError
from deeproots.content.tree import PATH_FILE, load_tree, tree
from deeproots.content.catalog import Catalog, catalog

NODES = ["linear-algebra", "probability-statistics", "information-theory", "calculus-autodiff",
         "classical-ml", "deep-learning-from-scratch", "pytorch", "sequence-models", "generative-models",
         "cnn-limitations-lab",
         "rl-foundations", "deep-rl", "deep-rl-beyond", "rl-open-world", "research"]


def test_the_tree_has_the_fifteen_nodes_in_three_stages():
    loaded = tree()
    assert sorted(loaded.by_id) == sorted(NODES)
    stages = {stage: [node.id for node in nodes] for stage, nodes in loaded.stages()}
    assert set(stages["roots"]) == set(NODES[:4])
    assert set(stages["trunk"]) == set(NODES[4:9])
    assert set(stages["branches"]) == set(NODES[9:])


def test_prerequisites_come_first_and_every_node_has_resources_and_hours():
    loaded = tree()
    position = {node.id: index for index, node in enumerate(loaded)}
    for node in loaded:
        assert node.hours > 0 and node.resources, node.id
        assert all(resource.pointer for resource in node.resources), node.id
        for prerequisite in node.prerequisites:
            assert position[prerequisite] < position[node.id], (prerequisite, node.id)


def test_every_exercise_sits_in_a_node_of_the_tree():
    loaded = tree()
    assert sum(len(node.exercises) for node in loaded) == len(catalog())


def _node(node_id: str, prerequisites: list[str]) -> str:
    return textwrap.dedent(f"""
        [[node]]
        id = "{node_id}"
        stage = "roots"
        title = "t"
        summary = "s"
        hours = 1
        prerequisites = {prerequisites!r}
        resources = [{{ title = "r", pointer = "p" }}]
    """).replace("'", '"')


@pytest.mark.parametrize("text, message", [
    (_node("a", []) + _node("b", ["nope"]), "node 'b': unknown prerequisite 'nope'"),
    (_node("a", ["c"]) + _node("b", ["a"]) + _node("c", ["b"]), "prerequisite cycle"),
    (_node("a", []) + _node("a", []), "node 'a': duplicate id"),
    ("[[node]]\nid = 'x'\n", "node 'x': missing key(s)"),
    ("[[node", "not valid TOML"),
])
def test_broken_tree_files_give_one_line_errors_naming_file_and_entry(tmp_path, text, message):
    source = tmp_path / "path.toml"
    source.write_text(text)
    with pytest.raises(DeeprootsError) as error:
        load_tree(source, exercises=Catalog([]))
    assert message in str(error.value) and str(error.value).startswith("path.toml: ")
    assert "\n" not in str(error.value)


def test_an_exercise_naming_an_unknown_node_is_reported(tmp_path):
    exercise = catalog().exercises[0]
    import dataclasses

    stray = dataclasses.replace(exercise, node="astrology")
    with pytest.raises(DeeprootsError, match="unknown node 'astrology'"):
        load_tree(PATH_FILE, exercises=Catalog([stray]))
