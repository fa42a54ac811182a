"""`deeproots research ...`: the research track (parsing and printing only)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

research_app = typer.Typer(help="Research: read a paper, reimplement it (EEG anomaly detection).",
                           add_completion=False)
eeg_app = typer.Typer(help="Seizure detection in EEG: Gardner 2006, Hjorth + PyOD, matrix profile, a conv VAE.",
                      add_completion=False)
research_app.add_typer(eeg_app, name="eeg")


@eeg_app.command("run")
def eeg_run(data: Optional[Path] = typer.Option(None, "--data", help="An EDF file (default: the synthetic set, "
                                                                      "then the shipped Siena excerpt)."),
            annotations: Optional[Path] = typer.Option(None, "--annotations",
                                                       help="CHB-MIT summary or Siena seizure list for --data."),
            quick: bool = typer.Option(True, "--quick/--full", help="Quick preset (2 CPU cores) or full."),
            settings: Optional[list[str]] = typer.Option(None, "--set", help="Override a parameter: name=value."),
            out: Path = typer.Option(Path("runs"), "--out", help="Where runs/research/eeg/<timestamp>/ goes.")) -> None:
    """Fit every detector on seizure-free EEG, score the rest, write the report beside the papers' tables."""
    from deeproots.research.eeg.run import run_eeg
    from rich.text import Text

    from deeproots.cli.runs import exit_on_ctrl_c
    from deeproots.runs.overrides import parse_settings
    from deeproots.cli.views import make_console, with_progress

    overrides = parse_settings(settings)
    with exit_on_ctrl_c():  # nothing of an EEG run is resumable: Ctrl-C says so and exits 130
        metrics, report = with_progress("eeg", lambda progress: run_eeg(
            data, root=out, quick=quick, annotations=annotations, progress=progress, overrides=overrides))
    make_console().print(Text.assemble((str(metrics["verdict"]), "bold"), f"\nreport: {report}"))
