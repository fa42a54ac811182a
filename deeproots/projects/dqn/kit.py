"""dqn's kit: CartPole-v1 for the learner's ``train`` (``ctx.make_env``), every step counted.

The learner's file may not import ``gymnasium`` or ``deeproots.rl`` itself: this kit is the one
way to reach the environment, so every environment step counts against the step budget
(``ctx.steps``), and a run past it raises ``BudgetExhausted``.
"""
from __future__ import annotations

import numpy as np

from deeproots.rl.deep.common import EpisodeTracker, final_observations, make_vector_env

ENV_ID = "CartPole-v1"
MAX_ENVS = 64


class Env:
    """``n_envs`` copies of CartPole-v1 stepped together; an ended episode restarts at once.

    ``reset() -> observations`` (n_envs, 4) float32;
    ``step(actions) -> (observations, rewards, terminated, truncated, info)`` where
    ``observations`` are the next ones (already the first of a new episode where one ended),
    ``info["next_obs"]`` the true next observation of every transition (the episode's last one
    where it ended: the one to store in a replay buffer), ``info["episode_returns"]`` the returns
    of the episodes that ended on this step. Each call of ``step`` counts ``n_envs`` steps.
    """

    observation_size = 4
    n_actions = 2

    def __init__(self, ctx, n_envs: int, seed: int):
        if not 1 <= int(n_envs) <= MAX_ENVS:
            raise ValueError(f"n_envs must be between 1 and {MAX_ENVS} (got {n_envs})")
        self.n_envs = int(n_envs)
        self._ctx, self._seed = ctx, seed
        self._envs, self._observations = make_vector_env(ENV_ID, self.n_envs, seed)
        self._tracker = EpisodeTracker(self.n_envs)

    def reset(self) -> np.ndarray:
        """The current observations (fresh episodes the first time)."""
        return self._observations.copy()

    def step(self, actions) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict]:
        actions = np.asarray(actions)
        if actions.shape != (self.n_envs,) or not np.isin(actions, (0, 1)).all():
            raise ValueError(f"actions must be {self.n_envs} integers in {{0, 1}} (got {actions!r})")
        self._ctx.count(self.n_envs)  # past the budget: BudgetExhausted, before the step is taken
        observations, rewards, terminated, truncated, info = self._envs.step(actions.astype(np.int64))
        ended = np.logical_or(terminated, truncated)
        next_obs = final_observations(observations, ended, info)
        finished = self._tracker.update(rewards, ended)
        self._observations = observations.astype(np.float32)
        return (self._observations.copy(), rewards.astype(np.float32), terminated.copy(), truncated.copy(),
                {"next_obs": next_obs, "episode_returns": [r for r, _ in finished]})

    def close(self) -> None:
        self._envs.close()


def make_env(ctx, n_envs: int = 1) -> Env:
    """CartPole-v1 for training (what ``ctx.make_env(n_envs)`` returns), seeded from ``ctx.seed``."""
    calls = getattr(ctx, "_dqn_envs_made", 0)
    ctx._dqn_envs_made = calls + 1
    return Env(ctx, n_envs, seed=int(ctx.seed) % 2**31 + 10_000 * calls)
