"""Every question reaches the screen exactly as written, through the CLI's real input/output.

Rich parses markup in a str given to `Console.print` or `Console.input`: `[good]`, `[i, j]` or
`E_{tau}[r(tau)]` would be eaten. This runs every shipped question through `run_session` with the
functions `deeproots quiz` itself uses (`cli_quiz.console_io`), bound to a console on a StringIO.
"""
from __future__ import annotations

import builtins
from datetime import datetime, timezone
from io import StringIO

from rich.console import Console

from deeproots.cli.quiz import console_io
from deeproots.content.questions import LETTERS, load_questions
from deeproots.quiz.session import Quiz, run_session
from deeproots.app.progress import ProgressStore

START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def flat(text: str) -> str:
    """Whitespace-insensitive: the console wraps long lines at its width."""
    return " ".join(text.split())


def reference_typed(question) -> str:
    if question.kind == "numeric":
        values = question.answer if isinstance(question.answer, list) else [question.answer]
        return ", ".join(map(repr, values))
    return "" if question.kind == "recall" else question.answer


def wrong_letter(question) -> str:
    return LETTERS[(question.answer + 1) % len(question.choices)]


def test_every_question_choice_explanation_and_prompt_is_shown_verbatim(tmp_path, monkeypatch):
    questions = load_questions()
    store = ProgressStore(tmp_path / "progress.db")
    buffer = StringIO()
    ask, say = console_io(Console(file=buffer, highlight=False, width=120))
    prompts: list[str] = []
    typed: list[str] = []
    # Console.input reads the builtin input(); the script answers as a learner would.
    monkeypatch.setattr(builtins, "input", lambda *args: typed.pop(0))

    def recording_ask(prompt: str) -> str:
        prompts.append(prompt)
        return ask(prompt)

    counts = {"questions": 0, "choices": 0, "explanations": 0, "why_wrong": 0}
    for question in questions:
        start = buffer.tell()
        # Choice questions are answered wrong, so that their why_wrong text is shown too; the
        # others right, so that the rating prompt offers its "[good]" suggestion.
        answer = wrong_letter(question) if question.kind == "choice" else reference_typed(question)
        typed[:] = [answer, ""]
        assert run_session(Quiz(store, [question], lambda: START), None, recording_ask, say) == 1, question.id
        shown = flat(buffer.getvalue()[start:])
        assert flat(question.prompt) in shown, question.id
        assert flat(question.explanation) in shown, question.id
        counts["questions"] += 1
        counts["explanations"] += 1
        for choice in question.choices:
            assert flat(choice) in shown, (question.id, choice)
            counts["choices"] += 1
        if question.kind == "choice":
            why = question.why_wrong[LETTERS.index(wrong_letter(question))]
            assert flat(why) in shown and flat(question.shown_answer()) in shown, question.id
            counts["why_wrong"] += 1
        if question.kind == "recall":
            assert flat(question.shown_answer()) in shown, question.id
    output = flat(buffer.getvalue())
    for prompt in set(prompts):
        assert flat(prompt) in output, prompt
    assert "[good]" in output, "the rating prompt's suggestion was eaten as markup"
    assert counts["questions"] == len(questions) >= 150
    print(f"rendered verbatim: {counts}, {len(prompts)} prompts ({len(set(prompts))} distinct)")


def test_stats_table_shows_node_names_and_figures_verbatim():
    from deeproots.cli.quiz import print_stats

    buffer = StringIO()
    numbers = {"questions": 3, "seen": 2, "new": 1, "due_today": 1, "due_this_week": 2, "streak_days": 1,
               "reviews": 4, "retention": {"[bold]odd-node[/bold]": 0.5, "linear-algebra": 1.0}}
    print_stats(Console(file=buffer, highlight=False, width=120), numbers)
    shown = buffer.getvalue()
    assert "[bold]odd-node[/bold]" in shown and "50%" in shown and "100%" in shown
    assert "answered right" in shown  # the column says what retention counts
