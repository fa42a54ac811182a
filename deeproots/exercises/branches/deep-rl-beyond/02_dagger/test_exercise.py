"""Checks for DAgger (references: the environment, the expert, the radial-basis features
(scipy.spatial.distance.cdist) and the ridge fit (np.linalg.lstsq on the augmented system)
re-derived in the check; Ross et al. 2011 §3 Algorithm 1 step by step on the learner's own
weights; and the paper's claim, reproduced over 5 seeds: with the same number of expert labels,
DAgger's policy tracks far better than behaviour cloning's and comes close to the expert)."""
import math

import numpy as np
from scipy.spatial.distance import cdist

from deeproots.grading.checks import expect, expect_close, expect_equal

DX, GROWTH, GAIN, YMAX, RIDGE, WIDTH = 0.1, 0.3, 0.5, 2.0, 1e-3, 0.5
CENTRES = np.array([[x, y] for y in np.linspace(-2.0, 2.0, 9) for x in np.linspace(0.0, 4.0, 9)])
HORIZON = 40


def _expert(states):
    x, y = states[:, 0], states[:, 1]
    return np.sin(x + DX) - np.sin(x) - (1.0 + GROWTH - GAIN) * (y - np.sin(x))


def _features(states):
    return np.hstack([np.exp(-cdist(states, CENTRES, "sqeuclidean") / (2 * WIDTH ** 2)), np.ones((len(states), 1))])


def _fit(states, actions):
    """Ridge as least squares on [phi; sqrt(ridge) I] w = [a; 0]."""
    phi = _features(states)
    augmented = np.vstack([phi, math.sqrt(RIDGE) * np.eye(phi.shape[1])])
    return np.linalg.lstsq(augmented, np.concatenate([actions, np.zeros(phi.shape[1])]), rcond=None)[0]


def _rollout(weights, starts, horizon):
    n = len(starts)
    states, actions = np.zeros((n, horizon, 2)), np.zeros((n, horizon))
    for i in range(n):
        x, y = starts[i]
        for t in range(horizon):
            s = np.array([[x, y]])
            a = float(_expert(s)[0] if weights is None else (_features(s) @ weights)[0])
            states[i, t], actions[i, t] = (x, y), a
            x, y = x + DX, min(max(y + a + GROWTH * (y - math.sin(x)), -YMAX), YMAX)
    return states, actions


def _starts(rng, n):
    return np.stack([np.zeros(n), rng.normal(scale=0.2, size=n)], axis=1)


def _cost(weights, starts):
    states, _ = _rollout(weights, starts, HORIZON)
    return float(np.mean((states[:, :, 1] - np.sin(states[:, :, 0])) ** 2))


def test_rollout_hand_example(ex, rng):
    states, actions = ex.rollout(None, np.array([[0.0, 0.2]]), 2)
    a0 = math.sin(0.1) - 0.8 * 0.2
    y1 = 0.2 + a0 + 0.3 * 0.2
    a1 = math.sin(0.2) - math.sin(0.1) - 0.8 * (y1 - math.sin(0.1))
    expect_close(states, np.array([[[0.0, 0.2], [0.1, y1]]]), what="rollout(None, [[0, 0.2]], 2) states",
                 how="by hand: the start state, then (0.1, 0.2 + a0 + 0.3 * 0.2) = (0.1, 0.1998) (error halved)",
                 rtol=1e-9, atol=1e-12)
    expect_close(actions, np.array([[a0, a1]]), what="rollout(None, [[0, 0.2]], 2) actions",
                 how="by hand: a0 = sin(0.1) - 0.8 * 0.2; a1 = sin(0.2) - sin(0.1) - 0.8 * 0.1 (the state in "
                     "which each action was taken, the start state first)", rtol=1e-9, atol=1e-12)


def test_rollout_matches_reference(ex, rng):
    for n, horizon in [(1, 1), (3, 7), (2, 15)]:
        starts = np.stack([rng.uniform(0, 1, size=n), rng.normal(size=n)], axis=1)
        for weights in (None, rng.normal(scale=0.3, size=82)):
            got_states, got_actions = ex.rollout(weights, starts, horizon)
            want_states, want_actions = _rollout(weights, starts, horizon)
            who = "the expert" if weights is None else "a learner with random weights"
            expect_close(got_states, want_states, what=f"rollout states of {who}, n = {n}, horizon = {horizon}",
                         how="a step-by-step loop in the check: record (x, y), act, x += 0.1, "
                             "y = clip(y + a + 0.3 (y - sin x), -2, 2)", rtol=1e-9, atol=1e-9,
                         inputs={"start_states": starts})
            expect_close(got_actions, want_actions, what=f"rollout actions of {who}, n = {n}, horizon = {horizon}",
                         how="the expert's formula, or features (scipy cdist RBFs + 1) @ weights, at each "
                             "recorded state", rtol=1e-9, atol=1e-9, inputs={"start_states": starts})


