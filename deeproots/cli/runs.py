"""What every run command shares (lab, rl, research): Ctrl-C (``--set`` is ``runs.overrides.parse_settings``).

Imports neither NumPy nor a track: the commands import their track inside the function.
"""
from __future__ import annotations

import contextlib
from typing import Iterator

import typer

from deeproots.cli.views import make_console, verbatim


@contextlib.contextmanager
def exit_on_ctrl_c() -> Iterator[None]:
    """Ctrl-C inside: print the one line (the resume command, or that nothing was kept), exit 130."""
    from deeproots.runs.interrupt import EXIT_STATUS, message_for

    try:
        yield
    except KeyboardInterrupt as stop:
        # soft_wrap: a long path must stay one line, or the command cannot be copied
        make_console().print(verbatim(message_for(stop)), soft_wrap=True)
        raise typer.Exit(EXIT_STATUS) from None
