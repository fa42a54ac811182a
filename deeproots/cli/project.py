"""`deeproots project ...`: build your own network, agent or detector; deeproots judges it
(parsing and printing only: the work is in app/projects.py)."""
from __future__ import annotations

import math
import time

import typer
from rich.text import Text

from deeproots.cli.options import console, learner
from deeproots.cli.runs import exit_on_ctrl_c
from deeproots.cli.views import MEDALS as VIEW_MEDALS
from deeproots.cli.views import verbatim

project_app = typer.Typer(help="Projects: your own network, agent or detector, judged on hidden data.",
                          add_completion=False)
MEDALS = {**VIEW_MEDALS, "": "—"}


def _catalog():
    from deeproots.projects.catalog import projects

    return projects()


@project_app.command("list")
def project_list() -> None:
    """Every project, its node, your best score and medal (full-budget runs)."""
    from rich.table import Table

    from deeproots.content.tree import tree

    desk = learner(create=True).projects
    table = Table(title="Projects")
    table.add_column("id", no_wrap=True)  # what `project run` takes: never cut
    for column in ("node", "title", "best", "medal", "runs"):
        table.add_column(column)
    in_tree_order = [project for node in tree().nodes for project in desk.catalog.in_node(node.id)]
    for project in in_tree_order:
        standing = desk.standing(project)
        table.add_row(verbatim(project.id), verbatim(project.node), verbatim(project.title),
                      verbatim(project.format_score(standing.best_score)),
                      MEDALS[standing.best_tier] if project.tiers else "report", str(standing.runs))
    console().print(table)


@project_app.command("show")
def project_show(project_id: str = typer.Argument(..., metavar="ID")) -> None:
    """The statement, the budget, the tiers (and where each threshold comes from), your file."""
    project = _catalog().get(project_id)
    desk = learner(create=True).projects
    path = desk.ensure(project)
    out = console()
    out.print(verbatim(project.statement()))
    budget = project.budget
    steps = f"{budget.steps:,} steps, " if budget.steps else ""
    out.print(Text.assemble(("budget: ", "bold"), verbatim(
        f"{steps}at most {budget.seconds:g} s on {budget.threads} threads (quick: "
        f"{f'{budget.quick_steps:,} steps, ' if budget.quick_steps else ''}{budget.quick_seconds:g} s)"
        + (f"; {budget.gpu_note}" if budget.gpu_note else ""))))
    for tier in project.tiers:
        needs = "beat the baseline on the same hidden data" if tier.beats_baseline else \
            f"{tier.metric} {'≥' if tier.higher_is_better else '≤'} {tier.threshold:g}"
        out.print(Text.assemble((f"{tier.name}: ", "bold"), verbatim(f"{tier.text} ({needs}; source: {tier.source})")))
    out.print(Text.assemble(("your file: ", "bold"), verbatim(str(path))))


@project_app.command("run")
def project_run(project_id: str = typer.Argument(..., metavar="ID"),
                quick: bool = typer.Option(False, "--quick", help="A smoke run on the quick budget (no medal)."),
                resume: bool = typer.Option(False, "--resume", help="Continue the run Ctrl-C stopped."),
                seeds: str = typer.Option(None, "--seeds", help="One evaluation per training seed, e.g. 0,1,2, "
                                          "and the score's mean ± std over them."),
                backend: str = typer.Option("local", "--backend", help="With --seeds: local (one after another) "
                                            "or ray (one task per seed)."),
                address: str = typer.Option(None, "--address", help="With --backend ray: a running Ray cluster "
                                            "(default: start a local one).")) -> None:
    """Train your project.py under the budget in the sandbox, then evaluate it on fresh hidden data."""
    from deeproots.errors import DeeprootsError

    project = _catalog().get(project_id)
    if seeds is None and (backend != "local" or address is not None):
        raise DeeprootsError("--backend and --address run many seeds: add --seeds, e.g. --seeds 0,1,2")
    seed_list = None
    if seeds is not None:
        from deeproots.runs.overrides import parse_seeds

        seed_list = parse_seeds(seeds)
    desk = learner(create=True).projects
    out = console()
    if seed_list is not None:
        _run_seeds(project, desk, seed_list, quick, resume, backend, address)
        return
    out.print(verbatim(f"{project.id}: training {desk.ensure(project)} "
                       f"({'quick budget' if quick else 'full budget'}; Ctrl-C keeps a checkpoint)"))
    with exit_on_ctrl_c():
        result = _with_bar(project, lambda on_progress: desk.run(project, quick=quick, resume=resume,
                                                                 on_progress=on_progress))
    _print_result(result)
    if result.status != "scored" and project.tiers:
        raise typer.Exit(1)


