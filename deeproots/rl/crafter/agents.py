"""Agents for Crafter and the loop that plays them for a number of episodes.

An agent is anything with ``act(obs) -> int`` (obs: a 64 x 64 x 3 uint8 frame). The random agent
is the paper's lower baseline: a uniformly random action each step (Hafner 2021, §4, "Random";
Crafter score 1.6 %, Table 1). ``play_episodes`` is the evaluation loop: episode k is played on
the world of seed ``seed + k``, so two agents scored with the same seed meet the same worlds.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.rl.crafter.env import ACTIONS, EPISODE_LIMIT, CrafterEnv
from deeproots.rl.crafter.score import Episode


class Agent(Protocol):
    def act(self, obs: np.ndarray) -> int:
        """The action (0..16) for one 64 x 64 x 3 uint8 observation."""


class RandomAgent:
    """Uniformly random actions from its own generator (deterministic given ``seed``)."""

    def __init__(self, seed: int | np.random.Generator | None = 0, n_actions: int = len(ACTIONS)) -> None:
        self.rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        self.n_actions = n_actions

    def act(self, obs: np.ndarray) -> int:
        return int(self.rng.integers(self.n_actions))


@dataclass
class Rollout:
    """What ``play_episodes`` returns."""

    episodes: list[Episode]
    """One summary per finished episode, in order."""
    steps: int
    """Environment steps taken, all episodes together."""
    seconds: float
    """Wall time of the whole loop (resets and the agent included)."""
    frames: list[np.ndarray] = field(default_factory=list)
    """The observations of the first episode when ``record=True`` (first frame is the reset's)."""

    @property
    def steps_per_second(self) -> float:
        return self.steps / self.seconds if self.seconds > 0 else float("nan")


def play_episodes(agent: Agent, episodes: int, seed: int = 0, length: int = EPISODE_LIMIT,
                  record: bool = False) -> Rollout:
    """Play ``episodes`` whole episodes; episode k on the world of seed ``seed + k``."""
    if not isinstance(episodes, (int, np.integer)) or episodes < 1:
        raise DeeprootsError(f"episodes must be a positive integer (got {episodes!r})")
    if not isinstance(seed, (int, np.integer)) or not 0 <= seed <= 2**31 - 2 - episodes:
        raise DeeprootsError(f"seed must be an integer in 0..{2**31 - 2 - episodes} (got {seed!r})")
    env = CrafterEnv(seed=int(seed), length=length)
    finished: list[Episode] = []
    frames: list[np.ndarray] = []
    steps = 0
    started = time.perf_counter()
    for k in range(int(episodes)):
        obs, _ = env.reset(seed=int(seed) + k)
        if record and k == 0:
            frames.append(obs.copy())
        while True:
            obs, _, terminated, truncated, info = env.step(agent.act(obs))
            steps += 1
            if record and k == 0:
                frames.append(obs.copy())
            if terminated or truncated:
                finished.append(Episode.from_info(info["episode"]))
                break
    return Rollout(finished, steps, time.perf_counter() - started, frames)
