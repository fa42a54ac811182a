"""The notebooks `deeproots notebook ID|NODE` writes (nbformat v4, never overwriting one) and
the Markdown escaping that makes a statement render as exactly its text."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from deeproots.app.notebooks import markdown_text, markdown_verbatim, write_cell, write_notebook
from deeproots.content.catalog import catalog
from deeproots.errors import DeeprootsError

HOSTILE = ("*not emphasis* _nor this_ **bold** `code` [link](http://x) ![img](y) <b>tag</b> &amp; &lt;\n"
           "# not a heading\n    indented code?\n- not a list\n1. nor this\n> no quote\n"
           "$x^2$ and $$\\frac{a}{b}$$ \\(inline\\) \\[display\\] \\begin{align}\n"
           "| a | b |\n|---|---|\ntrailing backslash \\\n<!-- comment --> <script>alert(1)</script>\n\n"
           "\n\n   spaces   kept   \t tab ~~strike~~ 2 < 3 > 1 a_b_c x*y*z")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def rendered_text(markdown: str) -> str:
    parser = _Text()
    parser.feed(MarkdownIt("commonmark").render(markdown))
    parser.close()
    return "".join(parser.parts)


@pytest.mark.parametrize("text", [HOSTILE, "plain words", "a\\b$c"])
def test_a_verbatim_block_renders_as_exactly_its_text(text):
    assert rendered_text(markdown_verbatim(text)) == text


@pytest.mark.parametrize("text", [HOSTILE.replace("\n", " "), "Vectors: dot products, norms [x]"])
def test_inline_text_renders_as_exactly_its_text(text):
    assert rendered_text(markdown_text(text)).strip() == text.strip()


def test_no_latex_delimiter_survives_for_mathjax():
    for escaped in (markdown_verbatim(HOSTILE), markdown_text(HOSTILE)):
        assert "$" not in escaped and "\\(" not in escaped and "\\[" not in escaped and "\\begin" not in escaped


def test_every_statement_renders_verbatim():
    for exercise in catalog():
        assert rendered_text(markdown_verbatim(exercise.statement())) == exercise.statement(), exercise.id


def test_an_exercise_notebook_has_statement_load_ext_stub_and_scratch(learner):
    nbformat = pytest.importorskip("nbformat")
    path, written = write_notebook(learner, "vectors-dot-norms")
    assert written and path == learner.workspace.root / "notebooks/linear-algebra/01_vectors_dot_norms.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    sources = ["".join(cell.source) if isinstance(cell.source, list) else cell.source for cell in notebook.cells]
    exercise = learner.catalog.get("vectors-dot-norms")
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code", "markdown", "code", "code"]
    assert sources[1] == "%load_ext deeproots"
    assert exercise.statement() in rendered_text(sources[2])
    assert sources[3] == f"%%deeproots vectors-dot-norms\n{exercise.stub_text().rstrip()}\n"
    assert sources[4].startswith("# Scratch")


def test_a_node_notebook_holds_every_exercise_of_the_node(learner):
    path, written = write_notebook(learner, "linear-algebra")
    cells = json.loads(path.read_text())["cells"]
    ids = [exercise.id for exercise in learner.catalog.for_node("linear-algebra")]
    magics = [cell["source"][0].strip() for cell in cells if cell["source"] and cell["source"][0].startswith("%%")]
    assert written and magics == [f"%%deeproots {exercise_id}" for exercise_id in ids]
    assert len({cell["id"] for cell in cells}) == len(cells)


def test_an_existing_notebook_is_never_overwritten(learner):
    path, _ = write_notebook(learner, "vectors-dot-norms")
    edited = path.read_text().replace("# Scratch", "# my own notes")
    path.write_text(edited)
    again, written = write_notebook(learner, "vectors-dot-norms")
    assert (again, written) == (path, False)
    assert path.read_text() == edited


def test_an_unknown_target_names_the_closest_exercise_or_node(learner):
    with pytest.raises(DeeprootsError, match="did you mean 'vectors-dot-norms'"):
        write_notebook(learner, "vectors-dot-norm")
    with pytest.raises(DeeprootsError, match="did you mean 'linear-algebra'"):
        write_notebook(learner, "linear-algebr")


def test_the_stub_and_a_notebook_write_are_replaced_without_a_backup(learner):
    exercise = learner.catalog.get("vectors-dot-norms")
    assert write_cell(learner, exercise, "x = 1\n")[1] is None  # the stub
    assert write_cell(learner, exercise, "x = 2\n")[1] is None  # what the notebook wrote last


def test_other_edits_are_backed_up_first(learner):
    exercise = learner.catalog.get("vectors-dot-norms")
    write_cell(learner, exercise, "x = 1\n")
    learner.workspace.file_for(exercise).write_text("x = 'edited in the terminal'\n")
    _, backup = write_cell(learner, exercise, "x = 2\n")
    _, second = write_cell(learner, exercise, "x = 3\n")
    assert backup.read_text() == "x = 'edited in the terminal'\n" and second is None
    assert backup.parent == learner.workspace.root / ".deeproots" / "backups"
    assert learner.workspace.file_for(exercise).read_text() == "x = 3\n"
