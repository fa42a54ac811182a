"""A learner's workspace: their copies of the stubs, backups and the progress store.

    workspace/
        roots/linear-algebra/01_vectors_dot_norms.py     the learner's files
        .deeproots/progress.db                           attempts and events
        .deeproots/backups/                              every file replaced by `reset`
"""
from __future__ import annotations

import os
import shutil
import time
from functools import cached_property
from pathlib import Path

from deeproots import files
from deeproots.errors import DeeprootsError
from deeproots.content.catalog import Catalog, Exercise
from deeproots.app.progress import ProgressStore

STATE_DIR = ".deeproots"
DEFAULT_DIR = "workspace"
WORKSPACE_README = """# Your deeproots workspace

Edit the files here; deeproots never overwrites them (`deeproots reset ID` backs one up
first). Start with `deeproots watch`: save a file and the verdict appears at once.
"""


def find_workspace(explicit: Path | None = None) -> Path | None:
    """The workspace to use: the explicit one, $DEEPROOTS_WORKSPACE, the nearest folder
    above the current one holding .deeproots/, or ./workspace."""
    if explicit is not None:
        return explicit
    if os.environ.get("DEEPROOTS_WORKSPACE"):
        return Path(os.environ["DEEPROOTS_WORKSPACE"])
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / STATE_DIR).is_dir():
            return folder
    if (here / DEFAULT_DIR / STATE_DIR).is_dir():
        return here / DEFAULT_DIR
    return None


class Workspace:
    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        if not (self.root / STATE_DIR).is_dir():
            raise DeeprootsError(f"{self.root} is not a deeproots workspace; run `deeproots init {root}` first")

    @classmethod
    def create(cls, root: Path, exercises: Catalog) -> tuple["Workspace", list[Exercise]]:
        """Create (or complete) a workspace; returns it and the stubs it added.

        An existing learner file is never overwritten."""
        root = Path(root)
        if root.exists() and not root.is_dir():
            raise DeeprootsError(f"{root} exists and is not a folder; choose another place for the workspace")
        (root / STATE_DIR / "backups").mkdir(parents=True, exist_ok=True)
        if not (root / "README.md").exists():
            (root / "README.md").write_text(WORKSPACE_README, encoding="utf-8")
        workspace = cls(root)
        added = [exercise for exercise in exercises if workspace.add_stub(exercise)]
        return workspace, added

    def file_for(self, exercise: Exercise) -> Path:
        return self.root / exercise.workspace_name

    def add_stub(self, exercise: Exercise) -> bool:
        target = self.file_for(exercise)
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        files.write_text(target, exercise.stub_text(), exclusive=True)
        return True

    def missing(self, exercises: Catalog) -> list[Exercise]:
        return [exercise for exercise in exercises if not self.file_for(exercise).exists()]

    def learner_file(self, exercise: Exercise) -> Path:
        path = self.file_for(exercise)
        if not path.exists():
            raise DeeprootsError(f"{path} is missing; run `deeproots init` to add the stubs you do not have")
        return path

    def is_untouched(self, exercise: Exercise) -> bool:
        path = self.file_for(exercise)
        return path.exists() and path.read_bytes() == exercise.stub_text().encode("utf-8")

    def backup(self, exercise: Exercise) -> Path | None:
        """Copy the learner's file to ``.deeproots/backups/ID-<time>.py`` (a second one in the same
        second gets ``-2``, ``-3``...: a backup is never overwritten); None when there is no file."""
        target = self.file_for(exercise)
        if not target.exists():
            return None
        folder = self.root / STATE_DIR / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        backup, number = folder / f"{exercise.id}-{stamp}.py", 1
        while backup.exists():
            number += 1
            backup = folder / f"{exercise.id}-{stamp}-{number}.py"
        shutil.copy2(target, backup)
        return backup

    def reset(self, exercise: Exercise) -> Path | None:
        """Back the learner's file up, then put the stub back; returns the backup."""
        target = self.file_for(exercise)
        backup = self.backup(exercise)
        target.parent.mkdir(parents=True, exist_ok=True)
        files.write_text(target, exercise.stub_text())
        return backup

    @cached_property
    def progress(self) -> ProgressStore:
        return ProgressStore(self.root / STATE_DIR / "progress.db")
