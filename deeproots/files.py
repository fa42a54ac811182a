"""Atomic file writes: a file is either the old one or the new one, never half written.

Each writer writes to a temporary file in the target's folder (so the rename cannot cross file
systems), flushes it to disk, gives it the usual mode (``0666 & ~umask``; ``mkstemp`` makes
``0600``) and moves it into place with ``os.replace``. On any error, Ctrl-C included, the
temporary file is removed and the old file is left as it was.

The one helper for every layer: the progress export and the workspace (app), the report writer,
run folders (runs), checkpoints (lab, rl). Imports neither NumPy nor torch (``torch_save`` is
handed the object and imports torch only when called).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[str]:
    """A temporary file name in ``path``'s folder (0666 & ~umask), removed unless the caller moved it."""
    # ".<name>.tmp-<random>": hidden, and what `deeproots doctor` sweeps up after a killed process
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.tmp-")
    os.close(descriptor)
    try:
        os.chmod(temporary, 0o666 & ~_UMASK)
        yield temporary
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _place(temporary: str, path: Path, exclusive: bool) -> bool:
    """Move the finished temporary file to ``path``; with ``exclusive`` never replace a file (False then)."""
    if not exclusive:
        os.replace(temporary, path)
        return True
    try:
        os.link(temporary, path)  # fails if path appeared meanwhile, even under a race
    except FileExistsError:
        return False
    return True


def write_with(path: str | os.PathLike, write: Callable[[str], None], exclusive: bool = False) -> bool:
    """Atomically create ``path`` from ``write(temporary_name)``; False only when ``exclusive`` found a file."""
    path = Path(path)
    with _temporary_beside(path) as temporary:
        write(temporary)
        return _place(temporary, path, exclusive)


def write_bytes(path: str | os.PathLike, data: bytes, exclusive: bool = False) -> bool:
    """Write ``data`` to ``path`` atomically (and durably: fsync before the rename)."""
    def write(temporary: str) -> None:
        with os.fdopen(os.open(temporary, os.O_WRONLY), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    return write_with(path, write, exclusive)


def write_text(path: str | os.PathLike, text: str, exclusive: bool = False) -> bool:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    return write_bytes(path, text.encode("utf-8"), exclusive)


def write_json(path: str | os.PathLike, data: Any, *, indent: int | None = 2, **dumps: Any) -> bool:
    """Write ``data`` as JSON (``indent`` 2, a final newline) atomically; ``dumps`` go to ``json.dumps``."""
    return write_text(path, json.dumps(data, indent=indent, **dumps) + "\n")


def copy_file(source: str | os.PathLike, target: str | os.PathLike, exclusive: bool = False) -> bool:
    """Copy ``source`` to ``target`` atomically; with ``exclusive`` an existing ``target`` is kept (False)."""
    return write_with(target, lambda temporary: shutil.copyfile(source, temporary), exclusive)


def torch_save(obj: Any, path: str | os.PathLike) -> Path:
    """``torch.save(obj)`` to ``path`` atomically (a checkpoint); returns the path."""
    import torch

    write_with(path, lambda temporary: torch.save(obj, temporary))
    return Path(path)
