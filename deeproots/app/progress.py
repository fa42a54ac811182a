"""The progress store: every attempt and event in SQLite, committed one transaction each.

``DIR/.deeproots/progress.db`` holds attempts (exercise, time, verdict, duration) and
events (hint shown, solution revealed, reset), and concept-question reviews (rating, whether
the typed answer was right). First passes and time spent are derived,
never stored twice. SQLite's rollback journal makes each commit atomic: a process killed
mid-write loses nothing committed, and a damaged file is reported with the way out.
Every committed row is also appended to ``journal.jsonl`` beside the database, so that
`deeproots doctor` can rebuild what a damaged database no longer yields.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from deeproots.errors import DeeprootsError

SCHEMA_VERSION = 1
JOURNAL = "journal.jsonl"
ACTIVE_GAP_S = 10 * 60  # a pause longer than this between two saves is not study time
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS attempts(
    id INTEGER PRIMARY KEY,
    exercise TEXT NOT NULL,
    at REAL NOT NULL,
    duration_s REAL NOT NULL,
    status TEXT NOT NULL,
    passed_checks INTEGER NOT NULL,
    total_checks INTEGER NOT NULL,
    problem TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS events(
    id INTEGER PRIMARY KEY,
    exercise TEXT NOT NULL,
    at REAL NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS reviews(
    id INTEGER PRIMARY KEY,
    exercise TEXT NOT NULL,
    at REAL NOT NULL,
    rating TEXT NOT NULL,
    correct INTEGER,
    answer TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS project_runs(
    id INTEGER PRIMARY KEY,
    exercise TEXT NOT NULL,
    at REAL NOT NULL,
    budget TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL,
    tier TEXT NOT NULL DEFAULT '',
    seconds REAL NOT NULL,
    report TEXT NOT NULL DEFAULT '',
    problem TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS attempts_by_exercise ON attempts(exercise, at);
CREATE INDEX IF NOT EXISTS events_by_exercise ON events(exercise, kind);
"""
TABLES = {"meta": ("key", "value"),
          "attempts": ("id", "exercise", "at", "duration_s", "status", "passed_checks", "total_checks", "problem"),
          "events": ("id", "exercise", "at", "kind", "detail"),
          # Concept-question reviews; "exercise" holds the question id, so that salvage and the
          # journal treat reviews exactly like attempts.
          "reviews": ("id", "exercise", "at", "rating", "correct", "answer"),
          # Projects' evaluations; "exercise" holds the project id (budget: full or quick;
          # score None when nothing could be scored; tier '' below bronze).
          "project_runs": ("id", "exercise", "at", "budget", "status", "score", "tier", "seconds", "report",
                           "problem")}


@dataclass(frozen=True)
class ExerciseProgress:
    exercise: str
    attempts: int
    first_pass: float | None
    time_spent_s: float
    last_status: str | None

    @property
    def done(self) -> bool:
        return self.first_pass is not None


def _damaged(path: Path, error: Exception) -> DeeprootsError:
    if type(error) is sqlite3.OperationalError and "malformed" not in str(error):
        return DeeprootsError(f"the progress database {path} could not be used ({error}); "
                              "close other deeproots commands and try again")
    return DeeprootsError(f"the progress database {path} is damaged ({error}); "
                          "run `deeproots doctor` to recover what can be recovered")


