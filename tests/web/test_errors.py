"""Error pages: one clear line, the right status, never a traceback."""
from __future__ import annotations

from deeproots.app.projects import Standing
from tests.web.pages_client import open_site


def test_an_internal_error_gives_a_page_without_a_traceback(tmp_path, monkeypatch):
    site = open_site(tmp_path, raise_errors=False)

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(Standing, "words", broken)
    response = site.client.get("/projects")
    assert response.status_code == 500
    assert "internal error" in response.text and "boom" in response.text
    assert "Traceback" not in response.text and 'File "' not in response.text


def test_an_unknown_exercise_is_a_404_with_the_catalogs_suggestion(tmp_path):
    site = open_site(tmp_path)
    exercise = next(iter(site.learner.catalog))
    response = site.client.get(f"/exercise/{exercise.id}x")
    assert response.status_code == 404
    assert f"did you mean &#39;{exercise.id}&#39;" in response.text
    assert "Traceback" not in response.text


def test_an_unknown_node_and_an_unknown_page_are_404s(tmp_path):
    site = open_site(tmp_path)
    assert site.client.get("/node/linear-algebr").status_code == 404
    assert "did you mean" in site.client.get("/node/linear-algebr").text
    assert site.client.get("/nowhere").status_code == 404


def test_a_quiz_on_an_unknown_node_names_the_nodes_with_questions(tmp_path):
    response = open_site(tmp_path).client.get("/quiz?node=nowhere")
    assert response.status_code == 400
    assert "no questions for node" in response.text and "linear-algebra" in response.text
