"""Spaced repetition with FSRS (the `fsrs` package, the scheduler of modern Anki).

Only the reviews are stored (question, time, rating) in the progress database; a card's state
(stability, difficulty, due date) is rebuilt by replaying its reviews through the scheduler,
with fuzzing off so the replay is exact. One source of truth, nothing stored twice, and a
salvaged database (`deeproots doctor`) gives back the same schedule.

The clock is always passed in (``now``), so tests can age a card by months in a microsecond.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}


def _scheduler():
    from fsrs import Scheduler

    return Scheduler(enable_fuzzing=False)


@dataclass(frozen=True)
class CardState:
    question: str
    reviews: int
    due: datetime | None  # None: never reviewed, so due now
    stability: float | None
    last_rating: str | None
    lapses: int

    def is_due(self, now: datetime) -> bool:
        return self.due is None or self.due <= now

    @property
    def interval(self) -> timedelta | None:
        return None if self.due is None or self.last_review is None else self.due - self.last_review

    last_review: datetime | None = None


def utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc)


def replay(question: str, reviews: list[tuple[float, str]], scheduler=None) -> CardState:
    """The card after ``reviews`` ((unix time, rating name), oldest first)."""
    from fsrs import Card, Rating

    scheduler = scheduler or _scheduler()
    card, lapses, last = Card(card_id=1), 0, None
    for at, rating in reviews:
        if rating == "again" and last is not None:
            lapses += 1
        card, _ = scheduler.review_card(card, Rating(RATINGS[rating]), review_datetime=utc(at))
        last = rating
    if not reviews:
        return CardState(question, 0, None, None, None, 0)
    return CardState(question, len(reviews), card.due, card.stability, last, lapses, card.last_review)


def states(reviews: dict[str, list[tuple[float, str]]], questions: list[str]) -> dict[str, CardState]:
    """Every question's card, reviewed or not."""
    scheduler = _scheduler()
    return {q: replay(q, reviews.get(q, []), scheduler) for q in questions}
