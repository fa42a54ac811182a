"""Tile coding and episodic semi-gradient SARSA on mountain car, Sutton & Barto 2nd ed.:

- ``TileCoder``: §9.5.4 -- ``n_tilings`` grid tilings of the input box, each offset from the
  last by a fraction 1/n_tilings of a tile width times the asymmetric displacement vector
  (1, 3, 5, ...) that the book recommends (after Miller & Glanz 1996) over uniform offsets;
- ``semi_gradient_sarsa``: §10.1, the boxed algorithm, q(s, a, w) = sum of the weights of the
  active tiles of action a; with all weights 0 the values are optimistic (rewards are -1), so a
  greedy policy explores (the book's Fig. 10.1/10.2 set-up: epsilon = 0).

The grids here are explicit (no hashing): each tiling has (tiles + 1)^d tiles so that the offset
tilings still cover the box; 8 tilings of 8 x 8 give 8 * 81 = 648 features per action.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.rl.envs.classic import MountainCar
from deeproots.rl.tabular.td import check_arguments


class TileCoder:
    """Map a point of the box [low, high] (d dims) to the indices of its active tiles, one per
    tiling: ``tiles(x) -> (n_tilings,)`` ints in ``0 .. n_features - 1``."""

    def __init__(self, low, high, n_tilings: int = 8, tiles_per_dim: int = 8) -> None:
        self.low, self.high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
        if self.low.shape != self.high.shape or self.low.ndim != 1 or np.any(self.high <= self.low):
            raise DeeprootsError(f"low and high must be 1-D of equal length with high > low (got {low}, {high})")
        if n_tilings < 1 or tiles_per_dim < 1:
            raise DeeprootsError(f"n_tilings and tiles_per_dim must be >= 1 (got {n_tilings}, {tiles_per_dim})")
        self.n_tilings, self.tiles_per_dim = int(n_tilings), int(tiles_per_dim)
        d = self.low.size
        self.tile_width = (self.high - self.low) / tiles_per_dim
        displacement = 2 * np.arange(d) + 1  # (1, 3, 5, ...)
        # Offsets of tiling k: k * displacement / n_tilings of a tile width, wrapped into one tile.
        self.offsets = (np.arange(n_tilings)[:, None] * displacement[None, :] % n_tilings) / n_tilings * self.tile_width
        self.side = tiles_per_dim + 1
        self.tiles_per_tiling = self.side**d
        self.n_features = n_tilings * self.tiles_per_tiling
        self._strides = self.side ** np.arange(d)[::-1]
        self._tiling_base = np.arange(n_tilings) * self.tiles_per_tiling

    def tiles(self, x) -> np.ndarray:
        """Active tile index in each tiling for the point ``x`` (clipped into the box)."""
        x = np.clip(np.asarray(x, dtype=float), self.low, self.high)
        cells = np.floor((x - self.low + self.offsets) / self.tile_width).astype(int)
        return self._tiling_base + cells @ self._strides


class SarsaResult(NamedTuple):
    weights: np.ndarray
    """(n_actions, n_features)."""
    episode_lengths: np.ndarray
    """(n_episodes,) steps to reach the goal (or the cap) -- the y-axis of Fig. 10.2."""
    coder: TileCoder


def semi_gradient_sarsa(env: MountainCar | None = None, n_episodes: int = 100, alpha: float = 0.5 / 8,
                        epsilon: float = 0.0, gamma: float = 1.0, n_tilings: int = 8, tiles_per_dim: int = 8,
                        max_steps: int = 10_000, seed: int | np.random.Generator = 0) -> SarsaResult:
    """Episodic semi-gradient one-step SARSA with tile coding (§10.1). ``alpha`` is the step
    size per weight vector; the book quotes it as a fraction of the tilings (0.5/8, 0.1/8...)
    because each update moves the estimate by the sum over the n_tilings active weights."""
    check_arguments(n_episodes, alpha, gamma, epsilon)
    env = env if env is not None else MountainCar()
    rng = np.random.default_rng(seed)
    low = (env.position_bounds[0], env.velocity_bounds[0])
    high = (env.position_bounds[1], env.velocity_bounds[1])
    coder = TileCoder(low, high, n_tilings, tiles_per_dim)
    weights = np.zeros((env.n_actions, coder.n_features))
    lengths = np.zeros(n_episodes, dtype=int)

    def choose(active: np.ndarray) -> int:
        if epsilon > 0 and rng.random() < epsilon:
            return int(rng.integers(env.n_actions))
        q = weights[:, active].sum(axis=1)
        ties = np.flatnonzero(q == q.max())
        return int(ties[0] if ties.size == 1 else rng.choice(ties))

    for episode in range(n_episodes):
        state, _ = env.reset(seed=int(rng.integers(2**63)))
        active = coder.tiles(state)
        action = choose(active)
        for step in range(1, max_steps + 1):
            state, reward, terminated, truncated, _ = env.step(action)
            q = weights[action, active].sum()
            if terminated:
                weights[action, active] += alpha * (reward - q)
                break
            next_active = coder.tiles(state)
            next_action = choose(next_active)
            target = reward + gamma * weights[next_action, next_active].sum()
            weights[action, active] += alpha * (target - q)
            if truncated:
                break
            active, action = next_active, next_action
        lengths[episode] = step
    return SarsaResult(weights, lengths, coder)
