"""Checks for the Bellman expectation equation (references: explicit sums over actions and
next states, numpy.linalg.solve of the linear Bellman system, S&B Figures 4.1 and 3.2)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close

MOVES = [(-1, 0), (1, 0), (0, 1), (0, -1)]  # up, down, right, left


def _gridworld_4x4():
    """S&B Example 4.1: 16 cells row-major, -1 per move, corners 0 and 15 terminal (zero rows)."""
    P, R = np.zeros((16, 4, 16)), np.zeros((16, 4))
    for s in range(1, 15):
        row, col = divmod(s, 4)
        for a, (dr, dc) in enumerate(MOVES):
            r2, c2 = row + dr, col + dc
            nxt = r2 * 4 + c2 if 0 <= r2 < 4 and 0 <= c2 < 4 else s
            P[s, a, nxt] = 1.0
            R[s, a] = -1.0
    return P, R


def _gridworld_5x5():
    """S&B Example 3.5: A=(0,1) -> A'=(4,1) with +10, B=(0,3) -> B'=(2,3) with +5, -1 off grid."""
    P, R = np.zeros((25, 4, 25)), np.zeros((25, 4))
    for s in range(25):
        row, col = divmod(s, 5)
        for a, (dr, dc) in enumerate(MOVES):
            if s == 1:
                nxt, reward = 21, 10.0
            elif s == 3:
                nxt, reward = 13, 5.0
            elif 0 <= row + dr < 5 and 0 <= col + dc < 5:
                nxt, reward = (row + dr) * 5 + col + dc, 0.0
            else:
                nxt, reward = s, -1.0
            P[s, a, nxt] = 1.0
            R[s, a] = reward
    return P, R


def _random_mdp(rng, S, A):
    P = rng.dirichlet(np.ones(S), size=(S, A))
    R = rng.normal(size=(S, A))
    pi = rng.dirichlet(np.ones(A), size=S)  # not uniform: averaging R over actions is wrong
    return P, R, pi


def _reference_model(P, R, pi):
    S, A = R.shape
    P_pi, r_pi = np.zeros((S, S)), np.zeros(S)
    for s in range(S):
        for a in range(A):
            P_pi[s] += pi[s, a] * P[s, a]
            r_pi[s] += pi[s, a] * R[s, a]
    return P_pi, r_pi


SHAPES = [(1, 1), (1, 3), (3, 1), (4, 2), (6, 3), (12, 5)]


def test_hand_example(ex, rng):
    P, R, pi = np.array([[[0.5]]]), np.array([[1.0]]), np.array([[1.0]])
    P_pi, r_pi = ex.policy_model(P, R, pi)
    expect_close(P_pi, np.array([[0.5]]), what="P_pi", how="by hand", rtol=0, atol=1e-12)
    expect_close(r_pi, np.array([1.0]), what="r_pi", how="by hand", rtol=0, atol=1e-12)
    expect_close(ex.bellman_expectation_backup(P, R, pi, np.array([1.0]), 1.0), np.array([1.5]),
                 what="backup of v = [1]", how="by hand: 1 + 0.5 * 1", rtol=0, atol=1e-12)
    expect_close(ex.evaluate_policy(P, R, pi, 1.0), np.array([2.0]), what="v_pi",
                 how="by hand: v = 1 + 0.5 v, so v = 2", rtol=1e-12, atol=1e-12)
    # Two states, two actions: state 1 is terminal (zero rows).
    P = np.array([[[0.0, 1.0], [1.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]]])
    R = np.array([[2.0, -1.0], [0.0, 0.0]])
    pi = np.array([[0.25, 0.75], [0.5, 0.5]])
    # v0 = 0.25 * 2 + 0.75 * (-1 + 0.5 v0)  ->  v0 (1 - 0.375) = -0.25  ->  v0 = -0.4
    expect_close(ex.evaluate_policy(P, R, pi, 0.5), np.array([-0.4, 0.0]), what="v_pi",
                 how="by hand: v0 = 0.25*2 + 0.75*(-1 + 0.5 v0), v1 = 0 (terminal)",
                 rtol=1e-12, atol=1e-12, inputs={"P": P, "R": R, "pi": pi, "gamma": 0.5})


def test_policy_model_matches_sums(ex, rng):
    for S, A in SHAPES:
        P, R, pi = _random_mdp(rng, S, A)
        P_pi, r_pi = ex.policy_model(P, R, pi)
        ref_P, ref_r = _reference_model(P, R, pi)
        inputs = {"P": P, "R": R, "pi": pi}
        expect_close(P_pi, ref_P, what=f"P_pi for S={S}, A={A}",
                     how="sum over a of pi[s, a] * P[s, a, :] (loop)", rtol=1e-12, atol=1e-14,
                     inputs=inputs)
        expect_close(r_pi, ref_r, what=f"r_pi for S={S}, A={A}",
                     how="sum over a of pi[s, a] * R[s, a] (loop)", rtol=1e-12, atol=1e-14,
                     inputs=inputs)


def test_backup_and_action_values(ex, rng):
    for S, A in SHAPES:
        P, R, pi = _random_mdp(rng, S, A)
        v = rng.normal(scale=3.0, size=S)
        gamma = float(rng.uniform(0.5, 0.99))
        inputs = {"P": P, "R": R, "pi": pi, "v": v, "gamma": gamma}
        q_ref = np.array([[R[s, a] + gamma * float(P[s, a] @ v)
                           for a in range(A)] for s in range(S)])
        expect_close(ex.action_values(P, R, v, gamma), q_ref, what=f"q for S={S}, A={A}",
                     how="R[s, a] + gamma * P[s, a, :] @ v (loop over s, a)", rtol=1e-10,
                     atol=1e-12, inputs=inputs)
        expect_close(ex.bellman_expectation_backup(P, R, pi, v, gamma), np.sum(pi * q_ref, axis=1),
                     what=f"backup for S={S}, A={A}", how="sum_a pi[s, a] q[s, a]",
                     rtol=1e-10, atol=1e-12, inputs=inputs)


def test_exact_evaluation_matches_linear_solve(ex, rng):
    for S, A in SHAPES:
        P, R, pi = _random_mdp(rng, S, A)
        for gamma in (0.0, 0.5, 0.95):
            ref_P, ref_r = _reference_model(P, R, pi)
            expected = np.linalg.solve(np.eye(S) - gamma * ref_P, ref_r)
            v = np.asarray(ex.evaluate_policy(P, R, pi, gamma))
            inputs = {"P": P, "R": R, "pi": pi, "gamma": gamma}
            expect_close(v, expected, what=f"v_pi for S={S}, A={A}, gamma={gamma}",
                         how="numpy.linalg.solve(I - gamma P_pi, r_pi)", rtol=1e-9, atol=1e-10,
                         inputs=inputs)
    # v_pi is the fixed point of the backup.
    P, R, pi = _random_mdp(rng, 7, 3)
    v = np.asarray(ex.evaluate_policy(P, R, pi, 0.9))
    backed_up = np.asarray(ex.bellman_expectation_backup(P, R, pi, v, 0.9))
    expect(np.max(np.abs(backed_up - v)) < 1e-9,
           "v_pi must be a fixed point of the Bellman expectation backup: backup(v_pi) = v_pi",
           v=v, backup_of_v=backed_up)


def test_gridworld_4x4_random_policy(ex, rng):
    P, R = _gridworld_4x4()
    pi = np.full((16, 4), 0.25)
    ref_P, ref_r = _reference_model(P, R, pi)
    inner = np.arange(1, 15)
    expected = np.zeros(16)
    expected[inner] = np.linalg.solve(np.eye(14) - ref_P[np.ix_(inner, inner)], ref_r[inner])
    v = np.asarray(ex.evaluate_policy(P, R, pi, 1.0))
    expect_close(v, expected, what="v of the random policy in the 4x4 gridworld (gamma = 1)",
                 how="numpy.linalg.solve over the 14 non-terminal states, v = 0 at the corners",
                 rtol=1e-9, atol=1e-9)
    book = np.array([0.0, -14.0, -20.0, -22.0])
    expect_close(v[:4], book, what="first row of the 4x4 gridworld values",
                 how="S&B Figure 4.1 (k = infinity): 0, -14, -20, -22", rtol=0, atol=0.05)


def test_gridworld_5x5_random_policy(ex, rng):
    P, R = _gridworld_5x5()
    pi = np.full((25, 4), 0.25)
    v = np.asarray(ex.evaluate_policy(P, R, pi, 0.9))
    book = np.array([[3.3, 8.8, 4.4, 5.3, 1.5], [1.5, 3.0, 2.3, 1.9, 0.5],
                     [0.1, 0.7, 0.7, 0.4, -0.4], [-1.0, -0.4, -0.4, -0.6, -1.2],
                     [-1.9, -1.3, -1.2, -1.4, -2.0]])
    expect_close(v.reshape(5, 5), book, what="v of the random policy in the 5x5 gridworld",
                 how="S&B Figure 3.2 (values rounded to one decimal)", rtol=0, atol=0.051)
