"""Ctrl-C during a run, the same for every track: what was kept, the one message, exit status 130.

A run's API raises ``RunInterrupted(folder, command)`` from the KeyboardInterrupt: ``folder`` is
the run folder that can be resumed (None when nothing worth resuming was saved, and the folder
was removed) and ``command`` the command that resumes it. It is a KeyboardInterrupt (code that
stops on Ctrl-C still stops) and a DeeprootsError (its message is the one line to show).
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Iterator

from deeproots.errors import DeeprootsError
from deeproots.runs.folder import removed_if_nothing_done

EXIT_STATUS = 130  # 128 + SIGINT: what a shell reports for a command stopped by Ctrl-C
NOTHING_KEPT = "interrupted before anything was saved; nothing to resume"


class RunInterrupted(DeeprootsError, KeyboardInterrupt):
    """Ctrl-C during a run; ``folder`` is the run folder to resume (None: nothing was kept)."""

    def __init__(self, folder: str | os.PathLike | None, command: str | None = None):
        self.folder = None if folder is None else Path(folder)
        self.command = command if folder is not None else None
        super().__init__(message(self.command))


@contextlib.contextmanager
def interruptible(folder: str | os.PathLike, command: str) -> Iterator[None]:
    """Run a block of work in ``folder``: if it fails before saving any work the folder goes
    (``removed_if_nothing_done``), and Ctrl-C becomes ``RunInterrupted`` naming the folder that
    ``command`` resumes, or none when nothing was kept."""
    try:
        with removed_if_nothing_done(folder):
            yield
    except KeyboardInterrupt as stop:
        raise RunInterrupted(folder if Path(folder).is_dir() else None, command) from stop


def message(command: str | None) -> str:
    """The one line shown after Ctrl-C."""
    return NOTHING_KEPT if command is None else f"interrupted; resume with: {command}"


def message_for(stop: BaseException) -> str:
    """The line for any KeyboardInterrupt: a RunInterrupted says what to resume, a bare one nothing."""
    return message(getattr(stop, "command", None))
