"""The learner's application as an importable API: what the CLI (and later a notebook or a dashboard) calls.

    from deeproots.app.learner import Learner
    learner = Learner.open("workspace", create=True)
    verdict = learner.check(learner.next_exercise())
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from deeproots.errors import DeeprootsError
from deeproots.content.catalog import Catalog, Exercise, catalog
from deeproots.app.progress import ExerciseProgress
from deeproots.app.workspace import DEFAULT_DIR, Workspace, find_workspace

if TYPE_CHECKING:  # the grader (and NumPy with it) is imported when something is checked
    from deeproots.app.projects import ProjectDesk
    from deeproots.app.planner import Plan
    from deeproots.grading.host.grader import Grader, Verdict

DEFAULT_HOURS_PER_WEEK = 10.0


@dataclass
class Learner:
    workspace: Workspace
    catalog: Catalog

    @classmethod
    def open(cls, root: Path | str | None = None, create: bool = False) -> "Learner":
        """Open the workspace at ``root`` (or the one found from here); ``create`` makes
        ./workspace when there is none."""
        found = find_workspace(Path(root) if root is not None else None)
        exercises = catalog()
        if found is None or (create and not (Path(found) / ".deeproots").is_dir()):
            if not create:
                raise DeeprootsError("no workspace here; run `deeproots init` (or `make start`) to create one")
            workspace, _ = Workspace.create(found or Path(DEFAULT_DIR), exercises)
            return cls(workspace, exercises)
        return cls(Workspace(found), exercises)

    @property
    def progress(self):
        return self.workspace.progress

    @cached_property
    def projects(self) -> "ProjectDesk":
        """The workspace's projects: folders, runs, best scores and medals."""
        from deeproots.app.projects import ProjectDesk

        return ProjectDesk(self.workspace.root, self.progress)

    def summary(self) -> dict[str, ExerciseProgress]:
        return self.progress.summary()

    def status(self, exercise: Exercise, summary: dict[str, ExerciseProgress] | None = None) -> str:
        """done, started (attempted or edited) or todo."""
        record = (summary if summary is not None else self.summary()).get(exercise.id)
        if record is not None and record.done:
            return "done"
        if (record is not None and record.attempts) or not self.workspace.is_untouched(exercise):
            return "started"
        return "todo"

    def next_exercise(self, after: Exercise | None = None,
                      among: list[Exercise] | None = None) -> Exercise | None:
        """The first exercise not yet passed, in catalog order (after ``after``, wrapping), among
        ``among`` (a node's exercises, say) or all of them."""
        summary = self.summary()
        order = list(self.catalog if among is None else among)
        if after in order:
            start = order.index(after) + 1
            order = order[start:] + order[:start]
        for exercise in order:
            if exercise is not after and not (exercise.id in summary and summary[exercise.id].done):
                return exercise
        return None

    def next_project(self):
        """The project to do next: the first one (in the tree's order) below bronze whose node's
        exercises are all done, else the first one below bronze in the next exercise's node."""
        from deeproots.content.tree import tree

        summary = self.summary()
        upcoming = self.next_exercise()
        open_projects = [(node, project) for node in tree().nodes for project in self.projects.catalog.in_node(node.id)
                         if project.tiers and not self.projects.standing(project).best_tier]
        for node, project in open_projects:
            if all(self.status(exercise, summary) == "done" for exercise in node.exercises):
                return project
        return next((project for node, project in open_projects
                     if upcoming is not None and node.id == upcoming.node), None)

    def exercise_or_next(self, exercise_id: str | None) -> Exercise | None:
        """The exercise with this id (a typo gets the catalog's did-you-mean), or without
        one the next exercise to do; None when every exercise has passed."""
        return self.catalog.get(exercise_id) if exercise_id else self.next_exercise()

    def check(self, exercise: Exercise, grader: Grader | None = None) -> Verdict:
        """Grade the learner's file and record the attempt."""
        if grader is None:
            from deeproots.grading.host.grader import Grader

            grader = Grader()
        path = self.workspace.learner_file(exercise)
        verdict = grader.check(exercise, path)
        passed = sum(result.passed for result in verdict.checks)
        self.progress.record_attempt(exercise.id, verdict.status, verdict.seconds, passed,
                                     len(verdict.checks), verdict.problem)
        return verdict

    def check_all(self, grader: Grader | None = None) -> list[tuple[Exercise, Verdict | None]]:
        """Grade every exercise the learner has touched; an untouched stub is not graded
        (None) and so stays "todo" rather than becoming "started" by an attempt. Without a
        grader, one with a prewarmed worker pool grades them and is closed at the end."""
        if grader is None:
            from deeproots.grading.host.grader import Grader
            from deeproots.grading.host.pool import WorkerPool

            with Grader(WorkerPool(prewarm=True)) as grader:
                return self.check_all(grader)
        return [(exercise, None if self.workspace.is_untouched(exercise) else self.check(exercise, grader))
                for exercise in self.catalog]

    def opened(self, exercise: Exercise) -> None:
        """Note that the learner is looking at an exercise: study time starts here."""
        self.progress.record_event(exercise.id, "opened")

    def next_hint(self, exercise: Exercise) -> tuple[int, tuple[str, ...]]:
        """Reveal one more hint; returns how many are now shown and all hints."""
        shown = self.progress.count_events(exercise.id, "hint")
        if shown < len(exercise.hints):
            self.progress.record_event(exercise.id, "hint", str(shown + 1))
            shown += 1
        return shown, exercise.hints

    def solution(self, exercise: Exercise, reveal: bool = False) -> str:
        record = self.summary().get(exercise.id)
        if not (record and record.done) and not reveal:
            raise DeeprootsError(f"'{exercise.id}' has not passed yet; solve it first, or use "
                                 "`deeproots solution ID --reveal` to give up on it")
        if not (record and record.done):
            self.progress.record_event(exercise.id, "solution-revealed")
        return exercise.solution_text()

    def reset(self, exercise: Exercise) -> Path | None:
        backup = self.workspace.reset(exercise)
        self.progress.record_event(exercise.id, "reset", str(backup or ""))
        return backup

    def hours_per_week(self) -> float:
        return float(self.progress.get_setting("hours_per_week", str(DEFAULT_HOURS_PER_WEEK)))

    def set_hours_per_week(self, hours: float) -> None:
        self.progress.set_setting("hours_per_week", repr(float(hours)))

    def plan(self, hours_per_week: float | None = None, months: float | None = None) -> Plan:
        """The study plan at ``hours_per_week`` (then remembered) or at the remembered hours,
        checked against a deadline of ``months`` if given."""
        from deeproots.app.planner import make_plan
        from deeproots.content.tree import tree

        hours = hours_per_week if hours_per_week is not None else self.hours_per_week()
        result = make_plan(tree(), self.summary(), hours, months)
        if hours_per_week is not None:
            self.set_hours_per_week(hours_per_week)
        return result

    def quiz(self, clock=None):
        """The concept-question session over this workspace's progress store."""
        from deeproots.quiz.session import Quiz, now_utc

        return Quiz.open(self.progress, clock or now_utc)

    def nodes_with_notes(self) -> set[str]:
        from deeproots.quiz.notes import nodes_with_notes

        return nodes_with_notes(self.workspace.root)

    def export(self) -> dict:
        summary = self.summary()
        exercises = []
        for exercise in self.catalog:
            record = summary.get(exercise.id)
            exercises.append({
                "id": exercise.id, "title": exercise.title, "node": exercise.node,
                "status": self.status(exercise, summary),
                "attempts": record.attempts if record else 0,
                "first_pass": record.first_pass if record else None,
                "time_spent_s": round(record.time_spent_s, 1) if record else 0.0,
            })
        return {"exported_at": time.time(), "workspace": str(self.workspace.root),
                "exercises": exercises, **self.progress.dump()}
