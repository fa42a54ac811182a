"""Reference solution: online TD(0) and n-step returns."""
import numpy as np


def td0_episode(V: np.ndarray, states: np.ndarray, rewards: np.ndarray, alpha: float,
                gamma: float) -> np.ndarray:
    V = np.array(V, dtype=float)
    T = len(states)
    for t in range(T):
        next_value = V[states[t + 1]] if t + 1 < T else 0.0
        V[states[t]] += alpha * (rewards[t] + gamma * next_value - V[states[t]])
    return V


def nstep_returns(states: np.ndarray, rewards: np.ndarray, V: np.ndarray, n: int,
                  gamma: float) -> np.ndarray:
    rewards = np.asarray(rewards, dtype=float)
    T = len(rewards)
    G = np.zeros(T)
    for t in range(T):
        end = min(t + n, T)
        G[t] = np.sum(gamma ** np.arange(end - t) * rewards[t:end])
        if t + n < T:
            G[t] += gamma ** n * V[states[t + n]]
    return G
