"""`deeproots lab ...`: the limitations lab's commands (parsing and printing only)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

from deeproots.errors import DeeprootsError
from deeproots.cli.runs import exit_on_ctrl_c
from deeproots.runs.overrides import parse_seeds, parse_settings
from deeproots.cli.views import make_console, verbatim, with_progress

lab_app = typer.Typer(help="The limitations lab: synthetic probes that show where CNNs break.",
                      add_completion=False)


@lab_app.command("run")
def lab_run(experiment: str = typer.Argument(..., metavar="EXPERIMENT"),
            quick: bool = typer.Option(True, "--quick/--full", help="Quick preset (2 CPU cores) or full (GPU)."),
            out: Path = typer.Option(Path("runs"), "--out", help="Where runs/<experiment>/<timestamp>/ go."),
            settings: Optional[list[str]] = typer.Option(None, "--set", help="Override a parameter: name=value."),
            resume: Optional[Path] = typer.Option(None, "--resume",
                                                  help="Finish an interrupted run folder (see `lab list`).")) -> None:
    """Run an experiment; writes report.html and metrics.json and prints the verdict."""
    from deeproots.lab.experiments import experiment_module
    from deeproots.lab.run import run_experiment

    experiment_module(experiment)  # an unknown name fails before anything starts
    overrides = parse_settings(settings)
    with exit_on_ctrl_c():
        outcome, report = with_progress(experiment, lambda progress: run_experiment(
            experiment, quick=quick, root=out, overrides=overrides, progress=progress, resume=resume))
    make_console().print(Text.assemble((str(outcome.verdict), "bold"), f"\nreport: {report}"))


@lab_app.command("sweep")
def lab_sweep(experiment: str = typer.Argument(..., metavar="EXPERIMENT"),
              grid: Optional[list[str]] = typer.Option(None, "--grid", help="A parameter's values: name=v1,v2,..."),
              seeds: str = typer.Option("0,1,2", "--seeds", help="Comma-separated seeds; each cell runs each."),
              quick: bool = typer.Option(True, "--quick/--full", help="Quick preset (2 CPU cores) or full (GPU)."),
              out: Path = typer.Option(Path("runs"), "--out", help="Where runs/<experiment>-sweep/<timestamp>/ go."),
              settings: Optional[list[str]] = typer.Option(None, "--set", help="Fix a parameter: name=value."),
              resume: Optional[Path] = typer.Option(None, "--resume", help="Finish an interrupted sweep folder."),
              backend: str = typer.Option("local", "--backend",
                                          help="local: cells one after another here; ray: one Ray task per cell."),
              address: Optional[str] = typer.Option(None, "--address",
                                                    help="A running Ray cluster (auto, host:port); default: a local one.")
              ) -> None:
    """Run an experiment over a grid of parameters and seeds; reports mean ± std per setting."""
    from deeproots.lab.experiments import experiment_module
    from deeproots.lab.sweep import parse_grid, run_sweep
    from deeproots.runs.backends import check_backend

    experiment_module(experiment)
    check_backend(backend, address)
    if resume is not None and (grid or settings):
        raise DeeprootsError("--resume continues a sweep as it was started; drop --grid and --set")
    seed_list = parse_seeds(seeds)
    parsed, overrides = parse_grid(grid or []), parse_settings(settings)
    with exit_on_ctrl_c():
        summary, report = with_progress(f"{experiment} sweep", lambda progress: run_sweep(
            experiment, parsed, seed_list, quick=quick, root=out, overrides=overrides, progress=progress,
            resume=resume, backend=backend, address=address))
    make_console().print(Text.assemble((str(summary["verdict"]), "bold"), f"\nreport: {report}"))


@lab_app.command("list")
def lab_list(out: Path = typer.Option(Path("runs"), "--out", help="Where runs are kept.")) -> None:
    """The experiments, and the past runs with their verdicts."""
    from rich.table import Table

    from deeproots.lab.datasets import DATASETS
    from deeproots.lab.experiments import EXPERIMENTS
    from deeproots.lab.run import list_runs

    console = make_console()
    console.print(verbatim(f"experiments: {', '.join(EXPERIMENTS)}\ndata sets: {', '.join(DATASETS)}"))
    table = Table(caption=verbatim(f"runs under {out}"))
    for column in ("experiment", "when", "wall", "verdict"):
        table.add_column(column)
    runs = list_runs(out)
    for run in runs:
        wall = f"{run['wall_time_s']:.0f} s" if run["wall_time_s"] is not None else ""
        verdict = ("running" if run.get("running") else "unfinished: resume command below" if run["resume"]
                   else run["verdict"])
        if run.get("cells"):
            verdict = f"{verdict} ({run['cells_done']}/{run['cells']} cells done)" if run.get("running") or run["resume"] \
                else verdict
        table.add_row(*(verbatim(cell) for cell in (run["experiment"], run["timestamp"], wall, verdict)))
    console.print(table)
    # Below the table, one per line: a table cell would fold a long path and break the command.
    for run in runs:
        if run["resume"] and not run.get("running"):
            console.print(verbatim(f"unfinished {run['experiment']} {run['timestamp']}; resume with: {run['resume']}"),
                          soft_wrap=True)


@lab_app.command("show")
def lab_show(dataset: str = typer.Argument(..., metavar="DATASET"),
             out: Optional[Path] = typer.Option(None, "--out", help="PNG file (default: DATASET.png)."),
             n: int = typer.Option(16, "--n", help="How many samples."),
             seed: int = typer.Option(0, "--seed")) -> None:
    """Write a PNG grid of samples of a data set."""
    from deeproots.lab.datasets import samples
    from deeproots.report.png import render_grid

    images, labels = samples(dataset, n, seed)
    png, _ = render_grid(images, labels)
    target = out or Path(f"{dataset}.png")
    try:
        target.write_bytes(png)
    except OSError as error:
        raise DeeprootsError(f"cannot write {target} ({error.strerror}); choose another --out") from None
    make_console().print(verbatim(f"{len(images)} samples of {dataset} written to {target}"))
