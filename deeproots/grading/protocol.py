"""The wire between the grader and a worker running learner code.

Parent -> worker messages are ordinary pickles (the worker trusts the grader). Worker ->
parent messages are pickles too, but the grader reads them with :class:`SafeUnpickler`,
which rebuilds only plain data (numbers, strings, containers, NumPy arrays and scalars).
A learner cannot smuggle an object with a custom ``__eq__`` or ``__array_function__``
into the grader: anything that is not plain data stays in the worker as a handle.
"""
from __future__ import annotations

import io
import pickle
from typing import Any

import numpy as np

# Tags mark the few non-plain things that cross the wire. A learner can forge them,
# harmlessly: a forged handle only names an object inside the learner's own process.
HANDLE = "\x00deeproots:handle"
CALLABLE = "\x00deeproots:callable"
TENSOR = "\x00deeproots:tensor"

_ALLOWED_GLOBALS = {
    ("builtins", "complex"), ("builtins", "set"), ("builtins", "frozenset"),
    ("builtins", "slice"), ("builtins", "range"), ("builtins", "bytearray"),
    ("numpy", "dtype"), ("numpy", "ndarray"),
    ("numpy._core.numeric", "_frombuffer"), ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"), ("numpy.core.multiarray", "scalar"),
}

PLAIN_SCALARS = (type(None), bool, int, float, complex, str, bytes, np.generic)


class UnsafePayload(Exception):
    """The worker sent something that is not plain data."""


class SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED_GLOBALS or (module == "numpy.dtypes" and name.endswith("DType")):
            return super().find_class(module, name)
        raise UnsafePayload(f"refused to rebuild {module}.{name}")


def safe_loads(data: bytes) -> Any:
    return SafeUnpickler(io.BytesIO(data)).load()


def dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def tagged(value: Any, tag: str) -> bool:
    """Is ``value`` a tagged tuple? (Never compares arrays: they make ``==`` elementwise.)"""
    return type(value) is tuple and len(value) > 0 and type(value[0]) is str and value[0] == tag


def rebuild(value: Any, replace: "callable[[Any], Any]") -> Any:
    """Copy nested lists, tuples and dicts, letting ``replace`` substitute any node first
    (it returns NotImplemented to leave a node alone). Tags are tuples: checked first."""
    replaced = replace(value)
    if replaced is not NotImplemented:
        return replaced
    if type(value) in (list, tuple):
        items = [rebuild(item, replace) for item in value]
        return items if type(value) is list else tuple(items)
    if type(value) is dict:
        return {key: rebuild(item, replace) for key, item in value.items()}
    return value


def is_tensor(value: Any) -> bool:
    return type(value).__module__.startswith("torch") and type(value).__name__ in ("Tensor", "Parameter")


def encode_learner_value(value: Any, keep: "callable[[Any], int]", depth: int = 0) -> Any:
    """Worker side: turn a learner's value into plain data, tensors and handles.

    ``keep(obj)`` stores a non-plain object in the worker and returns its handle id.
    """
    if isinstance(value, PLAIN_SCALARS):
        return value
    if isinstance(value, np.ndarray):
        if value.dtype != object:
            return np.array(value)
    if is_tensor(value):
        tensor = value.detach().cpu()
        return (TENSOR, tensor.numpy().copy(), str(tensor.dtype), bool(value.requires_grad))
    if depth < 20 and type(value) in (list, tuple):
        items = [encode_learner_value(item, keep, depth + 1) for item in value]
        return items if type(value) is list else tuple(items)
    if depth < 20 and isinstance(value, dict):  # OrderedDict (a state_dict) included
        return {encode_learner_value(k, keep, depth + 1): encode_learner_value(v, keep, depth + 1)
                for k, v in value.items()}
    return (HANDLE, keep(value), type(value).__name__, callable(value))