class ProgressStore:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # One connection serves the watch loop's threads; _write() serialises writes.
            self.db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(_SCHEMA)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        except sqlite3.DatabaseError as error:
            raise _damaged(path, error) from None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            raise _damaged(self.path, error) from None

    def _read(self, sql: str, args: tuple = ()) -> list[tuple]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as error:
            raise _damaged(self.path, error) from None

    def _insert(self, table: str, row: dict) -> None:
        self.insert_rows(table, [row])

    def insert_rows(self, table: str, rows: list[dict]) -> None:
        """Rows committed in one transaction, then journalled (one line each)."""
        with self._write() as db:
            for row in rows:
                insert_row(db, table, row)
        with open(self.path.with_name(JOURNAL), "a", encoding="utf-8") as journal:
            journal.writelines(json.dumps({"table": table, "row": row}) + "\n" for row in rows)

    def record_attempt(self, exercise: str, status: str, duration_s: float, passed_checks: int,
                       total_checks: int, problem: str = "", at: float | None = None) -> None:
        self._insert("attempts", {"exercise": exercise, "at": at or time.time(), "duration_s": duration_s,
                                  "status": status, "passed_checks": passed_checks,
                                  "total_checks": total_checks, "problem": problem[:500]})

    def record_event(self, exercise: str, kind: str, detail: str = "") -> None:
        self._insert("events", {"exercise": exercise, "at": time.time(), "kind": kind, "detail": detail})

    def record_review(self, question: str, rating: str, correct: bool | None, answer: str = "",
                      at: float | None = None) -> None:
        self._insert("reviews", {"exercise": question, "at": at or time.time(), "rating": rating,
                                 "correct": None if correct is None else int(correct), "answer": answer[:500]})

    def record_project_run(self, project: str, budget: str, status: str, score: float | None, tier: str,
                           seconds: float, report: str = "", problem: str = "", at: float | None = None) -> None:
        self._insert("project_runs", {"exercise": project, "at": at or time.time(), "budget": budget,
                                      "status": status, "score": score, "tier": tier, "seconds": seconds,
                                      "report": report, "problem": problem[:500]})

    def project_runs(self, project: str | None = None) -> list[dict]:
        """Every evaluation of ``project`` (or of all projects), oldest first."""
        columns = TABLES["project_runs"]
        where, args = ("WHERE exercise = ?", (project,)) if project else ("", ())
        rows = self._read(f"SELECT {', '.join(columns)} FROM project_runs {where} ORDER BY at, id", args)
        return [dict(zip(columns, row)) for row in rows]

    def reviews(self) -> dict[str, list[tuple[float, str]]]:
        """Each question's reviews as (time, rating), oldest first."""
        result: dict[str, list[tuple[float, str]]] = {}
        for question, at, rating in self._read("SELECT exercise, at, rating FROM reviews ORDER BY at, id"):
            result.setdefault(question, []).append((at, rating))
        return result

    def review_rows(self) -> list[tuple[str, float, str, bool | None]]:
        """Every review as (question, time, rating, answered right or None), oldest first."""
        return [(question, at, rating, None if correct is None else bool(correct))
                for question, at, rating, correct in
                self._read("SELECT exercise, at, rating, correct FROM reviews ORDER BY at, id")]

    def count_events(self, exercise: str, kind: str) -> int:
        return self._read("SELECT COUNT(*) FROM events WHERE exercise = ? AND kind = ?", (exercise, kind))[0][0]

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (f"setting:{key}",))
        return rows[0][0] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"setting:{key}", value))

    def _saves(self) -> dict[str, list[tuple]]:
        """Per exercise, its attempts (at, duration, status) and events (at, 0.0, None), oldest first
        (an attempt before an event at the same time)."""
        rows = self._read("SELECT exercise, at, duration_s, status FROM attempts ORDER BY exercise, at")
        rows += [(exercise, at, 0.0, None) for exercise, at in
                 self._read("SELECT exercise, at FROM events ORDER BY exercise, at")]
        rows.sort(key=lambda row: (row[0], row[1]))
        saves: dict[str, list[tuple]] = {}
        for exercise, *row in rows:
            saves.setdefault(exercise, []).append(tuple(row))
        return saves

    def summary(self) -> dict[str, ExerciseProgress]:
        """Per exercise: attempts, first pass, active time spent and the latest status."""
        result: dict[str, ExerciseProgress] = {}
        for exercise, mine in self._saves().items():
            attempts = [row for row in mine if row[2] is not None]
            passes = [row[0] for row in attempts if row[2] == "passed"]
            grading, pauses = _study_time(mine)
            spent = sum(seconds for _, seconds in grading) + sum(seconds for _, seconds in pauses)
            result[exercise] = ExerciseProgress(
                exercise, len(attempts), min(passes) if passes else None, spent,
                attempts[-1][2] if attempts else None)
        return result

    def time_pieces(self) -> list[tuple[float, float]]:
        """(when, seconds) of every piece of study time, which sum per exercise to ``summary()``'s time
        spent: each attempt's grading at the attempt, each pause at the later of its two saves."""
        pieces = []
        for mine in self._saves().values():
            grading, pauses = _study_time(mine)
            pieces += grading + pauses
        return pieces

    def attempts(self, exercise: str) -> list[dict]:
        """Every attempt at ``exercise``, oldest first."""
        columns = TABLES["attempts"]
        rows = self._read(f"SELECT {', '.join(columns)} FROM attempts WHERE exercise = ? ORDER BY at, id", (exercise,))
        return [dict(zip(columns, row)) for row in rows]

    def dump(self) -> dict[str, list[dict]]:
        return {table: [dict(zip(columns, row)) for row in self._read(f"SELECT {', '.join(columns)} FROM {table}")]
                for table, columns in TABLES.items()}


