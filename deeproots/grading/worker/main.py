"""The process that runs learner code: ``python -m deeproots.grading.worker FD KIND TRACE_FD``.

It starts warm (NumPy, and PyTorch for KIND=torch, already imported), then waits for the
grader's :class:`~deeproots.grading.messages.Load`, applies the exercise's limits, imports the
learner's file and answers ``Call``, ``GetAttr`` and ``Names`` requests until the grader
kills it. It is used for one learner file only: state never leaks from one verdict to the
next. The messages are in :mod:`deeproots.grading.messages`; nothing of ``host/`` is imported.
"""
from __future__ import annotations

import ctypes
import faulthandler
import importlib.util
import inspect
import pickle
import resource
import signal
import sys
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from deeproots.grading import messages
from deeproots.grading.messages import (MODULE_HANDLE, Call, Error, GetAttr, Handle, Load, Names, Progress, Routine,
                                        Tensor, Train, Value)
from deeproots.grading.worker.sealed import seal
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
        self.conn = conn
        self.objects: dict[int, Any] = {}
        self.learner_file = ""
        self.traps = Traps([], "")

    def keep(self, obj: Any) -> int:
        self.objects[id(obj)] = obj
        return id(obj)

    def decode(self, value: Any) -> Any:
        """The grader's arguments, with each Handle back to the object it names and each
        Tensor (a checkpoint's, sent back to resume or evaluate) back to a PyTorch tensor."""
        return messages.rebuild(value, self._decode_marker)

    def _decode_marker(self, node: Any) -> Any:
        if type(node) is Handle:
            return self.objects[node.id]
        if type(node) is Tensor:
            try:
                import torch
            except ImportError:
                return node.array
            return torch.from_numpy(node.array)
        return NotImplemented

    def send(self, reply: Value | Error) -> None:
        self.conn.send_bytes(messages.dumps(reply))

    def value_reply(self, value: Any, mutated: list[str] | None = None) -> None:
        self.send(Value(value, mutated or [], sorted(self.traps.used)))

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
        self.send(Error(type(error).__name__, message[:2000], frames[-3:], lineage, sorted(self.traps.used)))

    def load(self, request: Load) -> None:
        _apply_limits(request.memory_mb, request.output_limit_bytes, request.cpu_seconds)
        path, forbidden = request.path, list(request.forbidden)
        self.learner_file = path
        seal(path)
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
        self.objects[MODULE_HANDLE] = module

    def call(self, request: Call) -> tuple[Any, list[str]]:
        import numpy as np

        self.traps.arm(self.objects[MODULE_HANDLE])
        target = self.objects[request.handle]
        function = getattr(target, request.name) if request.name else target
        args, kwargs = self.traps.guard_arguments(self.decode(request.args), self.decode(request.kwargs))
        snapshots = [(label, value, value.copy()) for label, value in
                     [(f"argument {i + 1}", a) for i, a in enumerate(args)] + list(kwargs.items())
                     if isinstance(value, np.ndarray) and value.dtype != object]
        result = function(*args, **kwargs)
        mutated = [label for label, value, before in snapshots
                   if value.shape != before.shape
                   or not np.array_equal(value, before, equal_nan=value.dtype.kind in "fc")]
        return result, mutated

    def train(self, request: Train, encode: Any) -> Any:
        from deeproots.grading.worker.training import run_training

        def send(progress: Progress) -> None:
            self.conn.send_bytes(messages.dumps(
                Progress(progress.steps, progress.seconds, progress.metrics, progress.state,
                         progress.has_state, sorted(self.traps.used))))

        state, _ = run_training(self.objects[MODULE_HANDLE], request, send, encode, self.decode)
        return state

    def get_attribute(self, request: GetAttr) -> Any:
        if request.name.startswith("__"):
            raise AttributeError(f"checks may not read {request.name}")
        return getattr(self.objects[request.handle], request.name)

    def names(self, request: Names) -> list[str]:
        names = [name for name in dir(self.objects[request.handle]) if not name.startswith("__")]
        return [str(name)[:200] for name in names[:2000]]

    def serve(self) -> None:
        from deeproots.grading.worker.encode import encode_learner_value  # NumPy: after main's set-up

        while True:
            try:
                request = pickle.loads(self.conn.recv_bytes())
            except EOFError:
                return
            try:
                if type(request) is Load:
                    self.load(request)
                    self.value_reply(None)
                elif type(request) is Call:
                    result, mutated = self.call(request)
                    self.value_reply(encode_learner_value(result, self.keep), mutated)
                elif type(request) is GetAttr:
                    value = self.get_attribute(request)
                    is_function = inspect.isroutine(value) or isinstance(value, type)
                    self.value_reply(Routine() if is_function else encode_learner_value(value, self.keep))
                elif type(request) is Names:
                    self.value_reply(self.names(request))
                elif type(request) is Train:
                    encode = lambda value: encode_learner_value(value, self.keep)  # noqa: E731
                    self.value_reply(encode(self.train(request, encode)))
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

