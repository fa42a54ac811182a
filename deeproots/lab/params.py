"""Validation of an experiment's ``Params``: one way, one-line errors that name the parameter.

Every experiment's ``Params.__post_init__`` calls these helpers, so a bad value (from ``--set`` or
a resumed params.json) fails when the parameters are made, before any run folder exists. Each
error reads ``<experiment>: <name> must be <what is allowed> (got <value>)``; the experiment is the
``EXPERIMENT`` class attribute of the Params (a ``ClassVar``, so not a parameter).
"""
from __future__ import annotations

from typing import Any, Iterable

import numpy as np

from deeproots.errors import DeeprootsError


def is_integer(value: Any) -> bool:
    """An int or a NumPy integer, never a bool."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """An int, a float or a NumPy number, never a bool."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def invalid(params: Any, name: str, allowed: str) -> DeeprootsError:
    """``<experiment>: <name> must be <allowed> (got <value>)``."""
    return DeeprootsError(f"{type(params).EXPERIMENT}: {name} must be {allowed} (got {getattr(params, name)!r})")


def fail(params: Any, message: str) -> DeeprootsError:
    """``<experiment>: <message>``, for a rule that ties several parameters together."""
    return DeeprootsError(f"{type(params).EXPERIMENT}: {message}")


def require(params: Any, ok: bool, name: str, allowed: str) -> None:
    """Raise ``invalid(params, name, allowed)`` unless ``ok``."""
    if not ok:
        raise invalid(params, name, allowed)


def check_integer(params: Any, name: str, low: int | None = None, high: int | None = None,
                  allowed: str | None = None) -> int:
    """The field must be an integer in [low, high] (either end may be open-ended: None); returns it.
    ``allowed`` replaces the generated wording ("an integer in [1, 8]", "an integer >= 0", "an integer")."""
    value = getattr(params, name)
    ok = is_integer(value) and (low is None or value >= low) and (high is None or value <= high)
    if allowed is None:
        allowed = ("an integer" if low is None and high is None else f"an integer >= {low}" if high is None
                   else f"an integer <= {high}" if low is None else f"an integer in [{low}, {high}]")
    require(params, ok, name, allowed)
    return value


def check_number(params: Any, name: str, low: float, high: float | None = None,
                 low_open: bool = True, high_open: bool = True) -> float:
    """The field must be a number between low and high (open or closed ends; high None: no upper
    bound, worded "a positive number" for (0, ...)); returns it."""
    value = getattr(params, name)
    ok = is_number(value) and (low < value if low_open else low <= value)
    if high is not None:
        ok = ok and (value < high if high_open else value <= high)
        allowed = f"a number in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    elif low == 0 and low_open:
        allowed = "a positive number"
    else:
        allowed = f"a number {'>' if low_open else '>='} {low:g}"
    require(params, ok, name, allowed)
    return value


def check_flag(params: Any, name: str) -> bool:
    """The field must be True or False."""
    value = getattr(params, name)
    require(params, isinstance(value, bool), name, "true or false")
    return value


def check_names(params: Any, name: str, allowed: Iterable[str], required: str | None = None,
                wording: str | None = None) -> tuple[str, ...]:
    """The field must be a tuple of distinct names from ``allowed`` (including ``required``)."""
    allowed = tuple(allowed)
    value = getattr(params, name)
    ok = (isinstance(value, tuple) and len(set(value)) == len(value) and set(value) <= set(allowed)
          and (required is None or required in value))
    require(params, ok, name, wording or f"a tuple of distinct names from {allowed}"
            + (f" including {required!r}" if required is not None else ""))
    return value
