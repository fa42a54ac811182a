"""A trained model as plain data: checked, saved and read back without unpickling anything.

A project's ``train`` returns (and ``ctx.checkpoint`` sends) a state: nested dicts and lists
of NumPy arrays, PyTorch tensors (on the wire: :class:`~deeproots.grading.messages.Tensor`)
and numbers, like a ``state_dict``. On disk it is one ``.npz`` read with
``allow_pickle=False``: every leaf an array named by its position, and the shape of the
nesting as JSON in a uint8 array. Nothing in it can run code when it is read.
"""
from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np

from deeproots import files
from deeproots.grading.messages import Handle, Tensor

MAX_LEAVES = 100_000
_STRUCTURE = "__structure__"


class BadState(ValueError):
    """The state is not plain data (what to return instead is in the message)."""


def check_state(state: Any, where: str = "the state", depth: int = 0) -> None:
    """Raise :class:`BadState` unless ``state`` is arrays, tensors and numbers in dicts and lists."""
    if depth > 20:
        raise BadState(f"{where} is nested more than 20 deep")
    if type(state) is Handle:
        raise BadState(f"{where} holds a {state.type_name or 'Python'} object; return plain data: a dict of "
                       "arrays or tensors, e.g. model.state_dict() (rebuild the model in load(state))")
    if type(state) is dict:
        for key, value in state.items():
            if type(key) is not str:
                raise BadState(f"{where} has a key {key!r} that is not a string")
            check_state(value, f"{where}[{key!r}]", depth + 1)
    elif type(state) in (list, tuple):
        for i, value in enumerate(state):
            check_state(value, f"{where}[{i}]", depth + 1)
    elif type(state) is np.ndarray:
        if state.dtype.kind not in "biufc":
            raise BadState(f"{where} is an array of {state.dtype}; use numbers")
    elif type(state) is not Tensor and not isinstance(state, (bool, int, float, np.number, np.bool_, type(None), str)):
        raise BadState(f"{where} is a {type(state).__name__}; use arrays, tensors and numbers")


def _flatten(state: Any, leaves: dict[str, np.ndarray]) -> Any:
    """The nesting as JSON, with each array or tensor replaced by the name of its leaf."""
    if type(state) is dict:
        return {"dict": {key: _flatten(value, leaves) for key, value in state.items()}}
    if type(state) in (list, tuple):
        return {type(state).__name__: [_flatten(value, leaves) for value in state]}
    if type(state) is Tensor or type(state) is np.ndarray:
        name = f"leaf{len(leaves)}"
        if len(leaves) >= MAX_LEAVES:
            raise BadState(f"the state has more than {MAX_LEAVES:,} arrays")
        leaves[name] = np.asarray(state.array if type(state) is Tensor else state)
        return {"tensor" if type(state) is Tensor else "array": name,
                **({"dtype": state.dtype} if type(state) is Tensor else {})}
    if isinstance(state, (np.number, np.bool_)):
        state = state.item()
    return {"value": state}


def _unflatten(node: Any, leaves: Any) -> Any:
    (kind, value), *rest = node.items()
    if kind == "dict":
        return {key: _unflatten(item, leaves) for key, item in value.items()}
    if kind in ("list", "tuple"):
        items = [_unflatten(item, leaves) for item in value]
        return items if kind == "list" else tuple(items)
    if kind == "array":
        return leaves[value]
    if kind == "tensor":
        return Tensor(leaves[value], dict(rest).get("dtype", ""), False)
    return value


def save_state(path: Path, state: Any) -> Path:
    check_state(state)
    leaves: dict[str, np.ndarray] = {}
    structure = json.dumps(_flatten(state, leaves)).encode()
    buffer = io.BytesIO()
    np.savez(buffer, **leaves, **{_STRUCTURE: np.frombuffer(structure, dtype=np.uint8)})
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    files.write_bytes(path, buffer.getvalue())
    return path


def load_state(path: Path) -> Any:
    with np.load(path, allow_pickle=False) as archive:
        leaves = {name: archive[name] for name in archive.files}
    structure = json.loads(leaves.pop(_STRUCTURE).tobytes().decode())
    return _unflatten(structure, leaves)
