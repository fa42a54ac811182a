"""Progress is never lost: commits survive kill -9; damage is reported and recovered."""
from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from deeproots.errors import DeeprootsError
from deeproots.app.learner import Learner
from deeproots.app.doctor import run_doctor
from deeproots.app.progress import ACTIVE_GAP_S, ProgressStore

from tests.conftest import solve

WRITER = """
import sys, time
from pathlib import Path
from deeproots.app.progress import ProgressStore
store = ProgressStore(Path(sys.argv[1]))
i = 0
while True:
    store.record_attempt("ex", "failed", 0.01, 0, 1, problem="x" * 400)
    i += 1
    print(i, flush=True)
"""


def test_a_process_killed_mid_write_loses_nothing_committed(tmp_path):
    database = tmp_path / "progress.db"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(database)], stdout=subprocess.PIPE, text=True)
    committed = 0
    while committed < 200:
        committed = int(writer.stdout.readline())
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    store = ProgressStore(database)
    attempts = store.summary()["ex"].attempts
    assert attempts >= committed, f"{committed} attempts were committed, {attempts} survived"


def test_first_pass_and_active_time_are_derived_from_attempts(tmp_path):
    store = ProgressStore(tmp_path / "p.db")
    start = 1_000_000.0
    store.record_attempt("ex", "failed", 1.0, 0, 3, at=start)
    store.record_attempt("ex", "failed", 1.0, 1, 3, at=start + 120)
    store.record_attempt("ex", "passed", 1.0, 3, 3, at=start + 120 + 5 * ACTIVE_GAP_S)
    record = store.summary()["ex"]
    assert record.attempts == 3 and record.done
    assert record.first_pass == start + 120 + 5 * ACTIVE_GAP_S
    # 120 s of work, a long break counted as ACTIVE_GAP_S, plus 3 s of checking
    assert record.time_spent_s == pytest.approx(120 + ACTIVE_GAP_S + 3.0)


def test_a_damaged_database_gives_a_clear_error_and_doctor_recovers(learner):
    solve(learner, "vectors-dot-norms")
    exercise = learner.catalog.get("vectors-dot-norms")
    assert learner.check(exercise).passed
    learner.progress.close()
    database = learner.workspace.root / ".deeproots" / "progress.db"
    database.write_bytes(b"this is not a database" * 100)
    database.with_name("journal.jsonl").unlink()  # the worst case: only the learner's files are left
    with pytest.raises(DeeprootsError, match=r"damaged .*deeproots doctor"):
        Learner.open(learner.workspace.root).summary()
    lines = run_doctor(learner.workspace.root)
    assert any("was damaged" in line for line in lines)
    assert any("1 pass again" in line for line in lines), lines
    assert Learner.open(learner.workspace.root).summary()["vectors-dot-norms"].done


def test_doctor_rebuilds_a_truncated_database_from_what_survives_and_the_journal(learner):
    for index in range(300):
        learner.progress.record_attempt("vectors-dot-norms", "failed", 0.1, 0, 4, problem="x" * 400,
                                        at=1000.0 + index)
    learner.progress.close()
    database = learner.workspace.root / ".deeproots" / "progress.db"
    with open(database, "r+b") as handle:  # a half-copied file: its last third is gone
        handle.truncate(database.stat().st_size * 2 // 3)
    lines = run_doctor(learner.workspace.root)
    assert any("was damaged" in line for line in lines), lines
    assert sqlite3.connect(database).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert Learner.open(learner.workspace.root).summary()["vectors-dot-norms"].attempts == 300


def test_salvage_keeps_rows_a_damaged_database_still_yields_without_a_journal(tmp_path):
    from deeproots.app.progress import salvage

    database = tmp_path / "progress.db"
    store = ProgressStore(database)
    for index in range(40):
        store.record_attempt("ex", "failed", 0.1, 0, 1, at=2000.0 + index)
    store.close()
    (tmp_path / "journal.jsonl").unlink()
    _, saved = salvage(database)
    assert saved["attempts"] == 40 and saved["journal"] == 0
    assert ProgressStore(database).summary()["ex"].attempts == 40


def test_export_writes_every_attempt_as_json(learner, tmp_path):
    from deeproots.app.export import export_progress

    exercise = learner.catalog.get("vectors-dot-norms")
    learner.check(exercise)
    target = tmp_path / "progress.json"
    export_progress(learner, target)
    data = json.loads(target.read_text())
    assert data["attempts"][0]["exercise"] == "vectors-dot-norms"
    assert data["attempts"][0]["status"] == "not-started"
    assert {entry["id"] for entry in data["exercises"]} == {e.id for e in learner.catalog}
