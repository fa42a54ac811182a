"""Vectorised gridworlds: N copies of a deterministic gridworld (windy, Sutton & Barto Example
6.5, or the cliff, Example 6.6) stepped at once with NumPy, in the shape of Gymnasium's
``VectorEnv`` (``reset(seed) -> (obs, info)``, ``step(actions) -> (obs, rewards, terminated,
truncated, info)``, same-step auto-reset).

Both worlds are deterministic, so the whole dynamics is two lookup tables built once from the
environment's ``model()``: ``next_state[s, a]`` and ``reward[s, a]``. One vector step is then a
few fancy-indexing operations on arrays of length N, whatever N is.

``GridworldEnv`` is the single-environment ``gymnasium.Env`` over the same tables, registered as
``deeproots/WindyGridworld-v0`` and ``deeproots/CliffWalking-v0`` for ``gymnasium.make``; the
benchmark ``benchmarks/rl_vector_env.py`` compares stepping it one by one with the vector form.
"""
from __future__ import annotations

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv

from deeproots.errors import DeeprootsError
from deeproots.rl.envs.classic import CliffWalking, WindyGridworld

KINDS = {"windy": WindyGridworld, "cliff": CliffWalking}


def dynamics_tables(kind: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(next_state (S, A) int, reward (S, A) float, terminal (S,) bool, start state) of a
    deterministic gridworld, read off its ``TabularModel``."""
    if kind not in KINDS:
        raise DeeprootsError(f"kind must be one of {sorted(KINDS)} (got {kind!r})")
    env = KINDS[kind]()
    model = env.model()
    if not np.all(model.P.max(axis=2) == 1.0):
        raise DeeprootsError(f"{kind} gridworld is not deterministic")
    return model.P.argmax(axis=2), model.R.astype(float), model.terminal.copy(), env.start_state


class VectorGridworld(VectorEnv):
    """``n_envs`` copies of the ``kind`` gridworld. When a copy reaches the goal (or hits
    ``max_episode_steps``) it restarts in the same step: the returned observation is the new
    start state and ``info["final_obs"]`` / ``info["_final_obs"]`` hold the last state and the
    mask of copies that ended (Gymnasium's SAME_STEP autoreset convention)."""

    metadata = {"autoreset_mode": AutoresetMode.SAME_STEP}

    def __init__(self, n_envs: int, kind: str = "windy", max_episode_steps: int | None = None) -> None:
        if n_envs < 1:
            raise DeeprootsError(f"n_envs must be >= 1 (got {n_envs})")
        if max_episode_steps is not None and max_episode_steps < 1:
            raise DeeprootsError(f"max_episode_steps must be None or >= 1 (got {max_episode_steps})")
        self.kind = kind
        next_state, reward, terminal, self.start_state = dynamics_tables(kind)
        S, A = next_state.shape
        # Flat tables indexed by s * A + a: one gather per step instead of a 2-D fancy index.
        self._next = next_state.ravel()
        self._reward = reward.ravel()
        self._terminal = terminal
        self._n_actions = A
        self.num_envs = int(n_envs)
        self.max_episode_steps = max_episode_steps
        self.single_observation_space = spaces.Discrete(S)
        self.single_action_space = spaces.Discrete(A)
        self.observation_space = spaces.MultiDiscrete(np.full(n_envs, S))
        self.action_space = spaces.MultiDiscrete(np.full(n_envs, A))
        self.states = np.full(n_envs, self.start_state, dtype=np.int64)
        self.elapsed = np.zeros(n_envs, dtype=np.int64)
        self.np_random = np.random.default_rng()

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[np.ndarray, dict]:
        if seed is not None:
            self.np_random = np.random.default_rng(seed)
            self.action_space.seed(seed)
        self.states[:] = self.start_state
        self.elapsed[:] = 0
        return self.states.copy(), {}

    def step(self, actions) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict]:
        actions = np.asarray(actions)
        if actions.shape != (self.num_envs,):
            raise DeeprootsError(f"actions must have shape ({self.num_envs},) (got {actions.shape})")
        flat = self.states * self._n_actions + actions
        next_states = self._next[flat]
        rewards = self._reward[flat]
        terminated = self._terminal[next_states]
        self.elapsed += 1
        if self.max_episode_steps is None:
            truncated = np.zeros(self.num_envs, dtype=bool)
            done = terminated
        else:
            truncated = ~terminated & (self.elapsed >= self.max_episode_steps)
            done = terminated | truncated
        info = {}
        if done.any():
            info = {"final_obs": next_states.copy(), "_final_obs": done.copy()}
            next_states[done] = self.start_state
            self.elapsed[done] = 0
        self.states = next_states
        return next_states.copy(), rewards, terminated, truncated, info


class GridworldEnv(gym.Env):
    """One gridworld as a plain ``gymnasium.Env`` (Discrete observations and actions) over the
    same lookup tables as ``VectorGridworld``."""

    metadata = {"render_modes": []}

    def __init__(self, kind: str = "windy") -> None:
        next_state, reward, terminal, self.start_state = dynamics_tables(kind)
        self.kind = kind
        # Python lists: scalar lookups in lists beat NumPy scalar indexing several times over.
        self._next = next_state.tolist()
        self._reward = reward.tolist()
        self._terminal = terminal.tolist()
        self.observation_space = spaces.Discrete(next_state.shape[0])
        self.action_space = spaces.Discrete(next_state.shape[1])
        self.state = self.start_state

    def reset(self, *, seed: int | None = None, options: dict | None = None) -> tuple[int, dict]:
        super().reset(seed=seed)
        self.state = self.start_state
        return self.state, {}

    def step(self, action) -> tuple[int, float, bool, bool, dict]:
        a = int(action)
        reward = self._reward[self.state][a]
        self.state = self._next[self.state][a]
        return self.state, reward, self._terminal[self.state], False, {}


for _name, _kind in (("WindyGridworld", "windy"), ("CliffWalking", "cliff")):
    _id = f"deeproots/{_name}-v0"
    if _id not in gym.registry:
        gym.register(id=_id, entry_point="deeproots.rl.envs.vector:GridworldEnv", kwargs={"kind": _kind})
