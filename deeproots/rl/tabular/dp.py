"""Dynamic programming on a known finite MDP: policy evaluation, policy improvement, policy
iteration and value iteration (Sutton & Barto 2nd ed., Chapter 4: §4.1 iterative policy
evaluation, §4.2 policy improvement, §4.3 policy iteration, §4.4 value iteration).

Every function works on any :class:`~deeproots.rl.envs.mdp.TabularModel` (``P[s, a, s']``,
``R[s, a]``, ``terminal[s]``). A *policy* is an ``(S, A)`` array of action probabilities
(each row sums to 1); a deterministic policy is a one-hot array. Terminal states keep value 0.

Some problems allow different actions in different states (the gambler may not stake more than
he has; Jack cannot move cars he does not have). Their models give every action a well-defined
effect in every state, and the greedy steps here take an optional ``action_mask`` (``(S, A)``
bool, True = allowed) so that the policies they return use only the allowed actions.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.rl.envs.mdp import TabularModel

TIE_TOLERANCE = 1e-9
"""Action values closer than this (relative to the best, absolute below 1) to the best count as tied: the greedy step then keeps the
current action (policy iteration cannot cycle between equally good policies) or else takes the
lowest-numbered one, so float noise never decides which of two equal actions wins."""


# --------------------------------------------------------------------------- policies and checks


def _check_gamma(gamma: float) -> float:
    if not 0.0 <= gamma <= 1.0:
        raise DeeprootsError(f"gamma must be in [0, 1] (got {gamma!r})")
    return float(gamma)


def _check_theta(theta: float) -> float:
    if not theta > 0.0:
        raise DeeprootsError(f"theta must be a positive number (got {theta!r})")
    return float(theta)


def _check_mask(model: TabularModel, action_mask: np.ndarray | None) -> np.ndarray:
    if action_mask is None:
        return np.ones((model.n_states, model.n_actions), dtype=bool)
    mask = np.asarray(action_mask, dtype=bool)
    if mask.shape != (model.n_states, model.n_actions):
        raise DeeprootsError(
            f"action_mask must have shape (n_states, n_actions) = {(model.n_states, model.n_actions)} (got {mask.shape})"
        )
    if not mask.any(axis=1).all():
        raise DeeprootsError("action_mask must allow at least one action in every state")
    return mask


def _check_policy(model: TabularModel, policy: np.ndarray) -> np.ndarray:
    policy = np.asarray(policy, dtype=float)
    if policy.shape != (model.n_states, model.n_actions):
        raise DeeprootsError(
            f"policy must be an (n_states, n_actions) = {(model.n_states, model.n_actions)} array of action "
            f"probabilities (got shape {policy.shape})"
        )
    if (policy < 0).any() or not np.allclose(policy.sum(axis=1), 1.0, atol=1e-8):
        raise DeeprootsError("policy rows must be probabilities: non-negative and summing to 1")
    return policy


def uniform_policy(model: TabularModel, action_mask: np.ndarray | None = None) -> np.ndarray:
    """The equiprobable random policy over the allowed actions of each state."""
    mask = _check_mask(model, action_mask).astype(float)
    return mask / mask.sum(axis=1, keepdims=True)


def deterministic_policy(actions: np.ndarray, n_actions: int) -> np.ndarray:
    """One-hot ``(S, A)`` policy taking ``actions[s]`` in state ``s``."""
    actions = np.asarray(actions, dtype=int)
    policy = np.zeros((actions.size, n_actions))
    policy[np.arange(actions.size), actions] = 1.0
    return policy


def greedy_actions(policy: np.ndarray) -> np.ndarray:
    """The most probable action of each state (the action of a deterministic policy)."""
    return np.asarray(policy).argmax(axis=1)


# --------------------------------------------------------------------------- evaluation (§4.1)


def policy_transitions(model: TabularModel, policy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The Markov chain a policy induces: ``P_pi[s, s'] = sum_a pi(a|s) P[s, a, s']`` and the
    expected one-step reward ``r_pi[s] = sum_a pi(a|s) R[s, a]``."""
    policy = _check_policy(model, policy)
    return np.einsum("sa,sat->st", policy, model.P), (policy * model.R).sum(axis=1)


def action_values(model: TabularModel, V: np.ndarray, gamma: float) -> np.ndarray:
    """One-step lookahead ``Q[s, a] = R[s, a] + gamma * sum_s' P[s, a, s'] V[s']`` (eq. 4.6);
    terminal states get Q = 0."""
    Q = model.R + gamma * (model.P @ np.asarray(V, dtype=float))
    Q[model.terminal] = 0.0
    return Q


