"""The command layer: parse, call the runner API, print. No logic lives here."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

from deeproots.errors import DeeprootsError
from deeproots.cli.views import verbatim

# -h is help everywhere (subcommands inherit the root context's help option names).
HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(add_completion=False, no_args_is_help=False, pretty_exceptions_enable=False,
                  context_settings=HELP_OPTIONS, help="deeproots: learn modern machine learning by doing.")
dev_app = typer.Typer(help="Maintainer commands.", add_completion=False)
app.add_typer(dev_app, name="dev")


def _register_tracks() -> None:
    """Each track's commands live in their own module: cli_lab, cli_rl, cli_research, cli_quiz."""
    from deeproots.cli.lab import lab_app
    from deeproots.cli.quiz import register as register_quiz
    from deeproots.cli.research import research_app
    from deeproots.cli.rl import rl_app

    app.add_typer(lab_app, name="lab")
    app.add_typer(rl_app, name="rl")
    app.add_typer(research_app, name="research")
    register_quiz(app, _learner, _console)

WORKSPACE_OPTION = typer.Option(None, "--workspace", "-w", envvar="DEEPROOTS_WORKSPACE",
                                help="The workspace folder (default: found from here, else ./workspace).")
_state: dict = {}


def _console():
    from deeproots.cli.views import make_console

    return make_console()


def _learner(create: bool = False):
    from deeproots.app.learner import Learner

    return Learner.open(_state.get("workspace"), create=create)


@app.callback(invoke_without_command=True)
def main_callback(ctx: typer.Context, workspace: Optional[Path] = WORKSPACE_OPTION) -> None:
    """With no command: create ./workspace if there is none and show the tree of knowledge."""
    if workspace is not None and workspace.exists() and not workspace.is_dir():
        raise DeeprootsError(f"--workspace {workspace} is a file, not a folder; give the workspace's folder "
                             "(or leave --workspace and DEEPROOTS_WORKSPACE out to use ./workspace)")
    _state["workspace"] = workspace
    if ctx.invoked_subcommand is None:
        show_path(create=True)


def show_path(create: bool = False) -> None:
    from deeproots.content.tree import tree
    from deeproots.cli.views import path_view, resources_view

    learner = _learner(create=create)
    console = _console()
    missing = learner.workspace.missing(learner.catalog)
    if missing:
        console.print(f"[yellow]{len(missing)} new exercise(s) not in your workspace: run `deeproots init`[/]")
    console.print(path_view(learner, tree()))
    upcoming = learner.next_exercise()
    if upcoming is not None:
        console.print(resources_view(tree().get(upcoming.node), brief=True))


@app.command("path")
def path_command() -> None:
    """The tree of knowledge with per-node progress, the next exercise and the pace forecast."""
    show_path()


@app.command()
def init(directory: Optional[Path] = typer.Argument(None, help="Where (default: ./workspace).")) -> None:
    """Create a workspace with every stub; never overwrites a learner's file."""
    from deeproots.content.catalog import catalog
    from deeproots.app.workspace import DEFAULT_DIR, Workspace, find_workspace

    # Inside a workspace, `init` completes that one instead of nesting a new one.
    root = directory or find_workspace(_state.get("workspace")) or Path(DEFAULT_DIR)
    workspace, added = Workspace.create(root, catalog())
    kept = len(catalog()) - len(added)
    enter = "" if workspace.root == Path.cwd().resolve() else f"cd {root} && "
    _console().print(Text.assemble("workspace ", (str(workspace.root), "bold"),
                                   f": {len(added)} stub(s) added, {kept} existing file(s) left as they were."
                                   "\nNext: ", (f"{enter}deeproots watch", "green")))


@app.command("list")
def list_command(node: Optional[str] = typer.Option(None, "--node", "-n", help="Only this node.")) -> None:
    """Every exercise in order, with its status."""
    from rich.table import Table

    from deeproots.content.tree import tree
    from deeproots.cli.views import STATUS_STYLE, verbatim

    learner = _learner()
    exercises = tree().get(node).exercises if node else list(learner.catalog)
    summary = learner.summary()
    done = sum(1 for exercise in exercises if learner.status(exercise, summary) == "done")
    table = Table(caption=verbatim(f"{len(exercises)} exercises{f' in {node}' if node else ''}, {done} done"))
    for column in ("", "id", "title", "node", "min", "attempts"):
        table.add_column(column)
    for exercise in exercises:
        status = learner.status(exercise, summary)
        mark, style = STATUS_STYLE[status]
        record = summary.get(exercise.id)
        table.add_row(verbatim(mark, style=style), verbatim(exercise.id), verbatim(exercise.title),
                      verbatim(exercise.node), str(exercise.minutes), str(record.attempts if record else 0))
    _console().print(table)


