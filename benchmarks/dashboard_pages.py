"""How fast is the dashboard? Each page over HTTP, and `deeproots serve`'s start, measured in the same run
against what the CLI does with the same data.

1. A workspace with 1,000 attempts, concept-question reviews and 100 run folders (``deeproots.web.demo``).
2. `deeproots serve --port 0` as a subprocess (the real server: uvicorn); each page is fetched N times
   with the token's cookie and its median time printed: /, /node/X, /exercise/X, /progress, /quiz,
   /projects, /runs, a run page, a report, /runs/compare. A page this branch lacks prints "missing".
3. The CLI on the same data, in this process, warm (like the server): the tree view
   (``Learner.summary()`` + ``views.path_view`` rendered by Rich to a string) and the runs index
   (``lab.run.list_runs`` over the lab, RL and research roots, rendered as `deeproots lab list`'s
   table). The ratio page/CLI says how much the web adds over the terminal's own work.
4. Start: wall time from launching `deeproots serve --port 0` to the first 200 (the start URL,
   redirect followed), median of 5, against `deeproots --help`'s wall time (median of 5).

Goals (issue 17): a page <= 200 ms; the server up in <= 2 s. The machine is shared and noisy: the
ratios are measured here and now; no test asserts a time.

    python benchmarks/dashboard_pages.py [--attempts 1000] [--runs 100] [--repeats 15]
"""
from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
START_URL = re.compile(r"(http://127\.0\.0\.1:\d+)/\?token=([A-Za-z0-9_-]+)")
HREF = re.compile(r'href="([^"]+)"')
PAGE_GOAL_MS, START_GOAL_S = 200.0, 2.0


def cli_env(workspace: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200", "DEEPROOTS_WORKSPACE": str(workspace),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")]))}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from deeproots.cli import main; main()", *args]


