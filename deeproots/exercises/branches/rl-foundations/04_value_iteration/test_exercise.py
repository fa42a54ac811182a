"""Checks for value iteration (references: exhaustive search over deterministic policies,
numpy.linalg.solve for policy values, the Bellman optimality residual, bold play in the
gambler's problem, S&B Figures 3.5 and 4.3)."""
import itertools

import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

MOVES = [(-1, 0), (1, 0), (0, 1), (0, -1)]  # up, down, right, left


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


def _gambler(p_h, goal=100):
    """S&B Example 4.3. Action a stakes a + 1; a stake above min(s, goal - s) is clipped to it
    (a copy of a legal action, so v* is unchanged). States 0 and goal are terminal."""
    A = goal // 2
    P, R = np.zeros((goal + 1, A, goal + 1)), np.zeros((goal + 1, A))
    for s in range(1, goal):
        for a in range(A):
            stake = min(a + 1, s, goal - s)
            P[s, a, s + stake] += p_h
            P[s, a, s - stake] += 1.0 - p_h
            R[s, a] = p_h if s + stake == goal else 0.0
    return P, R


def _policy_value(P, R, policy, gamma):
    S = len(policy)
    P_pi = np.array([P[s, policy[s]] for s in range(S)])
    r_pi = np.array([R[s, policy[s]] for s in range(S)])
    return np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)


def _q(P, R, v, gamma):
    return np.einsum("sat,t->sa", P, v) * gamma + R


def _random_mdp(rng, S, A):
    return rng.dirichlet(np.ones(S), size=(S, A)), rng.normal(size=(S, A))


def test_hand_example(ex, rng):
    P, R = np.ones((1, 2, 1)), np.array([[1.0, 2.0]])
    expect_close(ex.bellman_optimality_backup(P, R, np.array([2.0]), 0.5), np.array([3.0]),
                 what="backup of v = [2]", how="by hand: max(1 + 1, 2 + 1)", rtol=0, atol=1e-12)
    v, policy = ex.value_iteration(P, R, 0.5, 1e-12)
    expect_close(v, np.array([4.0]), what="v*", how="by hand: v = 2 + 0.5 v", rtol=0, atol=1e-10)
    expect_equal(np.asarray(policy), np.array([1]), what="greedy policy", how="by hand")
    v, policy = ex.value_iteration(P, R, 0.5, 1e-12, 3)
    expect_close(v, np.array([3.5]), what="v after max_sweeps = 3 sweeps",
                 how="by hand: 0 -> 2 -> 3 -> 3.5", rtol=0, atol=1e-12)


