"""`deeproots quiz` and `deeproots notes`: theory that sticks (parsing and printing only)."""
from __future__ import annotations

from typing import Callable, Optional

import typer

from deeproots.cli.options import console, learner

quiz_app = typer.Typer(add_completion=False)


def console_io(out) -> tuple[Callable[[str], str], Callable[[str], None]]:
    """The session's input and output functions on a Rich console (tests bind them to a StringIO).
    Everything the session shows is content (questions, choices, answers, the rating prompt's
    "[good]" suggestion): as Text, Rich neither parses markup nor replaces :emoji: codes in it."""
    from deeproots.cli.views import verbatim

    def ask(prompt: str) -> str:
        return out.input(verbatim(prompt))

    def say(text: str) -> None:
        out.print(verbatim(text))

    return ask, say


def print_stats(out, numbers: dict) -> None:
    """The numbers of `Quiz.stats`; table cells are markup-parsed, so content goes in as Text."""
    from rich.table import Table

    from deeproots.cli.views import verbatim

    out.print(verbatim(f"{numbers['questions']} questions, {numbers['seen']} seen, {numbers['new']} new; "
                       f"reviews due today {numbers['due_today']}, this week {numbers['due_this_week']}; "
                       f"streak {numbers['streak_days']} day(s); {numbers['reviews']} reviews in all"))
    # Retention counts correctness: a wrong answer is never retained, whatever its rating; a
    # recall card (nothing typed to mark) by its self-rating.
    table = Table("node", "retention (answered right)", caption="retention by node")
    for name, share in sorted(numbers["retention"].items()):
        table.add_row(verbatim(name), verbatim(f"{share:.0%}"))
    out.print(table)


@quiz_app.command()
def quiz(node: Optional[str] = typer.Argument(None, help="Only this node's questions."),
         stats: bool = typer.Option(False, "--stats", help="Reviews due, retention by node, streak."),
         limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many questions.")) -> None:
    """Concept questions that are due, scheduled by FSRS; Ctrl-C keeps every answer given."""
    from deeproots.quiz.session import run_session

    out = console()
    me = learner(create=True)
    session = me.quiz()
    if stats:
        print_stats(out, session.stats())
        return

    ask, say = console_io(out)
    upcoming = me.next_exercise()  # new cards start from the node the learner works on
    try:
        rated = run_session(session, node, ask, say, limit=limit, current=upcoming.node if upcoming else None)
    except (KeyboardInterrupt, EOFError):
        out.print("\nstopped; every rated answer is saved")
        raise typer.Exit(130)
    if rated:
        out.print(f"{rated} reviewed. `deeproots quiz --stats` shows what is due next.")


@quiz_app.command()
def notes(node: str = typer.Argument(..., help="A node id, e.g. linear-algebra.")) -> None:
    """Open your note file for a node in $EDITOR (created from a template the first time)."""
    from deeproots.content.tree import tree
    from deeproots.quiz.notes import ensure_note, open_in_editor

    path = ensure_note(learner(create=True).workspace.root, tree().get(node))
    if not open_in_editor(path):
        from deeproots.cli.views import verbatim

        console().print(verbatim(f"your notes: {path} (set $EDITOR to open them from here)"))
