"""`deeproots read NODE`: the curated resources of path.toml, one command away."""
from __future__ import annotations

import ast
import io
import re

import pytest
from rich.console import Console

from deeproots.content.tree import load_tree, tree
from deeproots.content.catalog import catalog
from deeproots.app.devcheck import source_url_problems
from deeproots.cli.views import resources_view
from tests.cli.test_cli import run


def render(renderable, width: int = 200) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(renderable)
    return console.file.getvalue()


@pytest.mark.parametrize("node", [node.id for node in tree()])
def test_every_node_shows_its_summary_pointers_and_urls(node):
    shown = "".join(render(resources_view(tree().get(node))).split())  # wrapping aside
    item = tree().get(node)
    for text in (item.title, item.summary, *(part for resource in item.resources
                                               for part in (resource.title, resource.pointer, resource.url))):
        assert "".join(text.split()) in shown


def test_read_names_the_lectures_of_a_node(tmp_path):
    result = run(tmp_path, "read", "linear-algebra")
    assert result.returncode == 0, result.stderr
    assert "MIT 18.06 Linear Algebra" in result.stdout
    assert "https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/" in result.stdout


def test_read_without_a_node_reads_the_next_exercises_node(tmp_path):
    run(tmp_path, "init")
    result = run(tmp_path / "workspace", "read")
    assert result.returncode == 0, result.stderr
    assert tree().get(next(iter(catalog())).node).title in result.stdout


def test_read_an_unknown_node_suggests_the_closest(tmp_path):
    result = run(tmp_path, "read", "linear-algebr")
    assert result.returncode == 2
    assert "did you mean 'linear-algebra'" in result.stderr
    assert "probability-statistics" in result.stderr  # the list of nodes
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_show_and_path_point_at_the_resources(tmp_path):
    run(tmp_path, "init")
    shown = run(tmp_path / "workspace", "show", "vectors-dot-norms")
    assert "https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/" in shown.stdout
    assert "deeproots read linear-algebra" in shown.stdout
    path = run(tmp_path / "workspace", "path")
    assert "deeproots read linear-algebra" in path.stdout


def source_paragraph(statement: str) -> str:
    paragraphs = statement.split("\n\n")
    return next((p for p in paragraphs if re.match(r"Sources?:", p)), "")


@pytest.mark.parametrize("exercise", list(catalog()), ids=lambda exercise: exercise.id)
def test_every_statement_source_carries_a_url(exercise):
    statement = ast.get_docstring(ast.parse(exercise.stub_text()))
    assert re.search(r"https://\S+", source_paragraph(statement))


def test_the_structural_check_finds_a_source_without_url(tmp_path):
    exercise = next(iter(catalog()))
    assert source_url_problems(exercise) == []
    without = exercise.stub_text()
    without = re.sub(r"\s*https://\S+", "", without, count=0)
    stub = tmp_path / "exercise.py"
    stub.write_text(without, encoding="utf-8")
    problems = source_url_problems(exercise, stub)
    assert len(problems) == 1 and exercise.id in problems[0] and "https://" in problems[0]


def test_the_tree_still_loads():
    assert load_tree().get("linear-algebra").resources
