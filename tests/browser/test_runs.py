"""Every run one click from its report; two runs side by side."""
from __future__ import annotations

from urllib.parse import quote


def _run_ids(page) -> list[str]:
    """The run ids the /runs page links to (each `.run-link` is /runs/ID)."""
    return [href.split("/runs/", 1)[1] for href in
            (link.get_attribute("href") for link in page.locator("a.run-link").all())]


def test_runs_table_to_run_to_report(page, demo, shot):
    page.goto("/runs")
    table = page.locator("table#runs")
    assert table.is_visible()
    assert page.locator("a.run-link").count() == len(demo.runs)
    shot(page, "runs")
    page.locator("a.run-link").first.click()
    page.wait_for_url("**/runs/**")
    shot(page, "run")
    page.locator("#report-link").click()
    page.wait_for_load_state()
    content = page.content()
    assert "made-up picture" in content  # the demo report's figure caption
    image = page.locator("figure img").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    shot(page, "run-report")


def test_runs_sort_by_a_column(page):
    """Clicking through ?sort=id in both orders gives the run links sorted, then reversed."""
    orders = {}
    for order in ("asc", "desc"):
        response = page.goto(f"/runs?sort=id&order={order}")
        assert response.status == 200
        orders[order] = [link.get_attribute("href") for link in page.locator("a.run-link").all()]
    assert len(orders["asc"]) > 1
    assert orders["asc"] == sorted(orders["asc"])
    assert orders["desc"] == orders["asc"][::-1]


def test_two_runs_side_by_side(page, shot):
    page.goto("/runs")
    first, second = _run_ids(page)[:2]
    response = page.goto(f"/runs/compare?a={quote(first, safe='/')}&b={quote(second, safe='/')}")
    assert response.status == 200
    assert page.locator(".error-message").count() == 0
    shot(page, "compare")


def test_a_report_path_outside_the_runs_is_refused(page):
    response = page.goto("/runs/..%2F..%2F..%2Fetc%2Fpasswd")
    assert response.status in (400, 403, 404)
    assert "root:" not in page.content()
