"""Reference solution: value iteration with greedy policy extraction."""
import numpy as np


def bellman_optimality_backup(P: np.ndarray, R: np.ndarray, v: np.ndarray, gamma: float) -> np.ndarray:
    return (R + gamma * P @ v).max(axis=1)


def greedy_policy(P: np.ndarray, R: np.ndarray, v: np.ndarray, gamma: float) -> np.ndarray:
    return np.argmax(R + gamma * P @ v, axis=1)


def value_iteration(P: np.ndarray, R: np.ndarray, gamma: float, theta: float = 1e-10,
                    max_sweeps: int = 100_000) -> tuple[np.ndarray, np.ndarray]:
    v = np.zeros(R.shape[0])
    for _ in range(max_sweeps):
        v_new = bellman_optimality_backup(P, R, v, gamma)
        delta = np.max(np.abs(v_new - v))
        v = v_new
        if delta < theta:
            break
    return v, greedy_policy(P, R, v, gamma)
