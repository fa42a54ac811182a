"""Checks for random-shooting and CEM model-predictive control (references: the double
integrator's return written as a scalar loop in the check; brute force over discretised action
grids (itertools.product) for 2- and 3-step horizons; the stated sampling re-run in the check for
shooting and CEM; CS285 lecture 10's claims: CEM beats random shooting at the same number of
model evaluations, and replanning MPC drives the system to the target)."""
import itertools

import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

DT, TARGET, LOW, HIGH = 0.5, 1.0, -1.0, 1.0


def _return(state, sequence):
    p, v = float(state[0]), float(state[1])
    total = 0.0
    for a in sequence:
        total += -(p - TARGET) ** 2 - 0.1 * v ** 2 - 0.01 * a ** 2
        v = v + DT * a
        p = p + DT * v
    return total


def _returns(state, sequences):
    return np.array([_return(state, row) for row in sequences])


def _grid(levels, horizon):
    return np.array(list(itertools.product(levels, repeat=horizon)))


def _vector_returns(state, sequences):
    """The same return, vectorised over sequences (for big grids)."""
    p = np.full(len(sequences), float(state[0]))
    v = np.full(len(sequences), float(state[1]))
    total = np.zeros(len(sequences))
    for a in sequences.T:
        total += -(p - TARGET) ** 2 - 0.1 * v ** 2 - 0.01 * a ** 2
        v = v + DT * a
        p = p + DT * v
    return total


def _reference_cem(state, horizon, n_samples, n_elites, n_iters, seed):
    rng = np.random.default_rng(seed)
    mean, std = np.zeros(horizon), np.ones(horizon) * (HIGH - LOW) / 2
    for _ in range(n_iters):
        samples = np.clip(mean + std * rng.standard_normal((n_samples, horizon)), LOW, HIGH)
        order = np.argsort(-_vector_returns(state, samples), kind="stable")
        elites = samples[order[:n_elites]]
        mean, std = np.mean(elites, axis=0), np.std(elites, axis=0)
    return mean


def test_hand_example(ex, rng):
    got = ex.evaluate_sequences(np.array([0.0, 0.0]), np.array([[1.0], [0.0]]))
    expect_close(got, np.array([-1.01, -1.0]), what="evaluate_sequences((0, 0), [[1], [0]])",
                 how="by hand: r(s_0, a_0) = -(0 - 1)^2 - 0 - 0.01 a^2 (the reward of the CURRENT state)",
                 rtol=1e-12, atol=1e-12)
    got = ex.evaluate_sequences(np.array([0.0, 0.0]), np.array([[1.0, 0.0]]))
    expect_close(got, np.array([-1.5975]), what="evaluate_sequences((0, 0), [[1, 0]])",
                 how="by hand: -1.01, then v = 0.5, p = 0.25: -(0.75)^2 - 0.1 * 0.25 = -0.5875 (the rewards SUMMED "
                     "over the horizon)", rtol=1e-12, atol=1e-12)


def test_evaluate_sequences_random(ex, rng):
    for k, h, scale in [(1, 1, 1.0), (7, 5, 1.0), (30, 12, 1.0), (4, 3, 100.0)]:
        state = rng.normal(scale=scale, size=2)
        sequences = rng.uniform(LOW, HIGH, size=(k, h))
        expect_close(ex.evaluate_sequences(state, sequences), _returns(state, sequences),
                     what=f"evaluate_sequences, K = {k}, H = {h}",
                     how="a scalar loop per sequence: total += r(p, v, a); v += DT a; p += DT v",
                     rtol=1e-10, atol=1e-9, inputs={"state": state, "sequences": sequences})


def test_best_first_action_brute_force(ex, rng):
    state = np.array([0.0, 0.0])
    got = ex.best_first_action(state, _grid(np.linspace(-1, 1, 21), 1))
    expect_close(got, 0.0, what="best_first_action over a one-step grid", how="by hand: with H = 1 only the action "
                 "cost -0.01 a^2 depends on a (the reward is on the current state), so a = 0", rtol=0, atol=1e-12)
    for state, levels, horizon in [((0.0, 0.0), 41, 2), ((1.5, 0.4), 41, 2), ((-0.5, 0.2), 15, 3), ((0.9, -0.6), 15, 3)]:
        state = np.array(state)
        sequences = _grid(np.linspace(LOW, HIGH, levels), horizon)
        sequences = sequences[rng.permutation(len(sequences))]  # the best one is not where a sort would put it
        want = sequences[np.argmax(_returns(state, sequences)), 0]
        expect_close(ex.best_first_action(state, sequences), want,
                     what=f"best_first_action from {tuple(state)} over a {levels}^{horizon} grid of sequences",
                     how="brute force: the FIRST action of the sequence of largest summed return (scalar loops)",
                     rtol=0, atol=1e-12)


