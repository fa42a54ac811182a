"""The learner's core commands: path, init, list, show, next, check, watch, hint, solution,
reset, plan, read, export, doctor (parsing and printing only; the work is in deeproots.app)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

from deeproots.cli.options import console, learner, workspace
from deeproots.cli.views import verbatim
from deeproots.errors import DeeprootsError

learn_app = typer.Typer(add_completion=False)


def show_path(create: bool = False) -> None:
    from deeproots.cli.views import path_view, resources_view
    from deeproots.content.tree import tree

    me = learner(create=create)
    out = console()
    missing = me.workspace.missing(me.catalog)
    if missing:
        out.print(f"[yellow]{len(missing)} new exercise(s) not in your workspace: run `deeproots init`[/]")
    out.print(path_view(me, tree()))
    upcoming = me.next_exercise()
    if upcoming is not None:
        out.print(resources_view(tree().get(upcoming.node), brief=True))


@learn_app.command("path")
def path_command() -> None:
    """The tree of knowledge with per-node progress, the next exercise and the pace forecast."""
    show_path()


@learn_app.command()
def init(directory: Optional[Path] = typer.Argument(None, help="Where (default: ./workspace).")) -> None:
    """Create a workspace with every stub; never overwrites a learner's file."""
    from deeproots.app.workspace import DEFAULT_DIR, Workspace, find_workspace
    from deeproots.content.catalog import catalog

    # Inside a workspace, `init` completes that one instead of nesting a new one.
    root = directory or find_workspace(workspace()) or Path(DEFAULT_DIR)
    created, added = Workspace.create(root, catalog())
    kept = len(catalog()) - len(added)
    enter = "" if created.root == Path.cwd().resolve() else f"cd {root} && "
    console().print(Text.assemble("workspace ", (str(created.root), "bold"),
                                  f": {len(added)} stub(s) added, {kept} existing file(s) left as they were."
                                  "\nNext: ", (f"{enter}deeproots watch", "green")))


@learn_app.command("list")
def list_command(node: Optional[str] = typer.Option(None, "--node", "-n", help="Only this node.")) -> None:
    """Every exercise in order, with its status."""
    from deeproots.cli.views import exercise_table
    from deeproots.content.tree import tree

    me = learner()
    exercises = tree().get(node).exercises if node else list(me.catalog)
    console().print(exercise_table(me, exercises, me.summary(), node))


def _show(exercise_id: Optional[str]) -> None:
    from deeproots.cli.views import exercise_intro, resources_view
    from deeproots.content.tree import tree

    me = learner()
    exercise = me.exercise_or_next(exercise_id)
    out = console()
    if exercise is None:
        out.print("[green]Every exercise passed.[/]")
        project = me.next_project()
        if project is not None:
            out.print(verbatim(f"next project: {project.title} [{project.id}] · deeproots project run {project.id}"))
        return
    me.opened(exercise)
    out.print(exercise_intro(exercise, str(me.workspace.file_for(exercise))))
    out.print(resources_view(tree().get(exercise.node), brief=True))
    out.print(verbatim(f"\nstatus: {me.status(exercise)} · deeproots check {exercise.id} · "
                       f"deeproots hint {exercise.id} · deeproots watch", style="dim"))
    project = me.next_project() if exercise_id is None else None
    if project is not None:
        out.print(verbatim(f"project: {project.title} [{project.id}] · deeproots project show {project.id} · "
                           f"deeproots project run {project.id}", style="cyan"))


