"""Checks for rewards-to-go and the REINFORCE loss (references: the definition of G_t as a
direct double sum, the analytic score function of a linear softmax policy, central
differences of the surrogate loss written in NumPy, worked examples by hand)."""
import numpy as np
import torch
from scipy.special import log_softmax, softmax

from deeproots.grading.checks import central_difference, expect, expect_close


def _t(array, dtype=torch.float64):
    return torch.as_tensor(np.asarray(array), dtype=dtype)


def _reference_to_go(rewards, dones, gamma):
    """G_t = sum_{k >= t, k in t's episode} gamma^(k - t) r_k, as a direct double sum."""
    n = len(rewards)
    out = np.zeros(n)
    for t in range(n):
        for k in range(t, n):
            out[t] += gamma ** (k - t) * rewards[k]
            if dones[k]:
                break
    return out


def _random_batch(rng, n, p_done=0.25):
    rewards = rng.normal(size=n)
    dones = rng.random(n) < p_done
    return rewards, dones


def test_rewards_to_go_hand_examples(ex, rng):
    got = ex.rewards_to_go(_t([1.0, 2.0, 3.0, 4.0]), _t([False, True, False, True], torch.bool), 1.0)
    expect_close(got, np.array([3.0, 2.0, 7.0, 4.0]), what="rewards_to_go([1, 2, 3, 4], dones [F, T, F, T], gamma 1)",
                 how="by hand: [1 + 2, 2, 3 + 4, 4]; [10, 9, 7, 4] would ignore the dones, "
                     "[3, 3, 7, 7] is the full-episode return", rtol=1e-12, atol=1e-12)
    got = ex.rewards_to_go(_t([1.0, 1.0, 1.0]), _t([False, False, True], torch.bool), 0.5)
    expect_close(got, np.array([1.75, 1.5, 1.0]), what="rewards_to_go([1, 1, 1], dones [F, F, T], gamma 0.5)",
                 how="by hand: [1 + 0.5 + 0.25, 1 + 0.5, 1]", rtol=1e-12, atol=1e-12)


def test_rewards_to_go_random(ex, rng):
    for n, gamma, p_done in [(1, 0.9, 0.5), (7, 0.99, 0.3), (25, 0.9, 0.2), (40, 0.5, 0.1), (12, 1.0, 0.0)]:
        rewards, dones = _random_batch(rng, n, p_done)
        got = ex.rewards_to_go(_t(rewards), _t(dones, torch.bool), gamma)
        expect_close(got, _reference_to_go(rewards, dones, gamma),
                     what=f"rewards_to_go for N = {n}, gamma = {gamma}",
                     how="direct double sum of gamma^(k - t) r_k up to the end of t's episode",
                     rtol=1e-6, atol=1e-7, inputs={"rewards": rewards, "dones": dones})
        expect(got.dtype == torch.float64, f"rewards_to_go returned {got.dtype} for float64 rewards: the "
               "returns must keep the rewards' dtype (torch.zeros_like(rewards), not torch.zeros(n), which is "
               "float32 and rounds every return to 7 digits)", dtype=str(got.dtype))
    # A batch ending in a cut-off episode, and one made of one-step episodes only.
    rewards = rng.normal(size=6)
    got = ex.rewards_to_go(_t(rewards), _t(np.ones(6, dtype=bool), torch.bool), 0.9)
    expect_close(got, rewards, what="rewards_to_go when every step is done", how="G_t = r_t",
                 rtol=1e-6, atol=1e-7, inputs={"rewards": rewards})


def test_reinforce_loss_hand_example(ex, rng):
    got = ex.reinforce_loss(_t(np.log([0.5, 0.25])), _t([3.0, 1.0]), _t([1.0, 1.0]))
    expect(isinstance(got, torch.Tensor), "reinforce_loss must return a torch tensor", got=type(got).__name__)
    expect_close(got, np.log(2.0), what="reinforce_loss(log [0.5, 0.25], [3, 1], [1, 1])",
                 how="by hand: -(log 0.5 * (3 - 1) + log 0.25 * (1 - 1)) / 2 = log 2",
                 rtol=1e-12, atol=1e-12)