def test_random_shooting(ex, rng):
    for state, horizon, k, seed in [((0.0, 0.0), 3, 50, 0), ((2.0, -1.0), 6, 200, 5), ((0.3, 0.1), 1, 1, 2)]:
        state = np.array(state)
        sequences = np.random.default_rng(seed).uniform(LOW, HIGH, size=(k, horizon))
        want = sequences[np.argmax(_returns(state, sequences))]
        expect_close(ex.random_shooting(state, horizon, k, seed), want,
                     what=f"random_shooting from {tuple(state)}, H = {horizon}, K = {k}, seed = {seed}",
                     how="the best (largest summed return) of np.random.default_rng(seed).uniform(-1, 1, (K, H))",
                     rtol=1e-12, atol=1e-12)


def test_cem_matches_stated_algorithm(ex, rng):
    for state, horizon, k, elites, iters, seed in [((0.0, 0.0), 4, 50, 5, 3, 0), ((2.0, -1.0), 6, 64, 8, 4, 3),
                                                    ((0.5, 0.5), 1, 10, 2, 2, 1)]:
        state = np.array(state)
        expect_close(ex.cem(state, horizon, k, elites, iters, seed),
                     _reference_cem(state, horizon, k, elites, iters, seed),
                     what=f"cem from {tuple(state)}, H = {horizon}, K = {k}, elites = {elites}, iters = {iters}",
                     how="the stated CEM re-run in the check: clip(mean + std * standard_normal((K, H))), the "
                         f"{elites} LARGEST returns, mean and np.std of the elites refitted every iteration",
                     rtol=1e-9, atol=1e-9)


def test_cem_finds_grid_optimum(ex, rng):
    fine = _grid(np.linspace(LOW, HIGH, 201), 2)
    for state in [(0.0, 0.0), (1.5, 0.4), (0.6, -0.3)]:
        state = np.array(state)
        best = fine[np.argmax(_vector_returns(state, fine))]
        got = ex.cem(state, 2, 200, 20, 10, 7)
        expect_close(got, best, what=f"cem's final mean for H = 2 from {tuple(state)} (200 samples, 20 elites, 10 iters)",
                     how="brute force over a 201 x 201 grid of action pairs in [-1, 1] (spacing 0.01)",
                     rtol=0, atol=0.02)


def test_cem_beats_random_shooting(ex, rng):
    wins, cem_returns, shooting_returns = 0, [], []
    for seed in range(5):
        state = np.random.default_rng(50 + seed).uniform(-2.0, 2.0, size=2)
        cem_plan = ex.cem(state, 10, 100, 10, 5, seed)            # 5 x 100 = 500 model rollouts
        shooting_plan = ex.random_shooting(state, 10, 500, seed)  # 500 model rollouts
        cem_returns.append(_return(state, cem_plan))
        shooting_returns.append(_return(state, shooting_plan))
        wins += cem_returns[-1] > shooting_returns[-1]
    expect(wins >= 4, f"CEM's plan beat random shooting's in only {wins} of 5 starts at the same budget of 500 "
           "sequence evaluations (H = 10): CEM concentrates its samples around the elites (CS285 lecture 10)",
           cem_returns=np.array(cem_returns), shooting_returns=np.array(shooting_returns))


def test_run_mpc_reaches_target(ex, rng):
    for start in [(0.0, 0.0), (2.5, 1.0)]:
        start = np.array(start)
        states, actions = ex.run_mpc(start, 20, 6, 100, 10, 10, 11)
        expect_equal(np.shape(states), (21, 2), what="run_mpc states shape", how="the start and one state per step")
        expect_close(actions[0], _reference_cem(start, 6, 100, 10, 10, 11)[0], what="run_mpc's first executed action",
                     how="the FIRST action of cem(start, 6, 100, 10, 10, seed = 11), re-run in the check "
                         "(not the last one, nor the plan's average)", rtol=1e-9, atol=1e-9)
        p, v = start
        for t, a in enumerate(actions):
            v, p = v + DT * a, p + DT * (v + DT * a)
            expect_close(states[t + 1], np.array([p, v]), what=f"run_mpc state {t + 1}",
                         how="the dynamics applied to the executed actions", rtol=1e-9, atol=1e-9)
        settled = float(np.abs(states[-5:] - np.array([TARGET, 0.0])).max())
        expect(settled < 0.25, f"over the last 5 of 20 MPC steps from {tuple(start)} the state strays {settled:.3g} "
               "from rest at p = 1 (max of |p - 1| and |v|; a correct controller stays within about 0.1, doing "
               "nothing stays 1 away from (0, 0)): replan from each new state and execute the plan's first action",
               last_states=states[-5:])
