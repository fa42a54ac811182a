"""The wire between the grader and a worker: every request and reply as a frozen dataclass.

Grader -> worker: :class:`Load` once, then :class:`Call`, :class:`GetAttr` and
:class:`Names` (or :class:`Train` for a project). Worker -> grader: :class:`Value` or
:class:`Error`, each with the forbidden names the learner used so far, and while training
:class:`Progress`. Inside a value, three markers stand for what is not plain
data: :class:`Handle` (an object that stays in the worker), :class:`Tensor` (a PyTorch
tensor as a NumPy array) and :class:`Routine` (an attribute that is a function or class).

Both sides pickle these. The worker trusts the grader; the grader reads a worker's bytes
with the restricted unpickler of ``host/decode.py``, which rebuilds plain data and only the
classes in :data:`REPLY_CLASSES` and :data:`VALUE_CLASSES`, by exact class. A learner can
forge a marker, harmlessly: a forged handle only names an object in the learner's process.
This module is shared by ``host/`` and ``worker/`` and imports neither.
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from typing import Any, Callable

MODULE_HANDLE = 0
"""The handle of the learner's module: the first object a worker holds."""


# Grader -> worker -----------------------------------------------------------------------

@dataclass(frozen=True)
class Load:
    """Apply the limits, arm the traps for ``forbidden``, import the learner's file."""

    path: str
    memory_mb: int
    output_limit_bytes: int
    cpu_seconds: int
    forbidden: tuple[str, ...] = ()


@dataclass(frozen=True)
class Call:
    """Call ``handle`` (or its attribute ``name``) with arguments (Handles for learner objects)."""

    handle: int
    name: str | None
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GetAttr:
    handle: int
    name: str


@dataclass(frozen=True)
class Names:
    """The public names of ``handle`` (for "no function `f` (renamed?)")."""

    handle: int


@dataclass(frozen=True)
class Train:
    """Run the learner's ``train(ctx)`` under a project's budget (after a :class:`Load`).

    ``resume`` is the state of the last checkpoint (plain data, tensors as :class:`Tensor`)
    with the steps and seconds it had used; the worker answers with :class:`Progress`
    messages while training and one :class:`Value` (the final state) or :class:`Error`.
    """

    seconds: float
    steps: int
    threads: int
    device: str
    seed: int
    quick: bool
    kit: str = ""
    resume: Any = None
    resumed_steps: int = 0
    resumed_seconds: float = 0.0


# Worker -> grader -----------------------------------------------------------------------

@dataclass(frozen=True)
class Value:
    """A request succeeded: its value, the input arrays the call modified in place."""

    value: Any = None
    mutated: list[str] = field(default_factory=list)
    forbidden_used: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Error:
    """The learner's code raised (see :class:`deeproots.grading.errors.LearnerError`)."""

    type_name: str
    message: str
    frames: list[tuple[int, str, str]]
    lineage: list[str]
    forbidden_used: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    """Sent by a training worker between requests and replies: where training is, what it
    measured (``metrics``: names to numbers) and, for a checkpoint, the model's ``state``."""

    steps: int
    seconds: float
    metrics: dict = field(default_factory=dict)
    state: Any = None
    has_state: bool = False
    forbidden_used: list[str] = field(default_factory=list)


# Markers inside a value -----------------------------------------------------------------

@dataclass(frozen=True)
class Handle:
    """An object that stays in the worker, named by its id there."""

    id: int
    type_name: str = ""
    is_callable: bool = False


@dataclass(frozen=True, eq=False)  # an array's == is elementwise: compare the fields yourself
class Tensor:
    array: Any
    dtype: str
    requires_grad: bool


@dataclass(frozen=True)
class Routine:
    """The attribute asked for is a function or a class: call it by name."""


REPLY_CLASSES = (Value, Error, Progress)
VALUE_CLASSES = (Handle, Tensor, Routine)


def dumps(message: Any) -> bytes:
    return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)


def rebuild(value: Any, replace: Callable[[Any], Any]) -> Any:
    """Copy nested lists, tuples and dicts, letting ``replace`` substitute any node first
    (it returns NotImplemented to leave a node alone)."""
    replaced = replace(value)
    if replaced is not NotImplemented:
        return replaced
    if type(value) in (list, tuple):
        items = [rebuild(item, replace) for item in value]
        return items if type(value) is list else tuple(items)
    if type(value) is dict:
        return {key: rebuild(item, replace) for key, item in value.items()}
    return value
