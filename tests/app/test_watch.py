"""Watch mode, driven as a learner would: save a file, get a verdict, move on."""
from __future__ import annotations

import threading
import time

import pytest

from deeproots.app.watch import FileEvents, WatchSession


@pytest.mark.parametrize("poll", [False, True], ids=["file-events", "polling"])
def test_a_save_is_checked_and_a_pass_moves_to_the_next_exercise(learner, poll):
    verdicts = []
    arrived = threading.Event()

    def on_verdict(exercise, verdict):
        verdicts.append((exercise.id, verdict.status))
        arrived.set()

    moved = threading.Event()
    session = WatchSession(learner, on_verdict=on_verdict, on_move=lambda exercise: moved.set())
    first = session.current
    assert first is not None and first.id == learner.catalog.exercises[0].id
    stop = threading.Event()
    with FileEvents(learner.workspace.root, poll=poll) as events:
        loop = threading.Thread(target=session.serve, args=(events, stop), daemon=True)
        loop.start()
        try:
            time.sleep(0.3)  # let the observer take its first look
            path = learner.workspace.file_for(first)
            path.write_text(first.solution_file.read_text().replace("np.sqrt(dot(x, x))", "dot(x, x)"))
            assert arrived.wait(30), "no verdict after a save"
            assert verdicts[-1] == (first.id, "failed")
            assert session.current is first
            arrived.clear()
            path.write_text(first.solution_file.read_text())
            assert arrived.wait(30), "no verdict after the second save"
            assert verdicts[-1] == (first.id, "passed")
            assert moved.wait(10), "a pass did not move on"
            assert session.current is not None and session.current.id == learner.catalog.exercises[1].id
        finally:
            stop.set()
            loop.join(5)
            session.close()
    assert learner.summary()[first.id].done


def test_an_unchanged_save_is_not_rechecked(learner):
    session = WatchSession(learner)
    try:
        path = session.path()
        first = session.on_changes({path.resolve()})
        assert first is not None
        assert session.on_changes({path.resolve()}) is None
        assert session.on_changes({path.with_name("other.py").resolve()}) is None
    finally:
        session.close()


# --- watch goes where the learner goes (issue 12, item 3) ---------------------------------

from dataclasses import replace  # noqa: E402
from io import StringIO  # noqa: E402

from rich.console import Console  # noqa: E402

from deeproots.errors import DeeprootsError  # noqa: E402
from deeproots.app import watch as watch_module  # noqa: E402
from deeproots.content.catalog import Catalog  # noqa: E402

CLEAR = "\x1b[2J"  # what Console.clear() writes to a terminal: one frame starts after each


def mark_passed(learner, exercise) -> None:
    learner.progress.record_attempt(exercise.id, "passed", 0.01, 1, 1)


def broken_solution(exercise) -> str:
    """The reference solution with its first mutant applied: a save that must fail."""
    mutant = exercise.mutants[0]
    source = exercise.solution_file.read_text()
    assert mutant.find in source
    return source.replace(mutant.find, mutant.replace, 1)


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


def test_watch_id_starts_at_that_exercise(learner):
    session = WatchSession(learner, start="entropy")
    try:
        assert session.current is learner.catalog.get("entropy")
    finally:
        session.close()


def test_watch_node_starts_at_the_nodes_first_unfinished_exercise(learner):
    first, second = learner.catalog.for_node("information-theory")[:2]
    mark_passed(learner, first)
    session = WatchSession(learner, node="information-theory")
    try:
        assert session.current is second
    finally:
        session.close()


def test_unknown_id_or_node_is_a_one_line_error(learner):
    with pytest.raises(DeeprootsError, match="did you mean 'entropy'"):
        WatchSession(learner, start="entropyy")
    with pytest.raises(DeeprootsError, match="no node 'probabilty'; did you mean 'probability-statistics'\\? nodes are: linear-algebra, ") as raised:
        WatchSession(learner, node="probabilty")
    assert "\n" not in str(raised.value)
    with pytest.raises(DeeprootsError, match="'entropy' is in node 'information-theory'"):
        WatchSession(learner, start="entropy", node="linear-algebra")


def test_a_save_to_another_exercises_file_makes_it_current_and_checks_it(learner):
    verdicts = []
    session = WatchSession(learner, on_verdict=lambda exercise, verdict: verdicts.append((exercise.id, verdict.status)))
    try:
        other = learner.catalog.get("entropy")
        assert session.current is not other
        path = learner.workspace.file_for(other)
        path.write_text(broken_solution(other))
        not_exercises = {learner.workspace.root / ".deeproots" / "backups" / "entropy-20260101-000000.py",
                         learner.workspace.root / "scratch.py"}
        for ignored in not_exercises:
            ignored.write_text("x = 1\n")
        verdict = session.on_changes({path.resolve(), *(p.resolve() for p in not_exercises)})
        assert verdict is not None and verdict.status == "failed"
        assert verdicts == [("entropy", "failed")]
        assert session.current is other
        assert session.on_changes({p.resolve() for p in not_exercises}) is None
        assert session.current is other
    finally:
        session.close()


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
