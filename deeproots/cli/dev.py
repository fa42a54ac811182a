"""`deeproots dev ...`: maintainer commands (parsing and printing only)."""
from __future__ import annotations

from typing import Optional

import typer

from deeproots.cli.options import console
from deeproots.cli.views import verbatim

dev_app = typer.Typer(help="Maintainer commands.", add_completion=False)


@dev_app.command("check")
def dev_check(exercise: Optional[list[str]] = typer.Option(None, "--exercise", "-e",
                                                          help="Only these exercise ids."),
              stage: Optional[str] = typer.Option(None, "--stage", help="Only roots, trunk or branches.")) -> None:
    """Prove every stub fails, every solution passes and every mutant is caught."""
    from deeproots.app.devcheck import dev_check as run_dev_check
    from deeproots.cli.views import dev_report_lines

    out = console()

    def show(report) -> None:
        for line in dev_report_lines(report):
            out.print(line)

    result = run_dev_check(exercise, stage, on_report=show)
    if result.questions is not None:
        out.print(f"{'[green]ok[/]' if not result.question_problems else '[red]FAIL[/]'} {result.questions} concept "
                  "questions: every reference answer right, every wrong answer wrong")
    for problem in result.problems:
        out.print(verbatim(problem, style="red"))
    out.print(f"{len(result.reports)} exercises checked, {result.bad} problem(s)")
    raise typer.Exit(1 if result.bad else 0)
