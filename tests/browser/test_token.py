"""The start URL's token in a real browser: refused without it, a cookie and a clean address bar with it."""
from __future__ import annotations

from urllib.parse import urlsplit


def test_without_the_token_the_dashboard_explains_how_to_get_in(browser, server, request_log, shot):
    fresh = browser.new_context(base_url=server.base)
    fresh.on("request", lambda request: request_log.append(request.url))
    try:
        page = fresh.new_page()
        response = page.goto("/")
        assert response.status == 403
        assert "a token is needed" in page.inner_text(".error-message")
        assert "deeproots serve" in page.inner_text(".error-message")
        shot(page, "error-403-no-token")
    finally:
        fresh.close()


def test_a_wrong_token_is_refused(browser, server, request_log):
    fresh = browser.new_context(base_url=server.base)
    fresh.on("request", lambda request: request_log.append(request.url))
    try:
        page = fresh.new_page()
        assert page.goto("/?token=not-the-token").status == 403
        assert "a token is needed" in page.inner_text(".error-message")
    finally:
        fresh.close()


def test_the_start_url_leaves_a_cookie_and_an_address_without_the_token(page, context, server, shot):
    assert "token" not in urlsplit(page.url).query
    assert server.token not in page.url
    assert urlsplit(page.url).path == "/"
    cookie = next(c for c in context.cookies() if c["name"] == "deeproots_token")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.goto("/").status == 200  # the cookie alone lets the learner in from now on
    shot(page, "home")


def test_the_tree_shows_every_node_with_a_link(page, demo):
    from deeproots.content.tree import tree

    page.goto("/")
    hrefs = {link.get_attribute("href") for link in page.locator("a.node-link").all()}
    assert hrefs == {f"/node/{node.id}" for node in tree()}
    assert page.locator("#next-step").count() == 1


def test_an_unknown_page_is_a_clear_error_page_not_a_traceback(page, shot):
    response = page.goto("/no/such/page")
    assert response.status == 404
    message = page.inner_text(".error-message")
    assert "/no/such/page" in message and "Traceback" not in page.content()
    shot(page, "error-404")
