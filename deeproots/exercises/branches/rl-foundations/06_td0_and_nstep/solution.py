"""TD(0) prediction along a trajectory, and the n-step return.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §6.1 (TD
prediction, eq. 6.2 and the boxed tabular TD(0) algorithm), Example 6.2 (the random walk,
Figure 6.2) and §7.1 (n-step TD prediction, the n-step return eq. 7.1); David Silver's UCL
RL course, lecture 4 "Model-Free Prediction" (temporal-difference learning, n-step
returns).
https://www.davidsilver.uk/teaching/

TD(0) learns from every step instead of waiting for the end of the episode. After each
transition S_t -> S_{t+1} with reward R_{t+1} it moves V(S_t) toward the TD target:

    V(S_t) <- V(S_t) + alpha [ R_{t+1} + gamma V(S_{t+1}) - V(S_t) ]

The updates are applied online, in the order of the trajectory: a later step of the same
episode already sees the changed values. The episode ends after its last reward, in a
terminal state whose value is 0 by definition.

The n-step return looks n rewards ahead and then bootstraps from the current estimate:

    G_{t:t+n} = R_{t+1} + gamma R_{t+2} + ... + gamma^(n-1) R_{t+n} + gamma^n V(S_{t+n}),

and if the episode ends before t + n (t + n >= T) the sum stops at the last reward and
there is nothing to bootstrap from: G_{t:t+n} = G_t, the full Monte Carlo return. n = 1
is the TD(0) target, n >= T the Monte Carlo return.

Episodes are given as arrays: states (T,) int are S_0..S_{T-1} (the terminal state is not
listed), rewards (T,) float with rewards[t] = R_{t+1}; V (S,) float.
  td0_episode(V, states, rewards, alpha, gamma)  -> new V (S,)  (do not modify V in place)
  nstep_returns(states, rewards, V, n, gamma)    -> G (T,) with G[t] = G_{t:t+n}, V held fixed

Tiny example: the random walk with states A..E = 0..4, V = 0.5 everywhere, the episode
C, D, E, then right (states [2, 3, 4], rewards [0, 0, 1]), alpha = 0.1, gamma = 1: the first
two TD errors are 0 + 0.5 - 0.5 = 0; the last is 1 + 0 - 0.5 = 0.5, so only V(E) changes,
to 0.55. For that episode and n = 2: G_{0:2} = 0 + 0 + V(E) = 0.5, G_{1:3} = 0 + 1 = 1
(the episode ended: no bootstrap), G_{2:4} = 1.
"""
import numpy as np


def td0_episode(V: np.ndarray, states: np.ndarray, rewards: np.ndarray, alpha: float,
                gamma: float) -> np.ndarray:
    """Return V after online TD(0) updates along one episode (terminal value 0)."""
    # TODO: copy V; for t in range(T): next value V[states[t+1]] (0 after the last step);
    # V[states[t]] += alpha * (rewards[t] + gamma * next - V[states[t]]).
    ### BEGIN SOLUTION
    V = np.array(V, dtype=float)
    T = len(states)
    for t in range(T):
        next_value = V[states[t + 1]] if t + 1 < T else 0.0
        V[states[t]] += alpha * (rewards[t] + gamma * next_value - V[states[t]])
    return V
    ### END SOLUTION


def nstep_returns(states: np.ndarray, rewards: np.ndarray, V: np.ndarray, n: int,
                  gamma: float) -> np.ndarray:
    """Return G[t] = G_{t:t+n} (eq. 7.1), truncated at the end of the episode."""
    # TODO: for each t: discounted sum of rewards[t : min(t+n, T)], plus gamma**n * V[states[t+n]]
    # only if t + n < T.
    ### BEGIN SOLUTION
    rewards = np.asarray(rewards, dtype=float)
    T = len(rewards)
    G = np.zeros(T)
    for t in range(T):
        end = min(t + n, T)
        G[t] = np.sum(gamma ** np.arange(end - t) * rewards[t:end])
        if t + n < T:
            G[t] += gamma ** n * V[states[t + n]]
    return G
    ### END SOLUTION
