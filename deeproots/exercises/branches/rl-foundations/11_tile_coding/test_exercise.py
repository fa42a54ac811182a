"""Checks for tile coding and semi-gradient Sarsa (references: the tiles computed one
tiling and one dimension at a time with math.floor, the eq. 10.1 update written out, and
S&B Example 10.1 / Figure 10.2 for learning mountain car; the random policy is run here)."""
import math

import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

MC_BOUNDS = np.array([[-1.2, 0.5], [-0.07, 0.07]])


def _tiles_reference(state, bounds, n_tilings, tiles_per_dim):
    """Slow: for each tiling, shift each coordinate by i (2j + 1) / n tile widths (mod 1)."""
    d = len(state)
    per_dim = tiles_per_dim + 1
    out = []
    for i in range(n_tilings):
        flat = 0
        for j in range(d):
            low, high = float(bounds[j][0]), float(bounds[j][1])
            width = (high - low) / tiles_per_dim
            shift = ((i * (2 * j + 1)) % n_tilings) / n_tilings
            c = math.floor((float(state[j]) - low) / width + shift)
            flat = flat * per_dim + c
        out.append(i * per_dim ** d + flat)
    return np.array(out)


def _random_states(rng, bounds, k):
    bounds = np.asarray(bounds, dtype=float)
    return bounds[:, 0] + rng.random((k, len(bounds))) * (bounds[:, 1] - bounds[:, 0])


CASES = [  # (bounds, n_tilings, tiles_per_dim)
    ([[0.0, 1.0]], 1, 1), ([[0.0, 1.0]], 4, 5), (MC_BOUNDS, 8, 8),
    ([[-2.0, 3.0], [0.0, 0.5], [10.0, 20.0]], 5, 3), (MC_BOUNDS, 16, 4),
]


def test_hand_example(ex, rng):
    got = np.asarray(ex.tile_indices(np.array([0.3]), np.array([[0.0, 1.0]]), 2, 2))
    expect_equal(got, np.array([0, 4]), what="tile_indices(0.3) on [0, 1], 2 tilings of 2 tiles",
                 how="by hand: u = 0.6, offsets 0 and 1/2: tiles 0 and 1, blocks of M = 3: [0, 3 + 1]")
    got = np.asarray(ex.tile_indices(np.array([1.0]), np.array([[0.0, 1.0]]), 2, 2))
    expect_equal(got, np.array([2, 5]), what="tile_indices(1.0) (the upper bound)",
                 how="by hand: u = 2, offsets 0 and 1/2: tile 2 (the extra one) in both tilings")


def test_one_active_tile_per_tiling(ex, rng):
    for bounds, n_tilings, tiles in CASES:
        d = len(bounds)
        M = (tiles + 1) ** d
        states = np.vstack([_random_states(rng, bounds, 20), np.asarray(bounds, float).T])
        for s in states:
            idx = np.asarray(ex.tile_indices(s, np.asarray(bounds, float), n_tilings, tiles))
            expect_equal(idx.shape, (n_tilings,), what="shape of tile_indices",
                         how="one active feature per tiling", inputs={"state": s})
            expect_equal(idx // M, np.arange(n_tilings), what="the tiling block of each index",
                         how=f"tiling i owns indices i*M .. (i+1)*M - 1, M = ({tiles}+1)^{d}",
                         inputs={"state": s, "bounds": bounds, "n_tilings": n_tilings,
                                 "tiles_per_dim": tiles})


def test_indices_match_slow_reference(ex, rng):
    for bounds, n_tilings, tiles in CASES:
        b = np.asarray(bounds, float)
        states = np.vstack([_random_states(rng, b, 30), b.T, b.mean(axis=1)])
        for s in states:
            expect_equal(np.asarray(ex.tile_indices(s, b, n_tilings, tiles)),
                         _tiles_reference(s, b, n_tilings, tiles),
                         what="tile indices", inputs={"state": s, "bounds": b,
                                                      "n_tilings": n_tilings, "tiles_per_dim": tiles},
                         how="one tiling and one dimension at a time: floor(u_j + "
                             "((i (2j+1)) mod n) / n), row-major inside the tiling's block")


