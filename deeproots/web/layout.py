"""What every page shares: the Dashboard state, ``render`` (a Jinja2 template, autoescaped, so
learner-facing text reaches the page verbatim) and the error page."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from deeproots.app.learner import Learner
from deeproots.web import security

HERE = Path(__file__).parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                        trim_blocks=True, lstrip_blocks=True)


@dataclass
class Dashboard:
    """What every page reads: the learner's application, where runs are kept, the server's secrets."""
    learner: Learner
    runs_root: Path
    token: str
    allowed_hosts: frozenset[str]

    _quiz: object = field(default=None, repr=False)

    @property
    def csrf(self) -> str:
        return security.csrf_token(self.token)

    def quiz(self):
        """The quiz session (deeproots.quiz.session.Quiz), opened once: loading the questions is
        the slow part, and the schedule is read from the progress store on every call anyway."""
        if self._quiz is None:
            self._quiz = self.learner.quiz()
        return self._quiz

    def snapshot(self) -> tuple[Learner, dict]:
        """The learner for one page, with ``summary()`` read once: ``next_project``, ``status`` and
        the planner then reuse it instead of querying the progress store again."""
        summary = self.learner.summary()
        self.learner.projects  # noqa: B018 -- made once, then shared by every page's copy
        view = copy.copy(self.learner)
        view.summary = lambda: summary  # an instance attribute shadows the method for this page only
        return view, summary


def dashboard(request: Request) -> Dashboard:
    return request.app.state.dashboard


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    """A page from ``templates/`` with the layout's context (csrf token, navigation)."""
    board = getattr(request.app.state, "dashboard", None)
    page = TEMPLATES.get_template(template).render(request=request, csrf=board.csrf if board else "",
                                                   path=request.url.path, **context)
    return HTMLResponse(page, status_code=status_code)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status_code, status=status_code, message=message)
