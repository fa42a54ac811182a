"""crafter-agent's kit: Crafter games for training (the learner's ``ctx.kit`` / ``ctx.make_env``).

The learner's file may not import ``crafter`` or ``deeproots.rl`` itself: the kit's games are the
one source of experience, and every step of them counts against the budget (``ctx.count``), so
"trained on N environment steps" is true of every agent. The games are deeproots' Crafter
(``deeproots.rl.crafter.env``: Hafner 2021's game with the Gymnasium API, deterministic given
the seed and the actions).
"""
from __future__ import annotations

import numpy as np

from deeproots.rl.crafter.env import ACTIONS, CrafterVecEnv
from deeproots.rl.crafter.score import ACHIEVEMENTS

EPISODE_STEPS = 500
"""Evaluation episodes are cut after this many steps (Crafter's own limit is 10,000): a game of
the kit ends there too, so training sees the same episodes as the evaluation."""
N_ACTIONS = len(ACTIONS)
__all__ = ["ACTIONS", "ACHIEVEMENTS", "EPISODE_STEPS", "N_ACTIONS", "Games", "make_env"]


class Games:
    """``n`` Crafter games stepped in lockstep, reset automatically when one ends.

    ``reset() -> obs`` (n, 64, 64, 3) uint8; ``step(actions) -> (obs, rewards, terminated,
    truncated, episodes)``: ``actions`` one int in 0..16 per game; ``rewards`` Crafter's (+1 per
    achievement unlocked for the first time in the episode, -0.1 per health point lost, +0.1 per
    point regained); ``terminated``: the player died; ``truncated``: the episode reached
    ``EPISODE_STEPS``; a finished game is reset in the same call (its row of ``obs`` is the new
    episode's first frame) and its summary is in ``episodes``: a list of dicts with ``game``,
    ``return``, ``length`` and ``achievements`` (the names unlocked). Every call counts ``n`` steps
    against the budget: past it, ``BudgetExhausted``.
    """

    def __init__(self, ctx, n: int, seed: int):
        self._ctx = ctx
        self._envs = CrafterVecEnv(n, seed=seed, length=EPISODE_STEPS)
        self.n = n
        self.n_actions = N_ACTIONS
        self.actions = ACTIONS
        self._seed = seed

    def reset(self) -> np.ndarray:
        obs, _ = self._envs.reset(seed=self._seed)
        return obs

    def step(self, actions):
        actions = np.asarray(actions)
        wrong = actions.shape != (self.n,) or actions.dtype.kind not in "iu"
        if wrong or actions.min() < 0 or actions.max() >= N_ACTIONS:
            raise ValueError(f"step wants one integer action in 0..{N_ACTIONS - 1} per game, shape ({self.n},) "
                             f"(got {actions.dtype} {actions.shape})")
        self._ctx.count(self.n)  # the budget is in environment steps: past it, BudgetExhausted
        obs, rewards, terminated, truncated, info = self._envs.step(actions)
        episodes = [{"game": e["env"], "return": float(e["return"]), "length": int(e["length"]),
                     "achievements": sorted(e["achievements"])} for e in info["episodes"]]
        return obs, rewards, terminated, truncated, episodes

    def close(self) -> None:
        self._envs.close()


def make_env(ctx, n: int = 8):
    """``n`` training games (1..64) on fresh worlds (from ``ctx.seed`` and a counter of calls)."""
    if not isinstance(n, (int, np.integer)) or not 1 <= n <= 64:
        raise ValueError(f"n must be an integer between 1 and 64 (got {n!r})")
    seed = int(ctx.next_seed().generate_state(1)[0] % (2**31 - 1 - 64))
    return Games(ctx, int(n), seed)