def iterative_policy_evaluation(
    model: TabularModel,
    policy: np.ndarray,
    gamma: float = 1.0,
    theta: float = 1e-8,
    *,
    in_place: bool = True,
    max_sweeps: int | None = None,
    initial_values: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """Iterative policy evaluation (§4.1, the boxed algorithm): sweep the Bellman expectation
    backup ``V(s) <- r_pi(s) + gamma * sum_s' P_pi(s, s') V(s')`` until the largest change in a
    sweep is below ``theta``, or ``max_sweeps`` sweeps are done (``max_sweeps=3`` with
    ``in_place=False`` gives the k = 3 panel of Fig. 4.1).

    ``in_place=True`` overwrites V state by state, so later states in a sweep already see the new
    values (usually converges faster); ``in_place=False`` is the two-array version whose
    every sweep uses only the previous sweep's values. Returns ``(V, n_sweeps)``.
    """
    gamma, theta = _check_gamma(gamma), _check_theta(theta)
    P_pi, r_pi = policy_transitions(model, policy)
    V = np.zeros(model.n_states) if initial_values is None else np.array(initial_values, dtype=float)
    V[model.terminal] = 0.0
    live_states = np.flatnonzero(~model.terminal)
    limit = np.inf if max_sweeps is None else max_sweeps
    n_sweeps = 0
    while n_sweeps < limit:
        n_sweeps += 1
        if in_place:
            largest_change = 0.0
            for s in live_states:  # sequential by definition: each backup sees the ones before it
                new_value = r_pi[s] + gamma * P_pi[s] @ V
                largest_change = max(largest_change, abs(new_value - V[s]))
                V[s] = new_value
        else:
            new_V = r_pi + gamma * P_pi @ V
            new_V[model.terminal] = 0.0
            largest_change = float(np.max(np.abs(new_V - V)))
            V = new_V
        if largest_change < theta:
            break
        if not np.isfinite(largest_change):
            raise DeeprootsError("policy evaluation diverged: with gamma = 1 the policy must reach a terminal state")
    return V, n_sweeps


def evaluate_policy_exactly(model: TabularModel, policy: np.ndarray, gamma: float) -> np.ndarray:
    """v_pi as the solution of the linear Bellman system ``(I - gamma P_pi) v = r_pi`` (eq. 4.4
    for all states at once), restricted to non-terminal states (terminal values are 0).

    With gamma = 1 the system is solvable only if the policy reaches a terminal state from
    everywhere; otherwise this raises DeeprootsError."""
    gamma = _check_gamma(gamma)
    P_pi, r_pi = policy_transitions(model, policy)
    live = ~model.terminal
    A = np.eye(int(live.sum())) - gamma * P_pi[np.ix_(live, live)]
    V = np.zeros(model.n_states)
    try:
        V[live] = np.linalg.solve(A, r_pi[live])
    except np.linalg.LinAlgError:
        raise DeeprootsError(
            "the Bellman system is singular: with gamma = 1 the policy must reach a terminal state from every state"
        ) from None
    if not np.isfinite(V).all():
        raise DeeprootsError("policy evaluation failed: values are not finite (use gamma < 1 or a proper policy)")
    return V


# --------------------------------------------------------------------------- improvement (§4.2)


def greedy_policy(
    Q: np.ndarray,
    action_mask: np.ndarray | None = None,
    current_policy: np.ndarray | None = None,
    tie_tolerance: float = TIE_TOLERANCE,
) -> np.ndarray:
    """Deterministic (one-hot) policy taking ``argmax_a Q[s, a]`` among allowed actions.

    Ties (within ``tie_tolerance``) keep the current policy's action when it is among the best,
    else go to the lowest-numbered best action."""
    Q = np.asarray(Q, dtype=float)
    allowed = np.ones(Q.shape, dtype=bool) if action_mask is None else np.asarray(action_mask, dtype=bool)
    masked_Q = np.where(allowed, Q, -np.inf)
    best_value = masked_Q.max(axis=1, keepdims=True)
    best = masked_Q >= best_value - tie_tolerance * np.maximum(1.0, np.abs(best_value))  # relative for big values
    actions = best.argmax(axis=1)  # first best action
    if current_policy is not None:
        current = greedy_actions(current_policy)
        keep = best[np.arange(Q.shape[0]), current]
        actions = np.where(keep, current, actions)
    return deterministic_policy(actions, Q.shape[1])


def policy_improvement(
    model: TabularModel,
    V: np.ndarray,
    gamma: float,
    *,
    action_mask: np.ndarray | None = None,
    current_policy: np.ndarray | None = None,
) -> np.ndarray:
    """The policy greedy with respect to V (eq. 4.9): ``pi'(s) = argmax_a Q(s, a)``."""
    mask = _check_mask(model, action_mask)
    return greedy_policy(action_values(model, V, _check_gamma(gamma)), mask, current_policy)


class PolicyIterationResult(NamedTuple):
    policy: np.ndarray
    """The final (optimal) deterministic policy, (S, A) one-hot."""
    V: np.ndarray
    """Its value function."""
    policies: list[np.ndarray]
    """pi_0, pi_1, ..., pi_final: the initial policy and each one that improved on it."""
    values: list[np.ndarray]
    """v_pi for each policy in ``policies``."""
    n_improvements: int
    """How many improvement steps changed the policy (``len(policies) - 1``)."""


def policy_iteration(
    model: TabularModel,
    gamma: float,
    *,
    initial_policy: np.ndarray | None = None,
    action_mask: np.ndarray | None = None,
    exact_evaluation: bool = True,
    theta: float = 1e-8,
    max_iterations: int = 1000,
) -> PolicyIterationResult:
    """Policy iteration (§4.3): evaluate, improve greedily, repeat until the policy is stable.

    ``exact_evaluation`` solves the linear system for v_pi (fast and exact for a few hundred
    states); otherwise in-place iterative evaluation to ``theta``, warm-started from the previous
    policy's values as the book suggests. The default initial policy is the uniform one over
    allowed actions. Ties keep the current action, so the loop stops (the boxed algorithm's
    known flaw of cycling between equally good policies does not arise)."""
    gamma = _check_gamma(gamma)
    mask = _check_mask(model, action_mask)
    policy = uniform_policy(model, mask) if initial_policy is None else _check_policy(model, initial_policy)
    policies, values = [policy], []
    V = None
    for _ in range(max_iterations):
        if exact_evaluation:
            V = evaluate_policy_exactly(model, policy, gamma)
        else:
            V, _ = iterative_policy_evaluation(model, policy, gamma, theta, initial_values=V)
        values.append(V)
        new_policy = policy_improvement(model, V, gamma, action_mask=mask, current_policy=policy)
        if np.array_equal(new_policy, policy):
            return PolicyIterationResult(policy, V, policies, values, len(policies) - 1)
        policy = new_policy
        policies.append(policy)
    raise DeeprootsError(f"policy iteration did not become stable within max_iterations={max_iterations}")


# --------------------------------------------------------------------------- value iteration (§4.4)


class ValueIterationResult(NamedTuple):
    V: np.ndarray
    """The value estimate when the stopping rule fired (close to v*)."""
    policy: np.ndarray
    """The deterministic policy greedy with respect to V, (S, A) one-hot."""
    n_sweeps: int
    history: list[np.ndarray]
    """V after each sweep when ``record_history=True`` (Fig. 4.3 plots sweeps 1, 2, 3, 32), else []."""


def value_iteration(
    model: TabularModel,
    gamma: float,
    theta: float = 1e-9,
    *,
    action_mask: np.ndarray | None = None,
    in_place: bool = False,
    max_sweeps: int = 100_000,
    initial_values: np.ndarray | None = None,
    record_history: bool = False,
) -> ValueIterationResult:
    """Value iteration (§4.4, the boxed algorithm): sweep ``V(s) <- max_a [R(s, a) + gamma
    sum_s' P(s, a, s') V(s')]`` until the largest change in a sweep is below ``theta``, then
    return V and the policy greedy with respect to it.

    ``in_place=False`` (default) backs up all states from the previous sweep's values at once
    (vectorised); ``in_place=True`` updates state by state as in the book's pseudocode."""
    gamma, theta = _check_gamma(gamma), _check_theta(theta)
    mask = _check_mask(model, action_mask)
    V = np.zeros(model.n_states) if initial_values is None else np.array(initial_values, dtype=float)
    V[model.terminal] = 0.0
    live_states = np.flatnonzero(~model.terminal)
    history: list[np.ndarray] = []
    for n_sweeps in range(1, max_sweeps + 1):
        if in_place:
            largest_change = 0.0
            for s in live_states:
                q = model.R[s] + gamma * model.P[s] @ V
                new_value = q[mask[s]].max()
                largest_change = max(largest_change, abs(new_value - V[s]))
                V[s] = new_value
        else:
            Q = np.where(mask, action_values(model, V, gamma), -np.inf)
            new_V = Q.max(axis=1)
            new_V[model.terminal] = 0.0
            largest_change = float(np.max(np.abs(new_V - V)))
            V = new_V
        if record_history:
            history.append(V.copy())
        if not np.isfinite(largest_change):
            raise DeeprootsError("value iteration diverged: with gamma = 1 every policy must be able to terminate")
        if largest_change < theta:
            break
    else:
        raise DeeprootsError(f"value iteration did not reach theta={theta} within max_sweeps={max_sweeps}")
    policy = greedy_policy(action_values(model, V, gamma), mask)
    return ValueIterationResult(V, policy, n_sweeps, history)