def _study_time(saves: list[tuple]) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """One exercise's study time from its saves (at, duration, status), oldest first: (when, seconds)
    of each attempt's grading, and of each pause between two saves, capped at ACTIVE_GAP_S (a longer
    pause is a break), at the later save."""
    grading = [(at, duration) for at, duration, _ in saves if duration]
    pauses = [(later[0], min(later[0] - earlier[0], ACTIVE_GAP_S)) for earlier, later in zip(saves, saves[1:])]
    return grading, pauses


def insert_row(db: sqlite3.Connection, table: str, row: dict) -> int:
    """Insert unless the same (exercise, time) is already there; returns rows added."""
    if table != "meta" and db.execute(f"SELECT 1 FROM {table} WHERE exercise = ? AND at = ?",
                                      (row["exercise"], row["at"])).fetchone():
        return 0
    columns = [column for column in TABLES[table] if column in row]
    verb = "INSERT OR REPLACE" if table == "meta" else "INSERT"
    db.execute(f"{verb} INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
               [row[column] for column in columns])
    return 1


def check_database(path: Path) -> str | None:
    """None when the database is sound, else what is wrong with it."""
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
            db.execute("SELECT COUNT(*) FROM attempts").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if verdict == "ok" else verdict


def salvage(path: Path) -> tuple[Path, dict[str, int]]:
    """Move a damaged database aside and copy every readable row into a fresh one.

    Returns where the damaged file went and how many rows of each table were saved.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    damaged = path.with_name(f"{path.name}.damaged-{stamp}")
    shutil.move(path, damaged)
    for suffix in ("-journal", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            shutil.move(f"{path}{suffix}", f"{damaged}{suffix}")
    store = ProgressStore(path)
    saved = dict.fromkeys(TABLES, 0)
    old = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    for table, columns in TABLES.items():
        # Read forwards until the damage, then backwards until it: what lies on either
        # side of a damaged page survives.
        for order in ("ASC", "DESC"):
            rows = []
            try:
                for row in old.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid {order}"):
                    rows.append(dict(zip(columns, row)))
            except sqlite3.DatabaseError:
                pass
            with store._write() as db:
                saved[table] += sum(insert_row(db, table, {k: v for k, v in row.items() if k != "id"})
                                    for row in rows)
    old.close()
    saved["journal"] = replay_journal(store)
    store.close()
    return damaged, saved


def replay_journal(store: ProgressStore) -> int:
    """Add every journalled row the database lacks; a torn last line is skipped."""
    journal = store.path.with_name(JOURNAL)
    if not journal.exists():
        return 0
    added = 0
    with store._write() as db:
        for line in journal.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
                added += insert_row(db, entry["table"], entry["row"])
            except (ValueError, KeyError, TypeError, sqlite3.DatabaseError):
                continue
    return added
