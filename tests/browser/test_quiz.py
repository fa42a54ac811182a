"""The quiz in the browser: answer a card, see the verdict, rate it, the next card comes; the
rating lands in the one progress store (as `deeproots quiz` would record it)."""
from __future__ import annotations

from deeproots.app.progress import ProgressStore


def _reviews(server) -> list:
    store = ProgressStore(server.workspace / ".deeproots" / "progress.db")
    try:
        return store.review_rows()
    finally:
        store.close()


def _right_answer(question_id: str) -> str:
    """What a learner who knows would type (a choice's letter, else the answer as shown)."""
    from deeproots.content.questions import LETTERS, load_questions

    question = next(q for q in load_questions() if q.id == question_id)
    return LETTERS[question.answer] if question.kind == "choice" else question.shown_answer()


def test_answer_rate_and_the_next_card(page, server, shot):
    page.goto("/quiz")
    form = page.locator("form#quiz-answer")
    assert form.get_attribute("method").lower() == "post" and form.get_attribute("action") == "/quiz/answer"
    assert form.locator("input[name=csrf]").count() == 1
    question = form.locator("input[name=question]").get_attribute("value")
    shot(page, "quiz")
    before = _reviews(server)
    form.locator("[name=answer]").fill(_right_answer(question))
    form.locator("[type=submit]").first.click()
    result = page.locator("#quiz-result")
    result.wait_for()
    assert result.inner_text().strip()
    shot(page, "quiz-result")
    rating_form = page.locator("form[action='/quiz/rate']").first
    assert rating_form.locator("input[name=question]").get_attribute("value") == question
    button = rating_form.locator("button[name=rating]").first
    rating = button.get_attribute("value")
    button.click()
    page.locator("form#quiz-answer").wait_for()
    following = page.locator("form#quiz-answer input[name=question]").get_attribute("value")
    assert following != question
    after = _reviews(server)
    assert len(after) == len(before) + 1
    landed, _, landed_rating, _ = after[-1]
    assert (landed, landed_rating) == (question, rating)


def test_a_rating_without_the_csrf_token_is_refused(page, server):
    response = page.request.post("/quiz/rate", form={"question": "x", "rating": "good", "correct": "1"})
    assert response.status == 403
    assert "cross-site" in response.text()
