"""The command line: the Typer app, every command group registered one way, and ``main``.

Each group module exposes a ``typer.Typer``; groups without a name (the core commands, the
quiz) add their commands at the top level. Commands parse, call deeproots.app or a track,
and print with deeproots.cli.views; importing this package imports neither NumPy nor torch
(the commands import what they need when they run)."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from deeproots.cli.dev import dev_app
from deeproots.cli.lab import lab_app
from deeproots.cli.learn import learn_app, show_path
from deeproots.cli.notebook import notebook_app
from deeproots.cli.options import HELP_OPTIONS, WORKSPACE_OPTION, set_workspace
from deeproots.cli.portfolio import portfolio_app
from deeproots.cli.project import project_app
from deeproots.cli.quiz import quiz_app
from deeproots.cli.research import research_app
from deeproots.cli.rl import rl_app
from deeproots.cli.serve import serve_app
from deeproots.errors import DeeprootsError

app = typer.Typer(add_completion=False, no_args_is_help=False, pretty_exceptions_enable=False,
                  context_settings=HELP_OPTIONS, help="deeproots: learn modern machine learning by doing.")

# (group, name): in this order in `deeproots --help`; None adds the group's commands at the top level.
GROUPS = ((learn_app, None), (quiz_app, None), (dev_app, "dev"), (lab_app, "lab"), (rl_app, "rl"),
          (research_app, "research"), (project_app, "project"), (serve_app, None),
          (notebook_app, None), (portfolio_app, "portfolio"))
for group, name in GROUPS:
    app.add_typer(group, name=name)


@app.callback(invoke_without_command=True)
def main_callback(ctx: typer.Context, workspace: Optional[Path] = WORKSPACE_OPTION) -> None:
    """With no command: create ./workspace if there is none and show the tree of knowledge."""
    set_workspace(workspace)
    if ctx.invoked_subcommand is None:
        show_path(create=True)


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
