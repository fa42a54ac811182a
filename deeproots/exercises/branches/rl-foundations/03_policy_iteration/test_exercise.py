"""Checks for policy iteration (references: numpy.linalg.solve for policy values, exhaustive
search over all deterministic policies of small MDPs, S&B Figures 4.1 and 3.5)."""
import itertools

import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

MOVES = [(-1, 0), (1, 0), (0, 1), (0, -1)]  # up, down, right, left


def _gridworld_4x4():
    """S&B Example 4.1: -1 per move, corners 0 and 15 terminal (zero rows of P and R)."""
    P, R = np.zeros((16, 4, 16)), np.zeros((16, 4))
    for s in range(1, 15):
        row, col = divmod(s, 4)
        for a, (dr, dc) in enumerate(MOVES):
            r2, c2 = row + dr, col + dc
            P[s, a, r2 * 4 + c2 if 0 <= r2 < 4 and 0 <= c2 < 4 else s] = 1.0
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


def _policy_value(P, R, policy, gamma):
    S = len(policy)
    P_pi = np.array([P[s, policy[s]] for s in range(S)])
    r_pi = np.array([R[s, policy[s]] for s in range(S)])
    return np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)


def _random_mdp(rng, S, A):
    return rng.dirichlet(np.ones(S), size=(S, A)), rng.normal(size=(S, A))


def test_improve_policy_by_hand(ex, rng):
    q, policy = np.array([[1.0, 1.0], [0.0, 2.0]]), np.array([1, 0])
    expect_equal(np.asarray(ex.improve_policy(q, policy)), np.array([1, 1]),
                 what="improve_policy(q, [1, 0])",
                 how="by hand: state 0 keeps its tied action 1, state 1 switches to 1",
                 inputs={"q": q, "policy": policy})
    q = np.array([[3.0, 3.0 - 1e-12, 1.0], [0.5, 0.5, 0.5], [2.0, 5.0, 5.0], [1.0, 0.0, 4.0]])
    policy = np.array([1, 2, 0, 2])
    expect_equal(np.asarray(ex.improve_policy(q, policy)), np.array([1, 2, 1, 2]),
                 what="improve_policy with ties and a near-tie (1e-12 below the max)",
                 how="by hand: keep an action within tol = 1e-9 of the best, else the lowest argmax",
                 inputs={"q": q, "policy": policy})


def test_improve_policy_random(ex, rng):
    for S, A in [(1, 1), (1, 4), (5, 2), (8, 5)]:
        q = np.round(rng.normal(size=(S, A)), 1)  # rounding makes exact ties common
        policy = rng.integers(0, A, size=S)
        expected = np.array([policy[s] if q[s, policy[s]] >= q[s].max() - 1e-9
                             else int(np.argmax(q[s])) for s in range(S)])
        expect_equal(np.asarray(ex.improve_policy(q, policy)), expected,
                     what=f"improve_policy for S={S}, A={A}",
                     how="per state: keep the action if still greedy, else the first best one",
                     inputs={"q": q, "policy": policy})


def test_evaluation_and_action_values(ex, rng):
    for S, A in [(1, 1), (3, 2), (6, 4)]:
        P, R = _random_mdp(rng, S, A)
        policy = rng.integers(0, A, size=S)
        gamma = 0.9
        v = np.asarray(ex.evaluate_deterministic_policy(P, R, policy, gamma))
        inputs = {"P": P, "R": R, "policy": policy, "gamma": gamma}
        expect_close(v, _policy_value(P, R, policy, gamma), what=f"v of the policy, S={S}, A={A}",
                     how="numpy.linalg.solve(I - gamma P_pi, r_pi), rows picked in a loop",
                     rtol=1e-9, atol=1e-10, inputs=inputs)
        q_ref = np.array([[R[s, a] + gamma * float(P[s, a] @ v) for a in range(A)] for s in range(S)])
        expect_close(ex.action_values(P, R, v, gamma), q_ref, what=f"q, S={S}, A={A}",
                     how="R[s, a] + gamma * P[s, a, :] @ v (loop)", rtol=1e-10, atol=1e-12,
                     inputs=inputs)


