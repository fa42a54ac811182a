"""The dashboard's guards: a random token (as Jupyter's), a Host check against DNS rebinding, and a
CSRF token on every state-changing request.

- The start URL carries ``?token=T``; a request that shows it gets a cookie (HttpOnly,
  SameSite=Strict) and is redirected to the same URL without it, so the token leaves the address
  bar. Every page needs the cookie (or the token as ``?token=`` or ``Authorization: token T``);
  only ``/static/`` (the package's own CSS and JS) is public.
- The Host header must be 127.0.0.1, localhost or [::1] at the served port (or the --host given):
  a page of another site that rebinds its name to 127.0.0.1 is refused.
- POST, PUT, PATCH, DELETE need the form field (or header ``X-CSRF-Token``) ``csrf`` equal to
  HMAC(token, "csrf"), and an Origin, when the browser sends one, of this server.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request

COOKIE = "deeproots_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def new_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(token: str) -> str:
    return hmac.new(token.encode(), b"csrf", hashlib.sha256).hexdigest()


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


def presented_token(request: Request) -> str | None:
    """The token this request shows: cookie, ?token= or an Authorization header."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("token "):
        return header[6:].strip()
    return request.query_params.get("token") or request.cookies.get(COOKIE)


def host_allowed(request: Request, allowed_hosts: frozenset[str]) -> bool:
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.lower() in allowed_hosts


def origin_allowed(request: Request) -> bool:
    """No Origin (a same-origin GET, a test client) or an Origin whose host:port is this server's."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null" and request.method in SAFE_METHODS:
        return True
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def url_without_token(request: Request) -> str:
    query = [(key, value) for key, value in request.query_params.multi_items() if key != "token"]
    return request.url.path + (f"?{urlencode(query)}" if query else "")
