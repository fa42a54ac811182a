"""The shared shape of a tabular environment: an explicit model for dynamic programming and a
Gymnasium-style ``reset``/``step`` for the sampling algorithms.

A finite MDP here is the pair of arrays (Sutton & Barto §3.1, eq. 3.2 summed over rewards):

- ``P[s, a, s']``: the probability of moving to ``s'`` after action ``a`` in ``s``;
- ``R[s, a]``: the expected reward of that step, E[R_{t+1} | S_t = s, A_t = a];

plus ``terminal[s]``: terminal states are absorbing with reward 0, so every backup can be the same
array expression for every state. ``P`` is dense: the environments here have at most a few
hundred states (Jack's car rental: 21 x 21 = 441).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class TabularModel:
    """Explicit dynamics of a finite MDP (see the module docstring)."""

    P: np.ndarray
    """(S, A, S') transition probabilities; each P[s, a] sums to 1."""
    R: np.ndarray
    """(S, A) expected immediate rewards."""
    terminal: np.ndarray
    """(S,) bool; terminal states have P[s, a, s] = 1 and R[s, a] = 0."""

    def __post_init__(self) -> None:
        S, A, S2 = self.P.shape
        if S != S2 or self.R.shape != (S, A) or self.terminal.shape != (S,):
            raise ValueError(f"inconsistent shapes: P {self.P.shape}, R {self.R.shape}, terminal {self.terminal.shape}")
        if not np.allclose(self.P.sum(axis=2), 1.0, atol=1e-9):
            raise ValueError("every P[s, a] must sum to 1")

    @property
    def n_states(self) -> int:
        return self.P.shape[0]

    @property
    def n_actions(self) -> int:
        return self.P.shape[1]


class TabularEnv:
    """Gymnasium-style base: integer states and actions, ``reset(seed=...) -> (state, info)`` and
    ``step(action) -> (state, reward, terminated, truncated, info)``. Subclasses set ``n_states``,
    ``n_actions`` and implement ``_reset()`` and ``_step(action)`` using ``self.np_random``; those
    with known dynamics also implement ``model() -> TabularModel``."""

    n_states: int
    n_actions: int

    def __init__(self) -> None:
        self.np_random = np.random.default_rng()
        self.state: Any = None

    def reset(self, seed: int | None = None, options: dict | None = None) -> tuple[Any, dict]:
        if seed is not None:
            self.np_random = np.random.default_rng(seed)
        self.state = self._reset()
        return self.state, {}

    def step(self, action: int) -> tuple[Any, float, bool, bool, dict]:
        if self.state is None:
            raise RuntimeError("call reset() before step()")
        if not 0 <= int(action) < self.n_actions:
            raise ValueError(f"action must be an integer in 0..{self.n_actions - 1} (got {action!r})")
        self.state, reward, terminated, truncated = self._step(int(action))
        return self.state, float(reward), bool(terminated), bool(truncated), {}

    def _reset(self) -> Any:
        raise NotImplementedError

    def _step(self, action: int) -> tuple[Any, float, bool, bool]:
        raise NotImplementedError

    def model(self) -> TabularModel:
        raise NotImplementedError(f"{type(self).__name__} has no explicit model")
