"""The maintainer check as tests: for every exercise the stub fails, the solution passes
and every mutant (a learner's typical bug) is caught. The suite fails if any can't."""
from __future__ import annotations

import pytest

from deeproots.runner.catalog import catalog
from deeproots.runner.maintainer import check_all, structural_problems

EXERCISES = list(catalog())


@pytest.fixture(scope="module")
def reports():
    _, reports = check_all()  # two graders side by side, as `deeproots dev check` runs
    return {report.exercise.id: report for report in reports}


def test_manifest_folders_and_tree_agree():
    assert structural_problems() == []


@pytest.mark.parametrize("exercise", EXERCISES, ids=[exercise.id for exercise in EXERCISES])
def test_stub_fails_solution_passes_and_every_mutant_is_caught(exercise, reports):
    report = reports[exercise.id]
    assert report.stub is not None and not report.stub.passed
    assert report.stub.status == "not-started", report.stub
    assert report.solution is not None and report.solution.passed, report.solution
    assert len(exercise.mutants) >= 2, "give at least two mutants: the bugs learners really make"
    assert report.problems == []
