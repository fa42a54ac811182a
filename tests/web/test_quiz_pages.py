"""The quiz in the browser records exactly what `Quiz.mark` and `Quiz.rate` record, refuses what they refuse."""
from __future__ import annotations

import datetime as dt

from deeproots.quiz.answers import wrong_answers
from tests.web.pages_client import open_site

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc)


def fixed_clock():
    return NOW


def sites(tmp_path):
    """The dashboard's site and a second workspace driven through `Quiz` directly, on one fixed clock."""
    site = open_site(tmp_path, "web")
    site.board._quiz = site.learner.quiz(clock=fixed_clock)
    direct = open_site(tmp_path, "direct").learner.quiz(clock=fixed_clock)
    return site, direct


def numeric_question(site):
    return next(q for q in site.board.quiz().due(current=site.learner.next_exercise().node) if q.kind == "numeric")


def reviews(learner):
    return [{key: row[key] for key in ("exercise", "at", "rating", "correct", "answer")}
            for row in learner.progress.dump()["reviews"]]


def test_the_first_due_card_is_offered_with_its_form(tmp_path):
    site = open_site(tmp_path)
    first = site.board.quiz().due(current=site.learner.next_exercise().node)[0]
    page = site.client.get("/quiz").text
    assert '<form id="quiz-answer" method="post" action="/quiz/answer">' in page
    assert f'<input type="hidden" name="question" value="{first.id}">' in page
    assert f'name="csrf" value="{site.csrf}"' in page


def test_a_right_numeric_answer_records_what_quiz_records(tmp_path):
    site, direct = sites(tmp_path)
    question = numeric_question(site)
    answer = question.shown_answer()
    page = site.post("/quiz/answer", {"question": question.id, "answer": answer, "node": ""})
    assert page.status_code == 200
    result = page.text[page.text.index('<div id="quiz-result"'):]
    assert "right." in result and question.explanation.split("\n")[0].replace("'", "&#39;")[:30] in result
    for rating in ("again", "hard", "good", "easy"):
        assert f'name="rating" value="{rating}"' in page.text
    rated = site.post("/quiz/rate", {"question": question.id, "correct": "true", "answer": answer, "node": "",
                                     "rating": "good"})
    assert rated.status_code == 303 and rated.headers["location"] == f"/quiz?rated={question.id}"
    direct.rate(question, "good", direct.mark(question, answer).correct, answer)
    assert [row[1:] for row in site.learner.progress.review_rows()] == [row[1:] for row in direct.store.review_rows()]
    assert site.learner.progress.dump()["reviews"][0]["answer"] == answer
    follow = site.client.get(rated.headers["location"]).text
    assert "saved; next review in" in follow
    assert f'name="question" value="{question.id}"' not in follow  # no longer due


def test_a_wrong_answer_may_only_be_rated_again_or_hard(tmp_path):
    site, direct = sites(tmp_path)
    question = numeric_question(site)
    wrong = wrong_answers(question)[-1]
    page = site.post("/quiz/answer", {"question": question.id, "answer": wrong, "node": ""}).text
    assert "not quite:" in page and question.shown_answer() in page
    assert 'value="again"' in page and 'value="hard"' in page
    assert 'value="good"' not in page and 'value="easy"' not in page
    form = {"question": question.id, "correct": "false", "answer": wrong, "node": ""}
    refused = site.post("/quiz/rate", {**form, "rating": "good"})
    assert refused.status_code == 400
    assert "a wrong answer cannot be rated good" in refused.text and "Traceback" not in refused.text
    lied = site.post("/quiz/rate", {**form, "correct": "true", "rating": "easy"})  # the answer is marked again
    assert lied.status_code == 400
    assert site.learner.progress.review_rows() == []
    assert site.post("/quiz/rate", {**form, "rating": "hard"}).status_code == 303
    direct.rate(question, "hard", direct.mark(question, wrong).correct, wrong)
    assert site.learner.progress.review_rows() == direct.store.review_rows()


def test_a_card_cannot_be_rated_twice(tmp_path):
    site, _ = sites(tmp_path)
    question = numeric_question(site)
    form = {"question": question.id, "correct": "true", "answer": question.shown_answer(), "node": ""}
    assert site.post("/quiz/rate", {**form, "rating": "good"}).status_code == 303
    again = site.post("/quiz/rate", {**form, "rating": "good"})
    assert again.status_code == 409 and "not due now" in again.text
    assert len(site.learner.progress.review_rows()) == 1


def test_skip_is_rated_again_at_once(tmp_path):
    site, direct = sites(tmp_path)
    question = numeric_question(site)
    page = site.post("/quiz/answer", {"question": question.id, "answer": "skip", "node": ""}).text
    assert "skipped; the answer is" in page and "next review in" in page and 'name="rating"' not in page
    direct.rate(question, "again", direct.mark(question, "skip").correct, "skip")
    assert site.learner.progress.review_rows() == direct.store.review_rows()


def test_an_unreadable_answer_asks_again_and_records_nothing(tmp_path):
    site, _ = sites(tmp_path)
    question = numeric_question(site)
    page = site.post("/quiz/answer", {"question": question.id, "answer": "a number?", "node": ""}).text
    assert "cannot read that:" in page and '<form id="quiz-answer"' in page
    assert site.learner.progress.review_rows() == []


def test_a_recall_card_is_self_rated(tmp_path):
    site, direct = sites(tmp_path)
    quiz = site.board.quiz()
    question = next(q for node in quiz.nodes() for q in quiz.due(node) if q.kind == "recall")
    node = question.node
    page = site.post("/quiz/answer", {"question": question.id, "answer": "", "node": node}).text
    assert "answer:" in page and all(f'value="{r}"' in page for r in ("again", "hard", "good", "easy"))
    response = site.post("/quiz/rate", {"question": question.id, "correct": "none", "answer": "", "node": node,
                                        "rating": "easy"})
    assert response.headers["location"] == f"/quiz?node={node}&rated={question.id}"
    direct.rate(question, "easy", None, "")
    assert site.learner.progress.review_rows() == direct.store.review_rows()


def test_an_unknown_question_is_refused_clearly(tmp_path):
    site, _ = sites(tmp_path)
    response = site.post("/quiz/answer", {"question": "nope", "answer": "1", "node": ""})
    assert response.status_code == 400 and "no question &#39;nope&#39;" in response.text