def test_backup_and_greedy_policy(ex, rng):
    for S, A in [(1, 1), (3, 2), (6, 4), (10, 3)]:
        P, R = _random_mdp(rng, S, A)
        R[:, -1] = R[:, 0]  # ties: the last action copies the first one
        P[:, -1] = P[:, 0]
        v = rng.normal(size=S)
        q = _q(P, R, v, 0.9)
        inputs = {"P": P, "R": R, "v": v, "gamma": 0.9}
        expect_close(ex.bellman_optimality_backup(P, R, v, 0.9), q.max(axis=1),
                     what=f"optimality backup, S={S}, A={A}",
                     how="max over a of R[s, a] + gamma sum_t P[s, a, t] v[t] (einsum)",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        expected = np.array([min(a for a in range(A) if q[s, a] == q[s].max()) for s in range(S)])
        expect_equal(np.asarray(ex.greedy_policy(P, R, v, 0.9)), expected,
                     what=f"greedy_policy, S={S}, A={A}", how="lowest action with the largest q",
                     inputs=inputs)


def test_random_mdps_against_exhaustive_search(ex, rng):
    for S, A, gamma in [(1, 2, 0.9), (2, 3, 0.5), (3, 3, 0.9), (4, 3, 0.95), (5, 2, 0.8)]:
        P, R = _random_mdp(rng, S, A)
        values = np.array([_policy_value(P, R, np.array(p), gamma)
                           for p in itertools.product(range(A), repeat=S)])
        v_star = values.max(axis=0)
        v, policy = ex.value_iteration(P, R, gamma, 1e-11)
        inputs = {"P": P, "R": R, "gamma": gamma}
        bound = 1e-11 * gamma / (1 - gamma) + 1e-12
        expect_close(v, v_star, what=f"v from value_iteration, S={S}, A={A}",
                     how=f"elementwise max of v_pi over all {A ** S} deterministic policies "
                         "(error <= theta gamma / (1 - gamma))", rtol=0, atol=bound, inputs=inputs)
        expect_close(_policy_value(P, R, np.asarray(policy), gamma), v_star,
                     what=f"value of the greedy policy, S={S}, A={A}",
                     how="numpy.linalg.solve for the returned policy vs the exhaustive v*",
                     rtol=0, atol=1e-8, inputs=inputs)


def test_larger_mdps_bellman_residual(ex, rng):
    for S, A, gamma in [(30, 4, 0.9), (60, 6, 0.95)]:
        P, R = _random_mdp(rng, S, A)
        theta = 1e-9
        v, policy = ex.value_iteration(P, R, gamma, theta)
        v, policy = np.asarray(v), np.asarray(policy)
        q = _q(P, R, v, gamma)
        residual = np.max(np.abs(q.max(axis=1) - v))
        expect(residual < theta, f"Bellman optimality residual max|T*v - v| = {residual:.3g} "
               f"should be below theta = {theta:g} (one more sweep changes v by less than theta)",
               S=S, A=A, gamma=gamma)
        expect_close(q[np.arange(S), policy], q.max(axis=1), what="q of the returned actions",
                     how="the greedy policy must reach max_a q[s, a] (q from einsum)",
                     rtol=0, atol=1e-12)
        expect_close(_policy_value(P, R, policy, gamma), v, what=f"value of the policy, S={S}",
                     how="numpy.linalg.solve for the policy; |v_pi - v| <= 2 theta / (1 - gamma)",
                     rtol=0, atol=2 * theta / (1 - gamma))


def test_gridworld_5x5(ex, rng):
    P, R = _gridworld_5x5()
    v = np.zeros(25)
    for k in (1, 2, 3):
        v = _q(P, R, v, 0.9).max(axis=1)
        got, _ = ex.value_iteration(P, R, 0.9, 1e-10, k)
        expect_close(got, v, what=f"5x5 gridworld values after max_sweeps = {k} sweeps",
                     how="k synchronous optimality sweeps from 0, written out in the check",
                     rtol=1e-12, atol=1e-12)
    v, policy = ex.value_iteration(P, R, 0.9, 1e-10)
    book = np.array([[22.0, 24.4, 22.0, 19.4, 17.5], [19.8, 22.0, 19.8, 17.8, 16.0],
                     [17.8, 19.8, 17.8, 16.0, 14.4], [16.0, 17.8, 16.0, 14.4, 13.0],
                     [14.4, 16.0, 14.4, 13.0, 11.7]])
    expect_close(np.asarray(v).reshape(5, 5), book, what="v* of the 5x5 gridworld (gamma = 0.9)",
                 how="S&B Figure 3.5 (rounded to one decimal)", rtol=0, atol=0.051)
    expect_close(v[1], 10 + 0.9 ** 5 * v[1], what="v*(A)", rtol=0, atol=1e-8,
                 how="by hand: from A, +10, 4 steps up from A' back to A: v = 10 / (1 - 0.9^5) = 24.419")


def test_gamblers_problem(ex, rng):
    for p_h, goal in ((0.4, 100), (0.25, 16)):
        P, R = _gambler(p_h, goal)
        v, policy = ex.value_iteration(P, R, 1.0, 1e-12)
        v = np.asarray(v)
        bold = np.array([max(0, min(s, goal - s) - 1) for s in range(goal + 1)])
        expected = _policy_value(P, R, bold, 1.0)
        expect_close(v, expected, what=f"gambler's v* for p_h = {p_h}, goal {goal}",
                     how="numpy.linalg.solve for bold play (stake min(s, goal - s)), optimal for "
                         "p_h < 1/2 (Dubins & Savage)", rtol=0, atol=1e-8)
        quarters = [goal // 4, goal // 2, 3 * goal // 4]
        expect_close(v[quarters], np.array([p_h ** 2, p_h, p_h + (1 - p_h) * p_h]),
                     what=f"v* at capital {quarters} (goal {goal}, p_h = {p_h})",
                     how="by hand: bold play needs 2 wins, 1 win, a win or a loss then a win "
                         "(S&B Figure 4.3: v*(50) = 0.4)", rtol=0, atol=1e-8)
        expect_close(_policy_value(P, R, np.asarray(policy), 1.0), expected,
                     what=f"value of the greedy gambler's policy, p_h = {p_h}",
                     how="numpy.linalg.solve for the returned policy vs bold play", rtol=0, atol=1e-7)
