"""Generalised advantage estimation, GAE(gamma, lambda), over a vectorised rollout.

Source: Schulman, Moritz, Levine, Jordan & Abbeel (2016), "High-Dimensional Continuous
Control Using Generalized Advantage Estimation", ICLR, §3 (eqs. 11-16: the TD residual,
the exponentially weighted sum, the special cases lambda = 0 and lambda = 1); Sergey
Levine, CS285 lecture 6 "Actor-Critic Algorithms" (n-step returns and GAE, the bias /
variance trade-off). It is the advantage estimator of PPO (Schulman et al. 2017, eq. 11).
https://arxiv.org/abs/1506.02438

A critic V gives the one-step TD residual of every step; GAE sums them with weights
(gamma lambda)^l, stopping at the end of the episode:

    delta_t = r_t + gamma * (1 - done_t) * V(s_{t+1}) - V(s_t)
    A_t     = delta_t + gamma * lambda * (1 - done_t) * A_{t+1}         (backwards in t)
    R_t     = A_t + V(s_t)                  the critic's regression target ("returns")

lambda = 0 gives A_t = delta_t (low variance, biased by V); lambda = 1 gives the Monte Carlo
return minus V(s_t) (unbiased, high variance). done_t = 1 means the step t ended its
episode: s_{t+1} then belongs to a new episode, so neither its value nor its advantages may
leak into step t. V(s_{t+1}) is values[t + 1], and for the last step of the rollout it is
last_value, the critic's value of the observation after the rollout (the bootstrap).

Shapes: a rollout of T steps from N parallel environments.
  rewards (T, N), values (T, N), dones (T, N) float (0.0 or 1.0), last_value (N,)
  gae(rewards, values, dones, last_value, gamma, lam) -> (advantages (T, N), returns (T, N))
Vectorise over the N environments; a Python loop over t (backwards) is the natural way.

Tiny example (T = 2, N = 1, gamma = 0.5, lam = 0.5): rewards [1, 1], values [0, 0],
dones [0, 0], last_value [4]: delta = [1 + 0.5*0 - 0, 1 + 0.5*4 - 0] = [1, 3];
A_1 = 3, A_0 = 1 + 0.25 * 3 = 1.75. With dones [0, 1] instead: delta_1 = 1, A = [1.25, 1].
"""
import numpy as np


def gae(rewards: np.ndarray, values: np.ndarray, dones: np.ndarray, last_value: np.ndarray,
        gamma: float, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """Return (GAE advantages, advantages + values), both (T, N)."""
    # TODO: next values = values shifted up by one with last_value at the end; TD residuals;
    # then A_t = delta_t + gamma * lam * (1 - done_t) * A_{t+1} backwards from t = T - 1.
    ### BEGIN SOLUTION
    not_done = 1.0 - dones
    next_values = np.concatenate([values[1:], last_value[None]], axis=0)
    deltas = rewards + gamma * not_done * next_values - values
    advantages = np.zeros_like(deltas)
    running = np.zeros(rewards.shape[1])
    for t in reversed(range(rewards.shape[0])):
        running = deltas[t] + gamma * lam * not_done[t] * running
        advantages[t] = running
    return advantages, advantages + values
    ### END SOLUTION
