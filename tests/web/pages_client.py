"""What the dashboard's page tests share: an app over a fresh workspace and a client that has opened
the start URL (so it holds the token cookie), with the CSRF token its forms carry."""
from __future__ import annotations

import time
from dataclasses import dataclass

from starlette.testclient import TestClient

from deeproots.app.learner import Learner
from deeproots.web import security
from deeproots.web.app import create_app

BASE = "http://127.0.0.1:8765"
TOKEN = "T"


@dataclass
class Site:
    learner: Learner
    app: object
    client: TestClient

    @property
    def board(self):
        return self.app.state.dashboard

    @property
    def csrf(self) -> str:
        return security.csrf_token(TOKEN)

    def post(self, url: str, data: dict, **kwargs):
        return self.client.post(url, data={"csrf": self.csrf, **data}, follow_redirects=False, **kwargs)


def open_site(tmp_path, name: str = "ws", raise_errors: bool = True) -> Site:
    learner = Learner.open(tmp_path / name, create=True)
    app = create_app(learner, tmp_path / "runs", token=TOKEN)
    client = TestClient(app, base_url=BASE, raise_server_exceptions=raise_errors)
    client.get(f"/?token={TOKEN}")
    return Site(learner, app, client)


def add_attempts(learner: Learner, count: int = 60, days: int = 40) -> None:
    """Attempts spread over ``days``: every exercise of the first nodes passed after a failure."""
    now = time.time()
    exercises = list(learner.catalog)
    for number in range(count):
        exercise = exercises[number // 2 % len(exercises)]
        status = "failed" if number % 2 == 0 else "passed"
        learner.progress.record_attempt(exercise.id, status, 40.0, 1 + number % 2, 2,
                                        at=now - days * 86400 * (1 - number / count) - 1)
