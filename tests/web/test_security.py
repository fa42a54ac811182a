"""The dashboard's guards: the token (cookie, redirect), the Host check, CSRF on POST, the cookie's flags."""
from __future__ import annotations

from starlette.testclient import TestClient

from deeproots.app.learner import Learner
from deeproots.web.app import create_app
from tests.web.pages_client import BASE, TOKEN, open_site


def bare_client(tmp_path) -> TestClient:
    app = create_app(Learner.open(tmp_path / "ws", create=True), tmp_path / "runs", token=TOKEN)
    return TestClient(app, base_url=BASE)


def test_a_page_without_the_token_is_refused(tmp_path):
    response = bare_client(tmp_path).get("/")
    assert response.status_code == 403
    assert "token" in response.text and "deeproots serve" in response.text


def test_a_wrong_token_is_refused(tmp_path):
    client = bare_client(tmp_path)
    assert client.get("/?token=wrong", follow_redirects=False).status_code == 403
    client.cookies.set("deeproots_token", "wrong")
    assert client.get("/progress").status_code == 403


def test_the_token_in_the_url_becomes_a_cookie_and_leaves_the_address(tmp_path):
    client = bare_client(tmp_path)
    response = client.get(f"/quiz?node=linear-algebra&token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/quiz?node=linear-algebra"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/quiz?node=linear-algebra").status_code == 200


def test_a_foreign_host_is_refused_even_with_the_token(tmp_path):
    site = open_site(tmp_path)
    response = site.client.get("/", headers={"host": "evil.example:8765"})
    assert response.status_code == 403
    assert "own address" in response.text


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused(tmp_path):
    site = open_site(tmp_path)
    question = site.board.quiz().due()[0]
    for form in ({"question": question.id, "answer": "skip"},
                 {"question": question.id, "answer": "skip", "csrf": "wrong"}):
        response = site.client.post("/quiz/answer", data=form)
        assert response.status_code == 403
        assert "cross-site" in response.text
    assert site.learner.progress.review_rows() == []


def test_a_post_from_a_foreign_origin_is_refused(tmp_path):
    site = open_site(tmp_path)
    question = site.board.quiz().due()[0]
    response = site.post("/quiz/answer", {"question": question.id, "answer": "skip"},
                         headers={"origin": "http://evil.example"})
    assert response.status_code == 403
    assert site.learner.progress.review_rows() == []


def test_the_static_files_need_no_token(tmp_path):
    assert bare_client(tmp_path).get("/static/style.css").status_code == 200


def test_a_post_with_the_csrf_token_reaches_the_page_with_its_form(tmp_path):
    site = open_site(tmp_path)
    question = site.board.quiz().due(current=site.learner.next_exercise().node)[0]
    response = site.post("/quiz/answer", {"question": question.id, "answer": "skip"},
                         headers={"origin": BASE})
    assert response.status_code == 200 and 'id="quiz-result"' in response.text
