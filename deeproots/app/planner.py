"""Study planner and pace forecast.

The plan walks the tree in prerequisite order and fills weeks of ``hours_per_week`` with
each node's remaining hours. The learner's pace is the time they actually spent on the
exercises they passed divided by those exercises' estimated minutes; remaining hours are
scaled by it, so the forecast learns from the learner instead of trusting our estimates.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from deeproots.errors import DeeprootsError
from deeproots.content.tree import Node, Tree
from deeproots.app.progress import ExerciseProgress

MIN_PACE, MAX_PACE = 0.25, 4.0
MIN_PASSED_FOR_PACE = 3  # fewer passed exercises are too little evidence for a pace


@dataclass(frozen=True)
class Pace:
    """``factor`` > 1: slower than our estimates; ``measured`` is False until evidence exists."""

    factor: float
    measured: bool
    passed_exercises: int
    spent_hours: float


@dataclass
class Week:
    number: int
    starts: dt.date
    items: list[tuple[str, float]] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return sum(hours for _, hours in self.items)


@dataclass
class Plan:
    weeks: list[Week]
    remaining_hours: float
    pace: Pace
    hours_per_week: float
    finish: dt.date
    months_needed: float
    hours_per_week_for_deadline: float | None = None

    def forecast(self) -> str:
        """The pace and finish line that `deeproots path` and the dashboard print, word for word."""
        if self.pace.measured:
            how = f"your pace: {self.pace.factor:.2f}× our estimates over {self.pace.passed_exercises} passed exercises"
        else:
            how = "pace: our estimates until you have passed a few exercises"
        return (f"{how}; {self.remaining_hours:.0f} h left at {self.hours_per_week:g} h/week "
                f"→ finish around {self.finish:%d %b %Y}")


def node_done_fraction(node: Node, progress: dict[str, ExerciseProgress]) -> float:
    total = sum(exercise.minutes for exercise in node.exercises)
    if total == 0:
        return 0.0
    done = sum(exercise.minutes for exercise in node.exercises
               if exercise.id in progress and progress[exercise.id].done)
    return done / total


def measure_pace(tree: Tree, progress: dict[str, ExerciseProgress]) -> Pace:
    estimated_min = spent_s = 0.0
    passed = 0
    for exercise in tree.catalog:
        record = progress.get(exercise.id)
        if record is not None and record.done:
            passed += 1
            estimated_min += exercise.minutes
            spent_s += record.time_spent_s
    if passed < MIN_PASSED_FOR_PACE or spent_s <= 0:
        return Pace(1.0, False, passed, spent_s / 3600)
    factor = min(MAX_PACE, max(MIN_PACE, (spent_s / 60) / estimated_min))
    return Pace(factor, True, passed, spent_s / 3600)


def remaining_hours(tree: Tree, progress: dict[str, ExerciseProgress]) -> dict[str, float]:
    return {node.id: node.hours * (1 - node_done_fraction(node, progress)) for node in tree}


def make_plan(tree: Tree, progress: dict[str, ExerciseProgress], hours_per_week: float,
              months: float | None = None, today: dt.date | None = None) -> Plan:
    if not 0 < hours_per_week <= 112:
        raise DeeprootsError(f"--hours-per-week must be between 1 and 112 (got {hours_per_week:g})")
    if months is not None and not 0 < months <= 120:
        raise DeeprootsError(f"--months must be between 1 and 120 (got {months:g})")
    today = today or dt.date.today()
    pace = measure_pace(tree, progress)
    left = {node_id: hours * pace.factor for node_id, hours in remaining_hours(tree, progress).items()}
    weeks: list[Week] = []
    week = Week(1, today)
    room = hours_per_week
    for node in tree:  # already in prerequisite order
        hours = left[node.id]
        while hours > 1e-9:
            chunk = min(hours, room)
            week.items.append((node.id, chunk))
            hours -= chunk
            room -= chunk
            if room <= 1e-9:
                weeks.append(week)
                week = Week(week.number + 1, week.starts + dt.timedelta(weeks=1))
                room = hours_per_week
    if week.items:
        weeks.append(week)
    total = sum(left.values())
    finish = today + dt.timedelta(days=math.ceil(7 * total / hours_per_week))
    needed_months = total / hours_per_week / (52 / 12)
    per_week_for_deadline = total / (months * 52 / 12) if months else None
    return Plan(weeks, total, pace, hours_per_week, finish, needed_months, per_week_for_deadline)
