"""Every main page in the browser, each screenshotted, and not one request off the machine
(the guard of conftest.py checks each test; the last test checks the whole session so far)."""
from __future__ import annotations

import pytest

PAGES = ["/", "/progress", "/projects", "/quiz", "/runs"]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline(page, path, shot):
    response = page.goto(path)
    assert response.status == 200, page.inner_text("body")[:300]
    page.wait_for_load_state("networkidle")
    shot(page, "page" + (path.replace("/", "-").rstrip("-") or "-tree"))


def test_progress_charts_are_inline_svg(page):
    page.goto("/progress")
    assert page.locator("svg").count() >= 1


def test_static_assets_are_served_locally(page, request_log, local):
    page.goto("/")
    page.wait_for_load_state("networkidle")
    styles = [url for url in request_log if url.endswith(".css")]
    assert styles and all(local(url) for url in styles)


def test_no_request_of_the_session_left_the_machine(request_log, local):
    assert request_log, "no request was recorded: the recorder is not attached"
    assert [url for url in request_log if not local(url)] == []
