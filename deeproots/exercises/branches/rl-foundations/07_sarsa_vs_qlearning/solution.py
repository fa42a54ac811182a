"""Reference solution: vectorised SARSA, Q-learning and Expected SARSA targets."""
import numpy as np


def epsilon_greedy_probs(Q_rows: np.ndarray, epsilon: float) -> np.ndarray:
    Q_rows = np.asarray(Q_rows, dtype=float)
    A = Q_rows.shape[1]
    greedy = Q_rows == Q_rows.max(axis=1, keepdims=True)
    return epsilon / A + (1.0 - epsilon) * greedy / greedy.sum(axis=1, keepdims=True)


def sarsa_targets(Q: np.ndarray, rewards: np.ndarray, next_states: np.ndarray,
                  next_actions: np.ndarray, dones: np.ndarray, gamma: float) -> np.ndarray:
    next_value = Q[next_states, next_actions]
    return rewards + gamma * np.where(dones, 0.0, next_value)


def q_learning_targets(Q: np.ndarray, rewards: np.ndarray, next_states: np.ndarray,
                       dones: np.ndarray, gamma: float) -> np.ndarray:
    next_value = Q[next_states].max(axis=1)
    return rewards + gamma * np.where(dones, 0.0, next_value)


def expected_sarsa_targets(Q: np.ndarray, rewards: np.ndarray, next_states: np.ndarray,
                           dones: np.ndarray, gamma: float, epsilon: float) -> np.ndarray:
    rows = Q[next_states]
    next_value = np.sum(epsilon_greedy_probs(rows, epsilon) * rows, axis=1)
    return rewards + gamma * np.where(dones, 0.0, next_value)


def td_update(Q: np.ndarray, states: np.ndarray, actions: np.ndarray, targets: np.ndarray,
              alpha: float) -> np.ndarray:
    Q_new = np.array(Q, dtype=float)
    errors = targets - Q[states, actions]
    np.add.at(Q_new, (states, actions), alpha * errors)
    return Q_new
