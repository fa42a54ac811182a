"""Watch mode: check an exercise on every save of its file, move on when it passes.

`deeproots watch [ID] [--node NODE]` starts at an exercise or at a node's first unfinished
one. A save to any exercise's file makes that exercise the current one and checks it. The
screen is redrawn whole from the session's state (``frame``), never scrolled.

File events come from watchdog (inotify, FSEvents, ...) or, with ``poll``, from stat()
polling for network drives and WSL. A worker with NumPy already imported waits for every
save, so a NumPy exercise's verdict follows the save within tens of milliseconds.

This module is the session (state and reactions to saves and keys), free of any terminal;
the terminal loop and the frame it draws are deeproots.cli.watch.
"""
from __future__ import annotations

import hashlib
import os
import queue
import threading
import time
from pathlib import Path
from typing import Callable, Protocol

from deeproots.errors import DeeprootsError
from deeproots.app.learner import Learner
from deeproots.content.catalog import Exercise
from deeproots.grading.host.grader import Grader, Verdict
from deeproots.grading.host.pool import WorkerPool

QUIET_S = 0.015  # editors write a file in several events: wait this long for the last one
MAX_SETTLE_S = 0.2
KEYS = {"n", "h", "l", "r", "q"}
WRITE_EVENTS = {"modified", "created", "moved", "closed"}  # "closed" is close-after-write


class FileEvents:
    """Paths of changed files under a folder, delivered through a queue."""

    def __init__(self, root: Path, poll: bool = False):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        self.changes: queue.Queue[Path] = queue.Queue()
        changes = self.changes

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):  # noqa: ANN001 - watchdog's API
                if event.event_type not in WRITE_EVENTS:  # reads (ours too) open and close files
                    return
                for attribute in ("src_path", "dest_path"):
                    path = getattr(event, attribute, "")
                    if path and str(path).endswith(".py"):
                        changes.put(Path(os.fsdecode(path)).resolve())

        self.observer = PollingObserver(timeout=0.2) if poll else Observer()
        self.observer.schedule(Handler(), str(root), recursive=True)

    def __enter__(self) -> "FileEvents":
        self.observer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.observer.stop()
        self.observer.join(timeout=2)

    def wait(self, timeout: float) -> set[Path]:
        """Changed paths, once the burst of events of one save has settled."""
        try:
            first = self.changes.get(timeout=timeout)
        except queue.Empty:
            return set()
        changed, started = {first}, time.monotonic()
        while time.monotonic() - started < MAX_SETTLE_S:
            try:
                changed.add(self.changes.get(timeout=QUIET_S))
            except queue.Empty:
                break
        return changed


class KeySource(Protocol):
    def read(self) -> str | None:
        """One key press, or None when there is none."""