def test_random_mdps_against_exhaustive_search(ex, rng):
    for S, A, gamma in [(1, 3, 0.9), (2, 2, 0.5), (3, 3, 0.9), (4, 3, 0.95), (5, 2, 0.8)]:
        P, R = _random_mdp(rng, S, A)
        values = np.array([_policy_value(P, R, np.array(p), gamma)
                           for p in itertools.product(range(A), repeat=S)])
        v_star = values.max(axis=0)
        policy, v, iterations = ex.policy_iteration(P, R, gamma)
        policy, v = np.asarray(policy), np.asarray(v)
        inputs = {"P": P, "R": R, "gamma": gamma}
        expect_close(v, v_star, what=f"v from policy_iteration, S={S}, A={A}",
                     how=f"elementwise max of v_pi over all {A ** S} deterministic policies",
                     rtol=1e-9, atol=1e-9, inputs=inputs)
        expect_close(_policy_value(P, R, policy, gamma), v_star,
                     what=f"value of the returned policy, S={S}, A={A}",
                     how="numpy.linalg.solve for the returned policy vs the exhaustive v*",
                     rtol=1e-9, atol=1e-9, inputs=inputs)
        expect(1 <= int(iterations) <= A ** S,
               f"iterations must be between 1 and the number of policies ({A ** S})",
               iterations=int(iterations))


def test_stops_at_once_when_started_optimal_with_tied_actions(ex, rng):
    # Actions 0 and 2 are exact copies; action 1 moves the same way but pays 2 less. Starting
    # from "always 2" (optimal) the policy is already stable.
    P, R = _random_mdp(rng, 4, 2)
    P = np.concatenate([P[:, :1], P[:, :1], P[:, :1]], axis=1)
    R = np.concatenate([R[:, :1] + 1.0, R[:, :1] - 1.0, R[:, :1] + 1.0], axis=1)
    start = np.full(4, 2)
    policy, v, iterations = ex.policy_iteration(P, R, 0.9, start)
    inputs = {"P": P, "R": R, "gamma": 0.9, "policy": start}
    expect_equal(np.asarray(policy), start, what="policy returned when started optimal",
                 how="action 2 is tied with action 0 and still greedy: keep it", inputs=inputs)
    expect_equal(int(iterations), 1, what="iterations when started from an optimal policy",
                 how="one evaluation, then the improvement step changes nothing", inputs=inputs)


def test_gridworld_4x4(ex, rng):
    P, R = _gridworld_4x4()
    rows, cols = np.divmod(np.arange(16), 4)
    start = np.where(cols > 0, 3, 0)  # left, or up in the first column: ends every episode
    policy, v, iterations = ex.policy_iteration(P, R, 1.0, start)
    steps = np.minimum(rows + cols, 6 - rows - cols)
    expect_close(v, -steps.astype(float), what="optimal values of the 4x4 gridworld (gamma = 1)",
                 how="by hand: minus the number of steps to the nearest terminal corner",
                 rtol=0, atol=1e-9)
    expect_close(_policy_value(P, R, np.asarray(policy), 1.0)[1:15], -steps[1:15].astype(float),
                 what="value of the returned policy", how="numpy.linalg.solve for that policy",
                 rtol=0, atol=1e-9)


def test_gridworld_5x5(ex, rng):
    P, R = _gridworld_5x5()
    policy, v, iterations = ex.policy_iteration(P, R, 0.9)
    book = np.array([[22.0, 24.4, 22.0, 19.4, 17.5], [19.8, 22.0, 19.8, 17.8, 16.0],
                     [17.8, 19.8, 17.8, 16.0, 14.4], [16.0, 17.8, 16.0, 14.4, 13.0],
                     [14.4, 16.0, 14.4, 13.0, 11.7]])
    expect_close(np.asarray(v).reshape(5, 5), book, what="v* of the 5x5 gridworld (gamma = 0.9)",
                 how="S&B Figure 3.5 (rounded to one decimal)", rtol=0, atol=0.051)