def test_reinforce_loss_random(ex, rng):
    for n in (1, 5, 64):
        log_probs = np.log(rng.uniform(0.05, 1.0, size=n))
        returns, baseline = rng.normal(scale=3.0, size=n), rng.normal(size=n)
        got = ex.reinforce_loss(_t(log_probs), _t(returns), _t(baseline))
        expect_close(got, -np.mean(log_probs * (returns - baseline)), what=f"reinforce_loss, N = {n}",
                     how="-mean(log_probs * (returns - baseline)) in NumPy", rtol=1e-10, atol=1e-12,
                     inputs={"log_probs": log_probs, "returns": returns, "baseline": baseline})


def _analytic_gradients(theta, w, obs, actions, rewards, dones, gamma):
    """Score function of a linear softmax policy: grad_theta log pi(a|s) = s (e_a - p)^T."""
    n, n_actions = obs.shape[0], theta.shape[1]
    probs = softmax(obs @ theta, axis=1)
    returns = _reference_to_go(rewards, dones, gamma)
    values = obs @ w
    score = np.eye(n_actions)[actions] - probs
    grad_theta = -obs.T @ ((returns - values)[:, None] * score) / n
    grad_w = obs.T @ (values - returns) / n  # critic loss only: the baseline is a constant in L_pg
    return grad_theta, grad_w


def _problem(rng, n, d, a):
    theta, w = rng.normal(size=(d, a)), rng.normal(size=d)
    obs = rng.normal(size=(n, d))
    actions = rng.integers(0, a, size=n)
    rewards, dones = _random_batch(rng, n)
    return theta, w, obs, actions, rewards, dones


def test_policy_gradients_match_analytic_score_function(ex, rng):
    for n, d, a, gamma in [(6, 3, 2, 0.9), (20, 4, 3, 0.99), (1, 2, 4, 0.5), (15, 1, 2, 1.0)]:
        theta, w, obs, actions, rewards, dones = _problem(rng, n, d, a)
        got_theta, got_w = ex.policy_gradients(_t(theta), _t(w), _t(obs), _t(actions, torch.int64),
                                                _t(rewards), _t(dones, torch.bool), gamma)
        want_theta, want_w = _analytic_gradients(theta, w, obs, actions, rewards, dones, gamma)
        inputs = {"theta": theta, "w": w, "obs": obs, "actions": actions, "rewards": rewards, "dones": dones}
        expect_close(got_theta, want_theta, what=f"dloss/dtheta for (N, D, A) = {(n, d, a)}, gamma = {gamma}",
                     how="-1/N sum_t (G_t - V(s_t)) s_t (one_hot(a_t) - softmax(s_t theta))^T, G by a direct sum",
                     rtol=1e-6, atol=1e-8, inputs=inputs)
        expect_close(got_w, want_w, what=f"dloss/dw (the critic) for (N, D, A) = {(n, d, a)}",
                     how="1/N sum_t (V(s_t) - G_t) s_t: only the critic loss moves w (the baseline is detached in the policy loss)",
                     rtol=1e-6, atol=1e-8, inputs=inputs)


def test_policy_gradient_matches_central_difference(ex, rng):
    theta, w, obs, actions, rewards, dones = _problem(rng, 8, 3, 3)
    returns = _reference_to_go(rewards, dones, 0.9)
    weights = returns - obs @ w  # constants: the baseline does not depend on theta

    def surrogate(flat_theta):
        log_pi = log_softmax(obs @ flat_theta.reshape(theta.shape), axis=1)
        return -np.mean(log_pi[np.arange(len(actions)), actions] * weights)

    got_theta, _ = ex.policy_gradients(_t(theta), _t(w), _t(obs), _t(actions, torch.int64),
                                       _t(rewards), _t(dones, torch.bool), 0.9)
    expect_close(got_theta, central_difference(surrogate, theta), what="dloss/dtheta, N = 8, D = 3, A = 3",
                 how="central differences of -mean(log_softmax(obs theta)[t, a_t] * (G_t - V_t)) in NumPy",
                 rtol=1e-6, atol=1e-8, inputs={"theta": theta, "obs": obs, "actions": actions})
