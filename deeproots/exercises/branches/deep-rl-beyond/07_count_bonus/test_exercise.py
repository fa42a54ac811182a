"""Checks for the count-based bonus (references: np.digitize on np.linspace edges and a
hand-written row-major flattening for the grid; the running count of each cell from a
cumulative sum of one-hot rows for the bonus, with the counts compared to
collections.Counter; hand-worked cases; the exploration claim of Strehl & Littman 2008 /
Bellemare et al. 2016 on a 25-state chain, with the plain agent's chance of ever reaching
the goal bounded by an exact random-walk dynamic programme)."""
from collections import Counter

import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal


def _cells_reference(states, low, high, bins):
    d = states.shape[1]
    index = np.zeros(len(states), dtype=np.int64)
    for j in range(d):
        edges = np.linspace(low[j], high[j], bins + 1)[1:-1]
        index = index * bins + np.digitize(states[:, j], edges)
    return index


def _bonus_reference(history, beta, start):
    """The count of every visit, this visit included, from a cumulative sum of one-hot rows."""
    everything = np.concatenate(history)
    onehot = everything[:, None] == np.unique(everything)[None, :]
    counts = np.cumsum(onehot, axis=0)[onehot]
    return beta / np.sqrt(counts[start:])


def test_discretise_hand_example(ex, rng):
    got = ex.discretise(np.array([[0.3, 0.9], [0.0, 0.0], [1.0, 1.0], [-0.2, 1.7]]), np.zeros(2), np.ones(2), 4)
    expect_equal(np.asarray(got), np.array([7, 0, 15, 3]), what="discretise on a 4 x 4 grid of [0, 1]^2",
                 how="by hand: (0.3, 0.9) -> (1, 3) -> 1 * 4 + 3; s = high falls in the last cell; outside "
                     "[low, high] clips to the border cells")


def test_discretise_random(ex, rng):
    for d, bins, b in [(1, 10, 20), (2, 7, 50), (3, 5, 40), (4, 3, 1)]:
        low, high = rng.uniform(-3, 0, size=d), rng.uniform(1, 4, size=d)
        states = rng.uniform(low - 0.5, high + 0.5, size=(b, d))
        expect_equal(np.asarray(ex.discretise(states, low, high, bins)), _cells_reference(states, low, high, bins),
                     what=f"discretise, d = {d}, bins = {bins}, B = {b}",
                     how="np.digitize against np.linspace(low, high, bins + 1)'s inner edges per dimension, "
                         "flattened row-major (last dimension fastest)", inputs={"states": states, "low": low, "high": high})


def test_bonus_hand_example(ex, rng):
    counter = ex.CountBonus(1.0)
    expect_close(counter.bonus(np.array([3, 3, 5, 3])), np.array([1.0, 1 / np.sqrt(2), 1.0, 1 / np.sqrt(3)]),
                 what="CountBonus(1).bonus([3, 3, 5, 3])",
                 how="by hand: the count includes the current visit: N = 1, 2, 1, 3", rtol=1e-12, atol=1e-12)
    expect_close(counter.bonus(np.array([5])), np.array([1 / np.sqrt(2)]), what="then bonus([5])",
                 how="by hand: cell 5's second visit, counts kept between calls", rtol=1e-12, atol=1e-12)


def test_bonus_random_batches(ex, rng):
    beta = 0.37
    counter = ex.CountBonus(beta)
    history = []
    for b in [1, 30, 7, 100]:
        cells = rng.integers(0, 12, size=b)
        start = sum(len(h) for h in history)
        history.append(cells)
        expect_close(counter.bonus(cells), _bonus_reference(history, beta, start),
                     what=f"CountBonus({beta}).bonus on batch {len(history)} (B = {b})",
                     how="beta / sqrt(N) with N the running count of the cell in every batch so far, this visit "
                         "included (np.cumsum of one-hot rows)", rtol=1e-12, atol=1e-12, inputs={"cells": cells})
    want = Counter(np.concatenate(history).tolist())
    expect_equal(dict(counter.counts), dict(want), what="CountBonus.counts after four batches",
                 how="collections.Counter of every cell passed to bonus")


def _random_walk_hit_probability(n, horizon):
    """P(a uniform random walk from 0, staying at 0 when it steps left, reaches n - 1 within horizon steps)."""
    p = np.zeros(n)
    p[0] = 1.0
    hit = 0.0
    for _ in range(horizon):
        q = np.zeros(n)
        q[0] += 0.5 * p[0]
        q[1:] += 0.5 * p[:-1]
        q[:-1] += 0.5 * p[1:]
        hit += q[n - 1]
        q[n - 1] = 0.0
        p = q
    return hit


def test_bonus_reaches_the_far_reward(ex, rng):
    n, episodes, horizon, seeds = 25, 80, 50, range(5)
    bonus_runs = [np.asarray(ex.run_agent(n, episodes, horizon, 1.0, seed)) for seed in seeds]
    plain_runs = [np.asarray(ex.run_agent(n, episodes, horizon, 0.0, seed)) for seed in seeds]
    expect_equal(bonus_runs[0].shape, (episodes,), what="run_agent's result shape",
                 how="one extrinsic return per episode")
    bonus_reached = sum(run.sum() > 0 for run in bonus_runs)
    plain_reached = sum(run.sum() > 0 for run in plain_runs)
    # Until its first success the plain agent's Q is all 0 and it walks (almost) uniformly at random.
    p_walk = _random_walk_hit_probability(n, horizon)
    p_plain = 1.0 - (1.0 - p_walk) ** episodes
    expect(bonus_reached >= 4 and sum(run.sum() for run in bonus_runs) >= 50,
           f"with beta = 1 the agent should reach the reward {n - 1} states away in at least 4 of 5 seeds, and in "
           f"at least 50 of the {5 * episodes} episodes in all (Strehl & Littman 2008; Bellemare et al. 2016 §2: "
           "the bonus steers the agent to rarely visited states)",
           seeds_reaching=int(bonus_reached), successes_per_seed=[int(run.sum()) for run in bonus_runs])
    expect(plain_reached <= 1,
           f"with beta = 0 (plain epsilon-greedy) the agent should reach it in at most 1 of 5 seeds: a random walk "
           f"of {horizon} steps hits state {n - 1} with probability {p_walk:.1e} per episode, so in {episodes} "
           f"episodes with probability {p_plain:.3f} (exact dynamic programme)",
           seeds_reaching=int(plain_reached), successes_per_seed=[int(run.sum()) for run in plain_runs])
