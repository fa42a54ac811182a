"""Checks for bandit algorithms (references: np.mean of the rewards, eq. 2.6 for constant
step sizes, UCB scores computed arm by arm, eq. 2.12, and central differences of the
expected reward for the gradient bandit)."""
import math

import numpy as np
from scipy.special import softmax as scipy_softmax

from deeproots.grading.checks import central_difference, expect, expect_close, expect_equal


def _ucb_reference(rewards, c):
    T, k = rewards.shape
    received = [[] for _ in range(k)]
    sums, actions = [0.0] * k, []
    for t in range(1, T + 1):
        untried = [a for a in range(k) if not received[a]]
        if untried:
            a = untried[0]
        else:
            scores = [sums[b] / len(received[b]) + c * math.sqrt(math.log(t) / len(received[b]))
                      for b in range(k)]
            a = max(range(k), key=lambda b: (scores[b], -b))  # the lowest index on ties
        actions.append(a)
        received[a].append(rewards[t - 1, a])
        sums[a] += rewards[t - 1, a]
    Q = np.array([np.mean(r) if r else 0.0 for r in received])
    return np.array(actions), Q, np.array([len(r) for r in received])


def test_ucb_select_by_hand(ex, rng):
    Q, N = np.array([1.0, 2.0, 0.5]), np.array([1, 4, 2])
    expect_equal(int(ex.ucb_select(Q, N, 7, 2.0)), 0, what="ucb_select(Q, N, t=7, c=2)",
                 how="by hand: scores 3.79, 3.39, 2.47", inputs={"Q": Q, "N": N})
    expect_equal(int(ex.ucb_select(Q, N, 7, 0.0)), 1, what="ucb_select with c = 0",
                 how="by hand: plain greedy, arm 1 has the largest Q", inputs={"Q": Q, "N": N})
    expect_equal(int(ex.ucb_select(Q, N, 1000, 0.5)), 1, what="ucb_select(Q, N, t=1000, c=0.5)",
                 how="by hand: 1 + 0.5*2.63 = 2.31, 2 + 0.5*1.31 = 2.66, 0.5 + 0.5*1.86 = 1.43",
                 inputs={"Q": Q, "N": N})
    N0 = np.array([3, 0, 0])
    expect_equal(int(ex.ucb_select(np.array([5.0, -1.0, -2.0]), N0, 4, 1.0)), 1,
                 what="ucb_select with untried arms 1 and 2",
                 how="an untried arm counts as maximizing; the lowest untried index wins")
    expect_equal(int(ex.ucb_select(np.zeros(4), np.zeros(4, dtype=int), 1, 2.0)), 0,
                 what="ucb_select at t = 1 with nothing tried", how="the first untried arm")


def test_incremental_mean_equals_np_mean(ex, rng):
    k = 4
    Q, N = np.zeros(k), np.zeros(k, dtype=int)
    arms = rng.integers(0, k, size=24)
    arms[:k] = np.arange(k)
    rewards = rng.normal(loc=3.0, scale=2.0, size=24)
    for a, r in zip(arms, rewards):
        Q, N = ex.incremental_update(Q, N, int(a), float(r))
    expected = np.array([np.mean(rewards[arms == a]) for a in range(k)])
    expect_close(Q, expected, what="Q after 24 sample-average updates", how="np.mean of each arm's rewards",
                 rtol=1e-10, atol=1e-12, inputs={"arms": arms, "rewards": rewards})
    expect_equal(np.asarray(N), np.bincount(arms, minlength=k), what="N after 24 updates",
                 how="np.bincount of the arms pulled")


def test_constant_step_size(ex, rng):
    alpha, Q1 = 0.2, 1.5
    rewards = rng.normal(size=15)
    Q, N = np.array([Q1, 0.0]), np.array([0, 0])
    for r in rewards:
        Q, N = ex.incremental_update(Q, N, 0, float(r), alpha)
    n = len(rewards)
    expected = (1 - alpha) ** n * Q1 + sum(alpha * (1 - alpha) ** (n - i) * rewards[i - 1]
                                           for i in range(1, n + 1))
    expect_close(np.asarray(Q)[0], expected, what="Q[0] after 15 constant-step updates",
                 how="eq. 2.6: (1-alpha)^n Q1 + sum_i alpha (1-alpha)^(n-i) R_i",
                 rtol=1e-10, atol=1e-12, inputs={"rewards": rewards, "alpha": alpha})
    expect_equal(np.asarray(N), np.array([15, 0]), what="N after 15 pulls of arm 0",
                 how="the count still counts pulls")


