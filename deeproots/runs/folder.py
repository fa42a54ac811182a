"""A run's folder from start to finish: created under a root, ``params.json`` first, ``metrics.json``
last (by the report), found again when unfinished, reopened to resume.

A folder with ``params.json`` (or a sweep's ``sweep.json``) and no ``metrics.json`` is unfinished;
``metrics.json`` is written with the report at the very end, so a finished run is never resumed
and never overwritten.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from deeproots import files
from deeproots.errors import DeeprootsError
from deeproots.report.folder import RunFolder
from deeproots.report.record import METRICS_FILE

PARAMS_FILE = "params.json"
CHECKPOINTS = "checkpoints"
RESUMED_MARKER = "resumed"


def create(root: str | os.PathLike, name: str, track: str | None = None) -> RunFolder:
    """A fresh ``root/name/<timestamp>/`` (``root/track/name/<timestamp>/`` with a ``track``: "rl",
    "research"); a root that cannot be written is one line naming the root and --out."""
    try:
        return RunFolder.create(Path(root) / track if track else root, name)
    except OSError as error:
        raise DeeprootsError(f"cannot write runs under {root} ({error.strerror}); choose another --out") from None


def write_params(folder: str | os.PathLike, record: dict[str, Any], name: str = PARAMS_FILE) -> Path:
    """Write a run's record (what ``--resume`` continues with) into its folder, atomically, first."""
    path = Path(folder) / name
    files.write_json(path, record)
    return path


def is_finished(folder: str | os.PathLike) -> bool:
    return (Path(folder) / METRICS_FILE).exists()


def read_unfinished(folder: str | os.PathLike, record_file: str, name: str, kind: str,
                    track: str = "lab") -> dict[str, Any]:
    """The record (``params.json``, ``sweep.json``) of an unfinished ``kind`` ("run", "sweep") of ``name``
    in ``folder``; a one-line DeeprootsError for anything else."""
    folder = Path(folder)
    record_path = folder / record_file
    example = f"runs/{name}{'-sweep' if kind == 'sweep' else ''}/<timestamp>"
    if not record_path.is_file():
        raise DeeprootsError(f"{folder} is not a {track} {kind} folder (no {record_file}); give the folder of an "
                             f"interrupted {kind}, e.g. {example}")
    if is_finished(folder):
        raise DeeprootsError(f"{folder} is finished (it has {METRICS_FILE}); nothing to resume, and a finished "
                             f"{kind} is never overwritten: start a new {kind} instead")
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DeeprootsError(f"{record_path} is damaged; start a new {kind} instead") from None
    if record.get("experiment") != name:
        raise DeeprootsError(f"{folder} is a {kind} of {record.get('experiment')!r}, not {name!r}")
    return record


def mark_resumed(folder: str | os.PathLike) -> None:
    """Note in the folder that this session continues an interrupted one (the report says so)."""
    checkpoints = Path(folder) / CHECKPOINTS
    checkpoints.mkdir(exist_ok=True)
    (checkpoints / RESUMED_MARKER).touch()


def was_resumed(folder: str | os.PathLike) -> bool:
    return (Path(folder) / CHECKPOINTS / RESUMED_MARKER).exists()


def remove_if_nothing_done(folder: str | os.PathLike, keep: tuple[str, ...] = (PARAMS_FILE,)) -> bool:
    """A run that stopped before saving any work (bad parameters, an early Ctrl-C) leaves no folder:
    remove ``folder`` when it holds nothing but ``keep`` files and empty checkpoints; True if removed."""
    folder = Path(folder)
    if not folder.is_dir():
        return True
    checkpoints = folder / CHECKPOINTS
    work = [p for p in checkpoints.iterdir() if p.name != RESUMED_MARKER] if checkpoints.is_dir() else []
    others = [p for p in folder.iterdir() if p.name not in (*keep, CHECKPOINTS)]
    if not work and not others:
        shutil.rmtree(folder, ignore_errors=True)
        return True
    return False


@contextlib.contextmanager
def removed_if_nothing_done(folder: str | os.PathLike, keep: tuple[str, ...] = (PARAMS_FILE,)):
    """Run a block; if it fails (an error, Ctrl-C) before saving any work, the folder goes too."""
    try:
        yield
    except BaseException:
        remove_if_nothing_done(folder, keep)
        raise


def unfinished(root: str | os.PathLike, folder_pattern: str, record_file: str = PARAMS_FILE) -> list[Path]:
    """Folders matching ``root/folder_pattern`` with ``record_file`` but no metrics.json, newest first."""
    return [path.parent for path in sorted(Path(root).glob(f"{folder_pattern}/{record_file}"), reverse=True)
            if not is_finished(path.parent)]


def resume_command(command: str, folder: str | os.PathLike) -> str:
    """The command that finishes an interrupted run: ``deeproots <command> --resume <folder>``."""
    return f"deeproots {command} --resume {folder}"


def from_json(value: Any) -> Any:
    """A JSON list back into the tuple a Params field holds; other values unchanged."""
    return tuple(value) if isinstance(value, list) else value
