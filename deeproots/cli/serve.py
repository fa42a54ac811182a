"""`deeproots serve` (the local dashboard) and `deeproots portfolio export` (parsing and printing
only; the pages are in deeproots.web)."""
from __future__ import annotations

from pathlib import Path

import typer

from deeproots.cli.options import console, learner
from deeproots.errors import DeeprootsError

serve_app = typer.Typer(add_completion=False)


@serve_app.command()
def serve(port: int = typer.Option(8765, "--port", "-p", help="The port (0: any free one)."),
          host: str = typer.Option("127.0.0.1", "--host", help="The address to bind; keep 127.0.0.1 unless you "
                                                               "know why not (the token is then all that guards it)."),
          runs: Path = typer.Option(Path("runs"), "--runs", help="Where your lab, RL and research runs are kept."),
          open_browser: bool = typer.Option(False, "--open", help="Open the start URL in a browser.")) -> None:
    """The dashboard in your browser: the tree, progress over time, the quiz, every run."""
    from deeproots.web.server import serve as run_server

    if not 0 <= port <= 65535:
        raise DeeprootsError(f"--port {port} is not a port; give one between 1024 and 65535 (or 0 for any free one)")
    run_server(learner(create=True), runs, host, port, open_browser, say=lambda text: console().print(text))
