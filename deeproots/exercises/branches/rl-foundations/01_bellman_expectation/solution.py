"""The Bellman expectation equation, and exact policy evaluation by one linear solve.

Source: Sutton & Barto, Reinforcement Learning: An Introduction (2nd ed.), §3.5 (policies
and value functions, eq. 3.14, the Bellman equation for v_pi) and §4.1 (policy
evaluation; Example 4.1, the 4x4 gridworld); David Silver's UCL RL course, lecture 2
"Markov Decision Processes" (the Bellman expectation equation in matrix form).
https://www.davidsilver.uk/teaching/

A finite MDP is given as plain arrays: P[s, a, s'] is the probability of moving to s'
after taking action a in state s, and R[s, a] is the expected reward of that step. A
stochastic policy is pi[s, a], the probability of taking a in s (rows sum to 1). Averaging
over the policy turns the MDP into a Markov reward process:

    P_pi[s, s'] = sum_a pi[s, a] P[s, a, s']          r_pi[s] = sum_a pi[s, a] R[s, a]

The value of the policy satisfies the Bellman expectation equation

    v = r_pi + gamma P_pi v          (one "backup" is the right-hand side applied to a v)

and, since it is linear in v, it is solved exactly:  v = (I - gamma P_pi)^(-1) r_pi.
Solve the system with np.linalg.solve: forming the inverse costs more and is less
accurate. The action values
follow from v:  q[s, a] = R[s, a] + gamma sum_s' P[s, a, s'] v[s'].

Episodic tasks: a terminal state s has P[s, a, :] = 0 and R[s, a] = 0 for every a
(nothing follows it), so the equation itself gives v(s) = 0, and I - gamma P_pi is
invertible even for gamma = 1 as long as the policy reaches a terminal state for sure.

Shapes (S states, A actions): P (S, A, S), R (S, A), pi (S, A), v (S,), gamma a float in
[0, 1].
  policy_model(P, R, pi)                       -> (P_pi (S, S), r_pi (S,))
  bellman_expectation_backup(P, R, pi, v, gamma) -> (S,)  r_pi + gamma P_pi v
  action_values(P, R, v, gamma)                -> q (S, A)
  evaluate_policy(P, R, pi, gamma)             -> v_pi (S,)
Do not modify the inputs.

Tiny example: one state, one action, P = [[[0.5]]], R = [[1]], pi = [[1]], gamma = 1:
P_pi = [[0.5]], r_pi = [1]; the backup of v = [0] is [1], of [1] is [1.5]; and
v = 1 / (1 - 0.5) = [2] (the episode ends with probability 1/2 after each step, so it
lasts 2 steps on average). In the 4x4 gridworld (every move costs 1, gamma = 1) the
equiprobable random policy has the values of S&B Figure 4.1: first row 0, -14, -20, -22.

Do not use: np.linalg.inv, scipy.linalg.inv.
"""
import numpy as np


def policy_model(P: np.ndarray, R: np.ndarray, pi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (P_pi, r_pi): the transition matrix and expected reward under policy pi."""
    # TODO: average P over actions with weights pi[s, a] (np.einsum("sa,sat->st", ...)) and R likewise.
    ### BEGIN SOLUTION
    P_pi = np.einsum("sa,sat->st", pi, P)
    r_pi = np.sum(pi * R, axis=1)
    return P_pi, r_pi
    ### END SOLUTION


def bellman_expectation_backup(P: np.ndarray, R: np.ndarray, pi: np.ndarray, v: np.ndarray,
                               gamma: float) -> np.ndarray:
    """Return r_pi + gamma P_pi v, one Bellman expectation backup of v."""
    # TODO: use policy_model, then one matrix-vector product.
    ### BEGIN SOLUTION
    P_pi, r_pi = policy_model(P, R, pi)
    return r_pi + gamma * P_pi @ v
    ### END SOLUTION


def action_values(P: np.ndarray, R: np.ndarray, v: np.ndarray, gamma: float) -> np.ndarray:
    """Return q[s, a] = R[s, a] + gamma sum_s' P[s, a, s'] v[s']."""
    # TODO: P @ v contracts the last axis of P with v.
    ### BEGIN SOLUTION
    return R + gamma * P @ v
    ### END SOLUTION


def evaluate_policy(P: np.ndarray, R: np.ndarray, pi: np.ndarray, gamma: float) -> np.ndarray:
    """Return v_pi, the exact solution of (I - gamma P_pi) v = r_pi."""
    # TODO: build P_pi and r_pi, then np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi).
    ### BEGIN SOLUTION
    P_pi, r_pi = policy_model(P, R, pi)
    n = P_pi.shape[0]
    return np.linalg.solve(np.eye(n) - gamma * P_pi, r_pi)
    ### END SOLUTION
