"""The grader's own files as one unit: every file of the installed ``deeproots`` package.

Learner code runs as the same user, so it can write anywhere the grader can: rewrite a
check file, append to a module the worker imports, drop a ``.pyc`` into ``__pycache__``
that shadows a module next time, or delete a file. :class:`PackageGuard` keeps the bytes
of the whole package directory in memory (read once per guard), compares a cheap stat
snapshot taken before and after each run, and puts back what changed: modified and
deleted files are rewritten, added files removed. Only entries whose stat changed are
read again, so a check costs one directory walk (a few ms), not re-reading megabytes.

Changes made *between* runs (a maintainer editing a check file while watch mode runs)
are accepted by :meth:`PackageGuard.accept_changes`, which the grader calls before each
run: a run never reverts an edit that it did not cause.

Bytecode: the grader process must not write ``.pyc`` files into the package during a run,
or its own writes would look like tampering. Workers run with PYTHONDONTWRITEBYTECODE=1
and :func:`stop_writing_bytecode` turns it off in the grader process too (reading
existing ``.pyc`` files still works, so imports stay fast).
"""
from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2]

# What changes when a file's bytes could have changed. ctime cannot be set back by an
# unprivileged process (os.utime sets it to now), so a write that restores size and mtime
# is still seen; the inode catches a file replaced by rename.
StatKey = tuple[int, int, int, int, int]


def stop_writing_bytecode() -> None:
    """The grader process imports check modules (and lazily, deeproots modules) during a
    run; with bytecode writing off, every byte in the package is the maintainer's."""
    sys.dont_write_bytecode = True


def _stat_key(entry: os.DirEntry) -> StatKey:
    info = entry.stat(follow_symlinks=False)
    return (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def scan(root: Path) -> dict[str, StatKey]:
    """Every file, directory and link under ``root``: relative path -> stat key."""
    found: dict[str, StatKey] = {}
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            entries = list(os.scandir(root / relative if relative else root))
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        for entry in entries:
            path = f"{relative}/{entry.name}" if relative else entry.name
            try:
                key = _stat_key(entry)
            except FileNotFoundError:
                continue
            found[path] = key
            if stat.S_ISDIR(key[0]):
                pending.append(path)
    return found


class PackageGuard:
    """Keeps the package's bytes and puts them back after a run that changed them."""

    def __init__(self, root: Path = PACKAGE_ROOT):
        self.root = root
        self.stats: dict[str, StatKey] = {}
        self.contents: dict[str, bytes] = {}
        self.accept_changes()

    def accept_changes(self) -> None:
        """Take whatever changed since the last run as the new truth (call before a run)."""
        now = scan(self.root)
        for path, key in now.items():
            if self.stats.get(path) != key:
                self._remember(path, key)
        for path in self.stats.keys() - now.keys():
            self.contents.pop(path, None)
        self.stats = now

    def _remember(self, path: str, key: StatKey) -> None:
        self.contents.pop(path, None)
        if stat.S_ISREG(key[0]):
            try:
                self.contents[path] = (self.root / path).read_bytes()
            except OSError:
                pass  # gone or unreadable since the scan: nothing to restore it to

    def restore(self) -> list[str]:
        """Undo every change since :meth:`accept_changes`; the changed paths, sorted."""
        now = scan(self.root)
        changed = sorted(path for path in now.keys() | self.stats.keys() if now.get(path) != self.stats.get(path))
        tampered = []
        # Directories first (a learner may have made one read-only), then added entries,
        # deepest first so that an added directory is empty when removed, then files.
        in_both = [p for p in changed if p in self.stats]
        steps = [(self._put_back_directory, p) for p in in_both if stat.S_ISDIR(self.stats[p][0])]
        steps += [(self._remove_added, p) for p in sorted((p for p in changed if p not in self.stats),
                                                          key=lambda p: -p.count("/"))]
        steps += [(self._put_back_file, p) for p in in_both if not stat.S_ISDIR(self.stats[p][0])]
        for step, path in steps:
            try:
                if step(path, now.get(path)):
                    tampered.append(path)
            except OSError as error:  # still tampering: say so, and let the next run try again
                tampered.append(f"{path} (could not restore: {error.strerror})")
        if tampered:
            self.stats = scan(self.root)  # restored files have new stat keys
        else:
            self.stats = now  # e.g. a touched file with the same bytes: nothing to undo
        return sorted(tampered)

    def _remove_added(self, path: str, key: StatKey | None) -> bool:
        self._remove(path)
        return True

    def _remove(self, path: str) -> None:
        target = self.root / path
        try:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink()
        except FileNotFoundError:
            pass

    def _put_back_directory(self, path: str, key: StatKey | None) -> bool:
        target, mode = self.root / path, self.stats[path][0]
        if key is not None and stat.S_ISDIR(key[0]):
            if stat.S_IMODE(key[0]) == stat.S_IMODE(mode):
                return False  # a file inside changed: reported on its own
        elif key is not None:
            self._remove(path)  # a file or a link in its place
        target.mkdir(parents=True, exist_ok=True)
        os.chmod(target, stat.S_IMODE(mode))
        return True

    def _put_back_file(self, path: str, key: StatKey | None) -> bool:
        """Restore one changed file; False when its bytes turn out unchanged."""
        target, mode = self.root / path, self.stats[path][0]
        original = self.contents.get(path)
        if original is None:
            return False  # a file we could not read before the run: nothing to restore
        if key is not None and key[0] == mode:
            try:
                if target.read_bytes() == original:
                    return False  # touched, same bytes
            except OSError:
                pass
        if key is not None:
            self._remove(path)  # a link or a directory in its place, or other permissions
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(original)
        os.chmod(target, stat.S_IMODE(mode))
        return True
