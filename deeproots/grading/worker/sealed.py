"""What a learner's process may not open: the reference solutions (runs in the worker).

An audit hook (PEP 578, which Python code cannot remove) refuses every ``open`` of an
exercise's ``solution.py`` or a project's ``reference.py`` (and their cached bytecode), by
import, by ``open()`` or through a symbolic link, and refuses hard links to them and new
programs (``subprocess``, ``os.system``, ``exec``): a new program would not carry the hook.
The file the grader loads is allowed, so that a maintainer can run a reference as the
learner's file (``dev check``, benchmarks). The hidden test data needs no such guard: it
exists only in the grader's memory, drawn when an evaluation starts.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE = os.path.realpath(Path(__file__).resolve().parents[2])
_EXERCISES = os.path.join(PACKAGE, "exercises") + os.sep
_PROJECTS = os.path.join(PACKAGE, "projects") + os.sep
_NEW_PROGRAMS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.startfile")


class SealedFile(PermissionError):
    """The learner's code tried to read a reference solution."""


def is_sealed(path: str) -> bool:
    """Whether ``path`` (resolved) is a reference solution or its bytecode."""
    name = os.path.basename(path)
    if path.startswith(_EXERCISES):
        return name == "solution.py" or name.startswith("solution.cpython")
    if path.startswith(_PROJECTS):
        return name == "reference.py" or name.startswith("reference.cpython")
    return False


def seal(allowed: str) -> None:
    """Install the hook; ``allowed`` is the learner's file as the grader loads it."""
    allowed = os.path.realpath(allowed)

    def hook(event: str, args: tuple) -> None:
        if event == "open" or event == "os.link":
            target = args[0] if event == "open" else args[0]
            if isinstance(target, int) or target is None:
                return
            try:
                path = os.path.realpath(os.fsdecode(target))
            except (TypeError, ValueError):
                return
            if path != allowed and is_sealed(path):
                raise SealedFile(f"{os.path.relpath(path, PACKAGE)} is a reference solution: "
                                 "write your own (deeproots solution shows an exercise's once you have tried)")
        elif event.startswith(_NEW_PROGRAMS):
            raise PermissionError("your code may not start other programs while it is graded")

    sys.addaudithook(hook)
