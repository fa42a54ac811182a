"""Learner-facing content reaches the screen exactly as written: Rich must not eat ``[...]``.

Every hint, statement and check-message template is rendered through the real rendering
functions and a real console; what the learner sees must contain the source text.
"""
from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from rich.console import Console

from deeproots.content.catalog import catalog
from deeproots.grading.checks import CheckResult
from deeproots.grading.host.grader import Verdict
from deeproots.cli.views import exercise_intro, hints_text, verdict_panel

# The check helpers and the arguments of theirs that reach the screen.
MESSAGE_CALLS = {"CheckFailure": (0,), "expect": (1,), "expect_close": (), "expect_equal": (),
                 "expect_raises": ()}
MESSAGE_KEYWORDS = {"message", "what", "how", "why"}
ARRAY_PREVIEW = "array(shape=(4,), dtype=float64) [nan nan nan nan]"


def render(renderable, width: int = 100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, highlight=False)
    console.print(renderable)
    return console.file.getvalue()


def squeezed(text: str) -> str:
    """Wrapping and panel borders moved aside: only the characters the learner reads."""
    return "".join(text.replace("│", " ").split())


def seen(source: str, rendered: str, times: int = 1) -> bool:
    return squeezed(rendered).count(squeezed(source)) >= times


def message_templates(check_file: Path) -> list[str]:
    """String constants (and the constant parts of f-strings) that a check file passes as a
    message: ``CheckFailure(message)``, ``expect(cond, message)``, ``what=``/``how=``/``why=``."""
    found: list[str] = []

    def collect(node: ast.AST) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            found.extend(part.value for part in node.values if isinstance(part, ast.Constant))
        elif isinstance(node, (ast.BinOp, ast.IfExp)):
            for child in ast.iter_child_nodes(node):
                collect(child)

    for call in ast.walk(ast.parse(check_file.read_text(encoding="utf-8"))):
        if not isinstance(call, ast.Call):
            continue
        name = getattr(call.func, "id", getattr(call.func, "attr", ""))
        for position in MESSAGE_CALLS.get(name, ()):
            if position < len(call.args):
                collect(call.args[position])
        for keyword in call.keywords:
            if keyword.arg in MESSAGE_KEYWORDS:
                collect(keyword.value)
    return [text for text in found if text.strip()]


def failing_verdict(exercise, message: str) -> Verdict:
    check = CheckResult("test_something", passed=False, message=message,
                        details={"expected from": message, "got": ARRAY_PREVIEW})
    return Verdict(exercise.id, "failed", checks=[check])


def test_every_hint_is_shown_as_written():
    hints = [(exercise, hint) for exercise in catalog() for hint in exercise.hints]
    garbled = [hint for exercise, hint in hints
               if not seen(hint, render(hints_text(len(exercise.hints), exercise.hints)))]
    assert not garbled, f"{len(garbled)} of {len(hints)} hints garbled, e.g. {garbled[:3]}"


def test_the_gaussian_elimination_hint_keeps_its_brackets():
    exercise = catalog().get("gaussian-elimination")
    shown = render(hints_text(len(exercise.hints), exercise.hints), width=400)
    assert "U[[k, r]] = U[[r, k]]" in shown
    assert "U[k+1:, k] / U[k, k]" in shown


def test_every_statement_is_shown_as_written():
    garbled = [exercise.id for exercise in catalog()
               if not seen(exercise.statement(), render(exercise_intro(exercise, "ws/file.py")))]
    assert not garbled


def test_every_check_message_template_is_shown_as_written():
    exercise = next(iter(catalog()))
    templates = sorted({template for each in catalog()
                        for template in message_templates(each.check_file)})
    assert len(templates) > 500  # the extraction found the templates (there are hundreds)
    # Each template is both the message and a details value: it must be seen twice.
    garbled = [template for template in templates
               if not seen(template, render(verdict_panel(exercise, failing_verdict(exercise, template), "f.py")),
                           times=2)]
    assert not garbled, f"{len(garbled)} of {len(templates)} templates garbled, e.g. {garbled[:3]}"


