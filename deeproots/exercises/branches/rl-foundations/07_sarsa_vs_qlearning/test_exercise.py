"""Checks for SARSA, Q-learning and Expected SARSA (references: the targets and the
epsilon-greedy probabilities written out per transition in loops, S&B eq. 6.7-6.9)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close

SIZES = [(1, 1, 1), (2, 1, 3), (3, 4, 6), (6, 3, 40), (10, 5, 200)]  # (S, A, B)


def _probs_reference(row, epsilon):
    A = len(row)
    top = max(row)
    best = [a for a in range(A) if row[a] == top]
    return np.array([epsilon / A + ((1 - epsilon) / len(best) if row[a] == top else 0.0)
                     for a in range(A)])


def _batch(rng, S, A, B):
    Q = np.round(rng.normal(scale=2.0, size=(S, A)))  # whole numbers: ties are common
    return (Q, rng.integers(0, S, size=B), rng.integers(0, A, size=B), rng.normal(size=B),
            rng.integers(0, S, size=B), rng.integers(0, A, size=B), rng.random(B) < 0.3)


def test_hand_example(ex, rng):
    Q = np.array([[1.0, 3.0, 3.0], [5.0, 2.0, 1.0]])
    expect_close(ex.epsilon_greedy_probs(Q, 0.3), np.array([[0.1, 0.45, 0.45], [0.8, 0.1, 0.1]]),
                 what="epsilon_greedy_probs(Q, 0.3)", rtol=0, atol=1e-12, inputs={"Q": Q},
                 how="by hand: 0.3 / 3 each, the remaining 0.7 shared by the tied greedy actions")
    r, s2, a2, gamma = np.array([1.0, 1.0]), np.array([0, 0]), np.array([0, 0]), 0.9
    done = np.array([False, True])
    expect_close(ex.sarsa_targets(Q, r, s2, a2, done, gamma), np.array([1.9, 1.0]),
                 what="SARSA targets", how="by hand: 1 + 0.9 Q[0, 0]; just r when done",
                 rtol=0, atol=1e-12)
    expect_close(ex.q_learning_targets(Q, r, s2, done, gamma), np.array([3.7, 1.0]),
                 what="Q-learning targets", how="by hand: 1 + 0.9 max Q[0]; just r when done",
                 rtol=0, atol=1e-12)
    expect_close(ex.expected_sarsa_targets(Q, r, s2, done, gamma, 0.3), np.array([3.52, 1.0]),
                 what="Expected SARSA targets", rtol=0, atol=1e-12,
                 how="by hand: 1 + 0.9 (0.1*1 + 0.45*3 + 0.45*3); just r when done")
    Q2 = np.zeros((2, 2))
    new = ex.td_update(Q2, np.array([0, 0, 1]), np.array([1, 1, 0]), np.array([1.0, 3.0, -2.0]), 0.5)
    expect_close(new, np.array([[0.0, 2.0], [-1.0, 0.0]]), what="td_update with a repeated (s, a)",
                 how="by hand: Q[0, 1] = 0 + 0.5 (1 - 0) + 0.5 (3 - 0) = 2; Q[1, 0] = 0.5 * -2",
                 rtol=0, atol=1e-12)


def test_epsilon_greedy_probs(ex, rng):
    for S, A, B in SIZES:
        Q = np.round(rng.normal(size=(B, A)))
        for epsilon in (0.0, 0.1, 0.5, 1.0):
            expected = np.array([_probs_reference(row, epsilon) for row in Q])
            probs = np.asarray(ex.epsilon_greedy_probs(Q, epsilon))
            expect_close(probs, expected, what=f"epsilon-greedy probabilities, A={A}, eps={epsilon}",
                         how="epsilon / A for every action + (1 - epsilon) shared by the argmax set",
                         rtol=1e-12, atol=1e-12, inputs={"Q_rows": Q, "epsilon": epsilon})
            expect_close(probs.sum(axis=1), np.ones(B), what="row sums of the probabilities",
                         how="a distribution over actions", rtol=0, atol=1e-12)


def test_targets_match_definitions(ex, rng):
    for S, A, B in SIZES:
        Q, s, a, r, s2, a2, done = _batch(rng, S, A, B)
        gamma, epsilon = 0.9, 0.2
        inputs = {"Q": Q, "rewards": r, "next_states": s2, "next_actions": a2, "dones": done}
        sarsa = np.array([r[i] + (0.0 if done[i] else gamma * Q[s2[i], a2[i]]) for i in range(B)])
        qlearn = np.array([r[i] + (0.0 if done[i] else gamma * max(Q[s2[i]])) for i in range(B)])
        expected = np.array([r[i] + (0.0 if done[i] else
                                     gamma * float(_probs_reference(Q[s2[i]], epsilon) @ Q[s2[i]]))
                             for i in range(B)])
        expect_close(ex.sarsa_targets(Q, r, s2, a2, done, gamma), sarsa,
                     what=f"SARSA targets, B={B}", how="r + gamma Q[s', a'] per transition (eq. 6.7)",
                     rtol=1e-12, atol=1e-12, inputs=inputs)
        expect_close(ex.q_learning_targets(Q, r, s2, done, gamma), qlearn,
                     what=f"Q-learning targets, B={B}",
                     how="r + gamma max_a Q[s', a] per transition (eq. 6.8)",
                     rtol=1e-12, atol=1e-12, inputs=inputs)
        expect_close(ex.expected_sarsa_targets(Q, r, s2, done, gamma, epsilon), expected,
                     what=f"Expected SARSA targets, B={B}",
                     how="r + gamma sum_a pi(a|s') Q[s', a], pi epsilon-greedy with ties (eq. 6.9)",
                     rtol=1e-12, atol=1e-12, inputs=inputs)


def test_expected_sarsa_limits(ex, rng):
    Q, s, a, r, s2, a2, done = _batch(rng, 5, 4, 30)
    expect_close(ex.expected_sarsa_targets(Q, r, s2, done, 0.9, 0.0),
                 r + 0.9 * np.where(done, 0.0, Q[s2].max(axis=1)),
                 what="Expected SARSA with epsilon = 0", how="equals the Q-learning target",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.expected_sarsa_targets(Q, r, s2, done, 0.9, 1.0),
                 r + 0.9 * np.where(done, 0.0, Q[s2].mean(axis=1)),
                 what="Expected SARSA with epsilon = 1", how="the uniform policy: mean of Q[s']",
                 rtol=1e-12, atol=1e-12)


def test_td_update_matches_loop(ex, rng):
    for S, A, B in SIZES:
        Q, s, a, r, s2, a2, done = _batch(rng, S, A, B)
        targets = rng.normal(size=B)
        expected = Q.copy()
        for i in range(B):
            expected[s[i], a[i]] += 0.1 * (targets[i] - Q[s[i], a[i]])
        before = Q.copy()
        got = ex.td_update(Q, s, a, targets, 0.1)
        expect_close(got, expected, what=f"td_update, B={B}", rtol=1e-12, atol=1e-12,
                     how="loop adding alpha (target - old Q[s, a]) for every transition",
                     inputs={"Q": Q, "states": s, "actions": a, "targets": targets})
        expect(np.array_equal(Q, before), "td_update modified Q in place: update a copy")
