"""Shared fixtures: a fresh workspace per test, never the learner's real one."""
from __future__ import annotations

import pytest

from deeproots.app.learner import Learner


@pytest.fixture
def learner(tmp_path, monkeypatch) -> Learner:
    monkeypatch.delenv("DEEPROOTS_WORKSPACE", raising=False)
    return Learner.open(tmp_path / "workspace", create=True)


def solve(learner: Learner, exercise_id: str) -> None:
    """Put the reference solution in the learner's file, as a learner who solved it would."""
    exercise = learner.catalog.get(exercise_id)
    learner.workspace.file_for(exercise).write_text(exercise.solution_file.read_text())


@pytest.fixture
def heatmaps(monkeypatch):
    """Every heatmap a report gets while the test runs: {name: (values, the keyword arguments)}."""
    import numpy as np

    from deeproots.report import Report

    seen: dict = {}
    real = Report.heatmap

    def spy(self, values, **kwargs):
        seen[kwargs["name"]] = (np.asarray(values), kwargs)
        return real(self, values, **kwargs)

    monkeypatch.setattr(Report, "heatmap", spy)
    return seen


@pytest.fixture
def heatmap_alts():
    """Reads the alt text of every heatmap section of a written report: what its axes and
    colour bar say."""
    import html
    import re

    return lambda page: [html.unescape(alt) for alt in
                         re.findall(r'<section class="heatmap"><figure><img [^>]*alt="([^"]*)"', page)]
