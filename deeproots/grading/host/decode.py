"""Reading a worker's replies safely (grader side).

Worker -> grader messages are pickles, read with :class:`SafeUnpickler`, which rebuilds only
plain data (numbers, strings, containers, NumPy arrays and scalars) and the wire's own
dataclasses (:mod:`deeproots.grading.messages`), allow-listed by exact class. A learner
cannot smuggle an object with a custom ``__eq__`` or ``__array_function__`` into the grader:
anything that is not plain data stays in the worker as a handle.
"""
from __future__ import annotations

import io
import pickle
from dataclasses import fields
from typing import Any

from deeproots.grading import messages
from deeproots.grading.messages import REPLY_CLASSES, VALUE_CLASSES

_ALLOWED_GLOBALS = {
    ("builtins", "complex"), ("builtins", "set"), ("builtins", "frozenset"),
    ("builtins", "slice"), ("builtins", "range"), ("builtins", "bytearray"),
    ("numpy", "dtype"), ("numpy", "ndarray"),
    ("numpy._core.numeric", "_frombuffer"), ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"), ("numpy.core.multiarray", "scalar"),
}
_WIRE_CLASSES = {cls.__qualname__: cls for cls in (*REPLY_CLASSES, *VALUE_CLASSES)}
_REPLY_FIELDS = {cls: {f.name for f in fields(cls)} for cls in REPLY_CLASSES}


class UnsafePayload(Exception):
    """The worker sent something that is not plain data, or not a reply."""


class SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == messages.__name__ and name in _WIRE_CLASSES:
            return _WIRE_CLASSES[name]
        if (module, name) in _ALLOWED_GLOBALS or (module == "numpy.dtypes" and name.endswith("DType")):
            return super().find_class(module, name)
        raise UnsafePayload(f"refused to rebuild {module}.{name}")


def safe_loads(data: bytes) -> Any:
    return SafeUnpickler(io.BytesIO(data)).load()


def read_reply(data: bytes) -> messages.Value | messages.Error:
    """A worker's reply: a Value or an Error with all of its fields, or UnsafePayload."""
    reply = safe_loads(data)
    if type(reply) not in _REPLY_FIELDS:
        raise UnsafePayload(f"expected a reply, got {type(reply).__name__}")
    if vars(reply).keys() != _REPLY_FIELDS[type(reply)]:
        raise UnsafePayload(f"a {type(reply).__name__} reply with fields {sorted(vars(reply))}")
    return reply
