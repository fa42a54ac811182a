"""Value iteration: sweep the Bellman optimality backup, then act greedily.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §3.6 (the
Bellman optimality equation, eq. 3.19; the gridworld of Example 3.5 solved in Figure 3.5),
§4.4 (value iteration, eq. 4.10 and the boxed algorithm) and Example 4.3 (the gambler's
problem, Figure 4.3); David Silver's UCL RL course, lecture 3 "Planning by Dynamic
Programming" (value iteration, the principle of optimality).
https://www.davidsilver.uk/teaching/

Value iteration folds policy improvement into every sweep: starting from v_0 = 0,

    v_{k+1}[s] = max_a ( R[s, a] + gamma sum_s' P[s, a, s'] v_k[s'] ),

with synchronous (two-array) sweeps, until the largest change max_s |v_{k+1} - v_k| drops
below theta (or after max_sweeps sweeps). Return the last v_{k+1} and the greedy policy
for it,

    policy[s] = argmax_a ( R[s, a] + gamma sum_s' P[s, a, s'] v[s'] )   (np.argmax: the
                                                                         lowest index on ties)

The backup is a gamma-contraction, so for gamma < 1 the iterates converge to v*, the unique
solution of the Bellman optimality equation, whatever v_0 is. With gamma = 1 it still
converges in episodic tasks such as the gambler's problem.

Episodic tasks: a terminal state s has P[s, a, :] = 0 and R[s, a] = 0 for all a, so its
value stays 0. The gambler's problem (capital s = 0..100, stake 1..min(s, 100 - s), heads
with probability p_h doubles the stake, reaching 100 pays +1) is encoded that way.

Shapes (S states, A actions): P (S, A, S), R (S, A), v (S,), policy (S,) int.
  bellman_optimality_backup(P, R, v, gamma)              -> (S,)
  greedy_policy(P, R, v, gamma)                          -> (S,) int
  value_iteration(P, R, gamma, theta, max_sweeps)        -> (v (S,), policy (S,) int)

Tiny example: one state, two actions, both self-loops, R = [[1, 2]], gamma = 0.5: the
sweeps give 0 -> 2 -> 3 -> 3.5 -> ... -> v* = 2 / (1 - 0.5) = 4, and the policy is [1].
Textbook values: the 5x5 gridworld (gamma = 0.9) has v* first row 22.0, 24.4, 22.0, 19.4,
17.5; in the gambler's problem with p_h = 0.4, v*(50) = 0.4.
"""
import numpy as np


def bellman_optimality_backup(P: np.ndarray, R: np.ndarray, v: np.ndarray, gamma: float) -> np.ndarray:
    """Return max_a (R[s, a] + gamma sum_s' P[s, a, s'] v[s']) for every s."""
    # TODO: form q = R + gamma * P @ v, then take the max over the action axis.
    ### BEGIN SOLUTION
    return (R + gamma * P @ v).max(axis=1)
    ### END SOLUTION


def greedy_policy(P: np.ndarray, R: np.ndarray, v: np.ndarray, gamma: float) -> np.ndarray:
    """Return the greedy actions for v (lowest index on ties)."""
    # TODO: np.argmax of the same q over the action axis.
    ### BEGIN SOLUTION
    return np.argmax(R + gamma * P @ v, axis=1)
    ### END SOLUTION


def value_iteration(P: np.ndarray, R: np.ndarray, gamma: float, theta: float = 1e-10,
                    max_sweeps: int = 100_000) -> tuple[np.ndarray, np.ndarray]:
    """Return (v, greedy policy) after synchronous optimality sweeps from v = 0."""
    # TODO: loop v_new = backup(v) until max |v_new - v| < theta or max_sweeps sweeps; keep v_new.
    ### BEGIN SOLUTION
    v = np.zeros(R.shape[0])
    for _ in range(max_sweeps):
        v_new = bellman_optimality_backup(P, R, v, gamma)
        delta = np.max(np.abs(v_new - v))
        v = v_new
        if delta < theta:
            break
    return v, greedy_policy(P, R, v, gamma)
    ### END SOLUTION
