"""`deeproots watch` in a terminal: single key presses, and one frame drawn whole from the
session's state (deeproots.app.watch.WatchSession) after every save or key, never scrolled."""
from __future__ import annotations

import os
import select
import sys
import threading
from typing import TYPE_CHECKING

from rich.columns import Columns
from rich.console import Group
from rich.text import Text

from deeproots.app.learner import Learner
from deeproots.app.watch import KEYS, FileEvents, WatchSession
from deeproots.cli.views import STATUS_STYLE, exercise_intro, hints_text, verbatim, verdict_panel

if TYPE_CHECKING:
    from deeproots.content.catalog import Exercise
    from deeproots.grading.host.grader import Verdict


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


# --- the screen: one frame, drawn whole from the session's state ----------------------------

def frame(session: WatchSession) -> Group:
    """Everything watch shows, top to bottom: the statement or verdict, the hints revealed
    so far, the list if open, the note on the last pass, the keys."""
    current = session.current
    parts: list = []
    if current is None:
        parts.append(_finished(session))
    else:
        path = str(session.learner.workspace.file_for(current))
        parts.append(verdict_panel(current, session.verdict, path) if session.verdict is not None
                     else exercise_intro(current, path))
        if session.hints_shown:
            parts.extend([Text(), hints_text(session.hints_shown, current.hints)])
    if session.listing:
        parts.extend([Text(), _compact_list(session)])
    if session.last_pass is not None:
        parts.extend([Text(), _pass_note(*session.last_pass)])
    if session.project_note is not None:
        parts.extend([Text(), verbatim(session.project_note, "bold cyan")])
    parts.append(_keys_help(session))
    return Group(*parts)


def _pass_note(exercise: Exercise, verdict: Verdict) -> Text:
    return Text.assemble(("✓ ", "bold green"), verbatim(exercise.title, "bold green"),
                         (f" passed in {verdict.seconds * 1000:.0f} ms", "bold green"))


def _finished(session: WatchSession) -> Text:
    after = session.learner.next_exercise()
    if session.node is None or after is None:
        return Text("Every exercise passed. Well done. Press q to quit.", style="bold green")
    text = Text.assemble(("✓ Every exercise in ", "bold green"), verbatim(session.node, "bold green"),
                         (" passed.", "bold green"), "\nPress n to go on with ")
    text.append_text(verbatim(after.title, "bold"))
    text.append_text(Text.assemble(" (", verbatim(after.id), ", ", verbatim(after.node), "), or q to quit."))
    return text


def _compact_list(session: WatchSession) -> Group:
    """The current node's exercises with their marks, in a few lines: the statement stays."""
    learner, current = session.learner, session.current
    summary = learner.summary()
    everywhere = sum(1 for exercise in learner.catalog if exercise.id in summary and summary[exercise.id].done)
    node = current.node if current is not None else session.node
    exercises = learner.catalog.for_node(node) if node else []
    statuses = [learner.status(exercise, summary) for exercise in exercises]
    heading = Text.assemble(verbatim(node or "all nodes", "bold"),
                            (f": {statuses.count('done')}/{len(exercises)} done · all nodes: {everywhere}/"
                             f"{len(learner.catalog)} · `deeproots list` shows every exercise", "dim"))
    cells = []
    for exercise, status in zip(exercises, statuses):
        mark, style = STATUS_STYLE[status]
        here = exercise == current
        cell = Text.assemble((f"{mark} ", style), verbatim(exercise.id, "bold reverse" if here else style))
        if here:
            cell.append(" ◂", style="bold")  # seen even where the terminal shows no reverse video
        cells.append(cell)
    return Group(heading, Columns(cells, padding=(0, 3)))


def _keys_help(session: WatchSession) -> Text:
    text = Text(style="dim")
    if session.node is not None:
        text.append_text(Text.assemble("node ", verbatim(session.node), " · "))
    text.append("n next · h hint · l list · r rerun · q quit — save any exercise's file to check it")
    return text


def run_watch(learner: Learner, console, poll: bool = False,  # noqa: ANN001 - a rich Console
              start: str | None = None, node: str | None = None) -> None:
    """The terminal experience: every save or key redraws the whole screen from the session."""
    session = WatchSession(learner, start=start, node=node)

    def redraw() -> None:
        console.clear()
        console.print(frame(session))

    def on_key(key: str) -> bool:
        if key not in KEYS:
            return True
        if not session.press(key):
            return False
        redraw()
        return True

    stop = threading.Event()
    try:
        with FileEvents(learner.workspace.root, poll=poll) as events, Keys() as keys:
            redraw()
            if session.refresh() is not None:
                redraw()
            session.serve(events, stop, keys=keys, on_key=on_key, redraw=redraw)
    finally:
        session.close()
