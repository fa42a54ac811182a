"""Watch mode: re-check the current exercise on every save, move on when it passes.

File events come from watchdog (inotify, FSEvents, ...) or, with ``poll``, from stat()
polling for network drives and WSL. A worker with NumPy already imported waits for every
save, so a NumPy exercise's verdict follows the save within tens of milliseconds.
"""
from __future__ import annotations

import hashlib
import os
import queue
import select
import sys
import threading
import time
from pathlib import Path
from typing import Callable

from deeproots.runner.api import Learner
from deeproots.runner.catalog import Exercise
from deeproots.runner.grader import Grader, Verdict
from deeproots.runner.sandbox import WorkerPool

QUIET_S = 0.015  # editors write a file in several events: wait this long for the last one
MAX_SETTLE_S = 0.2
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


class Keys:
    """Single key presses from a terminal (cbreak mode), or none when stdin is not one."""

    def __init__(self):
        self.fd = sys.stdin.fileno() if sys.stdin and sys.stdin.isatty() else None
        self.saved = None

    def __enter__(self) -> "Keys":
        if self.fd is not None:
            import termios
            import tty

            self.saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(self, *exc) -> None:
        if self.saved is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)

    def read(self) -> str | None:
        if self.fd is None or not select.select([self.fd], [], [], 0)[0]:
            return None
        return os.read(self.fd, 1).decode(errors="ignore").lower() or None


class WatchSession:
    """The watch loop's state and reactions, free of any terminal so it can be driven
    by the CLI, by tests and by the latency benchmark alike."""

    def __init__(self, learner: Learner, on_verdict: Callable[[Exercise, Verdict], None] | None = None,
                 on_move: Callable[[Exercise | None], None] | None = None):
        self.learner = learner
        self.grader = Grader(WorkerPool(prewarm=True))
        self.on_verdict = on_verdict or (lambda exercise, verdict: None)
        self.on_move = on_move or (lambda exercise: None)
        self.current: Exercise | None = learner.next_exercise()
        self.last_digest: bytes | None = None
        if self.current is not None:
            learner.opened(self.current)
            self.grader.warm(self.current)

    def close(self) -> None:
        self.grader.pool.close()

    def path(self) -> Path | None:
        return self.learner.workspace.file_for(self.current) if self.current else None

    def check_current(self) -> Verdict | None:
        """Check the current exercise; on a pass move on, and keep checking while the next
        exercise already holds the learner's work."""
        verdict = None
        while self.current is not None:
            path = self.learner.workspace.learner_file(self.current)
            self.last_digest = hashlib.sha1(path.read_bytes()).digest()
            verdict = self.learner.check(self.current, self.grader)
            self.on_verdict(self.current, verdict)
            if not verdict.passed:
                return verdict
            self.move(self.learner.next_exercise(after=self.current))
            if self.current is None or self.learner.workspace.is_untouched(self.current):
                break
        return verdict

    def refresh(self) -> Verdict | None:
        """Check the current exercise unless it is still the untouched stub."""
        if self.current is None or self.learner.workspace.is_untouched(self.current):
            return None
        return self.check_current()

    def move(self, exercise: Exercise | None) -> None:
        self.current = exercise
        self.last_digest = None
        if exercise is not None:
            self.learner.opened(exercise)
            self.grader.warm(exercise)
        self.on_move(exercise)

    def on_changes(self, changed: set[Path]) -> Verdict | None:
        """React to saved files: re-check the current exercise if its content changed."""
        path = self.path()
        if path is None or path.resolve() not in changed or not path.exists():
            return None
        if hashlib.sha1(path.read_bytes()).digest() == self.last_digest:
            return None
        return self.check_current()

    def serve(self, events: FileEvents, stop: threading.Event, keys: Keys | None = None,
              on_key: Callable[[str], bool] | None = None) -> None:
        """Loop until ``stop`` is set or ``on_key`` returns False."""
        while not stop.is_set():
            changed = events.wait(timeout=0.05)
            if changed:
                self.on_changes(changed)
            key = keys.read() if keys else None
            if key and on_key and on_key(key) is False:
                return


def run_watch(learner: Learner, console, poll: bool = False) -> None:  # noqa: ANN001 - a rich Console
    """The terminal experience: clear, show the verdict, react to saves and keys."""
    from deeproots.ui import STATUS_STYLE, exercise_intro, hints_text, verdict_panel

    keys_help = "[dim]n next · h hint · l list · r rerun · q quit — save the file to re-check[/]"
    notes: list[str] = []

    def show(exercise: Exercise | None, verdict: Verdict | None = None) -> None:
        console.clear()
        for note in notes:
            console.print(note)
        notes.clear()
        if exercise is None:
            console.print("[bold green]Every exercise passed. Well done.[/] Press q to quit.")
            return
        path = str(learner.workspace.file_for(exercise))
        if verdict is not None:
            console.print(verdict_panel(exercise, verdict, path))
        else:
            console.print(exercise_intro(exercise, path))
        console.print(keys_help)

    def on_verdict(exercise: Exercise, verdict: Verdict) -> None:
        if verdict.passed:
            notes.append(f"[bold green]✓ {exercise.title} passed in {verdict.seconds * 1000:.0f} ms![/]")
        else:
            show(exercise, verdict)

    session = WatchSession(learner, on_verdict=on_verdict, on_move=show)

    def on_key(key: str) -> bool:
        current = session.current
        if key == "q":
            return False
        if key == "r" and current is not None:
            session.check_current()
        elif key == "n" and current is not None:
            session.move(learner.next_exercise(after=current) or current)
        elif key == "h" and current is not None:
            shown, hints = learner.next_hint(current)
            console.print(hints_text(shown, hints))
        elif key == "l":
            summary = learner.summary()
            for exercise in learner.catalog:
                mark, style = STATUS_STYLE[learner.status(exercise, summary)]
                here = " [bold cyan]← current[/]" if exercise is current else ""
                console.print(f" [{style}]{mark}[/] {exercise.id}: {exercise.title}{here}")
        return True

    stop = threading.Event()
    try:
        with FileEvents(learner.workspace.root, poll=poll) as events, Keys() as keys:
            show(session.current)
            session.refresh()
            session.serve(events, stop, keys=keys, on_key=on_key)
    finally:
        session.close()
