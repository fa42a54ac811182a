"""The classic environments of the sampling chapters of Sutton & Barto (2nd ed.):

- ``RandomWalk``: Example 6.2 (5 non-terminal states A..E) and the 19-state walk of §7.1;
- ``WindyGridworld``: Example 6.5 (7 x 10, wind 0 0 0 1 1 1 2 2 1 0, -1 per step);
- ``CliffWalking``: Example 6.6 (4 x 12, -1 per step, -100 and back to the start on the cliff);
- ``Blackjack``: Example 5.1 (infinite deck, dealer sticks on 17+), with a vectorised episode
  sampler for the Monte Carlo chapters;
- ``TenArmedTestbed``: the bandit testbed of §2.3 (one run; ``tabular.bandits`` vectorises runs);
- ``MountainCar``: §10.1, the book's exact dynamics (continuous state, for tile coding).

All are ``TabularEnv`` subclasses (Gymnasium-style ``reset``/``step``); the gridworlds and the
random walk also give their explicit ``model()`` for dynamic programming.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.rl.envs.mdp import TabularEnv, TabularModel


# --------------------------------------------------------------------------- random walk


class RandomWalk(TabularEnv):
    """Example 6.2: states 0 and n+1 are terminal, 1..n are A, B, C, ...; every episode starts in
    the centre and moves left or right with probability 1/2 (one dummy action). Reaching the right
    end pays +1, the left end ``left_reward`` (0 in Example 6.2, -1 in the 19-state walk of §7.1).
    Undiscounted, so the true value of state i is the probability-weighted outcome, linear in i."""

    n_actions = 1

    def __init__(self, n_nonterminal: int = 5, left_reward: float = 0.0) -> None:
        super().__init__()
        if n_nonterminal < 1 or n_nonterminal % 2 == 0:
            raise DeeprootsError(f"n_nonterminal must be an odd number >= 1 so there is a centre state (got {n_nonterminal})")
        self.n_nonterminal = n_nonterminal
        self.left_reward = float(left_reward)
        self.n_states = n_nonterminal + 2
        self.start_state = (n_nonterminal + 1) // 2

    @classmethod
    def nineteen_state(cls) -> "RandomWalk":
        """The larger walk of §7.1 (Example 7.1): 19 states, -1 on the left, +1 on the right."""
        return cls(n_nonterminal=19, left_reward=-1.0)

    def true_values(self) -> np.ndarray:
        """Exact v_pi for all states (terminals 0): a fair walk hits the right end from state i
        with probability i / (n+1), so v(i) = left + (right - left) * i / (n+1)."""
        i = np.arange(self.n_states)
        values = self.left_reward + (1.0 - self.left_reward) * i / (self.n_nonterminal + 1)
        values[[0, -1]] = 0.0
        return values

    def _reset(self) -> int:
        return self.start_state

    def _step(self, action: int) -> tuple[int, float, bool, bool]:
        next_state = self.state + (1 if self.np_random.random() < 0.5 else -1)
        if next_state == 0:
            return next_state, self.left_reward, True, False
        if next_state == self.n_states - 1:
            return next_state, 1.0, True, False
        return next_state, 0.0, False, False

    def model(self) -> TabularModel:
        S = self.n_states
        P = np.zeros((S, 1, S))
        R = np.zeros((S, 1))
        terminal = np.zeros(S, dtype=bool)
        terminal[[0, S - 1]] = True
        for s in (0, S - 1):
            P[s, 0, s] = 1.0
        for s in range(1, S - 1):
            P[s, 0, s - 1] = P[s, 0, s + 1] = 0.5
        R[1, 0] += 0.5 * self.left_reward
        R[S - 2, 0] += 0.5 * 1.0
        return TabularModel(P, R, terminal)


# --------------------------------------------------------------------------- gridworlds

# Actions are the four compass moves, as (row, column) offsets; rows grow downwards.
UP, RIGHT, DOWN, LEFT = 0, 1, 2, 3
MOVES = np.array([(-1, 0), (0, 1), (1, 0), (0, -1)])


class _Gridworld(TabularEnv):
    """Deterministic grid: state = row * width + column. Subclasses define ``_move(row, col, a)
    -> (row, col, reward)``; the model and ``step`` are both derived from it, so they agree."""

    n_actions = 4
    height: int
    width: int
    start: tuple[int, int]
    goal: tuple[int, int]

    def __init__(self) -> None:
        super().__init__()
        self.n_states = self.height * self.width
        self.start_state = self.to_state(*self.start)
        self.goal_state = self.to_state(*self.goal)

    def to_state(self, row: int, col: int) -> int:
        return row * self.width + col

    def to_cell(self, state: int) -> tuple[int, int]:
        return divmod(int(state), self.width)

    def _move(self, row: int, col: int, action: int) -> tuple[int, int, float]:
        raise NotImplementedError

    def _reset(self) -> int:
        return self.start_state

    def _step(self, action: int) -> tuple[int, float, bool, bool]:
        row, col, reward = self._move(*self.to_cell(self.state), action)
        next_state = self.to_state(row, col)
        return next_state, reward, next_state == self.goal_state, False

    def model(self) -> TabularModel:
        S, A = self.n_states, self.n_actions
        P = np.zeros((S, A, S))
        R = np.zeros((S, A))
        terminal = np.zeros(S, dtype=bool)
        terminal[self.goal_state] = True
        for s in range(S):
            for a in range(A):
                if terminal[s]:
                    P[s, a, s] = 1.0
                    continue
                row, col, reward = self._move(*self.to_cell(s), a)
                P[s, a, self.to_state(row, col)] = 1.0
                R[s, a] = reward
        return TabularModel(P, R, terminal)


class WindyGridworld(_Gridworld):
    """Example 6.5: a 7 x 10 grid from S = (3, 0) to G = (3, 7); the wind of the column the agent
    leaves pushes it that many cells up; moves are clipped at the edges; -1 per step."""

    height, width = 7, 10
    start, goal = (3, 0), (3, 7)
    wind = np.array([0, 0, 0, 1, 1, 1, 2, 2, 1, 0])

    def _move(self, row: int, col: int, action: int) -> tuple[int, int, float]:
        d_row, d_col = MOVES[action]
        new_row = min(max(row + d_row - self.wind[col], 0), self.height - 1)
        new_col = min(max(col + d_col, 0), self.width - 1)
        return int(new_row), int(new_col), -1.0


class CliffWalking(_Gridworld):
    """Example 6.6: a 4 x 12 grid from S = (3, 0) to G = (3, 11); -1 per step, and stepping into
    the cliff (3, 1..10) costs -100 and sends the agent back to the start."""

    height, width = 4, 12
    start, goal = (3, 0), (3, 11)

    def _move(self, row: int, col: int, action: int) -> tuple[int, int, float]:
        d_row, d_col = MOVES[action]
        new_row = min(max(row + d_row, 0), self.height - 1)
        new_col = min(max(col + d_col, 0), self.width - 1)
        if new_row == self.height - 1 and 0 < new_col < self.width - 1:
            return self.start[0], self.start[1], -100.0
        return int(new_row), int(new_col), -1.0


# --------------------------------------------------------------------------- blackjack

STICK, HIT = 0, 1


class EpisodeBatch(NamedTuple):
    """Episodes padded to a common length T: ``states``/``actions`` are -1 past ``lengths``;
    ``rewards[i, t]`` is R_{t+1}, the reward that follows (S_t, A_t)."""

    states: np.ndarray
    actions: np.ndarray
    rewards: np.ndarray
    lengths: np.ndarray


def _draw(rng: np.random.Generator, size=None):
    """Infinite deck: 1 (ace) .. 9 uniformly with 10 four times as likely (10, J, Q, K)."""
    return np.minimum(rng.integers(1, 14, size=size), 10)


def _hand_value(raw_sum, has_ace):
    """Best total of a hand whose aces count 1 in ``raw_sum``; an ace is usable (counts 11)
    when that does not bust. Works on scalars and arrays."""
    usable = has_ace & (raw_sum + 10 <= 21)
    return raw_sum + 10 * usable, usable


class Blackjack(TabularEnv):
    """Example 5.1. State index encodes (player sum 12..21, dealer showing 1..10, usable ace):
    ``(sum - 12) * 20 + (showing - 1) * 2 + usable`` -- 200 states. Actions 0 = stick, 1 = hit.
    The player's cards below 12 are drawn automatically (the book's states start at 12). Reward
    +1 / 0 / -1 at the end; a natural wins unless the dealer has one too.

    ``reset(options={"state": s})`` starts from a given state (for exploring starts, §5.3)."""

    n_states = 200
    n_actions = 2

    @staticmethod
    def encode(player_sum, dealer_showing, usable_ace):
        return (np.asarray(player_sum) - 12) * 20 + (np.asarray(dealer_showing) - 1) * 2 + np.asarray(usable_ace, dtype=int)

    @staticmethod
    def decode(state) -> tuple:
        """(player sum, dealer showing, usable ace) of a state index (or array of them)."""
        state = np.asarray(state)
        return state // 20 + 12, (state % 20) // 2 + 1, (state % 2).astype(bool)

    def reset(self, seed: int | None = None, options: dict | None = None) -> tuple[int, dict]:
        self._start = None if not options or "state" not in options else int(options["state"])
        return super().reset(seed=seed)

    def _reset(self) -> int:
        rng = self.np_random
        if self._start is not None:
            player_sum, self.showing, usable = (int(x) for x in self.decode(self._start))
            self.player_raw, self.player_ace = player_sum - 10 * usable, bool(usable)
            self.natural = False
        else:
            first, second = int(_draw(rng)), int(_draw(rng))
            self.player_raw, self.player_ace = first + second, 1 in (first, second)
            self.natural = _hand_value(self.player_raw, self.player_ace)[0] == 21
            while _hand_value(self.player_raw, self.player_ace)[0] < 12:
                card = int(_draw(rng))
                self.player_raw, self.player_ace = self.player_raw + card, self.player_ace or card == 1
            self.showing = int(_draw(rng))
        self.hidden = int(_draw(rng))
        total, usable = _hand_value(self.player_raw, self.player_ace)
        return int(self.encode(total, self.showing, usable))

    def _step(self, action: int) -> tuple[int, float, bool, bool]:
        if action == HIT:
            card = int(_draw(self.np_random))
            self.player_raw, self.player_ace = self.player_raw + card, self.player_ace or card == 1
            self.natural = False
            total, usable = _hand_value(self.player_raw, self.player_ace)
            if total > 21:
                return self.state, -1.0, True, False  # bust: the state index stays the last valid one
            return int(self.encode(total, self.showing, usable)), 0.0, False, False
        player, _ = _hand_value(self.player_raw, self.player_ace)
        dealer_raw, dealer_ace = self.showing + self.hidden, 1 in (self.showing, self.hidden)
        dealer_natural = _hand_value(dealer_raw, dealer_ace)[0] == 21
        if self.natural:
            return self.state, 0.0 if dealer_natural else 1.0, True, False
        while _hand_value(dealer_raw, dealer_ace)[0] < 17:
            card = int(_draw(self.np_random))
            dealer_raw, dealer_ace = dealer_raw + card, dealer_ace or card == 1
        dealer, _ = _hand_value(dealer_raw, dealer_ace)
        reward = 1.0 if dealer > 21 else float(np.sign(player - dealer))
        return self.state, reward, True, False

    def sample_episodes(self, policy: np.ndarray, n_episodes: int, rng: np.random.Generator,
                        exploring_starts: bool = False) -> EpisodeBatch:
        """``n_episodes`` whole episodes at once with NumPy (same rules as ``step``).

        ``policy`` is (200, 2) action probabilities. With ``exploring_starts`` the first state
        and action are uniform over all 200 x 2 pairs (Monte Carlo ES, §5.3)."""
        n = int(n_episodes)
        showing, hidden = _draw(rng, n), _draw(rng, n)
        if exploring_starts:
            start = rng.integers(0, self.n_states, n)
            player_sum, showing, usable = self.decode(start)
            raw, ace = player_sum - 10 * usable, usable.copy()
            natural = np.zeros(n, dtype=bool)
            first_action = rng.integers(0, 2, n)
        else:
            first, second = _draw(rng, n), _draw(rng, n)
            raw, ace = first + second, (first == 1) | (second == 1)
            natural = _hand_value(raw, ace)[0] == 21
            while (low := _hand_value(raw, ace)[0] < 12).any():
                card = _draw(rng, n)
                raw, ace = np.where(low, raw + card, raw), ace | (low & (card == 1))
        hit_probability = np.asarray(policy, dtype=float)[:, HIT]
        states, actions, rewards = [], [], []
        active = np.ones(n, dtype=bool)
        stuck = np.zeros(n, dtype=bool)
        final_reward = np.zeros(n)
        t = 0
        while active.any():
            total, usable = _hand_value(raw, ace)
            state = np.where(active, self.encode(np.minimum(total, 21), showing, usable), -1)
            hit = rng.random(n) < hit_probability[np.maximum(state, 0)]
            if exploring_starts and t == 0:
                hit = first_action == HIT
            states.append(state)
            actions.append(np.where(active, hit.astype(int), -1))
            stuck |= active & ~hit
            card = _draw(rng, n)
            hitting = active & hit
            raw, ace = np.where(hitting, raw + card, raw), ace | (hitting & (card == 1))
            natural &= ~hitting
            bust = hitting & (_hand_value(raw, ace)[0] > 21)
            final_reward[bust] = -1.0
            active &= hit & ~bust
            rewards.append(np.zeros(n))
            t += 1
        # The dealer plays every hand that stuck.
        player_total = _hand_value(raw, ace)[0]
        d_raw, d_ace = showing + hidden, (showing == 1) | (hidden == 1)
        dealer_natural = _hand_value(d_raw, d_ace)[0] == 21
        while (drawing := stuck & (_hand_value(d_raw, d_ace)[0] < 17)).any():
            card = _draw(rng, n)
            d_raw, d_ace = np.where(drawing, d_raw + card, d_raw), d_ace | (drawing & (card == 1))
        dealer_total = _hand_value(d_raw, d_ace)[0]
        outcome = np.where(dealer_total > 21, 1.0, np.sign(player_total - dealer_total))
        outcome = np.where(natural, np.where(dealer_natural, 0.0, 1.0), outcome)
        final_reward[stuck] = outcome[stuck]
        states, actions, rewards = np.stack(states, 1), np.stack(actions, 1), np.stack(rewards, 1)
        lengths = (states >= 0).sum(1)
        rewards[np.arange(n), lengths - 1] = final_reward
        return EpisodeBatch(states, actions, rewards, lengths)


# --------------------------------------------------------------------------- bandit


class TenArmedTestbed(TabularEnv):
    """§2.3: one bandit problem of the testbed. q*(a) ~ N(mean, 1) drawn at ``reset``; each pull
    pays N(q*(a), 1). One state, never terminates (truncate it yourself)."""

    n_states = 1

    def __init__(self, n_arms: int = 10, mean: float = 0.0) -> None:
        super().__init__()
        self.n_actions = int(n_arms)
        self.mean = float(mean)
        self.q_star = np.zeros(self.n_actions)

    def _reset(self) -> int:
        self.q_star = self.np_random.normal(self.mean, 1.0, self.n_actions)
        return 0

    def _step(self, action: int) -> tuple[int, float, bool, bool]:
        return 0, self.np_random.normal(self.q_star[action], 1.0), False, False


# --------------------------------------------------------------------------- mountain car


class MountainCar(TabularEnv):
    """§10.1, exact dynamics: actions 0, 1, 2 are throttle -1, 0, +1;
    v' = bound[v + 0.001 A - 0.0025 cos(3 x)], x' = bound[x + v']; at the left bound v' = 0;
    reaching x = 0.5 ends the episode; -1 per step; start x ~ U[-0.6, -0.4), v = 0.
    The state is the array (x, v); there is no finite state count (``n_states`` is None)."""

    n_states = None  # continuous
    n_actions = 3
    position_bounds = (-1.2, 0.5)
    velocity_bounds = (-0.07, 0.07)

    def _reset(self) -> np.ndarray:
        return np.array([self.np_random.uniform(-0.6, -0.4), 0.0])

    def _step(self, action: int) -> tuple[np.ndarray, float, bool, bool]:
        x, v = self.state
        v = min(max(v + 0.001 * (action - 1) - 0.0025 * np.cos(3 * x), self.velocity_bounds[0]), self.velocity_bounds[1])
        x = x + v
        if x <= self.position_bounds[0]:
            x, v = self.position_bounds[0], 0.0
        done = x >= self.position_bounds[1]
        return np.array([min(x, self.position_bounds[1]), v]), -1.0, bool(done), False
