"""Reference solution: policy iteration with a tie-safe policy-stable test."""
import numpy as np


def action_values(P: np.ndarray, R: np.ndarray, v: np.ndarray, gamma: float) -> np.ndarray:
    return R + gamma * P @ v


def evaluate_deterministic_policy(P: np.ndarray, R: np.ndarray, policy: np.ndarray,
                                  gamma: float) -> np.ndarray:
    S = R.shape[0]
    rows = np.arange(S)
    P_pi = P[rows, policy]
    r_pi = R[rows, policy]
    return np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)


def improve_policy(q: np.ndarray, policy: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    policy = np.asarray(policy)
    rows = np.arange(q.shape[0])
    keep = q[rows, policy] >= q.max(axis=1) - tol
    return np.where(keep, policy, np.argmax(q, axis=1))


def policy_iteration(P: np.ndarray, R: np.ndarray, gamma: float, policy: np.ndarray | None = None,
                     tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray, int]:
    S = R.shape[0]
    policy = np.zeros(S, dtype=int) if policy is None else np.asarray(policy, dtype=int)
    iterations = 0
    while True:
        v = evaluate_deterministic_policy(P, R, policy, gamma)
        iterations += 1
        new_policy = improve_policy(action_values(P, R, v, gamma), policy, tol)
        if np.array_equal(new_policy, policy):
            return policy, v, iterations
        policy = new_policy
