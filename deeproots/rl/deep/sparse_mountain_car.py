"""``SparseMountainCar-v0``: Gymnasium's MountainCar-v0 with a sparse reward, the exploration task of rnd.py.

The dynamics, start states, goal (position >= 0.5 with velocity >= 0), 200-step time limit and
observations are MountainCar-v0's (Moore 1990; Gymnasium's ``MountainCarEnv``). Only the reward
changes: 1 on the step that reaches the flag (the step Gymnasium marks ``terminated``) and 0 on
every other step. MountainCar-v0's -1 per step makes a zero-initialised Q-network implicitly
optimistic (every visited state looks worse than the unknown), which is itself an exploration
strategy; with 0/1 rewards nothing is learned until the flag is reached once, so exploration
has to come from the agent. A random policy almost never gets up the hill in 200 steps.

Registered on import (deeproots.rl.deep.rnd imports this module, and deeproots.rl.train imports
rnd.py), so ``deeproots rl train rnd`` trains on it by default and any discrete algorithm can name it:
``deeproots rl train dqn --env SparseMountainCar-v0``. The id has no ``deeproots/`` namespace because
a run folder is named ``<algo>-<env>`` and may not contain a slash.
"""
from __future__ import annotations

import gymnasium as gym
from gymnasium.envs.classic_control.mountain_car import MountainCarEnv

ENV_ID = "SparseMountainCar-v0"

REWARD_THRESHOLD = 0.9
"""deeproots' mark: a return is 1 for an episode that reaches the flag and 0 otherwise, so the mean
greedy return is the success rate; 0.9 asks the greedy policy to get up the hill from 90% of starts."""


class SparseMountainCarEnv(MountainCarEnv):
    """MountainCarEnv whose reward is 1 exactly when the car reaches the goal (terminated) and 0 otherwise."""

    def step(self, action: int):
        observation, _, terminated, truncated, info = super().step(action)
        return observation, 1.0 if terminated else 0.0, terminated, truncated, info


if ENV_ID not in gym.registry:  # importing twice (tests, reloads) must not register twice
    gym.register(
        id=ENV_ID,
        entry_point="deeproots.rl.deep.sparse_mountain_car:SparseMountainCarEnv",
        max_episode_steps=200,  # MountainCar-v0's limit
        reward_threshold=REWARD_THRESHOLD,
    )
