"""What every command group shares: the -h help option, the root's --workspace option and
the learner and console it leads to."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from deeproots.errors import DeeprootsError

if TYPE_CHECKING:
    from rich.console import Console

    from deeproots.app.learner import Learner

# -h is help everywhere (subcommands inherit the root context's help option names).
HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
WORKSPACE_OPTION = typer.Option(None, "--workspace", "-w", envvar="DEEPROOTS_WORKSPACE",
                                help="The workspace folder (default: found from here, else ./workspace).")
_state: dict = {}


def set_workspace(workspace: Optional[Path]) -> None:
    """Remember the root's --workspace for the command that runs; a file is one line of error."""
    if workspace is not None and workspace.exists() and not workspace.is_dir():
        raise DeeprootsError(f"--workspace {workspace} is a file, not a folder; give the workspace's folder "
                             "(or leave --workspace and DEEPROOTS_WORKSPACE out to use ./workspace)")
    _state["workspace"] = workspace


def workspace() -> Optional[Path]:
    """The --workspace given (None: found from here, else ./workspace)."""
    return _state.get("workspace")


def learner(create: bool = False) -> Learner:
    from deeproots.app.learner import Learner

    return Learner.open(workspace(), create=create)


def console() -> Console:
    from deeproots.cli.views import make_console

    return make_console()
