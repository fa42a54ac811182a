"""The tree, node, exercise and projects pages: the facts the terminal shows, learner text escaped."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from deeproots.app.planner import make_plan
from deeproots.content import tree as tree_module
from deeproots.content.catalog import Catalog, Exercise
from deeproots.cli.views import pace_line
from tests.web.pages_client import add_attempts, open_site

EVIL = "<script>alert(1)</script> & x < y"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; x &lt; y"
PAGES = ["/", "/node/linear-algebra", "/progress", "/projects", "/quiz"]


@pytest.mark.parametrize("attempts", [0, 60], ids=["empty", "with-attempts"])
def test_every_page_renders(tmp_path, attempts):
    site = open_site(tmp_path)
    add_attempts(site.learner, attempts)
    exercise = next(iter(site.learner.catalog))
    for url in PAGES + [f"/exercise/{exercise.id}"]:
        response = site.client.get(url)
        assert response.status_code == 200, url
        assert "Traceback" not in response.text


def test_the_tree_lists_every_node_in_order_with_its_progress(tmp_path):
    site = open_site(tmp_path)
    tree = tree_module.tree()
    first = tree.nodes[0].exercises[0]
    site.learner.progress.record_attempt(first.id, "passed", 5.0, 2, 2)
    page = site.client.get("/").text
    positions = [page.index(f'<a class="node-link" href="/node/{node.id}">') for node in tree.nodes]
    assert positions == sorted(positions)
    assert f"1/{len(tree.nodes[0].exercises)}" in page


def test_the_tree_shows_the_next_step_the_project_reviews_and_the_pace_line(tmp_path):
    site = open_site(tmp_path)
    page = site.client.get("/").text
    upcoming = site.learner.next_exercise()
    assert f'<a id="next-step" href="/exercise/{upcoming.id}">' in page
    project = site.learner.next_project()
    if project is not None:
        assert f"deeproots project run {project.id}" in page
    assert "concept questions for every node" in page
    plan = make_plan(tree_module.tree(), site.learner.summary(), site.learner.hours_per_week())
    assert f'<p class="muted" id="pace">{pace_line(plan).plain}</p>' in page  # the terminal's line


def test_the_tree_counts_due_reviews_per_node(tmp_path):
    site = open_site(tmp_path)
    quiz = site.board.quiz()
    question = quiz.due()[0]
    quiz.rate(question, "again", False, "skip")
    quiz.clock = lambda: dt.datetime.now(tz=dt.timezone.utc) + dt.timedelta(days=2)
    page = site.client.get("/").text
    assert f'<a class="due" href="/quiz?node={question.node}">1 due</a>' in page
    assert "1 review(s) due" in page


def test_the_node_page_shows_resources_exercises_questions_and_notes(tmp_path):
    site = open_site(tmp_path)
    node = tree_module.tree().get("linear-algebra")
    notes = site.learner.workspace.root / "notes" / "linear-algebra.md"
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text("my own words about eigenvectors", encoding="utf-8")
    page = site.client.get("/node/linear-algebra").text
    for resource in node.resources:
        if resource.url:
            assert f'href="{resource.url}"' in page
    for exercise in node.exercises:
        assert f'href="/exercise/{exercise.id}"' in page
    questions = [q for q in site.board.quiz().questions if q.node == node.id]
    assert questions and all(q.explanation not in page for q in questions if len(q.explanation) > 30)
    assert "my own words about eigenvectors" in page
    assert "<script" not in page and 'src="http' not in page  # nothing loaded off the machine


def test_the_exercise_page_shows_statement_attempts_hints_and_the_file(tmp_path):
    site = open_site(tmp_path)
    exercise = next(iter(site.learner.catalog))
    site.learner.progress.record_attempt(exercise.id, "failed", 3.0, 1, 4, "the shapes differ")
    site.learner.next_hint(exercise)
    page = site.client.get(f"/exercise/{exercise.id}").text
    assert '<div class="verbatim" id="statement">' in page
    assert f"deeproots check {exercise.id}" in page
    assert str(site.learner.workspace.file_for(exercise)) in page
    assert "1/4" in page and "the shapes differ" in page
    assert f"hint 1/{len(exercise.hints)}" in page
    assert "hint 2/" not in page  # only the hints revealed so far


def test_learner_facing_text_is_escaped_and_verbatim(tmp_path, monkeypatch):
    site = open_site(tmp_path)
    first = next(iter(site.learner.catalog))
    evil = dataclasses.replace(first, title=EVIL, hints=(EVIL, "second"))
    site.learner.catalog = Catalog([evil, *list(site.learner.catalog)[1:]])
    monkeypatch.setattr(Exercise, "statement", lambda self: f"  {EVIL}\n\n    indented")
    site.learner.next_hint(evil)
    page = site.client.get(f"/exercise/{first.id}").text
    assert f'<div class="verbatim" id="statement">  {ESCAPED}\n\n    indented</div>' in page
    assert f'<div class="verbatim hint">{ESCAPED}</div>' in page
    assert "<script>alert" not in page

    real = tree_module.tree()
    nodes = [dataclasses.replace(node, summary=EVIL) if node.id == "linear-algebra" else node for node in real.nodes]
    monkeypatch.setattr(tree_module, "tree", lambda: tree_module.Tree(nodes, real.catalog))
    quiz = site.board.quiz()
    quiz.questions = [dataclasses.replace(q, prompt=EVIL) if q.node == "linear-algebra" else q for q in quiz.questions]
    for url in ("/node/linear-algebra", "/quiz?node=linear-algebra"):
        page = site.client.get(url).text
        assert ESCAPED in page and "<script>alert" not in page, url


def test_the_projects_page_lists_each_project_with_its_medal(tmp_path):
    site = open_site(tmp_path)
    desk = site.learner.projects
    project = next(p for p in desk.catalog if p.tiers)
    site.learner.progress.record_project_run(project.id, "full", "scored", 0.91, "silver", 10.0)
    site.learner.progress.record_project_run(project.id, "quick", "scored", 0.5, "", 1.0)
    page = site.client.get("/projects").text
    row = page[page.index(f'<tr id="project-{project.id}">'):]
    row = row[:row.index("</tr>")]
    assert '<span class="medal medal-silver">silver</span>' in row and project.format_score(0.91) in row and "<td>2</td>" in row
    assert all(f'id="project-{p.id}"' in page for p in desk.catalog)
