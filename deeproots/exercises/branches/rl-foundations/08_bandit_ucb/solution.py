"""Reference solution: incremental averages, UCB and the gradient bandit."""
import numpy as np


def ucb_select(Q: np.ndarray, N: np.ndarray, t: int, c: float) -> int:
    Q, N = np.asarray(Q, dtype=float), np.asarray(N)
    untried = np.flatnonzero(N == 0)
    if untried.size:
        return int(untried[0])
    return int(np.argmax(Q + c * np.sqrt(np.log(t) / N)))


def incremental_update(Q: np.ndarray, N: np.ndarray, action: int, reward: float,
                       step_size: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    Q, N = np.array(Q, dtype=float), np.array(N)
    N[action] += 1
    step = 1.0 / N[action] if step_size is None else step_size
    Q[action] += step * (reward - Q[action])
    return Q, N


def ucb_run(rewards: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    T, k = rewards.shape
    Q, N = np.zeros(k), np.zeros(k, dtype=int)
    actions = np.zeros(T, dtype=int)
    for t in range(1, T + 1):
        a = ucb_select(Q, N, t, c)
        Q, N = incremental_update(Q, N, a, rewards[t - 1, a])
        actions[t - 1] = a
    return actions, Q, N


def softmax_policy(H: np.ndarray) -> np.ndarray:
    e = np.exp(H - np.max(H))
    return e / e.sum()


def gradient_bandit_update(H: np.ndarray, action: int, reward: float, baseline: float,
                           alpha: float) -> np.ndarray:
    pi = softmax_policy(H)
    onehot = np.zeros_like(pi)
    onehot[action] = 1.0
    return H + alpha * (reward - baseline) * (onehot - pi)
