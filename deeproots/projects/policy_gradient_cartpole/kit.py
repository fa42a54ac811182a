"""policy-gradient-cartpole's kit: CartPole-v1 environments that count their steps (``ctx.make_env``).

The learner's file may not import ``gymnasium`` or ``deeproots.rl`` itself: the kit is the one
source of CartPole, and every environment step it takes counts against the budget
(``ctx.count``), so "solved within N steps" is true of every agent that reaches a tier.
"""
from __future__ import annotations

import numpy as np

from deeproots.rl.deep.common import make_vector_env

ENV_ID = "CartPole-v1"
OBS_DIM, N_ACTIONS = 4, 2


class CountingEnvs:
    """``n_envs`` copies of CartPole-v1 stepped together (Gymnasium's vector API).

    ``reset() -> (observations (n, 4) float32, info)``; ``step(actions (n,) int) ->
    (observations, rewards, terminated, truncated, info)``. A copy whose episode ends restarts in
    the same step: its returned observation is the next episode's first, and the true last one is
    in ``info["final_obs"][i]`` where ``info["_final_obs"][i]`` is True. Episodes stop at 500
    steps (``truncated``). Each ``step`` counts ``n_envs`` steps of the budget."""

    def __init__(self, ctx, n_envs: int, seed: int) -> None:
        self._ctx, self.num_envs, self._seed = ctx, n_envs, seed
        self._envs, _ = make_vector_env(ENV_ID, n_envs, seed)
        self.obs_dim, self.n_actions = OBS_DIM, N_ACTIONS

    def reset(self, seed: int | None = None) -> tuple[np.ndarray, dict]:
        seed = self._seed if seed is None else int(seed)
        observations, info = self._envs.reset(seed=[seed + i for i in range(self.num_envs)])
        return observations.astype(np.float32), info

    def step(self, actions) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict]:
        actions = np.asarray(actions).astype(np.int64).reshape(-1)
        if actions.shape != (self.num_envs,) or not np.all((actions == 0) | (actions == 1)):
            raise ValueError(f"actions must be {self.num_envs} integers, each 0 (push left) or 1 (push right)")
        self._ctx.count(self.num_envs)  # the budget is in environment steps: past it, BudgetExhausted
        observations, rewards, terminated, truncated, info = self._envs.step(actions)
        return observations.astype(np.float32), rewards, terminated, truncated, info

    def close(self) -> None:
        self._envs.close()


def make_env(ctx, n_envs: int = 1, seed: int | None = None) -> CountingEnvs:
    """``n_envs`` CartPole-v1 copies, already reset (call ``reset()`` for the first observations).
    Each call seeds its own copies (from ``ctx.seed`` and a counter) unless ``seed`` is given."""
    if not 1 <= int(n_envs) <= 256:
        raise ValueError(f"n_envs must be between 1 and 256 (got {n_envs})")
    if seed is None:
        made = getattr(ctx, "_cartpole_envs", 0)
        ctx._cartpole_envs = made + 1
        seed = (int(ctx.seed) * 1009 + made * 100_003) % 2**31
    return CountingEnvs(ctx, int(n_envs), seed)