def test_array_previews_in_verdict_details_are_kept():
    exercise = next(iter(catalog()))
    shown = render(verdict_panel(exercise, failing_verdict(exercise, "expected from by hand: (1/4 - [x]) / 2"),
                                 "ws/[weird] file.py"), width=160)
    assert "[nan nan nan nan]" in shown
    assert "(1/4 - [x]) / 2" in shown
    assert "ws/[weird] file.py" in shown


@pytest.mark.parametrize("field", ["title", "id"])
def test_titles_and_ids_are_verbatim(field):
    exercise = next(iter(catalog()))
    shown = render(exercise_intro(exercise, "file.py"))
    assert getattr(exercise, field) in shown


def statement_lines(width: int) -> list[str]:
    exercise = catalog().get("gaussian-elimination")
    return [line.rstrip() for line in render(exercise_intro(exercise, "file.py"), width=width).splitlines()]


def paragraph(lines: list[str], first: str, last: str) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if i >= start and line.endswith(last))
    return lines[start:end + 1]


def test_statement_prose_fills_a_wide_terminal():
    lines = statement_lines(120)
    prose = paragraph(lines, "Why pivot?", "scipy.linalg.lu return.)")
    assert max(len(line) for line in prose) > 100
    assert len(prose) == 4  # 430 characters at 120 columns (6 hard-wrapped lines in the source)


def test_statement_prose_folds_evenly_in_a_narrow_terminal():
    prose = paragraph(statement_lines(60), "Why pivot?", "scipy.linalg.lu return.)")
    assert all(45 <= len(line) <= 60 for line in prose[:-1]), prose


@pytest.mark.parametrize("width", [60, 120])
def test_statement_formulas_and_lists_keep_their_lines(width):
    lines = statement_lines(width)
    assert "     x[n-1] = c[n-1] / U[n-1, n-1]" in lines
    assert any(line.startswith("  1. Partial pivoting: among rows k..n-1") for line in lines)
    assert any(line.startswith("  2. For each row i below k:") for line in lines)
    assert any(line.startswith("  Back substitution: x[1] = 1 / 1 = 1;") for line in lines)


def test_a_long_indented_line_wraps_under_its_own_indent():
    """In a narrow terminal the formula's overflow stays in the indented block, not at column 0."""
    lines = statement_lines(60)
    start = next(i for i, line in enumerate(lines) if line.startswith("     x[i]   = (c[i] - sum_{j > i}"))
    assert lines[start + 1].startswith("     ") and lines[start + 1].strip(), lines[start:start + 2]


def many_checks_verdict(exercise, failing: int, passing: int, output_lines: int = 0) -> Verdict:
    checks = [CheckResult(f"test_failing_{n}", passed=False, message=f"message {n}",
                          details={"got": f"detail-{n}"}) for n in range(failing)]
    checks[1:1] = [CheckResult(f"test_passing_{n}", passed=True) for n in range(passing)]
    output = "\n".join(f"printed line {n}" for n in range(output_lines))
    return Verdict(exercise.id, "failed", checks=checks, output=output)


def test_a_long_verdict_shows_the_first_failure_first_and_folds_the_rest():
    exercise = next(iter(catalog()))
    shown = render(verdict_panel(exercise, many_checks_verdict(exercise, failing=5, passing=6, output_lines=200),
                                 "f.py"), width=100)
    assert shown.index("failing 0") < shown.index("failing 1") < shown.index("passing")
    assert "detail-0" in shown and "detail-1" in shown and "detail-2" not in shown
    assert "message 4" in shown  # every failure is named, with its message
    assert "6 other check(s) passed" in shown and "passing 5" not in shown
    assert "printed line 199" in shown and "printed line 100" not in shown
    assert "180 of 200 lines not shown" in shown
    assert len(shown.splitlines()) < 50  # 5 failures, 6 passes and 200 printed lines
