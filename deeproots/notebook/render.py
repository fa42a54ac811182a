"""HTML for the notebook: a verdict (the facts ``deeproots check`` prints), hints, a statement.

Every piece of learner-facing content (titles, statements, hints, check messages and details,
printed output, paths) goes through ``esc``; statements, hints and output keep their
whitespace in ``<pre>``."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deeproots.app.notebooks import Submission
    from deeproots.content.catalog import Exercise
    from deeproots.grading.checks import CheckResult

COLOURS = {"passed": "#1a7f37", "failed": "#cf222e", "not-started": "#9a6700", "error": "#cf222e",
           "done": "#1a7f37", "started": "#9a6700", "todo": "#57606a"}
OUTPUT_LINES = 20
PRE = "white-space: pre-wrap; margin: 0.2em 0 0.4em 1.2em; font-family: monospace"


def esc(content: object) -> str:
    return html.escape(str(content), quote=True)


def _box(status: str, body: str, kind: str) -> str:
    return (f'<div class="deeproots-{kind}" data-status="{esc(status)}" style="border-left: 4px solid '
            f'{COLOURS.get(status, "#57606a")}; padding: 0.3em 0.8em; margin: 0.3em 0">{body}</div>')


def header(exercise: "Exercise", path: str) -> str:
    return (f'<div><b>{esc(exercise.title)}</b> <span style="color: #57606a">[{esc(exercise.id)}] '
            f'~{exercise.minutes} min ({esc(exercise.node)})</span><br>'
            f'<span style="color: #57606a">file: <code>{esc(path)}</code></span></div>')


def headline(verdict) -> str:
    failed = sum(not check.passed for check in verdict.checks)
    return {
        "passed": f"✓ passed: all {len(verdict.checks)} checks passed",
        "failed": f"✗ failed: {failed} of {len(verdict.checks)} checks failed",
        "not-started": "not started yet: the functions still raise NotImplementedError",
        "error": f"✗ error: {verdict.problem}",
    }.get(verdict.status, verdict.status)


def _check(check: "CheckResult") -> str:
    """One check: its mark and title, then for a failure the message and every detail (expected,
    got, how it is computed, the failing input) in a table."""
    mark, colour = ("✓", COLOURS["passed"]) if check.passed else ("✗", COLOURS["failed"])
    parts = [f'<li class="check {"passed" if check.passed else "failed"}">'
             f'<span style="color: {colour}">{mark} {esc(check.title)}</span>']
    if not check.passed and check.message:
        parts.append(f'<div class="message" style="{PRE}">{esc(check.message)}</div>')
    if not check.passed and check.details:
        rows = "".join(f'<tr><th style="text-align: right; vertical-align: top; color: #57606a">{esc(key)}</th>'
                       f'<td><pre style="{PRE}; margin: 0">{esc(value)}</pre></td></tr>'
                       for key, value in check.details.items())
        parts.append(f'<table class="details" style="margin-left: 1.2em">{rows}</table>')
    return "".join(parts) + "</li>"


def verdict_html(submission: "Submission") -> str:
    """The verdict of a ``%%deeproots`` cell, first failure first: what the terminal's verdict
    panel shows (header, headline, failures with their details, passes, printed output, time)."""
    verdict = submission.verdict
    parts = [header(submission.exercise, str(submission.path))]
    if submission.backup is not None:
        parts.append(f'<div class="backup" style="color: #9a6700">your earlier edits of this file were backed '
                     f'up to <code>{esc(submission.backup)}</code> before the cell was written</div>')
    parts.append(f'<div class="headline" style="font-weight: bold; color: {COLOURS.get(verdict.status, "")}">'
                 f'{esc(headline(verdict))}</div>')
    failed = [check for check in verdict.checks if not check.passed]
    passed = [check for check in verdict.checks if check.passed]
    if verdict.checks:
        parts.append('<ul style="list-style: none; padding-left: 0.5em">'
                     + "".join(_check(check) for check in failed + passed) + "</ul>")
    if verdict.output.strip():
        lines = verdict.output.strip().splitlines()
        cut = (f" (the first {len(lines) - OUTPUT_LINES} of {len(lines)} lines not shown)"
               if len(lines) > OUTPUT_LINES else "")
        shown = "\n".join(line[:300] for line in lines[-OUTPUT_LINES:])
        parts.append(f'<div style="color: #57606a">your code printed{cut}:</div><pre class="output" '
                     f'style="{PRE}">{esc(shown)}</pre>')
    parts.append(f'<div style="color: #57606a">checked in {verdict.seconds * 1000:.0f} ms by the deeproots grader '
                 f'(recorded in your progress)</div>')
    return _box(verdict.status, "".join(parts), "verdict")


def verdict_text(submission: "Submission") -> str:
    """The plain-text form (a console without HTML)."""
    lines = [f"{submission.exercise.id}: {headline(submission.verdict)}"]
    if submission.backup is not None:
        lines.append(f"your earlier edits were backed up to {submission.backup}")
    for check in submission.verdict.checks:
        if not check.passed:
            lines.append(f"  ✗ {check.title}: {check.message}")
            lines += [f"      {key}: {value}" for key, value in check.details.items()]
    return "\n".join(lines)


def hints_html(exercise: "Exercise", shown: int, hints: tuple[str, ...]) -> str:
    items = "".join(f'<li><b>hint {number}/{len(hints)}</b>: <span style="white-space: pre-wrap">{esc(hint)}</span></li>'
                    for number, hint in enumerate(hints[:shown], start=1))
    last = ('<div style="color: #57606a">That was the last hint; <code>deeproots solution ID</code> works once '
            'it passes.</div>' if hints and shown == len(hints) else "")
    if not hints:
        items = "<li>this exercise has no hints</li>"
    return _box("todo", f"<div><b>{esc(exercise.title)}</b> [{esc(exercise.id)}]</div>"
                f'<ul style="list-style: none; padding-left: 0.5em">{items}</ul>{last}', "hints")


def statement_html(exercise: "Exercise", path: str, status: str) -> str:
    return _box(status, header(exercise, path)
                + f'<pre class="statement" style="{PRE}; margin-left: 0">{esc(exercise.statement())}</pre>'
                + f'<div class="status">status: <b style="color: {COLOURS.get(status, "")}">{esc(status)}</b></div>',
                "exercise")


class HTML:
    """A displayable result: Jupyter shows ``_repr_html_``, a plain console ``text``."""

    def __init__(self, markup: str, text: str):
        self.markup = markup
        self.text = text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text
