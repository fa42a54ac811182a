"""Reference solution: backward returns and first-/every-visit Monte Carlo prediction."""
import numpy as np


def discounted_returns(rewards: np.ndarray, gamma: float) -> np.ndarray:
    rewards = np.asarray(rewards, dtype=float)
    G = np.zeros_like(rewards)
    running = np.zeros(rewards.shape[0])
    for t in reversed(range(rewards.shape[1])):
        running = rewards[:, t] + gamma * running
        G[:, t] = running
    return G


def mc_state_values(states_list: list, rewards_list: list, n_states: int, gamma: float,
                    first_visit: bool = True) -> tuple[np.ndarray, np.ndarray]:
    total = np.zeros(n_states)
    counts = np.zeros(n_states, dtype=int)
    for states, rewards in zip(states_list, rewards_list):
        states = np.asarray(states, dtype=int)
        G = discounted_returns(np.asarray(rewards, dtype=float)[None, :], gamma)[0]
        if first_visit:
            _, first = np.unique(states, return_index=True)
            states, G = states[first], G[first]
        np.add.at(total, states, G)
        np.add.at(counts, states, 1)
    V = np.divide(total, counts, out=np.zeros(n_states), where=counts > 0)
    return V, counts
