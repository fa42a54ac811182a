"""Crafter as a Gymnasium environment, and a batch of them for training.

Crafter (Hafner 2021, "Benchmarking the Spectrum of Agent Capabilities", ICLR 2022) is a 2-D
open-world survival game: 64 x 64 x 3 uint8 pixels in, one of 17 actions out, 22 achievements
to unlock. The ``crafter`` package (1.8.3) speaks the old Gym API — ``reset() -> obs`` and
``step -> (obs, reward, done, info)`` — so this module adapts it:

- ``reset(seed=s) -> (obs, info)``: the world is generated from ``s`` alone, so the same seed gives
  the same world; ``reset()`` without a seed moves on to the next world of the current seed;
- ``step(a) -> (obs, reward, terminated, truncated, info)``: death is *termination* (health 0,
  Crafter's ``info["discount"] == 0``); reaching the 10 000-step limit is *truncation* (the
  episode was cut, not ended by the game, so a learner should bootstrap through it);
- the last step's ``info["episode"]`` holds the episode's return, length and unlocked achievements.

One repair: Crafter keeps the creatures of each 12 x 12 chunk in a ``set`` and, when a chunk has
too many, despawns ``creatures[random.randint(n)]`` of that set's iteration order, which follows
the objects' memory addresses. The same seed and actions then give different episodes from run
to run (in our check, the first difference came after ~650 steps). We give every world
insertion-ordered chunk sets, which makes the game deterministic given the seed and the actions
without changing its rules.

World generation calls OpenSimplex noise once per cell and layer; ``opensimplex`` compiles its
noise with Numba when Numba is importable, which makes ``reset`` ~15x faster (see
``benchmarks/crafter_env.py``). ``noise_backend()`` says which path is active.
"""
from __future__ import annotations

import collections
from typing import Any, Sequence

import numpy as np

from deeproots.errors import DeeprootsError

try:  # Crafter is an optional dependency (pip install deeproots[rl]).
    import crafter
    import gymnasium
    from gymnasium import spaces
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise DeeprootsError(
        f"Crafter needs the 'rl' extra ({error.name} is missing): pip install 'deeproots[rl]'"
    ) from None

ACTIONS: tuple[str, ...] = tuple(crafter.constants.actions)
"""The 17 action names, index = action id (noop, move_left, ..., make_iron_sword)."""
EPISODE_LIMIT = 10_000
"""Crafter's default episode length; reaching it is truncation."""


def noise_backend() -> str:
    """"numba" when OpenSimplex runs compiled (fast world generation), else "python"."""
    import opensimplex.internals as internals

    return "numba" if hasattr(internals._noise3, "py_func") else "python"


class _OrderedSet(dict):
    """The three set operations Crafter's world uses on chunks, iterated in insertion order."""

    __slots__ = ()

    def add(self, item: Any) -> None:
        self[item] = None

    def remove(self, item: Any) -> None:
        del self[item]


def _make_world_deterministic(world: Any) -> None:
    """Have ``world.reset`` give every chunk an insertion-ordered set (see the module docstring)."""
    original_reset = world.reset

    def reset(seed: int | None = None) -> None:
        original_reset(seed=seed)
        world._chunks = collections.defaultdict(_OrderedSet)

    world.reset = reset


def _check_seed(seed: Any, what: str = "seed") -> int:
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**31 - 1:
        raise DeeprootsError(f"{what} must be an integer in 0..2147483646 (got {seed!r})")
    return int(seed)


