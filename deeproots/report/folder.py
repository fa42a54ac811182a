"""Run folders: ``<root>/<experiment>/<timestamp>/``, created fresh and never overwritten.

The report writes into one; ``deeproots.runs.folder`` builds a run's life on it (params.json
first, metrics.json last, unfinished runs, resume).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from deeproots.errors import DeeprootsError

TIMESTAMP_FORMAT = "%Y-%m-%d_%H-%M-%S"


class ReportError(DeeprootsError):
    """A report or run folder cannot be made as asked; the message says why."""


class RunExistsError(ReportError, FileExistsError):
    """The run folder asked for exists already; it is never overwritten."""


def _check_component(value: str, what: str) -> str:
    if not isinstance(value, str) or not value or value in (".", "..") or "\0" in value:
        raise ReportError(f"{what} must be a non-empty folder name, got {value!r}")
    if "/" in value or "\\" in value or os.sep in value:
        raise ReportError(f"{what} must be a single folder name without slashes, got {value!r}")
    return value


@dataclass(frozen=True)
class RunFolder:
    """One run's folder, ``<root>/<experiment>/<timestamp>/``."""

    path: Path
    experiment: str
    timestamp: str

    @classmethod
    def create(cls, root: str | os.PathLike, experiment: str, timestamp: str | None = None) -> "RunFolder":
        """Create a fresh run folder; never reuses or overwrites an existing one.

        With ``timestamp=None`` the local time is used (``YYYY-MM-DD_HH-MM-SS``) and a second
        run in the same second gets ``-2``, ``-3``, ... appended. An explicit timestamp whose
        folder exists raises ``RunExistsError``.
        """
        _check_component(experiment, "experiment")
        parent = Path(root) / experiment
        parent.mkdir(parents=True, exist_ok=True)
        if timestamp is not None:
            _check_component(timestamp, "timestamp")
            path = parent / timestamp
            try:
                os.mkdir(path)  # exclusive: fails if it exists, even under a race
            except FileExistsError:
                raise RunExistsError(
                    f"run folder {path} already exists; choose another timestamp or RunFolder.resume it"
                ) from None
            return cls(path, experiment, timestamp)
        base = datetime.now().strftime(TIMESTAMP_FORMAT)
        for attempt in range(1, 10_000):
            name = base if attempt == 1 else f"{base}-{attempt}"
            try:
                os.mkdir(parent / name)
            except FileExistsError:
                continue
            return cls(parent / name, experiment, name)
        raise RunExistsError(f"run folder {parent / base} and 9998 suffixed ones already exist")

    @classmethod
    def resume(cls, path: str | os.PathLike) -> "RunFolder":
        """Reopen an existing run folder (to rewrite its report, add files, ...)."""
        path = Path(path)
        if not path.is_dir():
            raise ReportError(f"no run folder at {path}")
        return cls(path, path.parent.name, path.name)

    def __fspath__(self) -> str:
        return os.fspath(self.path)

    def __truediv__(self, name: str) -> Path:
        return self.path / name
