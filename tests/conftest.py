"""Shared fixtures: a fresh workspace per test, never the learner's real one."""
from __future__ import annotations

import pytest

from deeproots.runner.api import Learner


@pytest.fixture
def learner(tmp_path, monkeypatch) -> Learner:
    monkeypatch.delenv("DEEPROOTS_WORKSPACE", raising=False)
    return Learner.open(tmp_path / "workspace", create=True)


def solve(learner: Learner, exercise_id: str) -> None:
    """Put the reference solution in the learner's file, as a learner who solved it would."""
    exercise = learner.catalog.get(exercise_id)
    learner.workspace.file_for(exercise).write_text(exercise.solution_file.read_text())
