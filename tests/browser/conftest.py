"""The browser tests' fixtures: one demo workspace, one real `deeproots serve` and one headless
Debian Chromium (driven by Playwright, which never downloads a browser) per test module.

Every request any page makes is recorded (``request_log``); after each test, a request that left
the machine (a host other than 127.0.0.1, a scheme other than data:/about:/blob:) fails it, and
such requests are aborted rather than sent. Screenshots go to $DEEPROOTS_ARTIFACTS
(default build/screenshots/ in the repository).
"""
from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
START_URL = re.compile(r"(http://127\.0\.0\.1:\d+)/\?token=([A-Za-z0-9_-]+)")
LOCAL_SCHEMES = ("data", "about", "blob")
DEMO_ATTEMPTS, DEMO_RUNS = 300, 8


def chromium_path() -> str | None:
    found = os.environ.get("DEEPROOTS_CHROMIUM") or shutil.which("chromium")
    return found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1")


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    token: str
    workspace: Path
    runs_root: Path
    process: subprocess.Popen

    @property
    def start_url(self) -> str:
        return f"{self.base}/?token={self.token}"


def start_server(workspace: Path, runs_root: Path, log: Path, timeout_s: float = 30.0) -> Server:
    """`deeproots serve --port 0` as a subprocess; its printed start URL gives the port and token."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200", "DEEPROOTS_WORKSPACE": str(workspace),
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    process = subprocess.Popen([sys.executable, "-c", "from deeproots.cli import main; main()", "serve", "--port", "0",
                                "--runs", str(runs_root)], cwd=workspace.parent, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=open(log, "w"))
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    seen = []
    while True:
        try:
            line = lines.get(timeout=timeout_s)
        except queue.Empty:
            process.kill()
            pytest.fail(f"`deeproots serve` printed no start URL in {timeout_s:.0f} s: {seen}; see {log}")
        seen.append(line)
        found = START_URL.search(line)
        if found:
            return Server(found.group(1), found.group(2), workspace, runs_root, process)
        if process.poll() is not None:
            pytest.fail(f"`deeproots serve` exited ({process.returncode}): {''.join(seen)} {log.read_text()}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from deeproots.web.demo import fill

    root = tmp_path_factory.mktemp("browser")
    return fill(root / "workspace", root / "runs", attempts=DEMO_ATTEMPTS, runs=DEMO_RUNS)


@pytest.fixture(scope="module")
def server(demo):
    root = demo.learner.workspace.root
    served = start_server(root, demo.runs_root, root.parent / "serve.log")
    yield served
    served.process.terminate()
    try:
        served.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        served.process.kill()


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright; CI installs it with .[all])")
    executable = chromium_path()
    if executable is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def local():
    """``local(url)``: the URL stays on this machine."""
    return is_local


@pytest.fixture(scope="session")
def request_log() -> list[str]:
    """Every URL any page of the session requested, in order."""
    return []


def _guard(route) -> None:
    if is_local(route.request.url):
        route.continue_()
    else:
        route.abort()


@pytest.fixture(scope="module")
def context(browser, server, request_log):
    """A browser context (its own cookies) that records and guards every request."""
    made = browser.new_context(base_url=server.base, viewport={"width": 1280, "height": 900})
    made.set_default_timeout(5_000)
    made.on("request", lambda request: request_log.append(request.url))
    made.route("**/*", _guard)
    yield made
    made.close()


@pytest.fixture(scope="module")
def page(context, server):
    """A page that opened the start URL (so it holds the token's cookie) and now shows the tree."""
    opened = context.new_page()
    opened.goto(server.start_url)
    return opened


@pytest.fixture(autouse=True)
def stays_on_the_machine(request_log):
    """After each test: every request it made went to 127.0.0.1 (or was data:/about:/blob:)."""
    before = len(request_log)
    yield
    gone = [url for url in request_log[before:] if not is_local(url)]
    if gone:
        pytest.fail(f"requests left the machine: {gone[:5]}")


@pytest.fixture(scope="session")
def shot():
    """``shot(page, name)`` saves a full-page screenshot NAME.png as a test artifact."""
    folder = Path(os.environ.get("DEEPROOTS_ARTIFACTS") or REPO / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
