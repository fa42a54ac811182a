"""``--set name=value`` and ``--seeds 0,1,2``: parsed one way for every run command; ``--set`` values are
coerced to a ``Params`` field's type.

``parse_settings(["epochs=3", "lr=1e-3"])`` reads each value as a Python literal where it is one
(``3``, ``0.1``, ``True``, ``(1, 2)``), else keeps the text; ``apply(preset, overrides, what)``
checks the names against the dataclass's fields and turns each value into the type of the preset's
value for that field (bool, int, float, str, tuple), so ``--set total_timesteps=1e5`` is the int
100000 and ``--set double_dqn=false`` the bool False. Every problem is one line naming the allowed
names or the expected type; range checks stay with each ``Params``.
"""
from __future__ import annotations

import ast
import dataclasses
from typing import Any, Iterable

from deeproots.errors import DeeprootsError

# A flag is true or false, nothing else: "yes" or 1 could be a typo for another setting, and the
# lab always refused them (tests/lab: local_model="yes" is an error).
TRUE, FALSE = ("true",), ("false",)
_KINDS = {bool: "true or false", int: "an integer", float: "a number", str: "text", tuple: "comma-separated values"}


def literal(text: str) -> Any:
    """A command-line value: a Python literal where it is one (3, 0.1, True, (1, 2)), else the text."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return text


def parse_settings(settings: Iterable[str] | None, option: str = "--set") -> dict[str, Any]:
    """``["epochs=3"]`` -> ``{"epochs": 3}``; a setting without ``name=`` is a one-line error."""
    overrides: dict[str, Any] = {}
    for setting in settings or []:
        name, equals, value = setting.partition("=")
        name = name.strip()
        if not equals or not name:
            raise DeeprootsError(f"{option} {setting!r}: write name=value, e.g. {option} epochs=3")
        overrides[name] = literal(value)
    return overrides


def coerce(name: str, value: Any, like: Any) -> Any:
    """``value`` as the type of ``like`` (the preset's value of field ``name``); one-line error if it is not one."""
    kind = type(like)
    try:
        if isinstance(like, bool):
            if isinstance(value, str) and value.strip().lower() in TRUE + FALSE:
                return value.strip().lower() in TRUE
            if isinstance(value, bool):
                return value
            raise ValueError
        if isinstance(like, int):
            number = float(value) if not isinstance(value, (bool, int)) else value
            if isinstance(value, bool) or number != int(number):
                raise ValueError
            return int(number)
        if isinstance(like, float):
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if isinstance(like, str):
            return value if isinstance(value, str) else str(value)
        if isinstance(like, tuple):
            items = [literal(part.strip()) for part in value.strip("()[] ").split(",") if part.strip()] \
                if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else [value]
            if like:
                items = [coerce(name, item, like[0]) for item in items]
            return tuple(items)
    except (TypeError, ValueError, OverflowError):
        raise DeeprootsError(f"{name} must be {_KINDS.get(kind, kind.__name__)}, got {value!r}") from None
    return value  # None or another type: the Params' own validation judges it


def apply(preset: Any, overrides: dict[str, Any] | None, what: str) -> Any:
    """``preset`` (a Params dataclass instance) with ``overrides`` coerced and applied.

    ``what`` names the owner in the error for an unknown name ("coordconv", "ppo", "Crafter PPO").
    Validation in the dataclass's ``__post_init__`` runs on the result.
    """
    if not overrides:
        return preset
    names = [field.name for field in dataclasses.fields(preset)]
    unknown = [name for name in overrides if name not in names]
    if unknown:
        raise DeeprootsError(f"unknown hyper-parameter {unknown[0]!r}: {what} has no parameter by that name; "
                             f"allowed: {', '.join(names)}")
    values = {name: coerce(name, value, getattr(preset, name)) for name, value in overrides.items()}
    return dataclasses.replace(preset, **values)


def parse_seeds(text: str | None) -> list[int]:
    """``"0,1,2"`` -> ``[0, 1, 2]``: distinct non-negative integers (``check_seeds``), else one line."""
    try:
        seeds = [int(part) for part in str(text).split(",") if part.strip()]
    except ValueError:
        raise DeeprootsError(f"--seeds takes comma-separated integers, e.g. --seeds 0,1,2 (got {text!r})") from None
    check_seeds(seeds)
    return seeds


def check_seeds(seeds: list[int]) -> None:
    """The seeds of a sweep or a multi-seed group: at least one, non-negative integers, none twice."""
    if not seeds or any(isinstance(seed, bool) or not isinstance(seed, int) or seed < 0 for seed in seeds):
        raise DeeprootsError(f"--seeds must be non-negative integers, e.g. --seeds 0,1,2 (got {seeds!r})")
    if len(set(seeds)) != len(seeds):
        raise DeeprootsError(f"--seeds repeats a seed ({seeds!r}); identical seeds give identical results")
