"""The process that runs learner code: ``python -m deeproots.grading.worker FD KIND TRACE_FD``.

It starts warm (NumPy, and PyTorch for KIND=torch, already imported), then waits for the
grader's ``load`` message, applies the exercise's limits, imports the learner's file and
answers ``call``/``getattr`` requests until the grader kills it. It is used for one
learner file only: state never leaks from one verdict to the next.
"""
from __future__ import annotations

import ctypes
import faulthandler
import importlib.util
import inspect
import resource
import signal
import sys
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from deeproots.grading.worker.traps import Traps


def _die_with_parent() -> None:
    try:  # Linux: SIGKILL us when the grader goes away, even mid infinite loop.
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _apply_limits(memory_mb: int, output_bytes: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    # RLIMIT_DATA, not RLIMIT_AS: it counts what is allocated, not address space merely
    # reserved, which CUDA reserves by the terabyte.
    for limit, value in ((resource.RLIMIT_DATA, memory), (resource.RLIMIT_FSIZE, output_bytes),
                         (resource.RLIMIT_CPU, cpu_seconds)):
        try:
            _, hard = resource.getrlimit(limit)
            resource.setrlimit(limit, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))
        except (ValueError, OSError):
            pass


class Worker:
    def __init__(self, conn: Connection):
        from deeproots.grading import protocol

        self.protocol = protocol
        self.conn = conn
        self.objects: dict[int, Any] = {}
        self.learner_file = ""
        self.traps = Traps([], "")

    def keep(self, obj: Any) -> int:
        self.objects[id(obj)] = obj
        return id(obj)

    def decode(self, value: Any) -> Any:
        return self.protocol.rebuild(value, lambda node: self.objects[node[1]]
                                     if self.protocol.tagged(node, self.protocol.HANDLE) else NotImplemented)

    def reply(self, *message: Any) -> None:
        self.conn.send_bytes(self.protocol.dumps((*message, sorted(self.traps.used))))

    def error_reply(self, error: BaseException) -> None:
        frames = [
            (frame.lineno, frame.line or "", frame.name)
            for frame in traceback.extract_tb(error.__traceback__)
            if frame.filename == self.learner_file
        ]
        if isinstance(error, SyntaxError) and error.filename == self.learner_file:
            frames.append((error.lineno or 0, (error.text or "").strip(), "<module>"))
        message = str(error) if not isinstance(error, SystemExit) else f"exit code {error.code!r}"
        lineage = [cls.__name__ for cls in type(error).__mro__]
        self.reply("error", type(error).__name__, message[:2000], frames[-3:], lineage)

    def load(self, path: str, memory_mb: int, output_bytes: int, cpu_seconds: int,
             forbidden: list[str]) -> None:
        _apply_limits(memory_mb, output_bytes, cpu_seconds)
        self.learner_file = path
        self.traps = Traps(forbidden, path)
        self.traps.arm()
        if forbidden:
            self.traps.hook_imports()
        sys.path.insert(0, str(Path(path).parent))
        spec = importlib.util.spec_from_file_location("learner_exercise", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["learner_exercise"] = module
        spec.loader.exec_module(module)
        self.traps.arm(module)  # modules the learner imported, and names bound from them
        self.objects[0] = module

    def call(self, handle: int, name: str | None, args: tuple, kwargs: dict) -> tuple:
        import numpy as np

        self.traps.arm(self.objects[0])
        target = self.objects[handle]
        function = getattr(target, name) if name else target
        args, kwargs = self.traps.guard_arguments(self.decode(args), self.decode(kwargs))
        snapshots = [(label, value, value.copy()) for label, value in
                     [(f"argument {i + 1}", a) for i, a in enumerate(args)] + list(kwargs.items())
                     if isinstance(value, np.ndarray) and value.dtype != object]
        result = function(*args, **kwargs)
        mutated = [label for label, value, before in snapshots
                   if value.shape != before.shape
                   or not np.array_equal(value, before, equal_nan=value.dtype.kind in "fc")]
        return result, mutated

    def serve(self) -> None:
        encode = self.protocol.encode_learner_value
        while True:
            try:
                message = self.protocol.pickle.loads(self.conn.recv_bytes())
            except EOFError:
                return
            kind, *body = message
            try:
                if kind == "load":
                    self.load(*body)
                    self.reply("ok", None, [])
                elif kind == "call":
                    result, mutated = self.call(*body)
                    self.reply("ok", encode(result, self.keep), mutated)
                elif kind == "getattr":
                    handle, name = body
                    if name.startswith("__"):
                        raise AttributeError(f"checks may not read {name}")
                    value = getattr(self.objects[handle], name)
                    is_function = inspect.isroutine(value) or isinstance(value, type)
                    self.reply("ok", (self.protocol.CALLABLE,) if is_function else encode(value, self.keep), [])
                elif kind == "names":  # for "no function `f` (renamed?)": the names it does have
                    names = [name for name in dir(self.objects[body[0]]) if not name.startswith("__")]
                    self.reply("ok", [str(name)[:200] for name in names[:2000]], [])
            except BaseException as error:  # noqa: BLE001 - every learner failure is reported
                self.error_reply(error)


def main() -> None:
    _die_with_parent()
    fd, kind, trace_fd = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    # On SIGUSR1 (the grader's deadline passed) write every thread's Python stack, from C,
    # even in the middle of a NumPy call: the grader names the learner's line that was running.
    faulthandler.register(signal.SIGUSR1, file=trace_fd, all_threads=True)
    import numpy  # noqa: F401 - warm import: the point of a pre-started worker

    if kind == "torch":
        import torch

        torch.set_num_threads(1)
        # The first optimiser imports torch._dynamo (1-4 s): pay it here, not in the time limit.
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)

    conn = Connection(fd)
    conn.send_bytes(b"ready")
    Worker(conn).serve()

