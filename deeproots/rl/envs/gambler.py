"""The gambler's problem (Sutton & Barto 2nd ed., §4.4, Example 4.3 and Fig. 4.3).

A gambler bets on coin flips. With capital ``s`` in 1..goal-1 he stakes an integer amount
``a`` in 1..min(s, goal - s); heads (probability ``p_heads``, 0.4 by default) wins the stake,
tails loses it. The episode ends at 0 (ruin) or at ``goal`` (100), and the only reward is +1 on
reaching the goal, so with gamma = 1 the value of a state is the probability of winning from it.

States are the capital 0..goal (0 and goal terminal). Action number = stake, 0..goal // 2, so
every state has the same action set; :meth:`GamblersProblem.action_mask` marks the stakes the
book allows in each state. A larger stake in the model and in ``step`` is cut to the largest
allowed one, and stake 0 (allowed only in the terminal states) changes nothing.
"""
from __future__ import annotations

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.rl.envs.mdp import TabularEnv, TabularModel


class GamblersProblem(TabularEnv):
    """Example 4.3: reach ``goal`` dollars by staking on coin flips that come up heads with ``p_heads``."""

    gamma = 1.0
    """The discount the book uses for this task (undiscounted, episodic)."""

    def __init__(self, goal: int = 100, p_heads: float = 0.4) -> None:
        super().__init__()
        if not (isinstance(goal, int) and goal >= 2):
            raise DeeprootsError(f"goal must be an integer >= 2 (got {goal!r})")
        if not 0.0 <= p_heads <= 1.0:
            raise DeeprootsError(f"p_heads must be a probability in [0, 1] (got {p_heads!r})")
        self.goal, self.p_heads = goal, float(p_heads)
        self.n_states = goal + 1
        self.n_actions = goal // 2 + 1
        capital = np.arange(self.n_states)
        self.terminal = (capital == 0) | (capital == goal)
        self.max_stake = np.where(self.terminal, 0, np.minimum(capital, goal - capital))

    def stake(self, state: int, action: int) -> int:
        """The stake actually placed: the action number, cut to what the state allows."""
        return int(min(action, self.max_stake[state]))

    def action_mask(self) -> np.ndarray:
        """(S, A) bool: stakes 1..min(s, goal - s) in non-terminal states, stake 0 in terminal ones."""
        stakes = np.arange(self.n_actions)[None, :]
        allowed = (stakes >= 1) & (stakes <= self.max_stake[:, None])
        allowed[self.terminal, 0] = True
        return allowed

    def model(self) -> TabularModel:
        states = np.arange(self.n_states)[:, None]
        stakes = np.minimum(np.arange(self.n_actions)[None, :], self.max_stake[:, None])
        win, lose = states + stakes, states - stakes
        rows, actions = np.broadcast_arrays(states, np.arange(self.n_actions)[None, :])
        P = np.zeros((self.n_states, self.n_actions, self.n_states))
        # np.add.at: with stake 0 the win and lose targets coincide and both probabilities add up.
        np.add.at(P, (rows, actions, win), self.p_heads)
        np.add.at(P, (rows, actions, lose), 1.0 - self.p_heads)
        R = np.where((win == self.goal) & ~self.terminal[:, None], self.p_heads, 0.0)
        return TabularModel(P=P, R=R, terminal=self.terminal.copy())

    def _reset(self) -> int:
        return int(self.np_random.integers(1, self.goal))

    def _step(self, action: int) -> tuple[int, float, bool, bool]:
        stake = self.stake(self.state, action)
        if self.terminal[self.state]:
            return self.state, 0.0, True, False
        capital = self.state + stake if self.np_random.random() < self.p_heads else self.state - stake
        return capital, float(capital == self.goal), bool(self.terminal[capital]), False
