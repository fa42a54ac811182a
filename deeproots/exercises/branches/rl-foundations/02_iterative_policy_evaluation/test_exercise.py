"""Checks for iterative policy evaluation (references: the sweep written out with explicit
sums, numpy.linalg.solve of the Bellman system, S&B Figure 4.1)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

MOVES = [(-1, 0), (1, 0), (0, 1), (0, -1)]  # up, down, right, left


def _gridworld_4x4():
    """S&B Example 4.1 as an environment would encode it: every move costs -1, even from the
    corners 0 and 15; only the terminal mask says that the episode ends there."""
    P, R = np.zeros((16, 4, 16)), np.full((16, 4), -1.0)
    for s in range(16):
        row, col = divmod(s, 4)
        for a, (dr, dc) in enumerate(MOVES):
            r2, c2 = row + dr, col + dc
            P[s, a, r2 * 4 + c2 if 0 <= r2 < 4 and 0 <= c2 < 4 else s] = 1.0
    terminal = np.zeros(16, dtype=bool)
    terminal[[0, 15]] = True
    return P, R, terminal


def _random_mdp(rng, S, A):
    return (rng.dirichlet(np.ones(S), size=(S, A)), rng.normal(size=(S, A)),
            rng.dirichlet(np.ones(A), size=S))


def _model(P, R, pi):
    S, A = R.shape
    P_pi, r_pi = np.zeros((S, S)), np.zeros(S)
    for s in range(S):
        for a in range(A):
            P_pi[s] += pi[s, a] * P[s, a]
            r_pi[s] += pi[s, a] * R[s, a]
    return P_pi, r_pi


def _reference(P, R, pi, gamma, theta, terminal=None, max_sweeps=10_000):
    """Synchronous sweeps from v = 0; returns (v, sweeps, the last two changes)."""
    P_pi, r_pi = _model(P, R, pi)
    v = np.zeros(len(r_pi))
    deltas = []
    while True:
        v_new = r_pi + gamma * P_pi @ v
        if terminal is not None:
            v_new[terminal] = 0.0
        deltas.append(np.max(np.abs(v_new - v)))
        v = v_new
        if deltas[-1] < theta or len(deltas) >= max_sweeps:
            return v, len(deltas), deltas


def test_hand_example(ex, rng):
    P, R, pi = np.ones((1, 1, 1)), np.ones((1, 1)), np.ones((1, 1))
    v, sweeps = ex.iterative_policy_evaluation(P, R, pi, 0.5, 0.3)
    expect_close(v, np.array([1.75]), what="v", how="by hand: 0 -> 1 -> 1.5 -> 1.75",
                 rtol=0, atol=1e-12)
    expect_equal(int(sweeps), 3, what="number of sweeps",
                 how="by hand: changes 1, 0.5, 0.25; the third is the first below theta = 0.3")
    v, sweeps = ex.iterative_policy_evaluation(P, R, pi, 0.5, 0.3, None, 2)
    expect_close(v, np.array([1.5]), what="v with max_sweeps = 2", how="by hand: 0 -> 1 -> 1.5",
                 rtol=0, atol=1e-12)
    expect_equal(int(sweeps), 2, what="number of sweeps with max_sweeps = 2", how="max_sweeps")


def test_one_sweep_matches_definition(ex, rng):
    for S, A in [(1, 1), (3, 2), (5, 4), (9, 3)]:
        P, R, pi = _random_mdp(rng, S, A)
        v = rng.normal(size=S)
        gamma = float(rng.uniform(0.3, 1.0))
        terminal = rng.random(S) < 0.3
        P_pi, r_pi = _model(P, R, pi)
        for mask in (None, terminal):
            expected = r_pi + gamma * P_pi @ v
            if mask is not None:
                expected[mask] = 0.0
            got = ex.evaluation_sweep(P, R, pi, v, gamma, mask)
            expect_close(got, expected, what=f"evaluation_sweep for S={S}, A={A}",
                         how="r_pi + gamma P_pi v with sums over actions, 0 at terminal states",
                         rtol=1e-10, atol=1e-12,
                         inputs={"P": P, "R": R, "pi": pi, "v": v, "gamma": gamma, "terminal": mask})


def test_gridworld_first_sweeps(ex, rng):
    P, R, terminal = _gridworld_4x4()
    pi = np.full((16, 4), 0.25)
    book = {1: [0.0, -1.0, -1.0, -1.0], 2: [0.0, -1.7, -2.0, -2.0], 3: [0.0, -2.4, -2.9, -3.0],
            10: [0.0, -6.1, -8.4, -9.0]}
    for k, row in book.items():
        v, sweeps = ex.iterative_policy_evaluation(P, R, pi, 1.0, 1e-8, terminal, k)
        v = np.asarray(v)
        expect_equal(int(sweeps), k, what=f"sweeps with max_sweeps = {k}", how="max_sweeps")
        expect_close(v, _reference(P, R, pi, 1.0, 1e-8, terminal, k)[0],
                     what=f"4x4 gridworld values after {k} sweeps",
                     how="k synchronous sweeps from v = 0, terminal corners kept at 0",
                     rtol=1e-12, atol=1e-12)
        expect_close(v[:4], np.array(row), what=f"first row after {k} sweeps",
                     how="S&B Figure 4.1 (rounded to one decimal)", rtol=0, atol=0.051)


def test_gridworld_converges_to_linear_solve(ex, rng):
    P, R, terminal = _gridworld_4x4()
    pi = np.full((16, 4), 0.25)
    v, sweeps = ex.iterative_policy_evaluation(P, R, pi, 1.0, 1e-6, terminal)
    v = np.asarray(v)
    P_pi, r_pi = _model(P, R, pi)
    inner = ~terminal
    exact = np.zeros(16)
    exact[inner] = np.linalg.solve(np.eye(14) - P_pi[np.ix_(inner, inner)], r_pi[inner])
    expect_close(v, exact, what="converged 4x4 gridworld values (theta = 1e-6)",
                 how="numpy.linalg.solve over the 14 non-terminal states", rtol=0, atol=1e-4)
    expect_close(v[:4], np.array([0.0, -14.0, -20.0, -22.0]), what="first row",
                 how="S&B Figure 4.1", rtol=0, atol=1e-4)
    ref_v, ref_sweeps, deltas = _reference(P, R, pi, 1.0, 1e-6, terminal)
    expect_equal(int(sweeps), ref_sweeps, what="number of sweeps until the change < 1e-6",
                 how="the synchronous sweeps written out in the check")


def test_random_mdps_match_reference_sweeps(ex, rng):
    for S, A, gamma, theta in [(1, 2, 0.9, 1e-6), (4, 2, 0.5, 1e-8), (6, 3, 0.9, 1e-6),
                               (10, 4, 0.95, 1e-7), (20, 3, 0.8, 1e-9)]:
        P, R, pi = _random_mdp(rng, S, A)
        ref_v, ref_sweeps, deltas = _reference(P, R, pi, gamma, theta)
        # The stopping sweep is decided far from the threshold: rounding cannot flip it.
        assert deltas[-1] < 0.999 * theta and (len(deltas) == 1 or deltas[-2] > 1.001 * theta)
        v, sweeps = ex.iterative_policy_evaluation(P, R, pi, gamma, theta)
        inputs = {"P": P, "R": R, "pi": pi, "gamma": gamma, "theta": theta}
        expect_equal(int(sweeps), ref_sweeps, what=f"number of sweeps for S={S}, A={A}",
                     how="synchronous sweeps from v = 0 until max |change| < theta", inputs=inputs)
        expect_close(v, ref_v, what=f"v after the sweeps for S={S}, A={A}",
                     how="the same sweeps written out in the check", rtol=1e-9, atol=1e-10,
                     inputs=inputs)
        P_pi, r_pi = _model(P, R, pi)
        exact = np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)
        expect_close(v, exact, what=f"v for S={S}, A={A}",
                     how="numpy.linalg.solve(I - gamma P_pi, r_pi); error <= theta gamma / (1 - gamma)",
                     rtol=0, atol=theta * gamma / (1 - gamma) + 1e-12, inputs=inputs)


def test_inputs_not_modified(ex, rng):
    P, R, pi = _random_mdp(rng, 5, 3)
    v = rng.normal(size=5)
    terminal = np.array([True, False, False, True, False])
    copies = [x.copy() for x in (P, R, pi, v, terminal)]
    ex.evaluation_sweep(P, R, pi, v, 0.9, terminal)
    ex.iterative_policy_evaluation(P, R, pi, 0.9, 1e-6, terminal)
    expect(all(np.array_equal(a, b) for a, b in zip(copies, (P, R, pi, v, terminal))),
           "the functions modified one of their inputs in place: work on new arrays")
