"""The two small gridworlds of Sutton & Barto 2nd ed.:

- :class:`Gridworld4x4`, Example 4.1 (§4.1, Fig. 4.1): 16 cells numbered row by row, the two
  shaded corners (0 and 15) terminal, reward -1 on every transition, undiscounted episodic task.
- :class:`Gridworld5x5`, Example 3.5 (§3.5, Figs. 3.2 and 3.5): a continuing task with
  gamma = 0.9; every action in cell A (row 0, column 1) jumps to A' (row 4, column 1) with
  reward +10, every action in B (row 0, column 3) jumps to B' (row 2, column 3) with +5, an
  action that would leave the grid leaves the agent in place with reward -1, all else 0.

Both are deterministic, so the model is a table of next states and rewards; ``step`` reads the
same table. States are ``row * n_columns + column``; actions are 0 up (north), 1 down (south),
2 right (east), 3 left (west).
"""
from __future__ import annotations

import numpy as np

from deeproots.rl.envs.mdp import TabularEnv, TabularModel

ACTION_NAMES = ("up", "down", "right", "left")
ACTION_ARROWS = ("↑", "↓", "→", "←")
MOVES = np.array([(-1, 0), (1, 0), (0, 1), (0, -1)])  # (row, column) change per action


def _grid_moves(n_rows: int, n_columns: int) -> tuple[np.ndarray, np.ndarray]:
    """``next_state[s, a]`` for plain moves on the grid, and ``off_grid[s, a]``: the move would
    leave the grid (the agent then stays where it is)."""
    rows, columns = np.divmod(np.arange(n_rows * n_columns), n_columns)
    target_rows = rows[:, None] + MOVES[:, 0]
    target_columns = columns[:, None] + MOVES[:, 1]
    off_grid = (target_rows < 0) | (target_rows >= n_rows) | (target_columns < 0) | (target_columns >= n_columns)
    next_state = np.where(off_grid, np.arange(n_rows * n_columns)[:, None], target_rows * n_columns + target_columns)
    return next_state, off_grid


def _deterministic_model(next_state: np.ndarray, reward: np.ndarray, terminal: np.ndarray) -> TabularModel:
    n_states, n_actions = next_state.shape
    P = np.zeros((n_states, n_actions, n_states))
    P[np.arange(n_states)[:, None], np.arange(n_actions), next_state] = 1.0
    return TabularModel(P=P, R=reward.astype(float), terminal=terminal.copy())


class _DeterministicGridworld(TabularEnv):
    """Shared ``reset``/``step`` for a gridworld given by its next-state and reward tables."""

    n_rows: int
    n_columns: int
    n_actions = 4
    gamma: float
    """The discount the book uses for this task."""

    def __init__(self, next_state: np.ndarray, reward: np.ndarray, terminal: np.ndarray) -> None:
        super().__init__()
        self.n_states = self.n_rows * self.n_columns
        self.next_state, self.reward, self.terminal = next_state, reward, terminal

    def model(self) -> TabularModel:
        return _deterministic_model(self.next_state, self.reward, self.terminal)

    def _reset(self) -> int:
        # Start anywhere the episode is not already over (Example 4.1 has no fixed start state).
        return int(self.np_random.choice(np.flatnonzero(~self.terminal)))

    def _step(self, action: int) -> tuple[int, float, bool, bool]:
        next_state = int(self.next_state[self.state, action])
        return next_state, float(self.reward[self.state, action]), bool(self.terminal[next_state]), False

    def to_grid(self, values: np.ndarray) -> np.ndarray:
        """Per-state values laid out as the (rows, columns) grid of the book's figures."""
        return np.asarray(values).reshape(self.n_rows, self.n_columns)


class Gridworld4x4(_DeterministicGridworld):
    """Example 4.1: the 4 x 4 gridworld, terminal corners 0 and 15, reward -1 per step, gamma 1."""

    n_rows = n_columns = 4
    gamma = 1.0

    def __init__(self) -> None:
        next_state, _ = _grid_moves(self.n_rows, self.n_columns)
        terminal = np.zeros(self.n_rows * self.n_columns, dtype=bool)
        terminal[[0, terminal.size - 1]] = True
        reward = np.where(terminal[:, None], 0.0, -1.0) * np.ones((1, self.n_actions))
        next_state[terminal] = np.flatnonzero(terminal)[:, None]  # terminal states are absorbing
        super().__init__(next_state, reward, terminal)


class Gridworld5x5(_DeterministicGridworld):
    """Example 3.5: the 5 x 5 gridworld with the A -> A' (+10) and B -> B' (+5) jumps, -1 for
    trying to leave the grid, gamma 0.9; continuing (no terminal states)."""

    n_rows = n_columns = 5
    gamma = 0.9
    A, A_PRIME, A_REWARD = (0, 1), (4, 1), 10.0
    B, B_PRIME, B_REWARD = (0, 3), (2, 3), 5.0

    def __init__(self) -> None:
        next_state, off_grid = _grid_moves(self.n_rows, self.n_columns)
        reward = np.where(off_grid, -1.0, 0.0)
        for cell, target, jump_reward in ((self.A, self.A_PRIME, self.A_REWARD), (self.B, self.B_PRIME, self.B_REWARD)):
            # Every action from the special cell jumps, even one pointing off the grid.
            next_state[self.index(*cell)] = self.index(*target)
            reward[self.index(*cell)] = jump_reward
        super().__init__(next_state, reward, np.zeros(self.n_rows * self.n_columns, dtype=bool))

    @classmethod
    def index(cls, row: int, column: int) -> int:
        return row * cls.n_columns + column
