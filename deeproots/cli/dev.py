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
              stage: Optional[str] = typer.Option(None, "--stage", help="Only roots, trunk or branches."),
              project: Optional[list[str]] = typer.Option(None, "--project", "-p",
                                                          help="Check these projects instead (or 'all')."),
              full: bool = typer.Option(False, "--full", help="Projects: the full budget, not the quick one.")) -> None:
    """Prove every stub fails, every solution passes and every mutant is caught; with --project,
    that each project's starter scores below bronze and its reference reaches silver."""
    if project:
        _check_projects(project, full)
        return
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


def _check_projects(ids: list[str], full: bool) -> None:
    from deeproots.app.projectcheck import project_problems
    from deeproots.projects.catalog import projects

    catalog = projects()
    chosen = list(catalog) if ids == ["all"] else [catalog.get(project_id) for project_id in ids]
    out = console()
    bad = 0
    for project in chosen:
        problems, outcomes = project_problems(project, full)
        bad += len(problems)
        for outcome in outcomes:
            out.print(verbatim(f"{'FAIL' if problems else 'ok'} {project.id} {outcome.role}: "
                               f"{project.format_score(outcome.score)} ({outcome.tier or 'below bronze'}), "
                               f"train {outcome.train_seconds:.0f} s, evaluation {outcome.eval_seconds:.1f} s"))
        for problem in problems:
            out.print(verbatim(problem, style="red"))
    out.print(f"{len(chosen)} project(s) checked, {bad} problem(s)")
    raise typer.Exit(1 if bad else 0)