def _run_seeds(project, desk, seeds, quick, resume, backend, address) -> None:
    from rich.progress import Progress

    from deeproots.app.project_seeds import run_seeds

    out = console()
    out.print(verbatim(f"{project.id}: training {desk.ensure(project)} once per seed {','.join(map(str, seeds))} "
                       f"({'quick budget' if quick else 'full budget'}; backend {backend})"))
    with exit_on_ctrl_c(), Progress(transient=True) as bar:
        task = bar.add_task("starting", total=1.0)

        def on_update(statuses: dict) -> None:
            done = sum(1.0 if s.state == "done" else s.fraction for s in statuses.values()) / max(len(statuses), 1)
            bar.update(task, completed=done, description=", ".join(
                f"{name} {s.state}" + (f" {s.fraction:.0%}" if s.state == "running" else "")
                for name, s in statuses.items()))
        group = run_seeds(desk, project, seeds, quick, backend=backend, address=address, resume=resume,
                          on_update=on_update)
    for seed, result in zip(group.summary.get("seeds", seeds), group.runs):
        out.print(verbatim(f"seed {seed}: {result.status}, {project.format_score(result.score)}, "
                           f"{'no medal (quick)' if group.quick else MEDALS.get(result.tier or '', result.tier)} — {result.report}"), soft_wrap=True)
        if result.new_best:
            out.print(Text("a new best score for this project", style="green"))
    out.print(Text(group.verdict, style="bold"))
    out.print(verbatim(f"report: {group.report}"), soft_wrap=True)
    if not any(result.status == "scored" for result in group.runs) and project.tiers:
        raise typer.Exit(1)


def _with_bar(project, work):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("starting the sandbox", total=1.0)

        def on_progress(progress, seconds_budget: float, steps_budget: int | None) -> None:
            done = progress.steps / steps_budget if steps_budget else progress.seconds / seconds_budget \
                if math.isfinite(seconds_budget) else 0.0
            rows = progress.metrics.get("rows", []) if isinstance(progress.metrics, dict) else []
            latest = ", ".join(f"{name} {value:.4g}" for name, value in (rows[-1][2].items() if rows else []))
            steps = f"{progress.steps:,} steps, " if progress.steps else ""
            bar.update(task, completed=min(1.0, done),
                       description=f"training: {steps}{progress.seconds:.0f} s" + (f"; {latest}" if latest else ""))
        began = time.monotonic()
        result = work(on_progress)
        bar.update(task, description=f"done in {time.monotonic() - began:.0f} s")
        return result


def _print_result(result) -> None:
    from deeproots.projects.report import verdict_text

    out = console()
    if result.output.strip():
        out.print(Text("your code printed (last lines):", style="dim"))
        out.print(verbatim("\n".join(result.output.strip().splitlines()[-10:])))
    style = {"gold": "bold yellow", "silver": "bold white", "bronze": "bold red"}.get(result.tier or "", "bold")
    out.print(Text(verdict_text(result.project, result.evaluation, result.results, result.problem, result.quick),
                   style=style))
    if result.evaluation is not None and result.problem:
        out.print(verbatim(f"note: {result.problem}"))
    if result.new_best:
        out.print(Text("a new best score for this project", style="green"))
    out.print(verbatim(f"report: {result.report}"), soft_wrap=True)


@project_app.command("report")
def project_report(project_id: str = typer.Argument(..., metavar="ID")) -> None:
    """Your runs of a project (score, tier, budget) and the path of the latest report."""
    from rich.table import Table

    project = _catalog().get(project_id)
    desk = learner(create=True).projects
    rows = desk.progress.project_runs(project.id)
    out = console()
    if not rows:
        out.print(verbatim(f"no runs of {project.id} yet; run `deeproots project run {project.id}`"))
        return
    table = Table(title=f"{project.title}: your runs")
    for column in ("when", "budget", "score", "tier", "seconds", "note"):
        table.add_column(column)
    for row in rows:
        table.add_row(time.strftime("%Y-%m-%d %H:%M", time.localtime(row["at"])), row["budget"],
                      verbatim(project.format_score(row["score"])), MEDALS.get(row["tier"], row["tier"]),
                      f"{row['seconds']:.0f}", verbatim(row["problem"][:80]))
    out.print(table)
    standing = desk.standing(project)
    out.print(verbatim(f"best (full budget): {project.format_score(standing.best_score)} "
                       f"{MEDALS[standing.best_tier]}\nlatest report: {standing.last_report}"), soft_wrap=True)
