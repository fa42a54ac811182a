"""FSRS scheduling with an injected clock, the quiz session, statistics, Anki export, notes."""
from __future__ import annotations

import sqlite3
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from deeproots.errors import DeeprootsError
from deeproots.quiz.anki import export_apkg, to_anki
from deeproots.quiz.notes import ensure_note, nodes_with_notes, open_in_editor
from deeproots.content.questions import Question
from deeproots.quiz.schedule import replay
from deeproots.quiz.session import Quiz, run_session
from deeproots.app.progress import ProgressStore

START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def q(id, node="linear-algebra", kind="numeric", answer=2, **extra):
    return Question(id=id, node=node, kind=kind, prompt=f"prompt {id}", answer=answer, source="src",
                    explanation=f"why {id}", **extra)


class Clock:
    def __init__(self, now=START):
        self.now = now

    def __call__(self):
        return self.now


def review_at_due(ratings):
    """Review one card with these ratings, each exactly when it falls due; the intervals."""
    reviews, at, intervals = [], START, []
    for rating in ratings:
        reviews.append((at.timestamp(), rating))
        card = replay("x", reviews)
        intervals.append(card.due - at)
        at = card.due
    return intervals


def test_intervals_grow_after_good_answers():
    intervals = review_at_due(["good"] * 6)
    later = intervals[2:]  # past the learning steps (minutes)
    assert all(b > a for a, b in zip(later, later[1:])), f"intervals should grow: {intervals}"
    assert later[-1] > timedelta(days=30)


def test_a_lapse_shrinks_the_interval():
    before = review_at_due(["good"] * 5)
    after = review_at_due(["good"] * 5 + ["again", "good"])
    assert after[-1] < before[-1] / 4, f"after a lapse the interval {after[-1]} should fall far below {before[-1]}"
    easy, hard = review_at_due(["good"] * 4 + ["easy"]), review_at_due(["good"] * 4 + ["hard"])
    assert easy[-1] > before[-1] > hard[-1]


def test_session_asks_due_questions_marks_rates_and_saves_each_answer(tmp_path):
    store = ProgressStore(tmp_path / "progress.db")
    clock = Clock()
    questions = [q("a"), q("b", answer=0.5), q("c", node="calculus-autodiff")]
    quiz = Quiz(store, questions, clock)
    assert [x.id for x in quiz.due("linear-algebra")] == ["a", "b"]
    answers = iter(["two", "2", "", "0.7", "nonsense", "again"])  # unreadable, right, default rating; wrong, bad rating
    said = []
    assert run_session(quiz, "linear-algebra", lambda prompt: next(answers), said.append) == 2
    text = "\n".join(said)
    assert "cannot read that" in text and "why a" in text and "not quite" in text and "type again, hard" in text
    reviews = store.reviews()
    assert [r for _, r in reviews["a"]] == ["good"] and [r for _, r in reviews["b"]] == ["again"]
    # Nothing is due right after; a day later the lapsed one is due again, the good one too (learning steps).
    assert quiz.due("linear-algebra") == []
    clock.now = START + timedelta(days=1)
    assert {x.id for x in quiz.due("linear-algebra")} == {"a", "b"}
    assert quiz.due_by_node() == {"linear-algebra": 2}
    with pytest.raises(DeeprootsError, match="no questions for node"):
        quiz.due("no-such-node")


def test_ctrl_c_keeps_every_rated_answer(tmp_path):
    store = ProgressStore(tmp_path / "progress.db")
    quiz = Quiz(store, [q("a"), q("b")], Clock())
    answers = iter(["2", "good"])

    def ask(prompt):
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    with pytest.raises(KeyboardInterrupt):
        run_session(quiz, None, ask, lambda text: None)
    store.close()
    assert list(ProgressStore(tmp_path / "progress.db").reviews()) == ["a"]


def test_stats_due_retention_and_streak(tmp_path):
    store = ProgressStore(tmp_path / "progress.db")
    clock = Clock()
    quiz = Quiz(store, [q("a"), q("b"), q("c", node="calculus-autodiff")], clock)
    for day, rating in enumerate(["good", "good", "again"]):
        clock.now = START + timedelta(days=day)
        quiz.rate(quiz.questions[day], rating, rating != "again")
    numbers = quiz.stats()
    assert numbers["seen"] == 3 and numbers["new"] == 0 and numbers["reviews"] == 3
    assert numbers["streak_days"] == 3
    assert numbers["retention"] == {"linear-algebra": 1.0, "calculus-autodiff": 0.0}
    assert numbers["due_today"] >= 1 and numbers["due_this_week"] == 3
    clock.now = START + timedelta(days=4)  # a day without reviews breaks the streak
    assert quiz.stats()["streak_days"] == 0


