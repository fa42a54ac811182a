"""Count-based exploration: a bonus beta / sqrt(N(s)) on a grid of continuous states.

Source: Strehl & Littman (2008), "An analysis of model-based Interval Estimation for Markov
Decision Processes", JCSS 74(8) (MBIE-EB: the bonus beta / sqrt(n(s, a)) added to the
reward); Bellemare, Srinivasan, Ostrovski, Schaul, Saxton & Munos (2016), "Unifying
Count-Based Exploration and Intrinsic Motivation", NeurIPS, §2-3 (the bonus
beta / sqrt(N(x)) on a state count, pseudo-counts where states do not repeat); Tang et al.
(2017), "#Exploration" (counting hashed / discretised states); Sergey Levine, CS285 lecture
13 "Exploration" and homework 5. https://arxiv.org/abs/1606.01868

A continuous state s in [low, high]^d is mapped to a grid cell: along each dimension j,
    c_j = clip(floor((s_j - low_j) / (high_j - low_j) * bins), 0, bins - 1)
and the cell's index is c flattened row-major (the last dimension varies fastest):
    cell = ((c_0 * bins + c_1) * bins + c_2) ...    (np.ravel_multi_index with shape (bins,)*d)

The bonus of a visit to cell x uses the count *including* this visit: N(x) += 1 first, then
    r+ = beta / sqrt(N(x))
so the first visit earns beta, the fourth beta / 2. (Counting after the bonus would divide by
zero at the first visit.) Visits in one batch are counted in order: a cell repeated in the
batch earns beta, then beta / sqrt(2), ...

The agent: tabular Q-learning on the chain below, with r + r+(s') as its reward, where s' is
the state it moved to. Per episode: start at state 0, at most `horizon` steps; at each step
pick epsilon-greedily (with probability epsilon a uniform random action, otherwise a greedy
one, ties broken uniformly at random: rng.choice(np.flatnonzero(q == q.max()))), step,
update Q(s, a) += alpha * (y - Q(s, a)) with y = r + r+ (at the goal, which ends the
episode) or y = r + r+ + gamma * max_a' Q(s', a'). Q starts at 0; use
rng = np.random.default_rng(seed) for every random draw.

The chain (given: chain_step): states 0..n-1, action 0 moves left (staying at 0), action 1
right; reaching n - 1 pays reward 1 and ends the episode; every other step pays 0. The
observation is the continuous position (i + 0.5) / n, which discretise(., 0, 1, n) turns
back into the cell i. With beta = 0 this is plain epsilon-greedy Q-learning: until it first
reaches the goal every Q is 0, it walks at random, and a random walk of `horizon` steps
rarely gets n - 1 states to the right. With the bonus, the never-visited states pay beta and
pull the agent right. (Q starts at 0, so an action already tried carries its bonus while an
untried one has 0; a discount near 1 lets bonus collected by looping over known states,
up to beta / (1 - gamma), outweigh the next new state. The default gamma = 0.5 keeps the
pull of the frontier dominant.)

Shapes: discretise(states (B, d), low (d,), high (d,), bins int) -> (B,) int64.
CountBonus(beta).bonus(cells (B,) int) -> (B,) float64; CountBonus.counts is a dict
cell -> visits. run_agent(...) -> (episodes,) float64, the extrinsic return (0 or 1) of
every episode.

Tiny example: beta = 1, cells [3, 3, 5, 3] -> [1, 1/sqrt(2), 1, 1/sqrt(3)]. With d = 2,
bins = 4, low 0, high 1: s = (0.3, 0.9) -> c = (1, 3) -> cell 1 * 4 + 3 = 7.
"""
import numpy as np


def discretise(states: np.ndarray, low: np.ndarray, high: np.ndarray, bins: int) -> np.ndarray:
    """The row-major index of the grid cell of every state (B, d) -> (B,)."""
    # TODO: per-dimension cell = clip(floor((s - low) / (high - low) * bins), 0, bins - 1), then flatten.
    ### BEGIN SOLUTION
    states = np.atleast_2d(np.asarray(states, dtype=np.float64))
    scaled = (states - np.asarray(low)) / (np.asarray(high) - np.asarray(low)) * bins
    cells = np.clip(np.floor(scaled).astype(np.int64), 0, bins - 1)
    return np.ravel_multi_index(tuple(cells.T), (bins,) * states.shape[1]).astype(np.int64)
    ### END SOLUTION


class CountBonus:
    """Visit counts of grid cells and the bonus beta / sqrt(N)."""

    def __init__(self, beta: float):
        self.beta = beta
        self.counts = {}

    def bonus(self, cells) -> np.ndarray:
        """Count every visit (in order), then beta / sqrt(N(cell)) with this visit included."""
        # TODO: for each cell in turn: counts[cell] += 1, then beta / sqrt(counts[cell]).
        ### BEGIN SOLUTION
        out = np.empty(len(cells))
        for i, cell in enumerate(np.asarray(cells).tolist()):
            self.counts[cell] = self.counts.get(cell, 0) + 1
            out[i] = self.beta / np.sqrt(self.counts[cell])
        return out
        ### END SOLUTION


def chain_step(i: int, action: int, n: int):
    """Given: (next state, reward, done) on the chain of n states."""
    j = min(i + 1, n - 1) if action == 1 else max(i - 1, 0)
    return j, float(j == n - 1), j == n - 1


def run_agent(n: int, episodes: int, horizon: int, beta: float, seed: int,
              epsilon: float = 0.1, alpha: float = 0.5, gamma: float = 0.5) -> np.ndarray:
    """Q-learning with the count bonus on the next state; return every episode's extrinsic return."""
    # TODO: Q = zeros((n, 2)); epsilon-greedy (random ties); reward r + bonus(discretised s'); Q-learning update.
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    counter = CountBonus(beta)
    Q = np.zeros((n, 2))
    returns = np.zeros(episodes)
    for episode in range(episodes):
        i = 0
        for _ in range(horizon):
            if rng.random() < epsilon:
                action = int(rng.integers(2))
            else:
                action = int(rng.choice(np.flatnonzero(Q[i] == Q[i].max())))
            j, reward, done = chain_step(i, action, n)
            cell = discretise(np.array([[(j + 0.5) / n]]), np.zeros(1), np.ones(1), n)
            total = reward + counter.bonus(cell)[0]
            target = total if done else total + gamma * Q[j].max()
            Q[i, action] += alpha * (target - Q[i, action])
            returns[episode] += reward
            i = j
            if done:
                break
    return returns
    ### END SOLUTION
