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

from deeproots.errors import DeeprootsError  # noqa: E402


def mark_passed(learner, exercise) -> None:
    learner.progress.record_attempt(exercise.id, "passed", 0.01, 1, 1)


def broken_solution(exercise) -> str:
    """The reference solution with its first mutant applied: a save that must fail."""
    mutant = exercise.mutants[0]
    source = exercise.solution_file.read_text()
    assert mutant.find in source
    return source.replace(mutant.find, mutant.replace, 1)


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
