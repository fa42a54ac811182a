"""Watch in a terminal: the frame drawn from the session's state, on scripted keys and saves."""
from __future__ import annotations

from dataclasses import replace
from io import StringIO

from rich.console import Console

from deeproots.app.watch import WatchSession
from deeproots.cli import watch as watch_module
from deeproots.content.catalog import Catalog
from tests.app.test_watch import mark_passed

CLEAR = "\x1b[2J"  # what Console.clear() writes to a terminal: one frame starts after each


def terminal() -> Console:
    return Console(file=StringIO(), force_terminal=True, color_system=None, width=120, height=40)


class ScriptedKeys:
    """The keys a learner presses, one per read, then q."""

    def __init__(self, presses):
        self.presses = list(presses)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def read(self):
        return self.presses.pop(0) if self.presses else "q"


def frames_after(learner, monkeypatch, presses) -> list[str]:
    """Run the terminal loop on scripted keys; every frame it drew, in order."""
    monkeypatch.setattr(watch_module, "Keys", lambda: ScriptedKeys(presses))
    console = terminal()
    watch_module.run_watch(learner, console)
    return console.file.getvalue().split(CLEAR)[1:]


def test_in_a_node_a_pass_stays_in_the_node_and_a_finished_node_says_so(learner):
    node = learner.catalog.for_node("information-theory")
    for exercise in node[1:-1]:
        mark_passed(learner, exercise)
    session = WatchSession(learner, start=node[-1].id, node="information-theory")
    try:
        path = learner.workspace.file_for(node[-1])
        path.write_text(node[-1].solution_file.read_text())
        assert session.on_changes({path.resolve()}).passed
        assert session.current is node[0], "a pass in --node mode left the node"
        path = learner.workspace.file_for(node[0])
        path.write_text(node[0].solution_file.read_text())
        assert session.on_changes({path.resolve()}).passed
        assert session.current is None
        console = terminal()
        console.print(watch_module.frame(session))
        shown = console.file.getvalue()
        assert "Every exercise in information-theory passed" in shown
        after = learner.next_exercise()
        assert after.id in shown, "the finished node should say where n goes next"
        assert session.press("n") and session.current is after and session.node is None
    finally:
        session.close()


def test_h_twice_shows_hints_one_and_two_exactly_once(learner, monkeypatch):
    first = learner.catalog.exercises[0]
    assert len(first.hints) >= 3
    last = frames_after(learner, monkeypatch, ["h", "h"])[-1]
    assert last.count(f"hint 1/{len(first.hints)}") == 1, last
    assert last.count(f"hint 2/{len(first.hints)}") == 1, last
    assert f"hint 3/{len(first.hints)}" not in last
    assert first.title in last, "the hints belong under the exercise, in one frame"


def test_the_list_is_a_compact_part_of_the_frame(learner, monkeypatch):
    first = learner.catalog.exercises[0]
    frames = frames_after(learner, monkeypatch, ["l"])
    statement, with_list = frames[0], frames[-1]
    assert with_list.count(first.title) == 1
    assert len(with_list.splitlines()) <= len(statement.splitlines()) + 8, with_list
    for exercise in learner.catalog.for_node(first.node):
        assert exercise.id in with_list
    assert learner.catalog.exercises[-1].id not in with_list, "only the current node, not all exercises"


def test_content_reaches_the_screen_verbatim(learner, monkeypatch):
    original = learner.catalog.exercises[0]
    odd = replace(original, title="Norms of [bold]x[/bold] and [red]", hints=("use x[0] and [i] as written",))
    monkeypatch.setattr(learner, "catalog", Catalog([odd, *learner.catalog.exercises[1:]]))
    session = WatchSession(learner)
    try:
        session.press("h")
        path = learner.workspace.file_for(odd)
        path.write_text(odd.solution_file.read_text())
        assert session.on_changes({path.resolve()}).passed
        console = terminal()
        console.print(watch_module.frame(session))
        shown = console.file.getvalue()
        assert "✓ Norms of [bold]x[/bold] and [red] passed" in shown
        session.move(odd)
        console = terminal()
        console.print(watch_module.frame(session))
        assert "use x[0] and [i] as written" in console.file.getvalue()
    finally:
        session.close()


def test_the_cli_answers_an_unknown_id_or_node_in_one_line(learner):
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "DEEPROOTS_WORKSPACE"}
    for args, expected in ((["entropyy"], "did you mean 'entropy'"), (["--node", "probabilty"], "nodes are: ")):
        result = subprocess.run([sys.executable, "-m", "deeproots", "watch", *args], cwd=learner.workspace.root,
                                capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 2 and expected in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
