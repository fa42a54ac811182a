"""Turning a learner's values into what crosses the wire (worker side).

Plain data (numbers, strings, containers, NumPy arrays of numbers) goes as it is, a
PyTorch tensor as a :class:`~deeproots.grading.messages.Tensor`, and anything else stays in
the worker behind a :class:`~deeproots.grading.messages.Handle`.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from deeproots.grading.messages import Handle, Tensor

PLAIN_SCALARS = (type(None), bool, int, float, complex, str, bytes, np.generic)
MAX_DEPTH = 20


def is_tensor(value: Any) -> bool:
    return type(value).__module__.startswith("torch") and type(value).__name__ in ("Tensor", "Parameter")


def encode_learner_value(value: Any, keep: Callable[[Any], int], depth: int = 0) -> Any:
    """Turn a learner's value into plain data, tensors and handles.

    ``keep(obj)`` stores a non-plain object in the worker and returns its handle id.
    """
    if isinstance(value, PLAIN_SCALARS):
        return value
    if isinstance(value, np.ndarray):
        if value.dtype != object:
            return np.array(value)
    if is_tensor(value):
        tensor = value.detach().cpu()
        return Tensor(tensor.numpy().copy(), str(tensor.dtype), bool(value.requires_grad))
    if depth < MAX_DEPTH and type(value) in (list, tuple):
        items = [encode_learner_value(item, keep, depth + 1) for item in value]
        return items if type(value) is list else tuple(items)
    if depth < MAX_DEPTH and isinstance(value, dict):  # OrderedDict (a state_dict) included
        return {encode_learner_value(k, keep, depth + 1): encode_learner_value(v, keep, depth + 1)
                for k, v in value.items()}
    return Handle(keep(value), type(value).__name__, callable(value))
