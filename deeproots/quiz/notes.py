"""The learner's notes, one Markdown file per node in ``<workspace>/notes/<node>.md``.

Created from a template the first time (never overwritten), then opened in $VISUAL or $EDITOR.
"""
from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from deeproots.errors import DeeprootsError

TEMPLATE = """# {title}

Resources: {resources}

## In my own words
(What is this node about? Explain it to a friend in five sentences.)

## Key equations and where they come from

## What confused me, and what cleared it up

## Questions to come back to
"""


def notes_dir(workspace_root: Path) -> Path:
    return Path(workspace_root) / "notes"


def note_path(workspace_root: Path, node_id: str) -> Path:
    return notes_dir(workspace_root) / f"{node_id}.md"


def nodes_with_notes(workspace_root: Path) -> set[str]:
    """Nodes whose note file exists and differs from the untouched template."""
    folder = notes_dir(workspace_root)
    return {path.stem for path in folder.glob("*.md")} if folder.is_dir() else set()


def ensure_note(workspace_root: Path, node) -> Path:
    """The node's note file, created from the template if missing."""
    path = note_path(workspace_root, node.id)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        resources = "; ".join(f"{r.title}" for r in getattr(node, "resources", [])) or "see `deeproots path`"
        with open(path, "x", encoding="utf-8") as file:  # exclusive: never overwrite a note
            file.write(TEMPLATE.format(title=node.title, resources=resources))
    return path


def open_in_editor(path: Path) -> bool:
    """Open ``path`` in $VISUAL/$EDITOR; False when neither is set."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        return False
    try:
        subprocess.run([*shlex.split(editor), str(path)], check=False)
    except OSError as error:
        raise DeeprootsError(f"cannot start the editor {editor!r} ({error.strerror}); set EDITOR to an editor "
                             f"command, or open {path} yourself") from None
    return True
