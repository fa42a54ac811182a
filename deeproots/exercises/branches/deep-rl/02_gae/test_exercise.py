"""Checks for GAE (references: a slow loop over the definition A_t = sum_l (gamma lambda)^l
delta_{t+l} written here, the special cases lambda = 0 (the TD residual) and lambda = 1 (the
discounted Monte Carlo return minus V), worked examples by hand)."""
import numpy as np

from deeproots.grading.checks import expect_close


def _slow_gae(rewards, values, dones, last_value, gamma, lam):
    """Direct sum over the future of each step, env by env, stopping at the episode's end."""
    T, N = rewards.shape
    advantages = np.zeros((T, N))
    for env in range(N):
        for t in range(T):
            total, weight = 0.0, 1.0
            for k in range(t, T):
                next_value = values[k + 1, env] if k + 1 < T else last_value[env]
                bootstrap = 0.0 if dones[k, env] else next_value
                total += weight * (rewards[k, env] + gamma * bootstrap - values[k, env])
                if dones[k, env]:
                    break
                weight *= gamma * lam
            advantages[t, env] = total
    return advantages


def _monte_carlo_minus_value(rewards, values, dones, last_value, gamma):
    """Discounted return to the episode's end (bootstrapped by last_value if it is cut off) minus V."""
    T, N = rewards.shape
    out = np.zeros((T, N))
    for env in range(N):
        for t in range(T):
            ret, discount, ended = 0.0, 1.0, False
            for k in range(t, T):
                ret += discount * rewards[k, env]
                discount *= gamma
                if dones[k, env]:
                    ended = True
                    break
            if not ended:
                ret += discount * last_value[env]
            out[t, env] = ret - values[t, env]
    return out


def _rollout(rng, T, N, p_done=0.15):
    rewards = rng.normal(size=(T, N))
    values = rng.normal(scale=2.0, size=(T, N))
    dones = (rng.random((T, N)) < p_done).astype(float)
    last_value = rng.normal(scale=2.0, size=N)
    return rewards, values, dones, last_value


def test_hand_example(ex, rng):
    rewards, values, last_value = np.array([[1.0], [1.0]]), np.zeros((2, 1)), np.array([4.0])
    adv, ret = ex.gae(rewards, values, np.zeros((2, 1)), last_value, 0.5, 0.5)
    expect_close(adv, np.array([[1.75], [3.0]]), what="advantages, no done (gamma = lam = 0.5)",
                 how="by hand: delta = [1, 1 + 0.5 * 4] = [1, 3]; A_0 = 1 + 0.25 * 3",
                 rtol=1e-12, atol=1e-12)
    expect_close(ret, np.array([[1.75], [3.0]]), what="returns = advantages + values (values are 0)",
                 how="by hand", rtol=1e-12, atol=1e-12)
    adv, _ = ex.gae(rewards, values, np.array([[0.0], [1.0]]), last_value, 0.5, 0.5)
    expect_close(adv, np.array([[1.25], [1.0]]), what="advantages, episode ends at the last step",
                 how="by hand: the done masks last_value, delta = [1, 1]; A_0 = 1 + 0.25 * 1",
                 rtol=1e-12, atol=1e-12)


def test_matches_slow_reference(ex, rng):
    for T, N, gamma, lam in [(1, 1, 0.99, 0.95), (8, 3, 0.99, 0.95), (20, 4, 0.9, 0.8),
                             (5, 7, 0.5, 0.3), (16, 2, 0.97, 0.0), (12, 5, 0.8, 1.0)]:
        rewards, values, dones, last_value = _rollout(rng, T, N)
        adv, ret = ex.gae(rewards, values, dones, last_value, gamma, lam)
        want = _slow_gae(rewards, values, dones, last_value, gamma, lam)
        inputs = {"rewards": rewards, "values": values, "dones": dones, "last_value": last_value}
        expect_close(adv, want, what=f"advantages for T = {T}, N = {N}, gamma = {gamma}, lam = {lam}",
                     how="slow loop: sum_l (gamma lam)^l delta_{t+l}, stopped at the episode's end",
                     rtol=1e-9, atol=1e-10, inputs=inputs)
        expect_close(ret, want + values, what=f"returns for T = {T}, N = {N}",
                     how="slow-loop advantages + values", rtol=1e-9, atol=1e-10, inputs=inputs)


def test_lambda_zero_is_the_td_error(ex, rng):
    rewards, values, dones, last_value = _rollout(rng, 10, 4, p_done=0.3)
    gamma = 0.9
    next_values = np.vstack([values[1:], last_value])
    delta = rewards + gamma * (1.0 - dones) * next_values - values
    adv, _ = ex.gae(rewards, values, dones, last_value, gamma, 0.0)
    expect_close(adv, delta, what="advantages with lambda = 0", how="the TD residual r + gamma (1 - done) V' - V",
                 rtol=1e-10, atol=1e-12, inputs={"rewards": rewards, "values": values, "dones": dones,
                                                  "last_value": last_value})


def test_lambda_one_is_monte_carlo_minus_value(ex, rng):
    for T, N, gamma in [(10, 3, 0.9), (6, 5, 0.6)]:
        rewards, values, dones, last_value = _rollout(rng, T, N, p_done=0.25)
        adv, ret = ex.gae(rewards, values, dones, last_value, gamma, 1.0)
        mc = _monte_carlo_minus_value(rewards, values, dones, last_value, gamma)
        inputs = {"rewards": rewards, "values": values, "dones": dones, "last_value": last_value}
        expect_close(adv, mc, what=f"advantages with lambda = 1 (T = {T}, N = {N}, gamma = {gamma})",
                     how="discounted return to the episode's end (plus gamma^k last_value if cut off) minus V",
                     rtol=1e-9, atol=1e-10, inputs=inputs)
        expect_close(ret, mc + values, what="returns with lambda = 1", how="the Monte Carlo return itself",
                     rtol=1e-9, atol=1e-10, inputs=inputs)
