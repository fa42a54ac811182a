"""Checks for the dynamics ensemble (references: np.mean / np.std for the statistics; the
bootstrap drawn with the stated NumPy call; members refitted in the check by the normal
equations of ridge-free least squares (np.linalg.pinv) on each resample; a known linear system
s' = A s + B a whose A and B every member must recover; PETS §4's claim that bootstrap members
disagree more away from the data; worked examples by hand)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

EPS = 1e-8
KEYS = ["obs_mean", "obs_std", "act_mean", "act_std", "delta_mean", "delta_std"]


def _reference_stats(states, actions, next_states):
    deltas = next_states - states
    return {"obs_mean": np.mean(states, 0), "obs_std": np.std(states, 0), "act_mean": np.mean(actions, 0),
            "act_std": np.std(actions, 0), "delta_mean": np.mean(deltas, 0), "delta_std": np.std(deltas, 0)}


def _reference_predictions(states, actions, next_states, n_members, seed, query_s, query_a):
    """Each member: normalised least squares via the pseudo-inverse on its bootstrap rows."""
    st = _reference_stats(states, actions, next_states)

    def inputs(s, a):
        x = np.hstack([(s - st["obs_mean"]) / (st["obs_std"] + EPS), (a - st["act_mean"]) / (st["act_std"] + EPS)])
        return np.hstack([x, np.ones((len(x), 1))])

    targets = (next_states - states - st["delta_mean"]) / (st["delta_std"] + EPS)
    rows = np.random.default_rng(seed).integers(0, len(states), size=(n_members, len(states)))
    out = []
    for idx in rows:
        w = np.linalg.pinv(inputs(states, actions)[idx]) @ targets[idx]
        out.append(query_s + st["delta_mean"] + (st["delta_std"] + EPS) * (inputs(query_s, query_a) @ w))
    return np.array(out)


def _linear_system(rng, ds=3, da=2):
    a_matrix = np.eye(ds) + rng.normal(scale=0.3, size=(ds, ds))
    b_matrix = rng.normal(size=(ds, da))
    return a_matrix, b_matrix


def _data(rng, n, a_matrix, b_matrix, noise=0.0, scale=1.0):
    states = rng.uniform(-scale, scale, size=(n, a_matrix.shape[0])) + 3.0  # off-centre: normalisation matters
    actions = rng.uniform(-1.0, 1.0, size=(n, b_matrix.shape[1]))
    next_states = states @ a_matrix.T + actions @ b_matrix.T + noise * rng.normal(size=states.shape)
    return states, actions, next_states


def test_hand_example(ex, rng):
    states, actions, next_states = np.array([[0.0], [2.0]]), np.array([[1.0], [3.0]]), np.array([[1.0], [5.0]])
    stats = ex.normalization_statistics(states, actions, next_states)
    for key, value in zip(KEYS, [1.0, 1.0, 2.0, 1.0, 2.0, 1.0]):
        expect_close(stats[key], np.array([value]), what=f"stats['{key}'] for the docstring's example",
                     how="by hand: states [0, 2], actions [1, 3], deltas s' - s = [1, 3]; population std",
                     rtol=1e-12, atol=1e-12)
    expect_close(ex.model_inputs(stats, np.array([[0.0]]), np.array([[1.0]])), np.array([[-1.0, -1.0]]),
                 what="model_inputs at (s, a) = (0, 1)", how="by hand: [(0 - 1) / 1, (1 - 2) / 1]",
                 rtol=1e-7, atol=1e-7)


def test_normalization_statistics(ex, rng):
    for n, ds, da in [(50, 3, 2), (7, 4, 1), (2, 1, 3), (1, 2, 2)]:
        states = rng.normal(loc=5.0, scale=3.0, size=(n, ds))
        actions = rng.normal(scale=0.5, size=(n, da))
        next_states = states + rng.normal(loc=-1.0, scale=0.1, size=(n, ds))
        got = ex.normalization_statistics(states, actions, next_states)
        want = _reference_stats(states, actions, next_states)
        for key in KEYS:
            expect_close(got[key], want[key], what=f"stats['{key}'] for (N, d_s, d_a) = {(n, ds, da)}",
                         how="np.mean / np.std (ddof 0) over axis 0 of states, actions and deltas = next - states",
                         rtol=1e-9, atol=1e-12)
        got_inputs = ex.model_inputs(got, states, actions)
        want_inputs = np.hstack([(states - want["obs_mean"]) / (want["obs_std"] + EPS),
                                 (actions - want["act_mean"]) / (want["act_std"] + EPS)])
        expect_close(got_inputs, want_inputs, what=f"model_inputs for (N, d_s, d_a) = {(n, ds, da)}",
                     how="[(s - obs_mean) / (obs_std + EPS), (a - act_mean) / (act_std + EPS)]: the inputs "
                         "use the INPUT statistics, not the targets' (delta) ones", rtol=1e-7, atol=1e-7,
                     inputs={"states": states, "actions": actions})


def test_bootstrap_indices(ex, rng):
    for n, m, seed in [(50, 5, 0), (1, 3, 4), (200, 2, 11)]:
        got = np.asarray(ex.bootstrap_indices(n, m, seed))
        want = np.random.default_rng(seed).integers(0, n, size=(m, n))
        expect_equal(got, want, what=f"bootstrap_indices({n}, {m}, seed={seed})",
                     how="np.random.default_rng(seed).integers(0, n, size=(n_members, n)): uniform, WITH replacement")
    rows = np.asarray(ex.bootstrap_indices(200, 2, 3))
    unique = len(np.unique(rows[0]))
    expect(unique < 160, f"a bootstrap resample of 200 indices holds {unique} distinct ones; drawn with replacement "
           "it holds about 200 (1 - 1/e) ~ 126: a permutation (without replacement) gives every member the same data",
           distinct=unique)


def test_linear_system_recovered(ex, rng):
    a_matrix, b_matrix = _linear_system(rng)
    states, actions, next_states = _data(rng, 100, a_matrix, b_matrix)
    model = ex.fit_ensemble(states, actions, next_states, 4, 0)
    query_s, query_a = rng.normal(scale=4.0, size=(20, 3)), rng.normal(scale=2.0, size=(20, 2))
    got = np.asarray(ex.predict(model, query_s, query_a))
    expect_equal(got.shape, (4, 20, 3), what="predict(...).shape", how="(members, queries, state dimension)")
    want = query_s @ a_matrix.T + query_a @ b_matrix.T
    for m in range(4):
        expect_close(got[m], want, what=f"member {m}'s predictions on a noise-free linear system",
                     how="s' = A s + B a with the known A, B (every bootstrap resample determines them exactly): "
                         "predict the normalised delta, unnormalise it, add s", rtol=1e-6, atol=1e-6,
                     inputs={"A": a_matrix, "B": b_matrix})
    zero_s, zero_a = np.zeros((1, 3)), np.zeros((1, 2))
    recovered_a = np.stack([np.asarray(ex.predict(model, np.eye(3)[[i]], zero_a))[0, 0] for i in range(3)], axis=1)
    recovered_b = np.stack([np.asarray(ex.predict(model, zero_s, np.eye(2)[[j]]))[0, 0] for j in range(2)], axis=1)
    expect_close(recovered_a, a_matrix, what="A read off member 0 (predictions at s = e_i, a = 0)",
                 how="the true A of the system", rtol=1e-6, atol=1e-6)
    expect_close(recovered_b, b_matrix, what="B read off member 0 (predictions at s = 0, a = e_j)",
                 how="the true B of the system", rtol=1e-6, atol=1e-6)


def test_members_match_bootstrap_fits(ex, rng):
    a_matrix, b_matrix = _linear_system(rng, 2, 1)
    for n, m, seed in [(40, 3, 1), (15, 5, 2)]:
        states, actions, next_states = _data(rng, n, a_matrix, b_matrix, noise=0.3)
        model = ex.fit_ensemble(states, actions, next_states, m, seed)
        query_s, query_a = rng.normal(scale=2.0, size=(6, 2)) + 3.0, rng.normal(size=(6, 1))
        want = _reference_predictions(states, actions, next_states, m, seed, query_s, query_a)
        expect_close(ex.predict(model, query_s, query_a), want, what=f"ensemble predictions, N = {n}, M = {m}",
                     how="per member: pinv least squares of the normalised deltas on [normalised s, a, 1] over "
                         "the rows bootstrap_indices(N, M, seed)[m]; s + delta_mean + (delta_std + EPS) * output",
                     rtol=1e-6, atol=1e-6)


def test_disagreement_grows_off_distribution(ex, rng):
    a_matrix, b_matrix = _linear_system(rng)
    states, actions, next_states = _data(rng, 60, a_matrix, b_matrix, noise=0.2)
    model = ex.fit_ensemble(states, actions, next_states, 5, 3)
    near_s = rng.uniform(-1.0, 1.0, size=(50, 3)) + 3.0
    far_s = near_s + 10.0 * rng.choice([-1.0, 1.0], size=(50, 3))
    query_a = rng.uniform(-1.0, 1.0, size=(50, 2))
    near = float(np.asarray(ex.predict(model, near_s, query_a)).std(axis=0).mean())
    far = float(np.asarray(ex.predict(model, far_s, query_a)).std(axis=0).mean())
    expect(near > 1e-4, f"the members agree exactly on the training region (spread {near:.3g}): each member must be "
           "fitted on its OWN bootstrap resample, so that noisy data gives them different weights", spread=near)
    expect(far > 3.0 * near, f"the ensemble's spread far from the data ({far:.3g}) is not more than 3 times its "
           f"spread on the training region ({near:.3g}): bootstrap members disagree where they have no data "
           "(Chua et al. 2018 §4, epistemic uncertainty)", near_spread=near, far_spread=far)
