"""Policy iteration: evaluate, act greedily, repeat until the policy is stable.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §4.2 (the policy
improvement theorem, eq. 4.6-4.9), §4.3 (policy iteration, the boxed algorithm, and
Exercise 4.4 on its subtle bug: cycling between equally good policies); David Silver's
UCL RL course, lecture 3 "Planning by Dynamic Programming" (policy improvement, policy
iteration).
https://www.davidsilver.uk/teaching/

A deterministic policy is an int array policy[s] = the action taken in s. Policy
iteration alternates
  1. evaluation:   v = v_policy, the exact solution of v = r_pi + gamma P_pi v, where now
                   P_pi[s, :] = P[s, policy[s], :] and r_pi[s] = R[s, policy[s]];
  2. improvement:  q[s, a] = R[s, a] + gamma sum_s' P[s, a, s'] v[s'] and the new policy
                   acts greedily: new[s] in argmax_a q[s, a].
The policy improvement theorem says the greedy policy is at least as good everywhere;
when it no longer changes, v satisfies the Bellman optimality equation: v = v*.

Ties. Several actions can be equally good. If the improvement step re-picks among them
(say "lowest index wins", and rounding makes the q values of tied actions differ in the
last bit from one evaluation to the next), "policy unchanged" may never become true and
the loop cycles. The fix: keep the current action whenever it is still greedy, i.e. when
q[s, policy[s]] >= max_a q[s, a] - tol; only otherwise switch to np.argmax(q[s]) (the
lowest index among the best). With this rule the loop stops as soon as the current policy
is greedy for its own values.

policy_iteration starts from the given policy (None means all zeros), counts one
iteration per evaluation, and returns as soon as an improvement step leaves the policy
unchanged: (policy, v of that policy, iterations). Starting from an optimal policy
therefore returns it unchanged after 1 iteration. For gamma = 1 the starting policy must
end the episode for sure (otherwise I - P_pi is singular).

Episodic tasks: a terminal state s has P[s, a, :] = 0 and R[s, a] = 0 (nothing follows it),
so v(s) = 0 comes out of the equations by itself.

Shapes (S states, A actions): P (S, A, S), R (S, A), v (S,), q (S, A), policy (S,) int.
  action_values(P, R, v, gamma)                  -> q (S, A)
  evaluate_deterministic_policy(P, R, policy, gamma) -> v (S,)
  improve_policy(q, policy, tol)                 -> new policy (S,) int
  policy_iteration(P, R, gamma, policy, tol)     -> (policy (S,) int, v (S,), iterations int)

Tiny example: q = [[1, 1], [0, 2]] and policy = [1, 0]: in state 0 action 1 is still among
the best, so it stays; in state 1 action 0 is worse, so it becomes 1: [1, 1].
In the 4x4 gridworld of S&B Example 4.1 (gamma = 1) the optimal values are minus the
number of steps to the nearest corner: first row 0, -1, -2, -3.
"""
import numpy as np


def action_values(P: np.ndarray, R: np.ndarray, v: np.ndarray, gamma: float) -> np.ndarray:
    """Return q[s, a] = R[s, a] + gamma sum_s' P[s, a, s'] v[s']."""
    # TODO: one line with P @ v.
    ### BEGIN SOLUTION
    return R + gamma * P @ v
    ### END SOLUTION


def evaluate_deterministic_policy(P: np.ndarray, R: np.ndarray, policy: np.ndarray,
                                  gamma: float) -> np.ndarray:
    """Return v of the deterministic policy by solving (I - gamma P_pi) v = r_pi."""
    # TODO: rows = np.arange(S); P_pi = P[rows, policy]; r_pi = R[rows, policy]; solve.
    ### BEGIN SOLUTION
    S = R.shape[0]
    rows = np.arange(S)
    P_pi = P[rows, policy]
    r_pi = R[rows, policy]
    return np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)
    ### END SOLUTION


def improve_policy(q: np.ndarray, policy: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """Return the greedy policy for q, keeping policy[s] wherever it is still greedy."""
    # TODO: keep = q[s, policy[s]] >= max_a q[s, a] - tol; elsewhere np.argmax(q, axis=1).
    ### BEGIN SOLUTION
    policy = np.asarray(policy)
    rows = np.arange(q.shape[0])
    keep = q[rows, policy] >= q.max(axis=1) - tol
    return np.where(keep, policy, np.argmax(q, axis=1))
    ### END SOLUTION


def policy_iteration(P: np.ndarray, R: np.ndarray, gamma: float, policy: np.ndarray | None = None,
                     tol: float = 1e-9) -> tuple[np.ndarray, np.ndarray, int]:
    """Return (optimal policy, its values, number of evaluations) by policy iteration."""
    # TODO: loop: evaluate, q from v, improve; stop when the improved policy equals the old one.
    ### BEGIN SOLUTION
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
    ### END SOLUTION
