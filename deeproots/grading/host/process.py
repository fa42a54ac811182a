"""One worker process: started warm, given one learner file, killed after its verdict.

It runs ``python -m deeproots.grading.worker`` (by name: nothing of ``worker/`` is imported
here) with a socket pair for messages, stdout and stderr in a file (the learner's output,
limited by RLIMIT_FSIZE), stdin from /dev/null and its own process group, so that a kill
takes whatever it started.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

from deeproots.grading.errors import RunAborted

PACKAGE_PARENT = str(Path(__file__).resolve().parents[3])
# Exercises are small: BLAS and OpenMP thread pools only add overhead, and two graders
# side by side on two cores would fight over them. Learner code runs single-threaded.
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
READY_TIMEOUT_S = 120.0  # a cold PyTorch import on a busy laptop; not charged to the learner


TIMED_OUT = "an infinite loop, or code much slower than needed?"
WHERE_WAIT_S = 0.5  # how long a timed-out worker gets to write where it was


class WorkerProcess:
    """One Python process for one learner file, started warm, killed after its verdict."""

    def __init__(self, kind: str):
        self.kind = kind
        parent_end, child_end = socket.socketpair()
        self.output = tempfile.TemporaryFile()
        # The worker dumps its Python stack here on SIGUSR1 (faulthandler): where a
        # timed-out run was. A file of its own: the learner's output may be at its limit.
        self.trace = tempfile.TemporaryFile()
        # No .pyc writes: every byte in the package is the maintainer's (grading/host/guard.py).
        env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONDONTWRITEBYTECODE="1",
                   PYTHONPATH=os.pathsep.join(filter(None, [PACKAGE_PARENT, os.environ.get("PYTHONPATH")])),
                   **SINGLE_THREADED)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "deeproots.grading.worker", str(child_end.fileno()), kind,
             str(self.trace.fileno())],
            stdin=subprocess.DEVNULL, stdout=self.output, stderr=subprocess.STDOUT,
            pass_fds=(child_end.fileno(), self.trace.fileno()), start_new_session=True, env=env, cwd=tempfile.gettempdir(),
        )
        child_end.close()
        self.conn = Connection(parent_end.detach())
        self.ready = False

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.conn.poll(READY_TIMEOUT_S) or self.conn.recv_bytes() != b"ready":
            raise RunAborted(f"the {self.kind} worker did not start: {self.read_output()[0][-500:]}")
        self.ready = True

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        self.conn.close()
        self.trace.close()

    def where_running(self, learner_file: str) -> tuple[int, str] | None:
        """The innermost frame in ``learner_file`` that the worker is running now: (line,
        function), from the stack that faulthandler dumps on SIGUSR1; None if it cannot tell."""
        try:
            os.kill(self.process.pid, signal.SIGUSR1)
        except (ProcessLookupError, PermissionError):
            return None
        # faulthandler writes non-ASCII characters of a path escaped, as backslashreplace does.
        prefix = f'  File "{learner_file.encode("ascii", "backslashreplace").decode()}", line '
        deadline = time.monotonic() + WHERE_WAIT_S
        while time.monotonic() < deadline:
            time.sleep(0.01)
            self.trace.seek(0)
            for line in self.trace.read(64_000).decode("ascii", "replace").splitlines():
                found = re.fullmatch(r"(\d+) in (.+)", line[len(prefix):]) if line.startswith(prefix) else None
                if found:  # most recent call first: the first one is the innermost
                    return int(found[1]), found[2]
        return None

    def timeout_message(self, learner_file: str) -> str:
        """'timed out in f() at line 12: `while True:` - ...', as precise as the worker lets us."""
        where = self.where_running(learner_file) if learner_file else None
        if where is None:
            return f"timed out: {TIMED_OUT}"
        line, function = where
        try:
            source = Path(learner_file).read_text(encoding="utf-8", errors="replace").splitlines()[line - 1].strip()
        except (OSError, IndexError):
            source = ""
        source = f": `{source[:100]}`" if source else ""
        place = "while loading your file" if function == "<module>" else f"in {function}()"
        return f"timed out {place} at line {line}{source} — {TIMED_OUT}"

    def read_output(self, limit: int = 4000) -> tuple[str, int]:
        """What the learner's code printed (its first ``limit`` characters) and its size."""
        size = os.fstat(self.output.fileno()).st_size
        self.output.seek(0)
        return self.output.read(limit).decode("utf-8", "replace"), size

    def death(self) -> str:
        """Why the process ended, in a learner's words."""
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "stopped answering"
        if code < 0:
            number = -code
            reason = {
                signal.SIGSEGV: "crashed with a segmentation fault",
                signal.SIGBUS: "crashed with a bus error",
                signal.SIGABRT: "aborted",
                signal.SIGKILL: "was killed (out of memory?)",
                signal.SIGXCPU: "used up its CPU-time limit",
                signal.SIGXFSZ: "exceeded the output limit",
            }.get(number, f"was killed by signal {number}")
            return f"{reason} (signal {number})"
        return (f"exited with code {code} before the checks finished: does your code call "
                "sys.exit(), os._exit() or exit()?")