def test_anki_package_holds_a_deck_per_stage_and_every_note(tmp_path):
    questions = [q("a"), q("b", kind="recall", answer="the answer"),
                 q("c", node="pytorch", kind="choice", answer=0, choices=("x", "y"), why_wrong=("", "no"))]
    target = tmp_path / "deck.apkg"
    counts = export_apkg(questions, {"linear-algebra": "roots", "pytorch": "trunk"}, target)
    assert counts == {"deeproots::roots": 2, "deeproots::trunk": 1}
    with zipfile.ZipFile(target) as archive:
        assert "collection.anki2" in archive.namelist()
        archive.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    assert db.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 3
    assert to_anki("gradient $\\nabla f$ <b>") == "gradient \\(\\nabla f\\) &lt;b&gt;"
    with pytest.raises(DeeprootsError, match=".apkg"):
        export_apkg(questions, {}, tmp_path / "deck.zip")


class Node:
    id, title, resources = "calculus-autodiff", "Calculus", []


def test_notes_are_created_once_and_opened_in_the_editor(tmp_path, monkeypatch):
    path = ensure_note(tmp_path, Node())
    assert path.read_text().startswith("# Calculus")
    path.write_text("my own words")
    assert ensure_note(tmp_path, Node()).read_text() == "my own words"  # never overwritten
    assert nodes_with_notes(tmp_path) == {"calculus-autodiff"}
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "true")
    assert open_in_editor(path)
    monkeypatch.delenv("EDITOR")
    assert not open_in_editor(path)
    monkeypatch.setenv("EDITOR", "/no/such/editor")
    with pytest.raises(DeeprootsError, match="cannot start the editor"):
        open_in_editor(path)


def test_cli_quiz_runs_a_session_in_a_fresh_workspace_and_the_path_shows_reviews(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, COLUMNS="120")
    env.pop("DEEPROOTS_WORKSPACE", None)

    def run(*args, stdin=None):
        return subprocess.run([sys.executable, "-m", "deeproots", *args], cwd=tmp_path, capture_output=True,
                              text=True, input=stdin, env=env, timeout=120)

    from deeproots.content.questions import LETTERS, load_questions

    def typed(question):  # the reference answer, as a learner types it
        if question.kind == "choice":
            return LETTERS[question.answer]
        if question.kind == "numeric":
            values = question.answer if isinstance(question.answer, list) else [question.answer]
            return ", ".join(map(repr, values))
        return "" if question.kind == "recall" else question.answer

    first_two = [q for q in load_questions() if q.node == "linear-algebra"][:2]
    # An unreadable answer first (re-prompted), then the right one, then Enter for the suggested rating.
    script = "".join(f"{'??? !' if q.kind != 'recall' else ''}\n{typed(q)}\n\n" if q.kind != "recall"
                     else "\n\n" for q in first_two)
    result = run("quiz", "linear-algebra", "--limit", "2", stdin=script)
    assert result.returncode == 0, result.stderr
    assert "[1/2] linear-algebra" in result.stdout and "why:" in result.stdout
    assert "next review in" in result.stdout
    stats = run("quiz", "--stats")
    assert "2 seen" in stats.stdout and "reviews in all" in stats.stdout
    bad = run("quiz", "no-such-node")
    assert bad.returncode == 2 and "no questions for node" in bad.stderr
    interrupted = run("quiz", "probability-statistics", stdin="")  # EOF at the first prompt: saved, clean exit
    assert interrupted.returncode == 130 and "Traceback" not in interrupted.stderr
    notes = run("notes", "calculus-autodiff")
    assert notes.returncode == 0 and (tmp_path / "workspace" / "notes" / "calculus-autodiff.md").is_file()
    path = run("path")
    assert "notes" in path.stdout and "deeproots quiz" in path.stdout
    deck = run("export", "anki", "deck.apkg")
    assert deck.returncode == 0 and (tmp_path / "deck.apkg").is_file() and "3 decks" in deck.stdout
