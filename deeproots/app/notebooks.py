"""The notebook front end's application side (no IPython here): a ``%%deeproots ID`` cell
submitted as the learner's file, and the notebooks ``deeproots notebook ID|NODE`` writes.

One file per exercise: the cell's code is written into the learner's workspace file and graded
there by ``Learner.check`` (the same grader, limits, progress store and journal as the
terminal). Work is never lost: a file that holds edits which are neither the stub nor what a
notebook last wrote for it is copied into ``.deeproots/backups/`` first.

The notebooks are nbformat v4 JSON written with the standard library (nbformat is optional)."""
from __future__ import annotations

import difflib
import hashlib
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from deeproots import files
from deeproots.errors import DeeprootsError

if TYPE_CHECKING:
    from deeproots.app.learner import Learner
    from deeproots.content.catalog import Exercise
    from deeproots.grading.host.grader import Verdict

NOTEBOOKS_DIR = "notebooks"
LAST_WRITTEN = "notebook-last:"  # progress-store setting: sha256 of what a notebook last wrote
SCRATCH = "# Scratch: try things here. This cell runs in the notebook and is not graded."


@dataclass
class Submission:
    """What a ``%%deeproots ID`` cell did: the verdict, the file it wrote, the backup it made."""

    exercise: "Exercise"
    verdict: "Verdict"
    path: Path
    backup: Path | None = None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_cell(learner: "Learner", exercise: "Exercise", code: str) -> tuple[Path, Path | None]:
    """Write a cell's code into the exercise's workspace file; returns the file and the backup
    made of learner edits that neither the stub nor a notebook wrote (None when none was needed)."""
    target = learner.workspace.file_for(exercise)
    backup = None
    if target.exists():
        current = target.read_text(encoding="utf-8", errors="replace")
        last = learner.progress.get_setting(LAST_WRITTEN + exercise.id, "")
        if current != code and current != exercise.stub_text() and _digest(current) != last:
            backup = learner.workspace.backup(exercise)
            learner.progress.record_event(exercise.id, "notebook-backup", str(backup))
    target.parent.mkdir(parents=True, exist_ok=True)
    files.write_text(target, code)
    learner.progress.set_setting(LAST_WRITTEN + exercise.id, _digest(code))
    return target, backup


def submit(learner: "Learner", exercise_id: str, code: str) -> Submission:
    """Grade a ``%%deeproots ID`` cell: write it as the learner's file, then ``Learner.check``."""
    exercise = learner.catalog.get(exercise_id.strip())
    if not code.endswith("\n"):
        code += "\n"
    path, backup = write_cell(learner, exercise, code)
    verdict = learner.check(exercise)
    return Submission(exercise, verdict, path, backup)


# --- the notebooks -------------------------------------------------------------------------

def markdown_text(text: str) -> str:
    """Inline text for Markdown whose rendering reads exactly ``text``: every ASCII punctuation
    mark becomes a numeric character reference (``&#42;``), which CommonMark shows as the mark
    and never reads as syntax; no ``$``, ``\\``, ``\\(`` or ``\\[`` is left for Jupyter's
    MathJax pass (it runs before Markdown) to take for LaTeX."""
    return "".join(f"&#{ord(char)};" if char.isascii() and not char.isalnum() and not char.isspace()
                   else char for char in text)


def markdown_verbatim(text: str) -> str:
    """A block (a statement) for Markdown that renders as exactly ``text``, line breaks and
    indentation kept: an HTML ``<pre>`` block (CommonMark passes it through up to ``</pre>``)
    with ``<>&`` escaped and ``$``/``\\`` as entities (no LaTeX, no Markdown inside)."""
    body = html.escape(text, quote=False).replace("$", "&#36;").replace("\\", "&#92;")
    return f"<pre>{body}</pre>"


def _cell(cell_id: str, kind: str, source: str) -> dict:
    cell = {"cell_type": kind, "id": cell_id, "metadata": {}, "source": source.splitlines(keepends=True)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def exercise_cells(learner: "Learner", exercise: "Exercise", prefix: str = "") -> list[dict]:
    """The statement (Markdown, verbatim), the ``%%deeproots ID`` cell holding the learner's
    current file (the stub until they edit it) and a scratch cell."""
    path = learner.workspace.file_for(exercise)
    code = path.read_text(encoding="utf-8") if path.exists() else exercise.stub_text()
    heading = f"## {markdown_text(f'{exercise.title} [{exercise.id}]')}"
    about = markdown_text(f"~{exercise.minutes} min · node {exercise.node} · file {exercise.workspace_name}")
    return [_cell(f"{prefix}statement", "markdown", f"{heading}\n\n{about}\n\n{markdown_verbatim(exercise.statement())}"),
            _cell(f"{prefix}solution", "code", f"%%deeproots {exercise.id}\n{code.rstrip()}\n"),
            _cell(f"{prefix}scratch", "code", SCRATCH)]


def notebook_json(learner: "Learner", exercises: list["Exercise"], title: str) -> dict:
    cells = [_cell("title", "markdown", f"# {markdown_text(title)}\n\n"
                   + markdown_text("Run a %%deeproots cell to grade it (Shift+Enter); "
                                   "%deeproots hint ID shows the next hint, %deeproots show ID the statement.")),
             _cell("load-ext", "code", "%load_ext deeproots")]
    several = len(exercises) > 1
    for number, exercise in enumerate(exercises, start=1):
        cells += exercise_cells(learner, exercise, f"e{number}-" if several else "")
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                         "language_info": {"name": "python"}}}


def notebook_target(learner: "Learner", target: str) -> tuple[Path, list["Exercise"], str]:
    """Where the notebook for an exercise id or a node id goes, with its exercises and title."""
    from deeproots.content.tree import tree

    nodes = tree()
    root = learner.workspace.root / NOTEBOOKS_DIR
    if target in learner.catalog.by_id:
        exercise = learner.catalog.by_id[target]
        name = exercise.path.rsplit("/", 1)[-1]
        return root / exercise.node / f"{name}.ipynb", [exercise], exercise.title
    if target in nodes.by_id:
        node = nodes.get(target)
        if not node.exercises:
            raise DeeprootsError(f"node '{target}' has no exercises yet; name another node or an exercise")
        return root / node.id / f"{node.id}.ipynb", list(node.exercises), node.title
    close = difflib.get_close_matches(target, [*learner.catalog.by_id, *nodes.by_id], n=1)
    suggestion = f"did you mean '{close[0]}'? " if close else ""
    raise DeeprootsError(f"no exercise or node '{target}'; {suggestion}(`deeproots list` shows the exercises, "
                         "`deeproots path` the nodes)")


def write_notebook(learner: "Learner", target: str) -> tuple[Path, bool]:
    """Write the notebook for ``target`` (an exercise or a node) into the workspace; returns its
    path and whether it was written. An existing notebook is never overwritten (the learner may
    have edited it): it is left alone and False returned."""
    path, exercises, title = notebook_target(learner, target)
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(notebook_json(learner, exercises, title), indent=1, ensure_ascii=False) + "\n"
    return path, files.write_text(path, text, exclusive=True)
