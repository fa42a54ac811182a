"""The dashboard as a Starlette application: ``create_app(learner, runs_root)``.

Pages are plain functions ``(request) -> Response`` listed in each pages module's ``ROUTES``;
``render(request, template, **context)`` fills a Jinja2 template (autoescaped: learner-facing
text reaches the page verbatim). The guards of ``security.py`` run before any page; any error
becomes an error page with one line naming the problem and the fix, never a traceback.
"""
from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from deeproots.app.learner import Learner
from deeproots.errors import DeeprootsError
from deeproots.web import security
from deeproots.web.layout import HERE, Dashboard, error_page

class Guard(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next) -> Response:
        board: Dashboard = request.app.state.dashboard
        if not security.host_allowed(request, board.allowed_hosts):
            return error_page(request, 403, "this dashboard answers only on its own address; open the URL "
                                            "printed by `deeproots serve`")
        if request.url.path.startswith("/static/"):
            return await call_next(request)
        shown = security.presented_token(request)
        if not (shown and security._same(shown, board.token)):
            return error_page(request, 403, "a token is needed: open the URL printed by `deeproots serve` "
                                            "(it ends in ?token=...)")
        if request.query_params.get("token") and request.method in security.SAFE_METHODS:
            response = RedirectResponse(security.url_without_token(request), status_code=303)
            response.set_cookie(security.COOKIE, board.token, httponly=True, samesite="strict")
            return response
        if request.method not in security.SAFE_METHODS:
            sent = request.headers.get("x-csrf-token")
            if sent is None and request.headers.get("content-type", "").startswith(
                    ("application/x-www-form-urlencoded", "multipart/form-data")):
                await request.body()  # read whole first: the page behind this guard is handed it again
                sent = (await request.form()).get("csrf")
            if not (security.origin_allowed(request) and security._same(sent, board.csrf)):
                return error_page(request, 403, "this form was not sent by the dashboard's own page (cross-site "
                                                "request refused); reload the page and try again")
        return await call_next(request)


async def _http_error(request: Request, error: HTTPException) -> Response:
    return error_page(request, error.status_code, error.detail if error.status_code != 404 else
                      f"no page at {request.url.path}; start from the tree at /")


async def _learner_error(request: Request, error: DeeprootsError) -> Response:
    return error_page(request, 400, str(error))


async def _internal_error(request: Request, error: Exception) -> Response:
    return error_page(request, 500, f"internal error: {type(error).__name__}: {error} "
                                    "(the terminal running `deeproots serve` has the details)")


def create_app(learner: Learner, runs_root: Path | str = "runs", token: str | None = None,
               host: str = "127.0.0.1") -> Starlette:
    from deeproots.web import pages

    allowed = security.LOCAL_NAMES | {host.lower()}
    app = Starlette(debug=False, routes=[*pages.ROUTES, Mount("/static", StaticFiles(directory=HERE / "static"),
                                                               name="static")],
                    middleware=[Middleware(Guard)],
                    exception_handlers={HTTPException: _http_error, DeeprootsError: _learner_error,
                                        Exception: _internal_error})
    app.state.dashboard = Dashboard(learner, Path(runs_root).resolve(), token or security.new_token(),
                                    frozenset(allowed))
    return app
