"""The HTML verdict mirrors the terminal's facts and escapes every piece of content."""
from __future__ import annotations

from pathlib import Path

from deeproots.app.notebooks import Submission
from deeproots.content.catalog import catalog
from deeproots.grading.checks import CheckResult
from deeproots.grading.host.grader import Verdict
from deeproots.notebook.render import hints_html, statement_html, verdict_html

EVIL = "<script>alert('x')</script> & [nan nan]"


def submission(verdict: Verdict, backup: Path | None = None) -> Submission:
    return Submission(catalog().get("vectors-dot-norms"), verdict, Path("/ws/roots/x.py"), backup)


def test_a_failure_shows_message_and_every_detail_escaped():
    check = CheckResult("test_dot", False, EVIL, {"expected": "[1. 2.]", "got": EVIL, "input": "x = [1 2]"})
    page = verdict_html(submission(Verdict("vectors-dot-norms", "failed", [check, CheckResult("test_norm", True)])))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "✗ failed: 1 of 2 checks failed" in page
    assert "<th" in page and ">expected</th>" in page and ">got</th>" in page and ">input</th>" in page
    assert "✓ norm" in page


def test_an_error_shows_the_problem_and_the_printed_output():
    page = verdict_html(submission(Verdict("vectors-dot-norms", "error", [], problem=f"timed out {EVIL}",
                                           output="hello <b>\n")))
    assert 'data-status="error"' in page and "timed out &lt;script&gt;" in page
    assert "your code printed" in page and "hello &lt;b&gt;" in page


def test_a_backup_is_named():
    page = verdict_html(submission(Verdict("vectors-dot-norms", "passed", [CheckResult("test_dot", True)]),
                                   Path("/ws/.deeproots/backups/<b>.py")))
    assert "backed up to <code>/ws/.deeproots/backups/&lt;b&gt;.py</code>" in page


def test_hints_and_statement_are_escaped():
    exercise = catalog().get("vectors-dot-norms")
    assert "&lt;script&gt;" in hints_html(exercise, 1, (EVIL, "second"))
    assert "second" not in hints_html(exercise, 1, (EVIL, "second"))
    assert "status: <b" in statement_html(exercise, EVIL, "todo") and "<script>" not in statement_html(exercise, EVIL, "todo")
