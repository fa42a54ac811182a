"""`deeproots rl ...`: reinforcement learning commands (parsing and printing only)."""
from __future__ import annotations

from pathlib import Path

import typer

rl_app = typer.Typer(help="Reinforcement learning: Sutton & Barto's classics, deep RL, the Crafter open world.",
                     add_completion=False)


def _console():
    from deeproots.ui import make_console

    return make_console()


def _with_progress(label: str, work):
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=1.0)
        return work(lambda done, message: bar.update(task, completed=done, description=message))


@rl_app.command("classics")
def classics(out: Path = typer.Option(Path("runs"), "--out", help="Where runs/rl/classics/<timestamp>/ goes.")) -> None:
    """Recompute Sutton & Barto's figures (gridworlds, Jack, gambler, blackjack, cliff...) into a report."""
    from deeproots.rl.classics import run_classics

    metrics, report = _with_progress("classics", lambda progress: run_classics(out, progress))
    _console().print(f"[bold]{metrics['verdict']}[/]\nreport: {report}")
