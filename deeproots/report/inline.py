"""Runs shown inline in Jupyter: the one ``_repr_html_`` every track's result uses (the verdict,
the key metrics, a link to the report and the report itself, folded, in an iframe).

``RunResult`` is the ``(result, path)`` pair a track's run function returns (so
``outcome, report = run_experiment(...)`` unpacks as before), displayed as its run."""
from __future__ import annotations

import html
import math
import os
from pathlib import Path
from typing import Any, Mapping

KEY_METRICS = 12
EMBED_LIMIT = 8_000_000  # bytes of report.html embedded in a notebook; larger ones are only linked


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _number(value: Any) -> str | None:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4g}" if math.isfinite(value) else str(value)
    if isinstance(value, str) and len(value) <= 80:
        return value
    return None


def key_metrics(metrics: Mapping[str, Any], limit: int = KEY_METRICS) -> list[tuple[str, str]]:
    """The first ``limit`` scalar metrics (numbers, flags, short strings), the verdict left out."""
    rows = [(str(key), shown) for key, value in metrics.items()
            if key != "verdict" and (shown := _number(value)) is not None]
    return rows[:limit]


def report_link(report: Path) -> str:
    """An href for report.html: relative to the notebook's folder (the kernel's working folder)
    when it lies below it, as Jupyter serves those files; else a file: URI."""
    report, here = Path(report).resolve(), Path.cwd().resolve()
    return Path(os.path.relpath(report, here)).as_posix() if report.is_relative_to(here) else report.as_uri()


def embedded(page_html: str, height: int = 600) -> str:
    """A whole report page inside an iframe (its figures are data: URIs, so it stands alone)."""
    return (f'<iframe srcdoc="{esc(page_html)}" sandbox style="width: 100%; height: {height}px; '
            f'border: 1px solid #ddd"></iframe>')


def run_html(title: str, verdict: str, metrics: Mapping[str, Any], report: Path | None = None,
             status: str = "", embed: bool = True) -> str:
    """A run as a small box: title, verdict, a table of key metrics, the report (link + folded page)."""
    rows = "".join(f'<tr><th style="text-align: left">{esc(key)}</th><td>{esc(value)}</td></tr>'
                   for key, value in key_metrics(metrics))
    parts = [f'<div class="deeproots-run" data-status="{esc(status)}" style="border-left: 4px solid #0969da; '
             f'padding: 0.3em 0.8em; margin: 0.3em 0"><div><b>{esc(title)}</b></div>']
    if verdict:
        parts.append(f'<div class="verdict" style="white-space: pre-wrap">{esc(verdict)}</div>')
    if rows:
        parts.append(f'<table class="metrics">{rows}</table>')
    if report is not None:
        report = Path(report)
        parts.append(f'<div>report: <a class="report-link" href="{esc(report_link(report))}" target="_blank">'
                     f'{esc(report)}</a></div>')
        if embed and report.is_file() and report.stat().st_size <= EMBED_LIMIT:
            parts.append("<details><summary>the report</summary>"
                         + embedded(report.read_text(encoding="utf-8", errors="replace")) + "</details>")
    return "".join(parts) + "</div>"


def _verdict_and_metrics(result: Any) -> tuple[str, Mapping[str, Any]]:
    if isinstance(result, Mapping):
        return str(result.get("verdict", "")), result
    return str(getattr(result, "verdict", "")), getattr(result, "metrics", {}) or {}


class RunResult(tuple):
    """``(result, path)``: a track's outcome (an object with ``verdict`` and ``metrics``, or a
    metrics dict) and its report.html or run folder; a tuple, displayed as its run."""

    def __new__(cls, result: Any, path: Path | str):
        return super().__new__(cls, (result, path))

    @property
    def report(self) -> Path:
        path = Path(self[1])
        return path / "report.html" if path.is_dir() else path

    def _repr_html_(self) -> str:
        verdict, metrics = _verdict_and_metrics(self[0])
        folder = self.report.parent
        return run_html(f"{folder.parent.name} · {folder.name}", verdict, metrics, self.report)