class CrafterEnv(gymnasium.Env):
    """One Crafter game with the Gymnasium API (see the module docstring).

    ``length`` is the step limit (Crafter's 10 000 by default); ``reward=False`` gives the
    reward-free variant (CrafterNoReward-v1) whose ``info["reward"]`` still holds the reward.
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 10}

    def __init__(self, seed: int | None = None, length: int = EPISODE_LIMIT, reward: bool = True,
                 size: int = 64, render_mode: str | None = None) -> None:
        if not isinstance(length, (int, np.integer)) or length < 1:
            raise DeeprootsError(f"length must be a positive number of steps (got {length!r})")
        if render_mode not in (None, "rgb_array"):
            raise DeeprootsError(f"render_mode must be None or 'rgb_array' (got {render_mode!r})")
        self._seed = _check_seed(seed) if seed is not None else int(np.random.SeedSequence().entropy % (2**31 - 1))
        self._env = crafter.Env(size=(size, size), length=int(length), reward=reward, seed=self._seed)
        _make_world_deterministic(self._env._world)
        self.observation_space = spaces.Box(0, 255, (size, size, 3), np.uint8)
        self.action_space = spaces.Discrete(len(ACTIONS))
        self.render_mode = render_mode
        self._obs: np.ndarray | None = None
        self._return = 0.0
        self._length = 0
        self._needs_reset = True

    @property
    def crafter_env(self) -> Any:
        """The wrapped ``crafter.Env`` (its ``_player``, ``_world``, ``render(size)``)."""
        return self._env

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[np.ndarray, dict]:
        if seed is not None:
            # Crafter seeds episode k's world with hash((seed, k)); restarting the count makes
            # reset(seed=s) always build the same world.
            self._env._seed = _check_seed(seed)
            self._env._episode = 0
            self.action_space.seed(int(seed))
        self._obs = self._env.reset()
        self._return, self._length, self._needs_reset = 0.0, 0, False
        return self._obs, {"seed": self._env._seed, "episode": self._env._episode}

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict]:
        if self._needs_reset:
            raise DeeprootsError("the episode is over (or never started): call reset() before step()")
        if not isinstance(action, (int, np.integer)) or not 0 <= action < 17:
            raise DeeprootsError(f"action must be an integer in 0..16 (got {action!r})")
        obs, reward, done, info = self._env.step(int(action))
        self._obs = obs
        self._return += reward
        self._length += 1
        terminated = info["discount"] == 0.0  # health reached 0
        truncated = done and not terminated  # the step limit
        if done:
            self._needs_reset = True
            info["episode"] = {
                "return": self._return,
                "length": self._length,
                "achievements": frozenset(k for k, count in info["achievements"].items() if count > 0),
            }
        return obs, reward, bool(terminated), bool(truncated), info

    def render(self, size: int | None = None) -> np.ndarray:
        """The current frame, ``size`` x ``size`` pixels (default: the observation size)."""
        if self._obs is None:
            raise DeeprootsError("call reset() before render()")
        return self._obs if size is None else self._env.render((size, size))


class CrafterVecEnv:
    """``num_envs`` Crafter games stepped in lockstep in this process, reset automatically.

    Written for PPO rather than through ``gymnasium.vector.SyncVectorEnv``: the batch is one
    uint8 array, a finished game is reset in the same ``step`` (its next observation is the new
    episode's first; ``terminated``/``truncated`` flag the end) and the finished episodes'
    summaries (``info["episode"]`` plus ``env`` and ``final_obs``, the episode's last frame) come
    back as the list ``info["episodes"]``, without Gymnasium's per-key info merging. Game ``i`` of
    ``reset(seed=s)`` is seeded ``s + i``.
    """

    def __init__(self, num_envs: int, seed: int = 0, length: int = EPISODE_LIMIT) -> None:
        if not isinstance(num_envs, (int, np.integer)) or num_envs < 1:
            raise DeeprootsError(f"num_envs must be a positive integer (got {num_envs!r})")
        self.num_envs = int(num_envs)
        self.envs = [CrafterEnv(seed=_check_seed(seed) + i, length=length) for i in range(self.num_envs)]
        self.single_observation_space = self.envs[0].observation_space
        self.single_action_space = self.envs[0].action_space
        self._obs = np.zeros((self.num_envs, *self.single_observation_space.shape), np.uint8)

    def reset(self, seed: int | None = None) -> tuple[np.ndarray, dict]:
        for i, env in enumerate(self.envs):
            self._obs[i], _ = env.reset(seed=None if seed is None else _check_seed(seed) + i)
        return self._obs.copy(), {}

    def step(self, actions: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict]:
        actions = np.asarray(actions)
        if actions.shape != (self.num_envs,):
            raise DeeprootsError(f"step wants one action per game, shape ({self.num_envs},) (got {actions.shape})")
        rewards = np.zeros(self.num_envs, np.float32)
        terminated = np.zeros(self.num_envs, bool)
        truncated = np.zeros(self.num_envs, bool)
        episodes = []
        for i, env in enumerate(self.envs):
            obs, rewards[i], terminated[i], truncated[i], info = env.step(actions[i])
            if terminated[i] or truncated[i]:
                episodes.append({**info["episode"], "env": i, "final_obs": obs})
                obs, _ = env.reset()
            self._obs[i] = obs
        return self._obs.copy(), rewards, terminated, truncated, {"episodes": episodes}

    def close(self) -> None:
        for env in self.envs:
            env.close()
