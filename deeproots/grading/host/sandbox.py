"""Learner code behind a process boundary: worker processes, the request channel, proxies.

The grader's checks call ``ex.f(x)`` on a :class:`Remote`; the call travels to a worker
process with a time limit, a memory limit and no stdin, and only plain data comes back.
"""
from __future__ import annotations

import difflib
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
from typing import Any

from deeproots.grading import protocol
from deeproots.grading.checks import CheckFailure

PACKAGE_PARENT = str(Path(__file__).resolve().parents[3])
# Exercises are small: BLAS and OpenMP thread pools only add overhead, and two graders
# side by side on two cores would fight over them. Learner code runs single-threaded.
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
READY_TIMEOUT_S = 120.0  # a cold PyTorch import on a busy laptop; not charged to the learner


class LearnerError(Exception):
    """The learner's code raised: type name, message, the frames in the learner's file and
    the names of the exception's classes (so that a check may accept a subclass)."""

    def __init__(self, type_name: str, message: str, frames: list[tuple[int, str, str]],
                 lineage: list[str] | None = None):
        super().__init__(f"{type_name}: {message}")
        self.type_name, self.message, self.frames = type_name, message, frames
        self.lineage = lineage or [type_name]

    def where(self) -> str:
        if not self.frames:
            return ""
        line, source, function = self.frames[-1]
        return f"line {line}" + (f" in {function}()" if function != "<module>" else "") + (
            f": {source.strip()}" if source.strip() else "")


class RunAborted(Exception):
    """The worker can no longer answer: it timed out, died, or sent something unsafe."""


class MissingName(AttributeError):
    """A check asked the learner's module for a name it does not define (an AttributeError,
    so that ``hasattr(ex, name)`` in a check still works)."""


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


class Session:
    """Requests to one worker under one deadline; decodes replies into data and proxies."""

    def __init__(self, worker: WorkerProcess, deadline: float, learner_file: str = ""):
        self.worker = worker
        self.deadline = deadline
        self.learner_file = learner_file  # as the worker loads it: its frames carry this name
        self.remotes: dict[int, Remote] = {}

    def request(self, *message: Any) -> Any:
        try:
            self.worker.conn.send_bytes(protocol.dumps(message))
        except OSError:
            raise RunAborted(f"your code's process {self.worker.death()}") from None
        remaining = self.deadline - time.monotonic()
        try:
            if remaining <= 0 or not self.worker.conn.poll(remaining):
                raise RunAborted(self.worker.timeout_message(self.learner_file))
            data = self.worker.conn.recv_bytes(maxlength=1 << 30)
        except (EOFError, OSError):
            raise RunAborted(f"your code's process {self.worker.death()}") from None
        try:
            kind, *body, forbidden_used = protocol.safe_loads(data)
        except Exception as error:  # noqa: BLE001 - whatever it was, it was not plain data
            raise RunAborted(f"your code sent back something that is not plain data ({error})") from None
        if forbidden_used:
            raise CheckFailure(f"this exercise asks you not to call {', '.join(map(str, forbidden_used))}; "
                               "the point is to write it yourself")
        if kind == "error":
            raise LearnerError(*body)
        value, mutated = body
        if mutated:
            raise CheckFailure(
                f"your function modified its input in place ({', '.join(map(str, mutated))}); "
                "work on a copy (x = x.copy()) or build a new array")
        return self.decode(value)

    def decode(self, value: Any) -> Any:
        return protocol.rebuild(value, self._decode_tag)

    def _decode_tag(self, value: Any) -> Any:
        if protocol.tagged(value, protocol.HANDLE):
            handle, type_name, is_callable = value[1:]
            if handle not in self.remotes:
                self.remotes[handle] = Remote(self, handle, type_name, is_callable)
            return self.remotes[handle]
        if protocol.tagged(value, protocol.TENSOR):
            return _tensor(*value[1:])
        return NotImplemented

    def call(self, handle: int, name: str | None, args: tuple, kwargs: dict) -> Any:
        return self.request("call", handle, name, _encode(args), _encode(kwargs))


