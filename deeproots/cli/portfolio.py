"""`deeproots portfolio export DIR`: parsing and printing only (the site is deeproots.web.portfolio)."""
from __future__ import annotations

from pathlib import Path

import typer

from deeproots.cli.options import console, learner

portfolio_app = typer.Typer(add_completion=False, no_args_is_help=True,
                            help="A static site of your work: projects, findings, notes, the path completed.")


@portfolio_app.command("export")
def export(folder: Path = typer.Argument(..., help="A new or empty folder (or a previous export, replaced)."),
           private: bool = typer.Option(False, "--private", help="Also the attempts, reviews, workspace paths and "
                                                                 "a copy of the progress database."),
           runs: Path = typer.Option(Path("runs"), "--runs", help="Where your lab, RL and research runs are kept.")
           ) -> None:
    """Write the portfolio into FOLDER: open FOLDER/index.html, or publish the folder as it is."""
    from deeproots.web.portfolio import export_portfolio

    done = export_portfolio(learner(create=False), folder, runs, private=private)
    console().print(f"portfolio written: {done.index} ({done.projects} projects, {done.runs} runs, "
                    f"notes on {done.notes} nodes{'; private data included' if done.private else ''})",
                    soft_wrap=True)