def launch(workspace: Path, runs_root: Path) -> tuple[subprocess.Popen, str, str]:
    """`deeproots serve --port 0`; returns the process, its base URL and token (from the printed start URL)."""
    process = subprocess.Popen(cli("serve", "--port", "0", "--runs", str(runs_root)), cwd=workspace.parent,
                               env=cli_env(workspace), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    for line in process.stdout:
        seen.append(line)
        found = START_URL.search(line)
        if found:
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()  # drain
            return process, found.group(1), found.group(2)
    raise SystemExit(f"`deeproots serve` stopped without a start URL:\n{''.join(seen)}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def median_ms(work, repeats: int) -> float:
    work()  # warm-up: templates compiled, caches filled, as for a learner's second click
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def run_links(page: str) -> list[str]:
    links = []
    for tag in re.findall(r"<a\b[^>]*>", page):
        if re.search(r'class="[^"]*\brun-link\b', tag) and HREF.search(tag):
            links.append(HREF.search(tag).group(1))
    return links


def page_paths(client: httpx.Client, demo) -> list[tuple[str, str | None, str]]:
    """(label, path or None when it cannot be found on this branch, which CLI baseline it is held against)."""
    from deeproots.content.tree import tree

    node = next(node for node in tree() if node.exercises)
    exercise = node.exercises[0]
    paths = [("tree /", "/", "tree"), (f"node /node/{node.id}", f"/node/{node.id}", "tree"),
             (f"exercise /exercise/{exercise.id}", f"/exercise/{exercise.id}", "tree"),
             ("progress /progress", "/progress", "tree"), ("quiz /quiz", "/quiz", "tree"),
             ("projects /projects", "/projects", "tree"), ("runs /runs", "/runs", "runs")]
    runs_page = client.get("/runs")
    links = run_links(runs_page.text) if runs_page.status_code == 200 else []
    run = links[0] if links else None
    paths.append(("a run page", run, "runs"))
    report = None
    if run:
        found = re.search(r'<a\b[^>]*\bid="report-link"[^>]*>', client.get(run).text)
        report = HREF.search(found.group(0)).group(1) if found and HREF.search(found.group(0)) else None
    paths.append(("its report", report, "runs"))
    compare = None
    if len(links) >= 2 and all("/runs/" in link for link in links[:2]):
        a, b = (link.split("/runs/", 1)[1] for link in links[:2])
        compare = f"/runs/compare?a={a}&b={b}"
    paths.append(("compare /runs/compare", compare, "runs"))
    return paths


def cli_baselines(demo, repeats: int) -> dict[str, float]:
    from rich.console import Console
    from rich.table import Table

    from deeproots.app.learner import Learner
    from deeproots.cli.views import path_view
    from deeproots.content.tree import tree
    from deeproots.lab.run import list_runs

    learner = Learner.open(demo.learner.workspace.root)

    def tree_view() -> str:
        console = Console(file=io.StringIO(), width=120, color_system=None)
        console.print(path_view(learner, tree()))
        return console.file.getvalue()

    def runs_index() -> str:
        table = Table()
        for column in ("experiment", "when", "wall", "verdict"):
            table.add_column(column)
        for root in (demo.runs_root, demo.runs_root / "rl", demo.runs_root / "research"):
            for run in list_runs(root):
                table.add_row(run["experiment"], run["timestamp"], str(run["wall_time_s"]), run["verdict"])
        console = Console(file=io.StringIO(), width=120, color_system=None)
        console.print(table)
        return console.file.getvalue()

    return {"tree": median_ms(tree_view, repeats), "runs": median_ms(runs_index, repeats)}


def time_pages(demo, repeats: int) -> None:
    process, base, token = launch(demo.learner.workspace.root, demo.runs_root)
    try:
        # A fresh connection per request: on a kept-alive one, httpx and uvicorn meet a ~40 ms TCP
        # delayed-ACK stall on every request (measured: 44 ms for the static CSS file, 1.8 ms without).
        with httpx.Client(base_url=base, follow_redirects=True, timeout=30, headers={"Connection": "close"}) as client:
            started = time.perf_counter()
            client.get(f"/?token={token}")  # the cookie, then the tree: the server's first page, cold
            print(f"first page after start (cold, redirect included): {1000 * (time.perf_counter() - started):.0f} ms")
            baselines = cli_baselines(demo, repeats)
            print(f"CLI, same data, in process: tree view {baselines['tree']:.1f} ms, "
                  f"runs index {baselines['runs']:.1f} ms")
            print(f"{'page':40} {'first ms':>9} {'median ms':>10} {'goal':>8} {'page/CLI':>9}")
            for label, path, against in page_paths(client, demo):
                started = time.perf_counter()
                status = client.get(path).status_code if path else None
                first = 1000 * (time.perf_counter() - started)
                if status != 200:
                    print(f"{label:40} {'missing':>9} {'':>10} {'<=200':>8}   ({path or 'no link'}: {status or '-'})")
                    continue
                ms = median_ms(lambda: client.get(path), repeats)
                print(f"{label:40} {first:9.1f} {ms:10.1f} {'<=200':>8} {ms / baselines[against]:8.2f}x"
                      f"{'' if ms <= PAGE_GOAL_MS else '  OVER GOAL'}")
    finally:
        stop(process)


def time_start(demo, repeats: int) -> None:
    starts = []
    for _ in range(repeats):
        began = time.perf_counter()
        process, base, token = launch(demo.learner.workspace.root, demo.runs_root)
        try:
            while True:
                try:
                    if httpx.get(f"{base}/?token={token}", follow_redirects=True, timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.01)
            starts.append(time.perf_counter() - began)
        finally:
            stop(process)
    helps = []
    for _ in range(repeats):
        began = time.perf_counter()
        subprocess.run(cli("--help"), env=cli_env(demo.learner.workspace.root), capture_output=True, check=True)
        helps.append(time.perf_counter() - began)
    start, help_s = statistics.median(starts), statistics.median(helps)
    print(f"`deeproots serve` to the first 200: {start:.2f} s (median of {repeats}; goal <= {START_GOAL_S:g} s)"
          f"{'' if start <= START_GOAL_S else '  OVER GOAL'}")
    print(f"`deeproots --help`: {help_s:.2f} s; ratio serve/help {start / help_s:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=15, help="requests per page (the median is printed)")
    parser.add_argument("--starts", type=int, default=5, help="server starts (the median is printed)")
    args = parser.parse_args()
    from deeproots.web.demo import fill

    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        demo = fill(Path(tmp) / "workspace", Path(tmp) / "runs", attempts=args.attempts, runs=args.runs)
        print(f"workspace: {args.attempts} attempts, {len(demo.runs)} runs (built in {time.perf_counter() - began:.1f} s)")
        time_pages(demo, args.repeats)
        time_start(demo, args.starts)


if __name__ == "__main__":
    main()
