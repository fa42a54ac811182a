"""A quiz session: which questions are due, marking, rating, statistics.

`Quiz` is the importable API (the CLI, and later a notebook or the dashboard, call it); the
interactive loop `run_session` takes its input and output functions as arguments, so tests drive
it with scripted answers. Each rating is committed to the progress database the moment it is
given: Ctrl-C (or a crash) loses at most the question on screen.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from deeproots.errors import DeeprootsError
from deeproots.content.questions import Question, load_questions
from deeproots.quiz.answers import Marked, Unreadable, check_answer
from deeproots.quiz.schedule import RATINGS, CardState, replay, states, utc

NEW_PER_SESSION = 10  # unseen questions introduced per session, as Anki's "new cards per day"
# A wrong answer was not recalled: FSRS's success ratings (good, easy) would schedule it days out.
# "hard" stays open for a slip (a typo in an answer the learner knew).
WRONG_ANSWER_RATINGS = ("again", "hard")


def now_utc() -> datetime:
    return datetime.now(tz=timezone.utc)


def recalled(rating: str, correct: bool | None) -> bool:
    """Whether a review counts as retained: a typed answer counts by its correctness; a recall card
    (``correct is None``, nothing typed to mark) by its self-rating, anything but "again"."""
    return rating != "again" if correct is None else bool(correct)


def tree_order() -> list[str]:
    from deeproots.content.tree import tree

    return [node.id for node in tree()]


@dataclass
class Quiz:
    store: object  # deeproots.app.progress.ProgressStore
    questions: list[Question]
    clock: Callable[[], datetime] = now_utc
    node_order: list[str] | None = None  # new cards come in this node order; None: the tree's (roots first)

    @classmethod
    def open(cls, store, clock: Callable[[], datetime] = now_utc) -> "Quiz":
        return cls(store, load_questions(), clock)

    def nodes(self) -> list[str]:
        return list(dict.fromkeys(q.node for q in self.questions))

    def cards(self) -> dict[str, CardState]:
        return states(self._history()[0], [q.id for q in self.questions])

    def due(self, node: str | None = None, new_limit: int = NEW_PER_SESSION,
            current: str | None = None) -> list[Question]:
        """Reviews that are due (most overdue first), then at most ``new_limit`` unseen questions:
        those of ``current`` (the node the learner works on) first, then the tree's order, roots first."""
        if node is not None and node not in self.nodes():
            raise DeeprootsError(f"no questions for node '{node}'; nodes with questions: {', '.join(self.nodes())}")
        now, cards = self.clock(), self.cards()
        pool = [q for q in self.questions if node is None or q.node == node]
        reviewed = sorted((q for q in pool if cards[q.id].reviews and cards[q.id].is_due(now)),
                          key=lambda q: cards[q.id].due)
        rank = {name: i for i, name in enumerate(self.node_order if self.node_order is not None else tree_order())}
        if current in rank:
            rank[current] = -1
        # sorted() is stable: within a node, questions keep their file order (easy ones first).
        new = sorted((q for q in pool if not cards[q.id].reviews), key=lambda q: rank.get(q.node, len(rank)))
        return reviewed + new[:new_limit]

    def due_by_node(self) -> dict[str, int]:
        """Reviews due now per node (unseen questions are not counted as due reviews)."""
        now, cards, counts = self.clock(), self.cards(), defaultdict(int)
        for q in self.questions:
            if cards[q.id].reviews and cards[q.id].is_due(now):
                counts[q.node] += 1
        return dict(counts)

    def mark(self, question: Question, text: str) -> Marked:
        return check_answer(question, text)

    def rate(self, question: Question, rating: str, correct: bool | None, answer: str = "") -> CardState:
        if rating not in RATINGS:
            raise DeeprootsError(f"a rating is one of {', '.join(RATINGS)} (got {rating!r})")
        if correct is False and rating not in WRONG_ANSWER_RATINGS:
            raise DeeprootsError(f"a wrong answer cannot be rated {rating}: it was not recalled; "
                                 f"rate it {' or '.join(WRONG_ANSWER_RATINGS)}")
        self.store.record_review(question.id, rating, correct, answer, at=self.clock().timestamp())
        return replay(question.id, self._history()[0].get(question.id, []))

    def stats(self) -> dict:
        """Due today and this week, retention by node (the share of reviews answered right, see
        `recalled`), the streak of days with reviews."""
        now, (reviews, outcomes) = self.clock(), self._history()
        cards = states(reviews, [q.id for q in self.questions])
        end_of_day = now.replace(hour=23, minute=59, second=59)
        seen = [c for c in cards.values() if c.reviews]
        by_node: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        node_of = {q.id: q.node for q in self.questions}
        days = set()
        for question, history in reviews.items():
            for (at, rating), right in zip(history, outcomes[question]):
                days.add(utc(at).date())
                if question in node_of:
                    by_node[node_of[question]][0] += right
                    by_node[node_of[question]][1] += 1
        streak, day = 0, now.date()
        if day not in days:
            day -= timedelta(days=1)  # today not yet done: the streak still counts up to yesterday
        while day in days:
            streak, day = streak + 1, day - timedelta(days=1)
        return {"questions": len(self.questions), "seen": len(seen),
                "due_today": sum(c.due <= end_of_day for c in seen),
                "due_this_week": sum(c.due <= end_of_day + timedelta(days=6) for c in seen),
                "new": len(self.questions) - len(seen),
                "retention": {node: right / total for node, (right, total) in by_node.items()},
                "reviews": sum(len(h) for h in reviews.values()), "streak_days": streak}

    def _history(self) -> tuple[dict[str, list[tuple[float, str]]], dict[str, list[bool]]]:
        """Each question's reviews (time, rating) as the scheduler replays them, oldest first, and
        whether each was recalled; one read of the reviews table. A wrong answer stored with a
        success rating (databases written before `rate` refused it) is replayed as the lapse it was."""
        reviews: dict[str, list[tuple[float, str]]] = defaultdict(list)
        outcomes: dict[str, list[bool]] = defaultdict(list)
        for question, at, rating, correct in self.store.review_rows():
            honest = "again" if correct is False and rating not in WRONG_ANSWER_RATINGS else rating
            reviews[question].append((at, honest))
            outcomes[question].append(recalled(rating, correct))
        return dict(reviews), outcomes


