"""The plan respects prerequisites and hours; the forecast follows the learner's pace."""
from __future__ import annotations

import datetime as dt

import pytest

from deeproots.errors import DeeprootsError
from deeproots.app.planner import make_plan, measure_pace
from deeproots.content.tree import tree
from deeproots.app.progress import ExerciseProgress

TODAY = dt.date(2026, 1, 5)


def _passed(exercise_id: str, spent_s: float) -> ExerciseProgress:
    return ExerciseProgress(exercise_id, attempts=3, first_pass=1.0, time_spent_s=spent_s, last_status="passed")


def test_the_plan_fills_weeks_in_prerequisite_order_with_every_hour():
    loaded = tree()
    plan = make_plan(loaded, {}, hours_per_week=10, today=TODAY)
    total = sum(node.hours for node in loaded)
    assert sum(week.hours for week in plan.weeks) == pytest.approx(total)
    assert all(week.hours <= 10 + 1e-9 for week in plan.weeks)
    assert len(plan.weeks) == -(-total // 10)
    finished: dict[str, int] = {}
    started: dict[str, int] = {}
    for week in plan.weeks:
        for node_id, _ in week.items:
            started.setdefault(node_id, week.number)
            finished[node_id] = week.number
    for node in loaded:
        for prerequisite in node.prerequisites:
            assert finished[prerequisite] <= started[node.id], (prerequisite, node.id)
    assert plan.finish == TODAY + dt.timedelta(days=int(-(-7 * total // 10)))


def test_pace_is_time_spent_over_estimated_time_of_passed_exercises():
    loaded = tree()
    passed = loaded.catalog.exercises[:3]
    progress = {e.id: _passed(e.id, 2 * 60 * e.minutes) for e in passed}  # twice our estimate
    pace = measure_pace(loaded, progress)
    assert pace.measured and pace.factor == pytest.approx(2.0)
    slow = make_plan(loaded, progress, 10, today=TODAY)
    normal = make_plan(loaded, {}, 10, today=TODAY)
    assert slow.finish > normal.finish


def test_without_evidence_the_pace_is_our_estimate():
    loaded = tree()
    assert not measure_pace(loaded, {}).measured
    first, second = loaded.catalog.exercises[:2]
    two = {e.id: _passed(e.id, 60 * e.minutes) for e in (first, second)}
    assert not measure_pace(loaded, two).measured


def test_months_give_the_hours_per_week_needed():
    loaded = tree()
    plan = make_plan(loaded, {}, 10, months=12, today=TODAY)
    total = sum(node.hours for node in loaded)
    assert plan.hours_per_week_for_deadline == pytest.approx(total / 52)


@pytest.mark.parametrize("hours", [0, -3, 500])
def test_impossible_hours_are_a_clear_error(hours):
    with pytest.raises(DeeprootsError, match="--hours-per-week"):
        make_plan(tree(), {}, hours)