def test_ucb_run_matches_reference(ex, rng):
    for k, T, c in [(1, 5, 2.0), (3, 40, 1.0), (10, 400, 2.0), (10, 200, 0.0)]:
        q_star = rng.normal(size=k)
        rewards = q_star + rng.normal(size=(T, k))
        actions, Q, N = ex.ucb_run(rewards, c)
        ref_actions, ref_Q, ref_N = _ucb_reference(rewards, c)
        inputs = {"rewards": rewards, "c": c}
        expect_equal(np.asarray(actions), ref_actions, what=f"UCB actions, k={k}, T={T}, c={c}",
                     how="eq. 2.10 arm by arm, untried arms first, with sample means of rewards",
                     inputs=inputs)
        expect_close(Q, ref_Q, what=f"Q after the run, k={k}", how="np.mean of each arm's rewards",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_equal(np.asarray(N), ref_N, what=f"N after the run, k={k}", how="pull counts",
                     inputs=inputs)


def test_gradient_bandit_by_hand_and_formula(ex, rng):
    expect_close(ex.gradient_bandit_update(np.zeros(2), 0, 1.0, 0.0, 0.1), np.array([0.05, -0.05]),
                 what="H after a = 0, R = 1, baseline 0, alpha 0.1", rtol=0, atol=1e-12,
                 how="by hand: pi = [0.5, 0.5]; +0.1*1*(1 - 0.5), -0.1*1*0.5")
    for k in (1, 2, 5, 10):
        H = rng.normal(scale=2.0, size=k)
        a, R, baseline, alpha = int(rng.integers(0, k)), float(rng.normal()), float(rng.normal()), 0.1
        pi = scipy_softmax(H)
        expected = H - alpha * (R - baseline) * pi
        expected[a] = H[a] + alpha * (R - baseline) * (1 - pi[a])
        expect_close(ex.gradient_bandit_update(H, a, R, baseline, alpha), expected,
                     what=f"gradient bandit update, k={k}", rtol=1e-10, atol=1e-12,
                     how="eq. 2.12 with pi = scipy.special.softmax(H)",
                     inputs={"H": H, "action": a, "reward": R, "baseline": baseline})
    H = rng.normal(size=4)
    expect_close(ex.gradient_bandit_update(H, 2, 0.7, 0.7, 0.5), H, what="update with R = baseline",
                 how="R - baseline = 0: nothing changes", rtol=0, atol=1e-15)


def test_softmax_policy_is_stable(ex, rng):
    for H in (rng.normal(size=6), np.array([1000.0, 999.0, 0.0]), np.array([-800.0, -801.0])):
        expect_close(ex.softmax_policy(H), scipy_softmax(H), what="softmax_policy(H)",
                     how="scipy.special.softmax(H)", rtol=1e-10, atol=1e-15, inputs={"H": H})


def _expected_reward(H, q_star):
    return float(scipy_softmax(H) @ q_star)


def test_expected_update_is_the_gradient(ex, rng):
    # S&B §2.8: E_A[update] = alpha * d E[R] / dH, whatever the baseline.
    for k in (2, 3, 6):
        H, q_star = rng.normal(size=k), rng.normal(size=k)
        baseline, alpha = float(rng.normal()), 0.1
        pi = scipy_softmax(H)
        expected_step = sum(pi[a] * (np.asarray(ex.gradient_bandit_update(H, a, q_star[a], baseline, alpha)) - H)
                            for a in range(k))
        grad = central_difference(lambda h: _expected_reward(h, q_star), H)
        expect_close(expected_step, alpha * grad, what=f"expected update over A ~ pi, k={k}",
                     how="alpha * central_difference of sum_b softmax(H)_b q*(b)",
                     rtol=1e-6, atol=1e-8, inputs={"H": H, "q_star": q_star, "baseline": baseline})


def test_inputs_not_modified(ex, rng):
    Q, N, H = rng.normal(size=3), np.array([1, 2, 3]), rng.normal(size=3)
    copies = (Q.copy(), N.copy(), H.copy())
    ex.incremental_update(Q, N, 1, 2.0)
    ex.gradient_bandit_update(H, 1, 2.0, 0.5, 0.1)
    expect(all(np.array_equal(x, y) for x, y in zip(copies, (Q, N, H))),
           "incremental_update / gradient_bandit_update modified an input in place: use copies")
