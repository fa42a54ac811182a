"""Every project, in the sandbox as a learner's file, at the quick budget: the starter runs and
scores below bronze, the reference reaches silver (the dev check's rule, one test per file)."""
from __future__ import annotations

import pytest

from deeproots.app.projectcheck import run_file
from deeproots.projects.catalog import projects

PROJECTS = list(projects())


@pytest.mark.parametrize("project", PROJECTS, ids=[project.id for project in PROJECTS])
def test_the_starter_runs_and_scores_below_bronze(project):
    outcome = run_file(project, "starter")
    assert outcome.problem == "", outcome.problem
    assert outcome.tier is None, f"the starter reached {outcome.tier} ({outcome.metrics})"


@pytest.mark.parametrize("project", PROJECTS, ids=[project.id for project in PROJECTS])
def test_the_reference_reaches_silver(project):
    outcome = run_file(project, "reference")
    assert outcome.problem == "", outcome.problem
    if project.tiers:
        assert outcome.tier in ("silver", "gold"), f"the reference reached {outcome.tier} ({outcome.metrics})"
