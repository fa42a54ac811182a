"""Watch mode, driven as a learner would: save a file, get a verdict, move on."""
from __future__ import annotations

import threading
import time

import pytest

from deeproots.runner.watch import FileEvents, WatchSession


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
