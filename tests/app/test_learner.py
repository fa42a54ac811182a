"""Small parts of the Learner API that the CLI's commands share."""
from __future__ import annotations

import pytest

from deeproots.errors import DeeprootsError


def test_an_id_or_else_the_next_exercise(learner):
    assert learner.exercise_or_next("entropy") is learner.catalog.get("entropy")
    assert learner.exercise_or_next(None) is learner.next_exercise() is learner.catalog.exercises[0]
    with pytest.raises(DeeprootsError, match="did you mean 'entropy'"):
        learner.exercise_or_next("entropyy")


def test_a_plan_remembers_the_hours_it_was_given_and_only_a_valid_one(learner):
    assert learner.plan().hours_per_week == learner.hours_per_week() == 10.0
    assert learner.plan(hours_per_week=4.0, months=6).hours_per_week == 4.0
    assert learner.hours_per_week() == 4.0
    assert learner.plan().hours_per_week == 4.0
    with pytest.raises(DeeprootsError):
        learner.plan(hours_per_week=0.0)
    assert learner.hours_per_week() == 4.0
