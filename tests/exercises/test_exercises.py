"""The maintainer check as tests: for every exercise the stub fails, the solution passes
and every mutant (a learner's typical bug) is caught. The suite fails if any can't.

One test per exercise, and selecting one (``-k gaussian-elimination``) grades that one only:
the fixture grades just the selected exercises, two side by side in the background as
`deeproots dev check` does, and each test waits for its own report."""
from __future__ import annotations

import pytest

from deeproots.content.catalog import catalog
from deeproots.app.devcheck import graders_side_by_side, structural_problems

EXERCISES = list(catalog())


@pytest.fixture(scope="module")
def report_of(request):
    selected = [item.callspec.params["exercise"] for item in request.session.items
                if item.module is request.module and hasattr(item, "callspec")]
    with graders_side_by_side() as submit:
        futures = {exercise.id: submit(exercise) for exercise in selected}
        yield lambda exercise: futures[exercise.id].result()
        for future in futures.values():
            future.cancel()


def test_manifest_folders_and_tree_agree():
    assert structural_problems() == []


@pytest.mark.parametrize("exercise", EXERCISES, ids=[exercise.id for exercise in EXERCISES])
def test_stub_fails_solution_passes_and_every_mutant_is_caught(exercise, report_of):
    report = report_of(exercise)
    assert report.stub is not None and not report.stub.passed
    assert report.stub.status == "not-started", report.stub
    assert report.solution is not None and report.solution.passed, report.solution
    assert len(exercise.mutants) >= 2, "give at least two mutants: the bugs learners really make"
    assert report.problems == []
