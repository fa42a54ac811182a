"""Validation shared by the data set configs: one-line errors naming the field and its range."""
from __future__ import annotations

import numpy as np


def invalid(config: object, name: str, allowed: str) -> ValueError:
    """``Config.name must be <allowed> (got <value>)``."""
    return ValueError(f"{type(config).__name__}.{name} must be {allowed} (got {getattr(config, name)!r})")


def check_number(config: object, name: str, lo: float, hi: float, integer: bool = False, why: str = "") -> None:
    """The field must be a number (an integer if asked; never a bool) in [lo, hi]."""
    value = getattr(config, name)
    kinds = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    if isinstance(value, bool) or not isinstance(value, kinds) or not lo <= value <= hi:
        kind = "an integer" if integer else "a number"
        raise invalid(config, name, f"{kind} in [{lo:g}, {hi:g}]{why}")
