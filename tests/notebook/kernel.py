"""A real Jupyter kernel (nbclient + ipykernel, kernel "python3") that imports this worktree's
deeproots, running a notebook written by ``deeproots notebook`` in a fresh workspace."""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from deeproots.app.learner import Learner
from deeproots.app.notebooks import write_notebook

WORKTREE = str(Path(__file__).resolve().parents[2])
EXERCISE = "vectors-dot-norms"


class Kernel:
    def __init__(self, client: NotebookClient, notebook, learner: Learner, path: Path):
        self.client, self.notebook, self.learner, self.path = client, notebook, learner, path

    def run(self, source: str) -> dict:
        """Append a code cell, execute it; returns {"html": ..., "text": ..., "stderr": ..., "errors": [...]}."""
        cell = nbformat.v4.new_code_cell(source)
        self.notebook.cells.append(cell)
        self.client.execute_cell(cell, len(self.notebook.cells) - 1)
        return outputs(cell)

    def run_cell(self, cell_id: str) -> dict:
        index, cell = next((i, c) for i, c in enumerate(self.notebook.cells) if c.get("id") == cell_id)
        self.client.execute_cell(cell, index)
        return outputs(cell)


def outputs(cell) -> dict:
    found = {"html": "", "text": "", "stderr": "", "errors": []}
    for output in cell.outputs:
        if output.output_type == "stream":
            found["stderr" if output.name == "stderr" else "text"] += output.text
        elif output.output_type in ("execute_result", "display_data"):
            found["html"] += output.data.get("text/html", "")
            found["text"] += output.data.get("text/plain", "")
        elif output.output_type == "error":
            found["errors"].append(f"{output.ename}: {output.evalue}")
    return found


@contextlib.contextmanager
def kernel(tmp: Path):
    """A workspace at ``tmp/ws`` with the first exercise's notebook, its kernel started in the
    notebook's folder (the workspace is found from there) and ``%load_ext deeproots`` run."""
    saved = {name: os.environ.get(name) for name in ("PYTHONPATH", "DEEPROOTS_WORKSPACE", "PYTHONDONTWRITEBYTECODE")}
    os.environ.pop("DEEPROOTS_WORKSPACE", None)
    os.environ["PYTHONPATH"] = WORKTREE
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    try:
        learner = Learner.open(tmp / "ws", create=True)
        path, _ = write_notebook(learner, EXERCISE)
        notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        client = NotebookClient(notebook, kernel_name="python3", timeout=60,
                                resources={"metadata": {"path": str(path.parent)}})
        with client.setup_kernel():
            handle = Kernel(client, notebook, learner, path)
            handle.loaded = handle.run_cell("load-ext")
            yield handle
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def attempts(learner: Learner, exercise_id: str) -> list[str]:
    rows = learner.progress.dump().get("attempts", [])
    return [row["status"] for row in rows if row["exercise"] == exercise_id]


__all__ = ["kernel", "attempts", "EXERCISE", "json"]