def test_generalisation(ex, rng):
    n, tiles = 8, 8
    width = (MC_BOUNDS[:, 1] - MC_BOUNDS[:, 0]) / tiles
    inner = MC_BOUNDS + np.array([[1, -1], [1, -1]]) * width[:, None] * 1.5
    for s in _random_states(rng, inner, 40):
        idx = np.asarray(ex.tile_indices(s, MC_BOUNDS, n, tiles))
        near = s + rng.uniform(-0.1, 0.1, size=2) * width
        shared = len(set(idx.tolist()) & set(np.asarray(ex.tile_indices(near, MC_BOUNDS, n, tiles)).tolist()))
        expect(shared >= n - 2, f"states 0.1 tile width apart should share at least {n - 2} of "
               f"{n} tiles (each dimension can cross a tile edge in at most ceil(0.1 * 8) = 1 "
               f"tiling); they share {shared}", state=s, other=near)
        far = s + np.array([1.2, 0.0]) * width * rng.choice([-1, 1])
        shared = len(set(idx.tolist()) & set(np.asarray(ex.tile_indices(far, MC_BOUNDS, n, tiles)).tolist()))
        expect(shared == 0, "states more than one tile width apart in position share no tile; "
               f"they share {shared}", state=s, other=far)


def test_sarsa_update_formula(ex, rng):
    n, tiles, n_actions = 8, 4, 3
    n_features = n * (tiles + 1) ** 2
    for case in range(6):
        w = rng.normal(size=(n_actions, n_features))
        s, s2 = _random_states(rng, MC_BOUNDS, 2)
        f, f2 = _tiles_reference(s, MC_BOUNDS, n, tiles), _tiles_reference(s2, MC_BOUNDS, n, tiles)
        a, r, alpha, gamma, done = int(rng.integers(3)), -1.0, 0.5, 0.9, case == 5
        q2 = w[:, f2].sum(axis=1)
        a2 = int(np.argmin(q2))  # not the greedy action: Sarsa uses the action actually taken
        expect_close(np.asarray(ex.q_values(w, f)), w[:, f].sum(axis=1), what="q_values",
                     how="sum of w[a, k] over the active features k", rtol=1e-12, atol=1e-12)
        delta = r + (0.0 if done else gamma * q2[a2]) - w[a, f].sum()
        expected = w.copy()
        expected[a, f] += alpha / n * delta
        before = w.copy()
        got = ex.sarsa_update(w, f, a, r, f2, a2, done, alpha, gamma)
        expect_close(got, expected, what=f"w after one semi-gradient Sarsa step (done={done})",
                     how="eq. 10.1: w[A, k] += alpha / n_tilings (R + gamma q(S', A') - q(S, A)), "
                         "q(S', A') = 0 when done; A' the given (non-greedy) next action",
                     rtol=1e-12, atol=1e-12, inputs={"action": a, "next_action": a2, "alpha": alpha})
        expect(np.array_equal(w, before), "sarsa_update modified w in place: update a copy")



def _mountain_car_step(x, v, action):
    v = min(max(v + 0.001 * (action - 1) - 0.0025 * math.cos(3 * x), -0.07), 0.07)
    x += v
    if x <= -1.2:
        x, v = -1.2, 0.0
    return x, v, x >= 0.5


def test_learns_mountain_car(ex, rng):
    episodes, cap = 20, 5000
    random_steps = []
    for k in range(5):
        x, v = rng.uniform(-0.6, -0.4), 0.0
        for t in range(1, cap + 1):
            x, v, done = _mountain_car_step(x, v, int(rng.integers(3)))
            if done:
                break
        random_steps.append(t)
    random_mean = float(np.mean(random_steps))
    late = []
    for seed in range(3):
        steps = np.asarray(ex.train_sarsa(episodes, 8, 8, 0.5, 0.0, seed, cap))
        expect_equal(steps.shape, (episodes,), what="shape of train_sarsa's result",
                     how="one step count per episode")
        late.append(steps[10:].mean())
        expect(steps[10:].mean() < 0.6 * steps[:2].mean(),
               f"steps per episode should fall: episodes 11-20 average {steps[10:].mean():.0f}, "
               f"episodes 1-2 {steps[:2].mean():.0f} (seed {seed})", steps=steps)
    expect(max(late) < 500 and random_mean > 4 * max(late),
           "8 tilings of 8x8 tiles, alpha = 0.5 (0.5/8 per tile), epsilon = 0: S&B Figure 10.2 "
           "reaches a few hundred steps per episode within 20 episodes; expected episodes 11-20 "
           f"to average under 500 steps and under a quarter of the random policy's {random_mean:.0f} "
           f"(capped at {cap}, run here); got {[round(float(m)) for m in late]} over seeds 0-2",
           random_steps=random_steps)