def _show(exercise_id: Optional[str]) -> None:
    from deeproots.content.tree import tree
    from deeproots.cli.views import exercise_intro, resources_view

    learner = _learner()
    exercise = learner.catalog.get(exercise_id) if exercise_id else learner.next_exercise()
    console = _console()
    if exercise is None:
        console.print("[green]Every exercise passed.[/]")
        return
    learner.opened(exercise)
    console.print(exercise_intro(exercise, str(learner.workspace.file_for(exercise))))
    console.print(resources_view(tree().get(exercise.node), brief=True))
    console.print(verbatim(f"\nstatus: {learner.status(exercise)} · deeproots check {exercise.id} · "
                           f"deeproots hint {exercise.id} · deeproots watch", style="dim"))


@app.command()
def show(exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    """An exercise's statement, file and status."""
    _show(exercise_id)


@app.command("next")
def next_command() -> None:
    """The next exercise to do."""
    _show(None)


@app.command()
def check(exercise_id: Optional[str] = typer.Argument(None, metavar="[ID]"),
          all_: bool = typer.Option(False, "--all", help="Check every exercise.")) -> None:
    """Grade an exercise (default: the next one); exit code 0 only when it passes."""
    learner = _learner()
    from deeproots.grading.host.grader import Grader
    from deeproots.grading.host.pool import WorkerPool

    console = _console()
    if all_:
        from rich.table import Table

        table = Table()
        for column in ("id", "verdict", "checks"):
            table.add_column(column)
        with Grader(WorkerPool(prewarm=True)) as grader:
            verdicts = learner.check_all(grader)
        for exercise, verdict in verdicts:
            if verdict is None:
                table.add_row(exercise.id, "todo (untouched stub)", "-")
            else:
                table.add_row(exercise.id, verdict.status,
                              f"{sum(c.passed for c in verdict.checks)}/{len(verdict.checks)}")
        console.print(table)
        raise typer.Exit(0 if all(verdict is not None and verdict.passed for _, verdict in verdicts) else 1)
    exercise = learner.catalog.get(exercise_id) if exercise_id else learner.next_exercise()
    if exercise is None:
        console.print("[green]Every exercise passed.[/]")
        return
    from deeproots.cli.views import verdict_panel

    verdict = learner.check(exercise, Grader())
    console.print(verdict_panel(exercise, verdict, str(learner.workspace.file_for(exercise))))
    raise typer.Exit(0 if verdict.passed else 1)


@app.command()
def watch(exercise_id: Optional[str] = typer.Argument(None, metavar="ID",
                                                     help="Start at this exercise (default: the next unfinished)."),
          node: Optional[str] = typer.Option(None, "--node", "-n", help="Start at this node's first unfinished "
                                             "exercise and stay in the node until all of it has passed."),
          poll: bool = typer.Option(False, "--poll", help="Poll for changes (network drives, WSL).")) -> None:
    """Check an exercise on every save of its file, move on when it passes; keys: n next, h hint, l list,
    r rerun, q quit."""
    from deeproots.app.watch import run_watch

    run_watch(_learner(), _console(), poll=poll, start=exercise_id, node=node)


@app.command()
def hint(exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    """Show one more hint for an exercise (they get more explicit)."""
    learner = _learner()
    exercise = learner.catalog.get(exercise_id)
    shown, hints = learner.next_hint(exercise)
    from deeproots.cli.views import hints_text

    console = _console()
    console.print(hints_text(shown, hints))
    if shown == len(hints):
        console.print("[dim]That was the last hint; `deeproots solution ID` works once it passes.[/]")


@app.command()
def solution(exercise_id: str = typer.Argument(..., metavar="ID"),
             reveal: bool = typer.Option(False, "--reveal", help="Show it before you have passed."),
             yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation.")) -> None:
    """The reference solution: after you passed, or with --reveal."""
    learner = _learner()
    exercise = learner.catalog.get(exercise_id)
    if reveal and not yes and learner.status(exercise) != "done":
        if not typer.confirm(f"Reveal the solution of '{exercise.id}' before solving it?", default=False):
            _console().print("Cancelled.")
            raise typer.Exit(1)  # nothing was shown: a script must not go on as if it had been
    from rich.syntax import Syntax

    _console().print(Syntax(learner.solution(exercise, reveal=reveal), "python", line_numbers=False))


@app.command()
def reset(exercise_id: str = typer.Argument(..., metavar="ID"),
          yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation.")) -> None:
    """Put the stub back (your file is backed up first)."""
    learner = _learner()
    exercise = learner.catalog.get(exercise_id)
    if not yes and not typer.confirm(f"Replace your file for '{exercise.id}' with the stub?", default=False):
        _console().print("Cancelled.")
        raise typer.Exit(1)  # nothing was reset
    backup = learner.reset(exercise)
    _console().print(verbatim(f"reset {learner.workspace.file_for(exercise)}"
                              + (f"; your file is in {backup}" if backup else "")))


@app.command()
def plan(hours_per_week: Optional[float] = typer.Option(None, "--hours-per-week",
                                                        help="Study hours per week (remembered)."),
         months: Optional[float] = typer.Option(None, "--months", "-m", help="A deadline to check against.")) -> None:
    """A week-by-week schedule over the tree and a finish date from your actual pace."""
    from deeproots.app.planner import make_plan
    from deeproots.content.tree import tree
    from deeproots.cli.views import plan_view

    learner = _learner()
    hours = hours_per_week if hours_per_week is not None else learner.hours_per_week()
    result = make_plan(tree(), learner.summary(), hours, months)
    if hours_per_week is not None:
        learner.set_hours_per_week(hours_per_week)
    _console().print(plan_view(result, tree(), months))


@app.command()
def read(node_id: Optional[str] = typer.Argument(None, metavar="[NODE]",
                                                 help="A node of the tree (default: the next exercise's).")) -> None:
    """Where to learn a node: lectures, chapters and URLs from the curated path."""
    from deeproots.content.tree import tree
    from deeproots.cli.views import resources_view

    if node_id is None:
        upcoming = _learner().next_exercise()
        if upcoming is None:
            raise DeeprootsError(f"every exercise passed; name a node: {', '.join(node.id for node in tree())}")
        node_id = upcoming.node
    _console().print(resources_view(tree().get(node_id)))


@app.command()
def export(what: str = typer.Argument(..., metavar="FILE.json | anki"),
           target: Optional[Path] = typer.Argument(None, metavar="[FILE.apkg]")) -> None:
    """Export progress as JSON (export FILE.json), or the concept questions as an Anki deck
    (export anki FILE.apkg)."""
    if what == "anki":
        from deeproots.content.tree import tree
        from deeproots.quiz.anki import export_apkg
        from deeproots.content.questions import load_questions

        if target is None:
            raise DeeprootsError("give the deck's file name: deeproots export anki deeproots.apkg")
        counts = export_apkg(load_questions(), {node.id: node.stage for node in tree()}, target)
        _console().print(verbatim(f"{sum(counts.values())} notes in {len(counts)} decks written to {target} "
                                  f"({', '.join(f'{deck}: {n}' for deck, n in counts.items())}); import it in Anki"))
        return
    from deeproots.app.progress import write_json_atomically

    destination = Path(what)
    if target is not None or destination.suffix != ".json":
        raise DeeprootsError(f"{what}: give a .json file name (deeproots export progress.json) "
                             "or `anki FILE.apkg` (deeproots export anki deck.apkg)")
    write_json_atomically(destination, _learner().export())
    _console().print(verbatim(f"progress written to {destination}"))


@app.command()
def doctor() -> None:
    """Check the workspace and recover a damaged progress database."""
    from deeproots.app.doctor import run_doctor

    console = _console()
    for line in run_doctor(_state.get("workspace")):
        console.print(verbatim(line))


@dev_app.command("check")
def dev_check(exercise: Optional[list[str]] = typer.Option(None, "--exercise", "-e",
                                                          help="Only these exercise ids."),
              stage: Optional[str] = typer.Option(None, "--stage", help="Only roots, trunk or branches.")) -> None:
    """Prove every stub fails, every solution passes and every mutant is caught."""
    from deeproots.content.catalog import STAGES, catalog
    from deeproots.app.devcheck import check_all

    if stage is not None:
        if stage not in STAGES:
            raise DeeprootsError(f"--stage must be one of {', '.join(STAGES)} (got {stage!r})")
        exercise = [*(exercise or []), *(e.id for e in catalog() if e.stage == stage)]

    console = _console()

    def line(report) -> None:
        mutants = [verdict for _, verdict in report.mutants]
        caught = sum(1 for verdict in mutants if verdict is not None and not verdict.passed)
        mark = ("ok", "green") if report.ok else ("FAIL", "red")
        console.print(Text.assemble(mark, f" {report.exercise.id}: stub {report.stub.status}, solution "
                                    f"{report.solution.status}, mutants caught {caught}/{len(mutants)}"))
        for problem in report.problems:
            console.print(verbatim(f"    {problem}", style="red"))

    problems, reports = check_all(exercise, on_report=line)
    if not exercise:  # the whole content: the concept questions too
        from deeproots.content.questions import load_questions
        from deeproots.quiz.answers import self_check

        questions = load_questions()
        question_problems = self_check(questions)
        problems += question_problems
        console.print(f"{'[green]ok[/]' if not question_problems else '[red]FAIL[/]'} {len(questions)} concept "
                      "questions: every reference answer right, every wrong answer wrong")
    for problem in problems:
        console.print(verbatim(problem, style="red"))
    bad = len(problems) + sum(not report.ok for report in reports)
    console.print(f"{len(reports)} exercises checked, {bad} problem(s)")
    raise typer.Exit(1 if bad else 0)


_register_tracks()


def main() -> None:
    try:
        app()
    except DeeprootsError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("interrupted; everything recorded so far is saved", file=sys.stderr)
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - never a traceback for the learner
        if os.environ.get("DEEPROOTS_DEBUG"):
            raise
        print(f"internal error: {type(error).__name__}: {error} (DEEPROOTS_DEBUG=1 shows the traceback)",
              file=sys.stderr)
        sys.exit(1)