class WatchSession:
    """The watch loop's state and reactions, free of any terminal so it can be driven
    by the CLI, by tests and by the latency benchmark alike.

    ``start`` (an exercise id) and ``node`` choose where to begin; with ``node`` every move
    stays inside that node until all of its exercises have passed. Besides the current
    exercise, the session holds what the screen shows (the last verdict, the hints revealed,
    whether the list is open, the exercise that just passed and its verdict), so the CLI's
    ``frame`` can draw it whole."""

    def __init__(self, learner: Learner, on_verdict: Callable[[Exercise, Verdict], None] | None = None,
                 on_move: Callable[[Exercise | None], None] | None = None, *,
                 start: str | None = None, node: str | None = None):
        self.learner = learner
        self.node = node
        first = self._starting_point(start)  # bad input fails here, before any worker starts
        self.on_verdict = on_verdict or (lambda exercise, verdict: None)
        self.on_move = on_move or (lambda exercise: None)
        self.files = {learner.workspace.file_for(exercise).resolve(): exercise for exercise in learner.catalog}
        desk = learner.projects
        self.project_files = {desk.learner_file(project).resolve(): project for project in desk.catalog}
        self.project_note: str | None = None  # a saved project file: how to run it (never on save)
        self.project_saves = 0
        self.digests: dict[str, bytes] = {}  # what each file held when it was last checked
        self.verdict: Verdict | None = None
        self.hints_shown = 0
        self.listing = False
        self.last_pass: tuple[Exercise, Verdict] | None = None  # shown as a note until the next check
        self.grader = Grader(WorkerPool(prewarm=True))
        self.current: Exercise | None = None
        self._enter(first)

    def _starting_point(self, start: str | None) -> Exercise | None:
        if self.node is not None:
            from deeproots.content.tree import tree

            tree().get(self.node)  # an unknown node: one line naming the nodes
            if not self.learner.catalog.for_node(self.node):
                raise DeeprootsError(f"node '{self.node}' has no exercises yet; choose another with --node")
        if start is None:
            return self.following(None)
        exercise = self.learner.catalog.get(start)  # an unknown id: the catalog's did-you-mean
        if self.node is not None and exercise.node != self.node:
            raise DeeprootsError(f"'{exercise.id}' is in node '{exercise.node}', not '{self.node}'; "
                                 f"drop --node or use --node {exercise.node}")
        return exercise

    def close(self) -> None:
        self.grader.pool.close()

    def path(self) -> Path | None:
        return self.learner.workspace.file_for(self.current) if self.current else None

    def following(self, after: Exercise | None) -> Exercise | None:
        """The first unfinished exercise after ``after`` (wrapping), inside the node if one
        is watched; None when there is none left."""
        among = None if self.node is None else self.learner.catalog.for_node(self.node)
        return self.learner.next_exercise(after=after, among=among)

    def check_current(self) -> Verdict | None:
        """Check the current exercise; on a pass move on, and keep checking while the next
        exercise already holds the learner's work."""
        verdict = None
        self.last_pass = None
        while self.current is not None:
            exercise = self.current
            self.digests[exercise.id] = _digest(self.learner.workspace.learner_file(exercise))
            verdict = self.learner.check(exercise, self.grader)
            self.verdict = verdict
            self.on_verdict(exercise, verdict)
            if not verdict.passed:
                return verdict
            self.last_pass = (exercise, verdict)
            self.move(self.following(exercise))
            if self.current is None or self.learner.workspace.is_untouched(self.current):
                break
        return verdict

    def refresh(self) -> Verdict | None:
        """Check the current exercise unless it is still the untouched stub."""
        if self.current is None or self.learner.workspace.is_untouched(self.current):
            return None
        return self.check_current()

    def _enter(self, exercise: Exercise | None) -> None:
        self.current = exercise
        self.verdict = None
        self.hints_shown = 0
        if exercise is not None:
            self.hints_shown = self.learner.progress.count_events(exercise.id, "hint")
            self.learner.opened(exercise)
            self.grader.warm(exercise)

    def move(self, exercise: Exercise | None) -> None:
        self._enter(exercise)
        self.on_move(exercise)

    def on_changes(self, changed: set[Path]) -> Verdict | None:
        """React to saved files: check the exercise whose file changed, making it the
        current one. Files that are no exercise's (notes, backups) are ignored, and so is
        another exercise's untouched stub (`init` and `reset` write those). A saved project
        file only sets ``project_note``: a project is trained by `project run`, not on a save."""
        saved = [exercise for path, exercise in self.files.items()
                 if path in changed and path.exists() and _digest(path) != self.digests.get(exercise.id)
                 and (exercise == self.current or not self.learner.workspace.is_untouched(exercise))]
        projects = [project for path, project in self.project_files.items() if path in changed and path.exists()]
        if projects:  # a project trains for minutes: say how to run it, never train on a save
            self.project_saves += 1
            self.project_note = (f"{projects[0].id}: project.py saved. Projects train on demand: "
                                 f"deeproots project run {projects[0].id} (add --quick for a smoke run)")
        if not saved:
            return None
        if self.current not in saved:
            self.move(saved[0])
        return self.check_current()

    def press(self, key: str) -> bool:
        """React to a key; False means quit."""
        current = self.current
        if key == "q":
            return False
        if key == "r" and current is not None:
            self.check_current()
        elif key == "n" and current is not None:
            self.last_pass = None
            self.move(self.following(current) or current)
        elif key == "n" and self.node is not None:  # the node is finished: go on with the rest
            self.node = None
            self.move(self.following(None))
        elif key == "h" and current is not None:
            self.hints_shown, _ = self.learner.next_hint(current)
        elif key == "l":
            self.listing = not self.listing
        return True

    def serve(self, events: FileEvents, stop: threading.Event, keys: KeySource | None = None,
              on_key: Callable[[str], bool] | None = None, redraw: Callable[[], None] | None = None) -> None:
        """Loop until ``stop`` is set or ``on_key`` returns False; ``redraw`` after each
        verdict a save brought."""
        while not stop.is_set():
            changed = events.wait(timeout=0.05)
            if changed:
                notes = self.project_saves
                if (self.on_changes(changed) is not None or self.project_saves != notes) and redraw is not None:
                    redraw()
            key = keys.read() if keys else None
            if key and on_key and on_key(key) is False:
                return


def _digest(path: Path) -> bytes:
    return hashlib.sha1(path.read_bytes()).digest()
