"""Checks for the episodic count bonus (references: hand-worked sequences; a count table
recomputed in plain Python from the list of visited cells (a Counter per episode); math.floor
by hand for the cells; and the exploration claim of count bonuses (Bellemare et al. 2016;
Badia et al. 2020, §2) reproduced on generated NumPy grid worlds: a one-step greedy agent
on the learner's bonus (peek, then reward to count the move) covers at least 1.5 times as
many distinct cells per 120-step episode, averaged over 8 seeded worlds, as a uniform random
walk with the same budget)."""
import math
from collections import Counter

import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

MOVES = [(-1, 0), (1, 0), (0, -1), (0, 1)]


def test_hand_example(ex, rng):
    bonus = ex.EpisodicCountBonus(1.0)
    bonus.reset((0, 0))
    steps = [("reward((0, 0), (0, 1), 0)", lambda: bonus.reward((0, 0), (0, 1), 0.0), 1.0),
             ("reward((0, 1), (0, 0), 0)", lambda: bonus.reward((0, 1), (0, 0), 0.0), 1 / math.sqrt(2)),
             ("reward((0, 0), (0, 1), 1)", lambda: bonus.reward((0, 0), (0, 1), 1.0), 1 + 1 / math.sqrt(2)),
             ("peek((0, 1))", lambda: bonus.peek((0, 1)), 1 / math.sqrt(3)),
             ("peek((5, 5))", lambda: bonus.peek((5, 5)), 1.0),
             ("reward((0, 1), (0, 1), 0) (a bump into a wall: stays)", lambda: bonus.reward((0, 1), (0, 1), 0.0),
              1 / math.sqrt(3))]
    for label, call, want in steps:
        expect_close(call(), want, what=f"beta = 1, after reset((0, 0)): {label}",
                     how="by hand: count the next cell, then beta / sqrt(count); the start cell counts once",
                     rtol=1e-12, atol=1e-12)
    bonus.reset((0, 0))
    expect_close(bonus.reward((0, 0), (0, 1), 0.0), 1.0, what="after a second reset((0, 0)): reward((0, 0), (0, 1), 0)",
                 how="by hand: episodic counts are emptied at reset, so (0, 1) is new again", rtol=1e-12, atol=1e-12)
    expect_close(bonus.reward((0, 1), (0, 0), 0.0), 1 / math.sqrt(2),
                 what="after a second reset((0, 0)): back to the start cell",
                 how="by hand: the start cell was counted once at reset", rtol=1e-12, atol=1e-12)


def test_against_counter(ex, rng):
    for beta in (0.1, 1.0, 2.5):
        bonus = ex.EpisodicCountBonus(beta)
        for episode in range(3):
            start = tuple(int(v) for v in rng.integers(0, 4, size=2))
            bonus.reset(start)
            visits, cell = Counter([start]), start
            for t in range(40):
                nxt = tuple(int(v) for v in np.clip(np.array(cell) + MOVES[rng.integers(4)], 0, 3))
                extrinsic = float(rng.random() < 0.1)
                probe = tuple(int(v) for v in rng.integers(0, 5, size=2))
                expect_close(bonus.peek(probe), beta / math.sqrt(visits[probe] + 1),
                             what=f"beta = {beta}, episode {episode}, step {t}: peek({probe})",
                             how="beta / sqrt(1 + visits of the cell in this episode), visits from a Counter",
                             rtol=1e-12, atol=1e-12)
                visits[nxt] += 1
                expect_close(bonus.reward(cell, nxt, extrinsic), extrinsic + beta / math.sqrt(visits[nxt]),
                             what=f"beta = {beta}, episode {episode}, step {t}: reward({cell}, {nxt}, {extrinsic})",
                             how="extrinsic + beta / sqrt(visits of the NEXT cell in this episode, this one included), "
                                 "visits from a Counter started at {start: 1}", rtol=1e-12, atol=1e-12)
                cell = nxt


def test_discretise(ex, rng):
    cases = [((5, 9), 4, (1, 2)), ((0, 63), 4, (0, 15)), ((-0.5, 3.99), 1.0, (-1, 3)), ((7.5, -4.0, 2.0), 2.5, (3, -2, 0))]
    for position, size, want in cases:
        got = ex.discretise(position, size)
        expect_equal(tuple(int(v) for v in got), want, what=f"discretise({position}, {size})",
                     how="by hand: floor(p / cell_size) per coordinate (floor, not truncation, below 0)")
        expect(isinstance(got, tuple), "discretise must return a tuple (cells are dict keys)", got=type(got).__name__)


def test_peek_is_the_next_reward(ex, rng):
    bonus = ex.EpisodicCountBonus(0.7)
    bonus.reset((2, 2))
    cell = (2, 2)
    for t in range(30):
        nxt = (cell[0] + MOVES[int(rng.integers(4))][0], cell[1])
        nxt = (nxt[0] % 4, (nxt[1] + int(rng.integers(-1, 2))) % 4)
        promised = bonus.peek(nxt)
        paid = bonus.reward(cell, nxt, 0.0)
        expect_close(paid, promised, what=f"step {t}: reward({cell}, {nxt}, 0) after peek({nxt})",
                     how="peek(c) promises what a move to c pays next (the bonus of the NEXT state, positive)",
                     rtol=1e-12, atol=1e-12)
        cell = nxt


def _world(rng, size=14, wall_rate=0.15):
    free = rng.random((size, size)) >= wall_rate
    free[0, :] = free[-1, :] = free[:, 0] = free[:, -1] = False
    free[size // 2, size // 2] = True
    return free


def _step(free, cell, move):
    nxt = (cell[0] + move[0], cell[1] + move[1])
    return nxt if free[nxt] else cell


def _greedy_episode(ex, free, start, steps, rng):
    """One-step lookahead on the learner's bonus (peek: a known model, gamma = 0); ties at random."""
    bonus = ex.EpisodicCountBonus(1.0)
    bonus.reset(start)
    cell, seen = start, {start}
    for _ in range(steps):
        nexts = [_step(free, cell, move) for move in MOVES]
        values = np.array([bonus.peek(nxt) for nxt in nexts])
        best = np.flatnonzero(values >= values.max() - 1e-12)
        nxt = nexts[int(rng.choice(best))]
        bonus.reward(cell, nxt, 0.0)
        cell = nxt
        seen.add(cell)
    return len(seen)


def _random_episode(free, start, steps, rng):
    cell, seen = start, {start}
    for _ in range(steps):
        cell = _step(free, cell, MOVES[int(rng.integers(4))])
        seen.add(cell)
    return len(seen)


def test_bonus_drives_coverage(ex, rng):
    steps, greedy, walk = 120, [], []
    for seed in range(8):
        world_rng = np.random.default_rng(1000 + seed)
        free = _world(world_rng)
        start = (7, 7)
        greedy.append(_greedy_episode(ex, free, start, steps, np.random.default_rng(seed)))
        walk.append(_random_episode(free, start, steps, np.random.default_rng(seed)))
    expect(np.mean(greedy) >= 1.5 * np.mean(walk),
           "with the count bonus, a one-step greedy agent should visit at least 1.5x as many distinct cells per "
           f"{steps}-step episode as a random walk (8 seeded 14 x 14 worlds with 15 % walls; Bellemare et al. 2016, "
           "Badia et al. 2020: novelty bonuses drive coverage)",
           greedy_cells=greedy, random_walk_cells=walk)