def parse_rating(text: str, default: str, allowed: tuple[str, ...] = tuple(RATINGS)) -> str:
    text = text.strip().lower()
    if not text:
        return default
    for name, number in RATINGS.items():
        if text in (name, name[0], str(number)):
            if name not in allowed:
                raise Unreadable(f"a wrong answer is rated {' or '.join(allowed)}, not {name}; "
                                 "Enter takes the suggestion")
            return name
    raise Unreadable(f"type {', '.join(allowed)} (or {', '.join(f'{n[0]} or {RATINGS[n]}' for n in allowed)}); "
                     "Enter takes the suggestion")


def run_session(quiz: Quiz, node: str | None, ask: Callable[[str], str], say: Callable[[str], None],
                limit: int | None = None, current: str | None = None) -> int:
    """Ask the due questions (new ones from ``current``, the learner's node, first); returns how many
    were rated. ``ask`` raising EOFError ends the session."""
    rated = 0
    questions = quiz.due(node, current=current)
    if limit is not None:
        questions = questions[:limit]
    if not questions:
        say("Nothing due. Come back tomorrow, or pick a node: deeproots quiz NODE")
        return 0
    for number, question in enumerate(questions, 1):
        say(f"\n[{number}/{len(questions)}] {question.node} · {question.kind} · {question.source}\n{question.prompt}")
        if question.kind == "choice":
            say("\n".join(f"  {'abcdefghij'[i]}) {choice}" for i, choice in enumerate(question.choices)))
        while True:
            try:
                text = ask("(Enter to reveal) " if question.kind == "recall" else "your answer: ")
                marked = quiz.mark(question, text)
                break
            except Unreadable as error:
                say(f"  cannot read that: {error}")
        if marked.skipped:
            say(marked.feedback)
        elif marked.correct is None:
            say(f"answer: {question.shown_answer()}")
        else:
            say("right." if marked.correct else f"not quite: {marked.feedback}")
        say(f"why: {question.explanation}")
        rating = "again" if marked.skipped else _ask_rating(marked, ask, say)
        card = quiz.rate(question, rating, marked.correct, text)
        rated += 1
        when = card.due - quiz.clock()
        say(f"next review in {_human(when)}")
    return rated


def _ask_rating(marked: Marked, ask: Callable[[str], str], say: Callable[[str], None]) -> str:
    allowed = WRONG_ANSWER_RATINGS if marked.correct is False else tuple(RATINGS)
    suggestion = "again" if marked.correct is False else "good"
    while True:
        try:
            return parse_rating(ask(f"how well did you know it? {'/'.join(allowed)} [{suggestion}]: "),
                                suggestion, allowed)
        except Unreadable as error:
            say(f"  {error}")


def _human(delta: timedelta) -> str:
    seconds = max(delta.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"