def _encode(value: Any) -> Any:
    """Learner objects go back to the worker as their handles."""
    return protocol.rebuild(value, lambda node: (protocol.HANDLE, object.__getattribute__(node, "_handle"))
                            if isinstance(node, Remote) else NotImplemented)


def _tensor(array: Any, dtype: str, requires_grad: bool) -> Any:
    try:
        import torch
    except ImportError:
        return array
    tensor = torch.from_numpy(array)
    return tensor.requires_grad_(requires_grad) if tensor.is_floating_point() else tensor


class Remote:
    """An object that lives in the learner's process: the module, an estimator, ..."""

    def __init__(self, session: Session, handle: int, type_name: str, is_callable: bool):
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_type_name", type_name)
        object.__setattr__(self, "_is_callable", is_callable)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            value = self._session.request("getattr", self._handle, name)
        except LearnerError as error:
            if error.type_name != "AttributeError":
                raise
            if self._handle == 0:  # the learner's module: a function not written, or renamed
                raise MissingName(self._missing(name)) from None
            raise AttributeError(error.message) from None  # so that hasattr() works on learner objects
        if protocol.tagged(value, protocol.CALLABLE):
            value = RemoteFunction(self._session, self._handle, name)
            if self._handle == 0:  # a module's functions stay put: skip the round trip next time
                object.__setattr__(self, name, value)
        return value

    def _missing(self, name: str) -> str:
        names = self._session.request("names", self._handle)
        names = [n for n in names if type(n) is str] if type(names) is list else []
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
        # difflib misses a longer or shorter name (dot_product for dot): containment finds it.
        close += [n for n in names if n not in close and len(n) >= 3 and len(name) >= 3
                  and (name.lower() in n.lower() or n.lower() in name.lower())][:3 - len(close)]
        hint = f"; did you mean {' or '.join(f'`{n}`' for n in close)}?" if close else ""
        return f"your file has no function `{name}` (renamed?){hint}"

    def __setattr__(self, name: str, value: Any) -> None:
        # A silent local assignment would shadow the learner's attribute: refuse loudly.
        raise AttributeError(f"checks cannot set {name!r} on a learner object; call a learner function")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self._is_callable:
            raise TypeError(f"'{self._type_name}' object is not callable")
        return self._session.call(self._handle, None, args, kwargs)

    def __repr__(self) -> str:
        return f"<{self._type_name} in your code>"

    def _operator(name: str):  # noqa: N805 - builds methods at class creation
        def method(self, *args: Any) -> Any:
            return self._session.call(self._handle, name, args, {})
        method.__name__ = name
        return method

    # Arithmetic on learner objects (an autodiff Value, say) runs in the learner's process.
    for _name in ("add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv", "pow", "rpow",
                  "matmul", "rmatmul", "neg", "pos", "abs", "lt", "le", "gt", "ge", "len", "getitem"):
        locals()[f"__{_name}__"] = _operator(f"__{_name}__")
    del _name, _operator


class RemoteFunction:
    def __init__(self, session: Session, handle: int, name: str):
        self.session, self.handle, self.name = session, handle, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.session.call(self.handle, self.name, args, kwargs)

    def __repr__(self) -> str:
        return f"<function {self.name} in your code>"


class WorkerPool:
    """Hands out workers; with ``prewarm`` keeps a started spare per kind for instant verdicts."""

    def __init__(self, prewarm: bool = False):
        self.prewarm = prewarm
        self.spares: dict[str, WorkerProcess] = {}

    def take(self, kind: str) -> WorkerProcess:
        spare = self.spares.pop(kind, None)
        if spare is not None and spare.alive():
            return spare
        if spare is not None:
            spare.kill()
        return WorkerProcess(kind)

    def replenish(self, kind: str) -> None:
        if self.prewarm and kind not in self.spares:
            self.spares[kind] = WorkerProcess(kind)

    def close(self) -> None:
        for worker in self.spares.values():
            worker.kill()
        self.spares.clear()
