"""Requests to one worker under one deadline, and the proxies a check calls.

The grader's checks call ``ex.f(x)`` on a :class:`Remote`; the call travels to the worker as
a :class:`~deeproots.grading.messages.Call` and only plain data comes back (read by
``host/decode.py``). The transport raises its own exceptions (:mod:`deeproots.grading.errors`);
the grader turns them into verdicts.
"""
from __future__ import annotations

import difflib
import time
from typing import Any

from deeproots.grading import messages
from deeproots.grading.errors import ForbiddenCall, InputMutated, LearnerError, RunAborted
from deeproots.grading.host.decode import read_reply
from deeproots.grading.host.process import WorkerProcess
from deeproots.grading.messages import MODULE_HANDLE, Call, GetAttr, Handle, Names, Routine, Tensor


class MissingName(AttributeError):
    """A check asked the learner's module for a name it does not define (an AttributeError,
    so that ``hasattr(ex, name)`` in a check still works)."""


class Session:
    """Requests to one worker under one deadline; decodes replies into data and proxies."""

    def __init__(self, worker: WorkerProcess, deadline: float, learner_file: str = ""):
        self.worker = worker
        self.deadline = deadline
        self.learner_file = learner_file  # as the worker loads it: its frames carry this name
        self.remotes: dict[int, Remote] = {}

    def request(self, message: Any) -> Any:
        """Send one request, wait for its reply within the deadline, return its decoded value."""
        try:
            self.worker.conn.send_bytes(messages.dumps(message))
        except OSError:
            raise RunAborted(f"your code's process {self.worker.death()}") from None
        remaining = self.deadline - time.monotonic()
        reply = self.next_reply(remaining) if remaining > 0 else None
        if reply is None:
            raise RunAborted(self.worker.timeout_message(self.learner_file))
        if type(reply) is messages.Progress:
            raise RunAborted("your code sent a progress message outside training")
        if reply.forbidden_used:
            raise ForbiddenCall(reply.forbidden_used)
        if type(reply) is messages.Error:
            raise LearnerError(reply.type_name, reply.message, reply.frames, reply.lineage)
        if reply.mutated:
            raise InputMutated(reply.mutated)
        return self.decode(reply.value)

    def next_reply(self, wait: float, max_bytes: int = 1 << 30) -> Any:
        """The worker's next message, read with the safe unpickler, or None when none came
        within ``wait`` seconds; a dead worker or a payload that is not plain data aborts the run."""
        try:
            if not self.worker.conn.poll(wait):
                return None
            data = self.worker.conn.recv_bytes(maxlength=max_bytes)
        except (EOFError, OSError):
            raise RunAborted(f"your code's process {self.worker.death()}") from None
        try:
            return read_reply(data)
        except Exception as error:  # noqa: BLE001 - whatever it was, it was not plain data
            raise RunAborted(f"your code sent back something that is not plain data ({error})") from None

    def decode(self, value: Any) -> Any:
        return messages.rebuild(value, self._decode_marker)

    def _decode_marker(self, value: Any) -> Any:
        if type(value) is Handle:
            return self.remote(value.id, value.type_name, value.is_callable)
        if type(value) is Tensor:
            return _tensor(value.array, value.dtype, value.requires_grad)
        return NotImplemented

    def remote(self, handle: int, type_name: str, is_callable: bool) -> "Remote":
        if handle not in self.remotes:
            self.remotes[handle] = Remote(self, handle, type_name, is_callable)
        return self.remotes[handle]

    def module(self) -> "Remote":
        """The learner's module (after a :class:`~deeproots.grading.messages.Load`)."""
        return self.remote(MODULE_HANDLE, "module", False)

    def call(self, handle: int, name: str | None, args: tuple, kwargs: dict) -> Any:
        return self.request(Call(handle, name, _encode(args), _encode(kwargs)))


def _encode(value: Any) -> Any:
    """Learner objects go back to the worker as their handles."""
    return messages.rebuild(value, lambda node: Handle(object.__getattribute__(node, "_handle"))
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
            value = self._session.request(GetAttr(self._handle, name))
        except LearnerError as error:
            if error.type_name != "AttributeError":
                raise
            if self._handle == MODULE_HANDLE:  # the learner's module: a function not written, or renamed
                raise MissingName(self._missing(name)) from None
            raise AttributeError(error.message) from None  # so that hasattr() works on learner objects
        if type(value) is Routine:
            value = RemoteFunction(self._session, self._handle, name)
            if self._handle == MODULE_HANDLE:  # a module's functions stay put: skip the round trip next time
                object.__setattr__(self, name, value)
        return value

    def _missing(self, name: str) -> str:
        names = self._session.request(Names(self._handle))
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
