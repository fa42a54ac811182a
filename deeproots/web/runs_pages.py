"""Every run on one page: ``/runs`` (sortable, filtered by track), ``/runs/{id}`` (verdict, params,
metrics, the report one click away), ``/runs/{id}/files/{path}`` (the report and its figures,
served from the run folder and never from outside it), ``/runs/compare?a=ID&b=ID``.

Run folders are found through the index (``deeproots.app.runs_index``): a request names a run by
its id, never by a path. A file inside a run is resolved (symlinks followed) and must stay inside
the run's folder and the runs root (or the workspace, for a project); reports are files on disk,
so they are served with a Content-Security-Policy that runs no script and loads nothing from
outside.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from deeproots.app import runs_index
from deeproots.app.runs_index import BASE_COLUMNS, RunEntry
from deeproots.web.layout import dashboard, error_page, render

REPORT_CSP = ("default-src 'self' data:; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
              "script-src 'none'; object-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
SHOWN_METRICS = 6  # metric columns in the table (the sorted one is always shown)
SERVED = {".html", ".htm", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".json", ".csv", ".txt", ".md"}


def runs_of(request: Request) -> list[RunEntry]:
    board = dashboard(request)
    return runs_index.learner_runs(board.learner, board.runs_root)


async def runs_table(request: Request) -> Response:
    runs = runs_of(request)
    metrics = runs_index.metric_names(runs)
    track = request.query_params.get("track", "")
    if track and track not in runs_index.TRACKS:
        return error_page(request, 400, f"no track {track!r}; filter by one of {', '.join(runs_index.TRACKS)} "
                                        "(or leave track out for every run)")
    sort = request.query_params.get("sort", "timestamp")
    order = request.query_params.get("order", "desc" if sort == "timestamp" else "asc")
    if sort not in BASE_COLUMNS and sort not in metrics:
        return error_page(request, 400, f"cannot sort by {sort!r}: no such column; sort by one of "
                                        f"{', '.join(BASE_COLUMNS)} or a metric's name")
    if order not in ("asc", "desc"):
        return error_page(request, 400, f"order must be asc or desc, not {order!r}")
    shown = [run for run in runs if not track or run.track == track]
    shown = runs_index.sort_runs(shown, sort, descending=order == "desc")
    columns = [name for name in runs_index.metric_names(shown)][:SHOWN_METRICS]
    if sort in metrics and sort not in columns:
        columns.append(sort)
    return render(request, "runs.html", title="Runs", runs=shown, all_runs=runs, tracks=runs_index.TRACKS,
                  track=track, sort=sort, order=order, metric_columns=columns, base_columns=BASE_COLUMNS,
                  all_metrics=metrics, fmt=fmt)


def _lookup(request: Request, runs: list[RunEntry], ident: str | None, what: str = "run") -> RunEntry | Response:
    entry = runs_index.find(runs, ident or "")
    if entry is None:
        shown = (ident or "")[:80]
        return error_page(request, 404, f"no {what} with id {shown!r}; pick one from the list at /runs"
                          if ident else f"give the {what}'s id (pick one from the list at /runs)")
    return entry


async def run_page(request: Request) -> Response:
    entry = _lookup(request, runs_of(request), request.path_params["run_id"])
    if isinstance(entry, Response):
        return entry
    return render(request, "run.html", title=f"Run {entry.id}", run=entry, fmt=fmt)


async def run_file(request: Request) -> Response:
    entry = _lookup(request, runs_of(request), request.path_params["run_id"])
    if isinstance(entry, Response):
        return entry
    asked = request.path_params["path"]
    problem = unsafe_reason(asked)
    if problem:
        return error_page(request, 400, f"refused: {problem}; open the report from the run's page")
    target = contained(entry, asked)
    if target is None:
        return error_page(request, 404, f"no file {asked[:120]!r} in run {entry.id}; open the report from the "
                                        "run's page")
    media_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return FileResponse(target, media_type=media_type, headers={
        "Content-Security-Policy": REPORT_CSP, "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"})


def unsafe_reason(asked: str) -> str:
    """Why a requested path is refused outright ("" when it may be looked up)."""
    if "\0" in asked:
        return "a NUL character in the path"
    if asked.startswith(("/", "\\")) or (len(asked) > 1 and asked[1] == ":"):
        return "an absolute path"
    parts = PurePosixPath(asked.replace("\\", "/")).parts
    if any(part == ".." for part in parts):
        return "'..' in the path (files outside the run folder are never served)"
    return ""


def contained(entry: RunEntry, asked: str) -> Path | None:
    """The file ``asked`` inside the run's folder, symlinks resolved; None when it is missing, not a
    file of a served kind, or resolves outside the run's folder or its root."""
    try:
        folder = entry.folder.resolve(strict=True)
        root = entry.root.resolve(strict=True)
        target = (folder / asked).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    if not (folder.is_relative_to(root) and target.is_relative_to(folder)):
        return None
    if not target.is_file() or target.suffix.lower() not in SERVED:
        return None
    return target


async def compare(request: Request) -> Response:
    runs = runs_of(request)
    picked = []
    for key in ("a", "b"):
        entry = _lookup(request, runs, request.query_params.get(key), f"run {key}")
        if isinstance(entry, Response):
            return entry
        picked.append(entry)
    a, b = picked
    return render(request, "runs_compare.html", title=f"Compare {a.id} and {b.id}", a=a, b=b,
                  params=aligned(a.params, b.params), metrics=aligned(a.metrics, b.metrics), fmt=fmt)


def aligned(left: dict, right: dict) -> list[dict]:
    """Rows (name, left, right, differs, delta) for every name in either, left's order first."""
    rows = []
    for name in [*left, *(key for key in right if key not in left)]:
        x, y = left.get(name), right.get(name)
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (x, y))
        rows.append({"name": name, "a": x, "b": y, "differs": x != y, "in_a": name in left, "in_b": name in right,
                     "delta": (y - x) if numbers and x != y else None})
    return rows


def fmt(value) -> str:
    """A metric or parameter as the page shows it."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


ROUTES = [
    Route("/runs", runs_table, name="runs"),
    Route("/runs/compare", compare, name="runs_compare"),
    Route("/runs/{run_id}", run_page, name="run"),
    Route("/runs/{run_id}/files/{path:path}", run_file, name="run_file"),
]