@learn_app.command()
def show(exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    """An exercise's statement, file and status."""
    _show(exercise_id)


@learn_app.command("next")
def next_command() -> None:
    """The next exercise to do."""
    _show(None)


@learn_app.command()
def check(exercise_id: Optional[str] = typer.Argument(None, metavar="[ID]"),
          all_: bool = typer.Option(False, "--all", help="Check every exercise.")) -> None:
    """Grade an exercise (default: the next one); exit code 0 only when it passes."""
    me = learner()
    out = console()
    if all_:
        from deeproots.cli.views import check_all_table

        verdicts = me.check_all()
        out.print(check_all_table(verdicts))
        raise typer.Exit(0 if all(verdict is not None and verdict.passed for _, verdict in verdicts) else 1)
    exercise = me.exercise_or_next(exercise_id)
    if exercise is None:
        out.print("[green]Every exercise passed.[/]")
        return
    from deeproots.cli.views import verdict_panel

    verdict = me.check(exercise)
    out.print(verdict_panel(exercise, verdict, str(me.workspace.file_for(exercise))))
    raise typer.Exit(0 if verdict.passed else 1)


@learn_app.command()
def watch(exercise_id: Optional[str] = typer.Argument(None, metavar="ID",
                                                     help="Start at this exercise (default: the next unfinished)."),
          node: Optional[str] = typer.Option(None, "--node", "-n", help="Start at this node's first unfinished "
                                             "exercise and stay in the node until all of it has passed."),
          poll: bool = typer.Option(False, "--poll", help="Poll for changes (network drives, WSL).")) -> None:
    """Check an exercise on every save of its file, move on when it passes; keys: n next, h hint, l list,
    r rerun, q quit."""
    from deeproots.cli.watch import run_watch

    run_watch(learner(), console(), poll=poll, start=exercise_id, node=node)


@learn_app.command()
def hint(exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    """Show one more hint for an exercise (they get more explicit)."""
    me = learner()
    exercise = me.catalog.get(exercise_id)
    shown, hints = me.next_hint(exercise)
    from deeproots.cli.views import hints_text

    out = console()
    out.print(hints_text(shown, hints))
    if shown == len(hints):
        out.print("[dim]That was the last hint; `deeproots solution ID` works once it passes.[/]")


def _confirm(question: str) -> None:
    """Ask before doing something that cannot be undone; no means "Cancelled." and exit 1
    (nothing was done: a script must not go on as if it had been)."""
    if not typer.confirm(question, default=False):
        console().print("Cancelled.")
        raise typer.Exit(1)


@learn_app.command()
def solution(exercise_id: str = typer.Argument(..., metavar="ID"),
             reveal: bool = typer.Option(False, "--reveal", help="Show it before you have passed."),
             yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation.")) -> None:
    """The reference solution: after you passed, or with --reveal."""
    me = learner()
    exercise = me.catalog.get(exercise_id)
    if reveal and not yes and me.status(exercise) != "done":
        _confirm(f"Reveal the solution of '{exercise.id}' before solving it?")
    from rich.syntax import Syntax

    console().print(Syntax(me.solution(exercise, reveal=reveal), "python", line_numbers=False))


@learn_app.command()
def reset(exercise_id: str = typer.Argument(..., metavar="ID"),
          yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation.")) -> None:
    """Put the stub back (your file is backed up first)."""
    me = learner()
    exercise = me.catalog.get(exercise_id)
    if not yes:
        _confirm(f"Replace your file for '{exercise.id}' with the stub?")
    backup = me.reset(exercise)
    console().print(verbatim(f"reset {me.workspace.file_for(exercise)}"
                             + (f"; your file is in {backup}" if backup else "")))


@learn_app.command()
def plan(hours_per_week: Optional[float] = typer.Option(None, "--hours-per-week",
                                                        help="Study hours per week (remembered)."),
         months: Optional[float] = typer.Option(None, "--months", "-m", help="A deadline to check against.")) -> None:
    """A week-by-week schedule over the tree and a finish date from your actual pace."""
    from deeproots.cli.views import plan_view
    from deeproots.content.tree import tree

    console().print(plan_view(learner().plan(hours_per_week, months), tree(), months))


@learn_app.command()
def read(node_id: Optional[str] = typer.Argument(None, metavar="[NODE]",
                                                 help="A node of the tree (default: the next exercise's).")) -> None:
    """Where to learn a node: lectures, chapters and URLs from the curated path."""
    from deeproots.cli.views import resources_view
    from deeproots.content.tree import tree

    if node_id is None:
        upcoming = learner().next_exercise()
        if upcoming is None:
            raise DeeprootsError(f"every exercise passed; name a node: {', '.join(node.id for node in tree())}")
        node_id = upcoming.node
    console().print(resources_view(tree().get(node_id)))


@learn_app.command()
def export(what: str = typer.Argument(..., metavar="FILE.json | anki"),
           target: Optional[Path] = typer.Argument(None, metavar="[FILE.apkg]")) -> None:
    """Export progress as JSON (export FILE.json), or the concept questions as an Anki deck
    (export anki FILE.apkg)."""
    from deeproots.app.export import export_anki, export_progress, progress_destination

    if what == "anki":
        counts = export_anki(target)
        console().print(verbatim(f"{sum(counts.values())} notes in {len(counts)} decks written to {target} "
                                 f"({', '.join(f'{deck}: {n}' for deck, n in counts.items())}); import it in Anki"))
        return
    destination = progress_destination(what, target)
    export_progress(learner(), destination)
    console().print(verbatim(f"progress written to {destination}"))


@learn_app.command()
def doctor() -> None:
    """Check the workspace and recover a damaged progress database."""
    from deeproots.app.doctor import run_doctor

    out = console()
    for line in run_doctor(workspace()):
        out.print(verbatim(line))
