"""The quiz in the browser (``/quiz``), scheduled and checked exactly as ``deeproots quiz``: the
next due card of ``Quiz.due`` (reviews first, then new cards from the node the learner works on),
marked by ``Quiz.mark``, rated through ``Quiz.rate`` with its honest-rating rule (a wrong answer is
rated again or hard; a recall card is self-rated; "skip" is a lapse, rated again at once)."""
from __future__ import annotations

from urllib.parse import urlencode

from starlette.responses import RedirectResponse
from starlette.routing import Route

from deeproots.errors import DeeprootsError
from deeproots.web.layout import dashboard, error_page, render

CORRECT = {"true": True, "false": False, "": None, "none": None}


def _current_node(board) -> str | None:
    learner, _ = board.snapshot()
    upcoming = learner.next_exercise()
    return upcoming.node if upcoming else None


def _due(board, node: str | None) -> list:
    return board.quiz().due(node or None, current=_current_node(board))


def _quiz_url(node: str | None, **more) -> str:
    query = {key: value for key, value in {"node": node or "", **more}.items() if value}
    return "/quiz" + (f"?{urlencode(query)}" if query else "")


def _card_page(request, board, node: str | None, due: list, problem: str = "", last: str = "",
               answer: str = "", status_code: int = 200):
    question = due[0] if due else None
    return render(request, "quiz.html", status_code=status_code, title="Quiz", node=node or "", question=question,
                  remaining=len(due), problem=problem, last=last, answer=answer, nodes=board.quiz().nodes(),
                  letters="abcdefghij", hint=question.form_hint() if question else "")


async def quiz_page(request):
    from deeproots.quiz.session import _human

    board = dashboard(request)
    node = request.query_params.get("node") or None
    due = _due(board, node)
    last = ""
    rated = request.query_params.get("rated")
    card = board.quiz().cards().get(rated) if rated else None
    if card is not None and card.reviews:
        last = f"saved; next review in {_human(card.due - board.quiz().clock())}"
    return _card_page(request, board, node, due, last=last)


async def _posted(request, board):
    """The posted form, its question (which must be due now: no rating twice) and the node."""
    form = await request.form()
    node = form.get("node") or None
    due = _due(board, node)
    wanted = form.get("question", "")
    question = next((q for q in due if q.id == wanted), None)
    if question is None:
        known = any(q.id == wanted for q in board.quiz().questions)
        raise _Refused(409 if known else 400,
                       f"question '{wanted}' is not due now (already rated?); the next card is at {_quiz_url(node)}"
                       if known else f"no question '{wanted}'; start again at {_quiz_url(node)}")
    return form, node, due, question


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


async def answer(request):
    from deeproots.quiz.answers import Unreadable
    from deeproots.quiz.schedule import RATINGS
    from deeproots.quiz.session import WRONG_ANSWER_RATINGS, _human

    board = dashboard(request)
    try:
        form, node, due, question = await _posted(request, board)
    except _Refused as refused:
        return error_page(request, refused.status, str(refused))
    text = form.get("answer", "")
    quiz = board.quiz()
    try:
        marked = quiz.mark(question, text)
    except Unreadable as error:
        return _card_page(request, board, node, [question] + [q for q in due if q is not question],
                          problem=f"cannot read that: {error}", answer=text)
    if marked.skipped:
        verdict, kind = marked.feedback, "skipped"
    elif marked.correct is None:
        verdict, kind = f"answer: {question.shown_answer()}", "recall"
    else:
        verdict = "right." if marked.correct else f"not quite: {marked.feedback}"
        kind = "right" if marked.correct else "wrong"
    next_review = ""
    if marked.skipped:  # as the terminal: a skip is rated "again" without asking
        card = quiz.rate(question, "again", marked.correct, text)
        next_review = f"next review in {_human(card.due - quiz.clock())}"
    allowed = WRONG_ANSWER_RATINGS if marked.correct is False else tuple(RATINGS)
    return render(request, "quiz_result.html", title="Quiz", node=node or "", question=question, answer=text,
                  verdict=verdict, kind=kind, correct={True: "true", False: "false", None: "none"}[marked.correct],
                  allowed=() if marked.skipped else allowed, suggestion="again" if marked.correct is False else "good",
                  next_review=next_review, next_url=_quiz_url(node), letters="abcdefghij")


async def rate(request):
    from deeproots.quiz.answers import Unreadable

    board = dashboard(request)
    try:
        form, node, _, question = await _posted(request, board)
    except _Refused as refused:
        return error_page(request, refused.status, str(refused))
    text = form.get("answer")
    if text is not None:  # marked again here: the page's hidden "correct" is not taken on trust
        try:
            correct = board.quiz().mark(question, text).correct
        except Unreadable as error:
            return error_page(request, 400, f"the answer cannot be read ({error}); answer the card again at "
                                            f"{_quiz_url(node)}")
    elif form.get("correct", "").lower() in CORRECT:
        correct = CORRECT[form.get("correct", "").lower()]
    else:
        return error_page(request, 400, "correct must be true, false or none; answer the card again at "
                                        f"{_quiz_url(node)}")
    try:
        board.quiz().rate(question, form.get("rating", ""), correct, text or "")
    except DeeprootsError as error:
        return error_page(request, 400, f"{error} (nothing was saved; rate it again on the answer page)")
    return RedirectResponse(_quiz_url(node, rated=question.id), status_code=303)


ROUTES = [Route("/quiz", quiz_page, name="quiz"),
          Route("/quiz/answer", answer, methods=["POST"], name="quiz-answer"),
          Route("/quiz/rate", rate, methods=["POST"], name="quiz-rate")]
