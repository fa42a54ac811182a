"""Every page's route, gathered from the pages modules (each exposes ``ROUTES``)."""
from __future__ import annotations

from starlette.routing import Route

from deeproots.web.layout import dashboard, render


async def home(request):
    board = dashboard(request)
    return render(request, "home.html", title="deeproots", workspace=str(board.learner.workspace.root))


ROUTES = [Route("/", home, name="home")]
