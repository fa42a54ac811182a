"""From the tree to a node to an exercise, by clicking, as a learner would."""
from __future__ import annotations


def test_tree_to_node_to_exercise(page, demo, shot):
    page.goto("/")
    shot(page, "tree")
    page.locator("a.node-link").first.click()
    page.wait_for_url("**/node/**")
    node_id = page.url.rsplit("/node/", 1)[1]
    node_exercises = [e.id for e in demo.learner.catalog.for_node(node_id)]
    assert node_exercises, f"the first node {node_id} has no exercises in the catalog"
    shot(page, "node")
    page.locator("a[href^='/exercise/']").first.click()
    page.wait_for_url("**/exercise/**")
    exercise_id = page.url.rsplit("/exercise/", 1)[1]
    assert exercise_id in node_exercises
    statement = page.locator("#statement")
    assert statement.is_visible()
    assert "verbatim" in statement.get_attribute("class")
    expected = demo.learner.catalog.get(exercise_id).statement().strip().splitlines()[0].strip()
    assert expected[:40] in statement.inner_text()
    shot(page, "exercise")


def test_the_next_step_leads_to_the_next_exercise(page, demo):
    page.goto("/")
    upcoming = demo.learner.next_exercise()
    link = page.locator("#next-step")
    assert upcoming is not None and upcoming.id in (link.get_attribute("href") or "")
    link.click()
    page.wait_for_url(f"**/exercise/{upcoming.id}")
    assert page.locator("#statement").is_visible()


def test_an_unknown_exercise_is_an_error_page(page):
    response = page.goto("/exercise/no-such-exercise")
    assert response.status in (400, 404)
    assert page.locator(".error-message").is_visible()
    assert "Traceback" not in page.content()