def test_dagger_follows_algorithm(ex, rng):
    n0, n, n_iters = 2, 2, 3
    initial, iteration = _starts(rng, n0), np.stack([_starts(rng, n) for _ in range(n_iters)])
    weights, states, labels = ex.dagger(initial, iteration, HORIZON)
    block = n * HORIZON
    size = (n0 + n_iters * n) * HORIZON
    expect_equal(tuple(np.shape(states)), (size, 2), what="the aggregated data set's states shape",
                 how=f"(n0 + n_iters * n) * horizon = ({n0} + {n_iters} * {n}) * {HORIZON} rows: DAgger "
                     "AGGREGATES (D = D U D_i), it never replaces the data set")
    expect_equal(tuple(np.shape(weights)), (n_iters + 1, 82), what="the weights history shape",
                 how="the first fit on the expert data, then one refit per iteration")
    expert_states, _ = _rollout(None, initial, HORIZON)
    expect_close(states[:n0 * HORIZON], expert_states.reshape(-1, 2), what="the first n0 * horizon states",
                 how="the expert's rollouts from initial_starts (the data set starts with the expert's data and keeps it)",
                 rtol=1e-9, atol=1e-9)
    expect_close(labels, _expert(states), what="every label of the aggregated data set",
                 how="the EXPERT's action at each stored state (DAgger asks the expert what it would have done; "
                     "the learner's own actions would teach it nothing new)", rtol=1e-9, atol=1e-9)
    for i in range(1, n_iters + 1):
        rows = slice(n0 * HORIZON + (i - 1) * block, n0 * HORIZON + i * block)
        learner_states, _ = _rollout(weights[i - 1], iteration[i - 1], HORIZON)
        expert_states, _ = _rollout(None, iteration[i - 1], HORIZON)
        expect(not np.allclose(states[rows], expert_states.reshape(-1, 2), atol=1e-6),
               f"the states added at iteration {i} are the EXPERT's trajectories: DAgger rolls out the "
               "LEARNER (the policy of the previous iteration) so that it sees its own mistakes")
        expect_close(states[rows], learner_states.reshape(-1, 2), what=f"the states added at iteration {i}",
                     how=f"the check's rollout of YOUR weights[{i - 1}] from iteration_starts[{i - 1}], "
                         "flattened with reshape(-1, 2)", rtol=1e-9, atol=1e-9)
    for i in range(n_iters + 1):
        rows = (n0 + i * n) * HORIZON
        expect_close(weights[i], _fit(states[:rows], _expert(states[:rows])), what=f"weights[{i}]",
                     how=f"ridge fit (np.linalg.lstsq, ridge 1e-3) on the first {rows} rows of the data set: "
                         "everything gathered so far", rtol=1e-5, atol=1e-6)


def test_dagger_beats_behaviour_cloning(ex, rng):
    n0, n, n_iters, wins, dagger_costs, bc_costs = 2, 2, 6, 0, [], []
    for seed in range(5):
        seeded = np.random.default_rng(seed)
        initial, iteration = _starts(seeded, n0), np.stack([_starts(seeded, n) for _ in range(n_iters)])
        weights, _, _ = ex.dagger(initial, iteration, HORIZON)
        all_starts = np.concatenate([initial, iteration.reshape(-1, 2)])
        bc_states, _ = _rollout(None, all_starts, HORIZON)
        bc_states = bc_states.reshape(-1, 2)
        bc_weights = _fit(bc_states, _expert(bc_states))  # the same number of expert labels
        evaluation = _starts(np.random.default_rng(100 + seed), 10)
        dagger_cost, bc_cost, expert_cost = _cost(weights[-1], evaluation), _cost(bc_weights, evaluation), \
            _cost(None, evaluation)
        dagger_costs.append(dagger_cost)
        bc_costs.append(bc_cost)
        wins += dagger_cost < 0.5 * bc_cost and dagger_cost < 2.0 * expert_cost
    expect(wins >= 4, f"DAgger's final policy beat behaviour cloning (cost below half of BC's, and within a factor "
           f"2 of the expert's) in only {wins} of 5 seeds; Ross et al. 2011 §3/§5: with the same "
           f"{(n0 + n_iters * n) * HORIZON} expert labels, DAgger trained on the learner's own state distribution "
           "tracks almost like the expert while BC's errors compound (cost = mean squared distance to the track "
           "over 10 new starts, 40 steps)", dagger_costs=np.array(dagger_costs), bc_costs=np.array(bc_costs))
