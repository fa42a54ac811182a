"""Reference solution: two-array iterative policy evaluation."""
import numpy as np


def evaluation_sweep(P: np.ndarray, R: np.ndarray, pi: np.ndarray, v: np.ndarray, gamma: float,
                     terminal: np.ndarray | None = None) -> np.ndarray:
    q = R + gamma * P @ v
    v_new = np.sum(pi * q, axis=1)
    if terminal is not None:
        v_new[np.asarray(terminal, dtype=bool)] = 0.0
    return v_new


def iterative_policy_evaluation(P: np.ndarray, R: np.ndarray, pi: np.ndarray, gamma: float,
                                theta: float = 1e-8, terminal: np.ndarray | None = None,
                                max_sweeps: int = 10_000) -> tuple[np.ndarray, int]:
    v = np.zeros(R.shape[0])
    sweeps = 0
    while True:
        v_new = evaluation_sweep(P, R, pi, v, gamma, terminal)
        sweeps += 1
        delta = np.max(np.abs(v_new - v))
        v = v_new
        if delta < theta or sweeps >= max_sweeps:
            return v, sweeps
