"""TD(lambda): the lambda-return (forward view) and eligibility traces (backward view).

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §12.1 (the
lambda-return, eq. 12.2-12.3, the offline lambda-return algorithm, Figure 12.3) and §12.2
(TD(lambda) with accumulating eligibility traces, eq. 12.5-12.7, Figure 12.6, both on the
19-state random walk); David Silver's UCL RL course, lecture 4 "Model-Free Prediction"
(forward-view and backward-view TD(lambda), the offline equivalence).
https://www.davidsilver.uk/teaching/

The lambda-return averages all the n-step returns G_{t:t+n} (§7.1: n rewards, then
gamma^n V(S_{t+n}); the Monte Carlo return G_t once t + n >= T) with weights
(1 - lambda) lambda^(n-1), which sum to 1; in an episode ending at T the weight of every
n >= T - t falls on the Monte Carlo return:

    G^lambda_t = (1 - lambda) sum_{n=1}^{T-t-1} lambda^(n-1) G_{t:t+n} + lambda^(T-t-1) G_t

Equivalently, walking backwards from G^lambda_{T-1} = R_T:

    G^lambda_t = R_{t+1} + gamma [ (1 - lambda) V(S_{t+1}) + lambda G^lambda_{t+1} ]

lambda = 0 gives the TD(0) target R_{t+1} + gamma V(S_{t+1}), lambda = 1 the Monte Carlo
return. The offline lambda-return algorithm moves every V(S_t) toward G^lambda_t at the
end of the episode; it needs the whole episode first (the forward view).

TD(lambda) (the backward view) gets there step by step with an eligibility trace e (S,),
set to 0 at the start of the episode; at each step t:

    delta_t = R_{t+1} + gamma V(S_{t+1}) - V(S_t)      (V(terminal) = 0)
    e <- gamma lambda e;   e(S_t) <- e(S_t) + 1        (accumulating trace)
    V <- V + alpha delta_t e                            (every state, by its trace)

Online (the usual TD(lambda)), V changes at every step and the next TD error reads the
changed V. Offline, every TD error reads V as it was at the start of the episode and the
sum of the increments is applied at the end; then the backward view equals the offline
lambda-return algorithm exactly (§12.2; the sum over t of alpha delta_t e_t(s) equals the
sum over the visits t of s of alpha (G^lambda_t - V(S_t))).

Episodes are arrays: states (T,) int are S_0..S_{T-1} (the terminal state is not listed),
rewards (T,) float with rewards[t] = R_{t+1}; V (S,) float.
  lambda_returns(states, rewards, V, lam, gamma)                    -> G (T,), V held fixed
  td_lambda_episode(V, states, rewards, alpha, lam, gamma, online)  -> new V (S,)
Do not modify V in place.

Tiny example: V = [0.5, 0.5], the episode states [0, 1], rewards [0, 1], lambda = 0.5,
gamma = 1: G^lambda_1 = 1 (the last step), G^lambda_0 = 0 + 0.5 * 0.5 + 0.5 * 1 = 0.75.
TD(lambda) with alpha = 0.1: delta_0 = 0 + 0.5 - 0.5 = 0, e = [1, 0]; then
delta_1 = 1 + 0 - 0.5 = 0.5, e = [0.5, 1], so V = [0.5 + 0.025, 0.5 + 0.05] =
[0.525, 0.55], the same as 0.5 + 0.1 (G^lambda_t - 0.5) for both states.
"""
import numpy as np


def lambda_returns(states: np.ndarray, rewards: np.ndarray, V: np.ndarray, lam: float,
                   gamma: float) -> np.ndarray:
    """Return G[t] = G^lambda_t (eq. 12.3) for every step of the episode, V held fixed."""
    # TODO: walk backwards: G[T-1] = rewards[T-1]; for t < T-1,
    # G[t] = rewards[t] + gamma * ((1 - lam) * V[states[t+1]] + lam * G[t+1]).
    ### BEGIN SOLUTION
    rewards = np.asarray(rewards, dtype=float)
    T = len(rewards)
    G = np.zeros(T)
    G[T - 1] = rewards[T - 1]
    for t in range(T - 2, -1, -1):
        G[t] = rewards[t] + gamma * ((1 - lam) * V[states[t + 1]] + lam * G[t + 1])
    return G
    ### END SOLUTION


def td_lambda_episode(V: np.ndarray, states: np.ndarray, rewards: np.ndarray, alpha: float,
                      lam: float, gamma: float, online: bool = True) -> np.ndarray:
    """Return V after TD(lambda) with accumulating traces along one episode."""
    # TODO: copy V (and keep the start values for offline); e = zeros; for each t: delta from
    # the current V (online) or the start values (offline); e *= gamma * lam; e[s] += 1;
    # V += alpha * delta * e.
    ### BEGIN SOLUTION
    V = np.array(V, dtype=float)
    start = V.copy()  # the values offline TD errors read
    e = np.zeros_like(V)
    T = len(states)
    for t in range(T):
        U = V if online else start
        next_value = U[states[t + 1]] if t + 1 < T else 0.0
        delta = rewards[t] + gamma * next_value - U[states[t]]
        e *= gamma * lam
        e[states[t]] += 1.0
        V += alpha * delta * e
    return V
    ### END SOLUTION
