"""``DeepSea-v0``: bsuite's deep sea, the exploration task where epsilon-greedy provably fails.

Osband et al. 2020, "Behaviour Suite for Reinforcement Learning", ICLR (bsuite's ``deep_sea``), and
Osband, Van Roy, Russo & Wen 2019, "Deep Exploration via Randomized Value Functions", JMLR §2.1.
This is a re-implementation of bsuite's deterministic ``DeepSea`` (bsuite/environments/deep_sea.py)
for Gymnasium, rule for rule:

- an N x N grid (``size``, default 10); the agent starts in the top-left cell (row 0, column 0) and
  every step moves down one row, and one column left or right (clipped at the walls): N steps an episode;
- two actions (Discrete(2)); which of 0/1 means "right" is drawn once per cell, as bsuite does:
  ``np.random.RandomState(mapping_seed).binomial(1, 0.5, [N, N])``, and in cell (r, c) the action equal
  to ``mapping[r, c]`` is "right". So "always press 1" is not a trivial bias that finds the goal: the
  agent must learn, cell by cell, which button is right. mapping_seed defaults to 42, bsuite's sweep
  setting; ``randomize_actions=False`` is bsuite's debug mode (1 = right everywhere);
- each "right" costs 0.01 / N (bsuite's ``unscaled_move_cost / size``), "left" is free;
- reward +1 for pressing "right" in the bottom-right cell's column on the last row, i.e. only for going
  right on every one of the N steps; the optimal return is 1 - 0.01 = 0.99, every other episode
  returns <= 0 (the move costs of its right-steps).

A uniformly random policy reaches the reward with probability exactly 2^-N per episode (each of the N
steps must be the one "right" action of two, whatever the mapping): 1/1024 at N = 10, ~1e-6 at N = 20.
epsilon-greedy on a value function that has only ever seen the move cost prefers "left" everywhere,
so it reaches the goal with probability about (epsilon/2)^N per episode: it needs ~2^N episodes
(Osband et al. 2019 §2.1), whereas deep exploration needs a number polynomial in N.

The observation is bsuite's N x N one-hot of the agent's cell, flattened (float32, N*N); after the last
step it is bsuite's all-zero "null" observation. Registered on import (rnd.py imports this module);
``gym.make("DeepSea-v0", size=N)`` picks the size, and ``deeproots rl train rnd --env DeepSea-v0``
trains on the default N = 10.
"""
from __future__ import annotations

import gymnasium as gym
import numpy as np

ENV_ID = "DeepSea-v0"

REWARD_THRESHOLD = 0.9
"""deeproots' mark: a successful episode returns 0.99 and any other <= 0, so a mean greedy return of 0.9
means the greedy policy goes right all the way down (the env is deterministic: every episode or none)."""


def action_mapping(size: int, mapping_seed: int | None = 42, randomize_actions: bool = True) -> np.ndarray:
    """The (size, size) array whose entry in cell (row, column) is the action that means "right" there (bsuite's)."""
    if not randomize_actions:
        return np.ones((size, size), dtype=np.int64)
    return np.random.RandomState(mapping_seed).binomial(1, 0.5, [size, size])


class DeepSeaEnv(gym.Env):
    """bsuite's deterministic deep sea as a Gymnasium env (see the module docstring for the rules)."""

    metadata = {"render_modes": []}

    def __init__(self, size: int = 10, unscaled_move_cost: float = 0.01, randomize_actions: bool = True,
                 mapping_seed: int | None = 42):
        if int(size) < 1:
            raise ValueError(f"size must be a positive integer, got {size!r}")
        self.size = int(size)
        self.move_cost = unscaled_move_cost / self.size
        self.mapping = action_mapping(self.size, mapping_seed, randomize_actions)
        self.observation_space = gym.spaces.Box(0.0, 1.0, shape=(self.size * self.size,), dtype=np.float32)
        self.action_space = gym.spaces.Discrete(2)
        self.row = self.column = 0

    def _observation(self) -> np.ndarray:
        obs = np.zeros(self.size * self.size, dtype=np.float32)
        if self.row < self.size:  # past the last row: bsuite's all-zero end-of-episode observation
            obs[self.row * self.size + self.column] = 1.0
        return obs

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)  # the env is deterministic; the seed only seeds self.np_random
        self.row = self.column = 0
        return self._observation(), {}

    def step(self, action):
        if self.row >= self.size:
            raise RuntimeError("step() after the episode ended; call reset()")
        right = int(action) == self.mapping[self.row, self.column]
        reward = 0.0
        if right:
            if self.column == self.size - 1:  # only reachable on the last row, by going right all the way
                reward += 1.0
            reward -= self.move_cost
            self.column = min(self.column + 1, self.size - 1)
        else:
            self.column = max(self.column - 1, 0)
        self.row += 1
        terminated = self.row == self.size
        return self._observation(), reward, terminated, False, {"moved_right": bool(right)}


if ENV_ID not in gym.registry:  # importing twice (tests, reloads) must not register twice
    gym.register(id=ENV_ID, entry_point="deeproots.rl.deep.deep_sea:DeepSeaEnv", reward_threshold=REWARD_THRESHOLD)


def spec(size: int) -> gym.envs.registration.EnvSpec:
    """DeepSea-v0's spec with the given size: ``gym.make(spec(N))`` is ``gym.make("DeepSea-v0", size=N)``, and
    unlike the string id it carries the size through deeproots' vector envs (benchmarks/rnd_deep_sea.py)."""
    import dataclasses

    return dataclasses.replace(gym.spec(ENV_ID), kwargs={"size": int(size)})
