"""Iterative policy evaluation: sweep the Bellman expectation backup until it stops changing.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §4.1 (iterative
policy evaluation, eq. 4.5, the boxed algorithm, Example 4.1 and Figure 4.1); David
Silver's UCL RL course, lecture 3 "Planning by Dynamic Programming" (iterative policy
evaluation, synchronous backups).
https://www.davidsilver.uk/teaching/

The exact solve of exercise bellman-expectation costs O(S^3). Dynamic programming instead
starts from v_0 = 0 and applies the Bellman expectation backup again and again,

    v_{k+1}[s] = sum_a pi[s, a] ( R[s, a] + gamma sum_s' P[s, a, s'] v_k[s'] ),

which converges to v_pi (for gamma < 1, or gamma = 1 when the policy surely ends the
episode). Use the two-array (synchronous) version: every v_{k+1}[s] is computed from the
old array v_k, and only then does v_{k+1} replace v_k. One such update of all states is a
"sweep". Stop after the first sweep whose largest change max_s |v_{k+1}[s] - v_k[s]| is
below theta, and return that v_{k+1} with the number of sweeps done (so at least 1). Also
stop after max_sweeps sweeps even if the values are still changing.

Terminal states: terminal is a boolean mask (S,) (None means no terminal state). By
definition v(terminal) = 0, whatever the arrays say about it: an environment may well
encode the goal cell as an ordinary state where moves cost -1. Keep those entries at 0
in every sweep (never back them up).

Shapes (S states, A actions): P (S, A, S), R (S, A), pi (S, A) with rows summing to 1,
v (S,), terminal (S,) bool or None, gamma in [0, 1], theta > 0, max_sweeps >= 1.
  evaluation_sweep(P, R, pi, v, gamma, terminal)               -> v_new (S,)
  iterative_policy_evaluation(P, R, pi, gamma, theta, terminal, max_sweeps)
                                                               -> (v (S,), sweeps int)
Do not modify the inputs.

Tiny example: one state with a self-loop, R = [[1]], gamma = 0.5, theta = 0.3: v goes
0 -> 1 (change 1) -> 1.5 (change 0.5) -> 1.75 (change 0.25 < 0.3): return ([1.75], 3).
In the 4x4 gridworld of S&B Figure 4.1 (random policy, gamma = 1) the first row reads
0, -1, -1, -1 after one sweep, 0, -1.7, -2.0, -2.0 after two, 0, -2.4, -2.9, -3.0 after
three, and tends to 0, -14, -20, -22.

The point is the iteration: sweeps that converge, not one linear solve.

Do not use: np.linalg.solve, np.linalg.inv, np.linalg.lstsq, np.linalg.pinv, scipy.linalg.solve,
scipy.linalg.inv.
"""
import numpy as np


def evaluation_sweep(P: np.ndarray, R: np.ndarray, pi: np.ndarray, v: np.ndarray, gamma: float,
                     terminal: np.ndarray | None = None) -> np.ndarray:
    """Return one synchronous Bellman expectation backup of v, with 0 at terminal states."""
    # TODO: q = R + gamma * P @ v; v_new = (pi * q).sum(axis=1); zero v_new where terminal.
    ### BEGIN SOLUTION
    q = R + gamma * P @ v
    v_new = np.sum(pi * q, axis=1)
    if terminal is not None:
        v_new[np.asarray(terminal, dtype=bool)] = 0.0
    return v_new
    ### END SOLUTION


def iterative_policy_evaluation(P: np.ndarray, R: np.ndarray, pi: np.ndarray, gamma: float,
                                theta: float = 1e-8, terminal: np.ndarray | None = None,
                                max_sweeps: int = 10_000) -> tuple[np.ndarray, int]:
    """Return (v, sweeps): sweep from v = 0 until the largest change is below theta."""
    # TODO: loop: v_new = evaluation_sweep(...); count it; stop if max |v_new - v| < theta
    # or the count reached max_sweeps; else v = v_new.
    ### BEGIN SOLUTION
    v = np.zeros(R.shape[0])
    sweeps = 0
    while True:
        v_new = evaluation_sweep(P, R, pi, v, gamma, terminal)
        sweeps += 1
        delta = np.max(np.abs(v_new - v))
        v = v_new
        if delta < theta or sweeps >= max_sweeps:
            return v, sweeps
    ### END SOLUTION
