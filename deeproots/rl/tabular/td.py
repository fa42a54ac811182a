"""Temporal-difference learning, Sutton & Barto 2nd ed.:

- prediction: ``td0_prediction`` (§6.1, tabular TD(0)), ``n_step_td`` (§7.1, n-step TD),
  ``td_lambda`` (§12.2, backward view with accumulating or replacing eligibility traces);
- control: ``sarsa`` (§6.4), ``q_learning`` (§6.5), ``expected_sarsa`` (§6.6),
  ``double_q_learning`` (§6.7), all with epsilon-greedy behaviour.

Every function takes an explicit seed (or Generator) and is deterministic given it. Prediction
returns (V, per-episode returns); control returns ``ControlResult(values, episode_returns,
episode_lengths)``. Ties in the greedy action are broken at random: with Q = 0 everywhere,
always taking action 0 would make an agent on a gridworld walk into a wall forever.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.rl.envs.mdp import TabularEnv


class ControlResult(NamedTuple):
    values: np.ndarray
    """(S, A) learned action values."""
    episode_returns: np.ndarray
    """(n_episodes,) undiscounted sum of rewards of each (behaviour) episode."""
    episode_lengths: np.ndarray
    """(n_episodes,) time steps of each episode."""


def check_arguments(n_episodes: int, alpha: float, gamma: float, epsilon: float = 0.0) -> None:
    """One-line DeeprootsErrors for the arguments every TD control method shares (tile-coded SARSA too)."""
    if n_episodes < 1:
        raise DeeprootsError(f"n_episodes must be >= 1 (got {n_episodes})")
    if not 0.0 < alpha <= 1.0:
        raise DeeprootsError(f"alpha (step size) must be in (0, 1] (got {alpha})")
    if not 0.0 <= gamma <= 1.0:
        raise DeeprootsError(f"gamma must be in [0, 1] (got {gamma})")
    if not 0.0 <= epsilon <= 1.0:
        raise DeeprootsError(f"epsilon must be in [0, 1] (got {epsilon})")


def _policy_sampler(policy: np.ndarray | None, env: TabularEnv, rng: np.random.Generator) -> Callable[[int], int]:
    """A function state -> action drawn from ``policy`` ((S, A) probabilities; None means uniform)."""
    if policy is None:
        if env.n_actions == 1:
            return lambda state: 0
        return lambda state: int(rng.integers(env.n_actions))
    cumulative = np.cumsum(policy, axis=1)
    last = env.n_actions - 1
    return lambda state: min(int(np.searchsorted(cumulative[state], rng.random(), side="right")), last)


def _initial_values(env: TabularEnv, initial_value: float) -> np.ndarray:
    """V with ``initial_value`` everywhere except terminal states, whose value is 0 by definition."""
    values = np.full(env.n_states, float(initial_value))
    if hasattr(env, "model"):
        try:
            values[env.model().terminal] = 0.0
        except NotImplementedError:
            pass
    return values


def td0_prediction(env: TabularEnv, policy: np.ndarray | None, n_episodes: int, alpha: float,
                   gamma: float = 1.0, initial_value: float = 0.0,
                   seed: int | np.random.Generator = 0) -> tuple[np.ndarray, np.ndarray]:
    """Tabular TD(0) (§6.1): V(S) += alpha [R + gamma V(S') - V(S)], V(terminal) = 0."""
    return n_step_td(env, policy, 1, n_episodes, alpha, gamma, initial_value, seed)


def n_step_td(env: TabularEnv, policy: np.ndarray | None, n: int, n_episodes: int, alpha: float,
              gamma: float = 1.0, initial_value: float = 0.0,
              seed: int | np.random.Generator = 0) -> tuple[np.ndarray, np.ndarray]:
    """n-step TD prediction (§7.1, the boxed algorithm): the update of S_tau waits n steps for
    G_{tau:tau+n} = R_{tau+1} + ... + gamma^{n-1} R_{tau+n} + gamma^n V(S_{tau+n})."""
    check_arguments(n_episodes, alpha, gamma)
    if n < 1:
        raise DeeprootsError(f"n (steps per backup) must be >= 1 (got {n})")
    rng = np.random.default_rng(seed)
    act = _policy_sampler(policy, env, rng)
    V = _initial_values(env, initial_value)
    discounts = gamma ** np.arange(n + 1)
    episode_returns = np.zeros(n_episodes)
    for episode in range(n_episodes):
        state, _ = env.reset(seed=int(rng.integers(2**63)))
        states, rewards = [state], [0.0]  # rewards[t] is R_t
        T, t = np.inf, 0
        while True:
            if t < T:
                state, reward, terminated, truncated, _ = env.step(act(states[t]))
                states.append(state), rewards.append(reward)
                if terminated or truncated:
                    T = t + 1
            tau = t - n + 1
            if tau >= 0:
                end = int(min(tau + n, T))
                G = float(np.dot(discounts[: end - tau], rewards[tau + 1 : end + 1]))
                if tau + n < T:
                    G += discounts[n] * V[states[tau + n]]
                V[states[tau]] += alpha * (G - V[states[tau]])
            if tau == T - 1:
                break
            t += 1
        episode_returns[episode] = sum(rewards)
    return V, episode_returns


def td_lambda(env: TabularEnv, policy: np.ndarray | None, lam: float, n_episodes: int, alpha: float,
              gamma: float = 1.0, trace: str = "accumulating", initial_value: float = 0.0,
              seed: int | np.random.Generator = 0) -> tuple[np.ndarray, np.ndarray]:
    """Tabular TD(lambda), backward view (§12.2; replacing traces §12.3 note / Singh & Sutton
    1996): every step decays all traces by gamma*lambda, bumps the current state's trace
    (+1 accumulating, set to 1 replacing) and moves V along delta * z."""
    check_arguments(n_episodes, alpha, gamma)
    if not 0.0 <= lam <= 1.0:
        raise DeeprootsError(f"lam (trace decay lambda) must be in [0, 1] (got {lam})")
    if trace not in ("accumulating", "replacing"):
        raise DeeprootsError(f"trace must be 'accumulating' or 'replacing' (got {trace!r})")
    rng = np.random.default_rng(seed)
    act = _policy_sampler(policy, env, rng)
    V = _initial_values(env, initial_value)
    episode_returns = np.zeros(n_episodes)
    for episode in range(n_episodes):
        state, _ = env.reset(seed=int(rng.integers(2**63)))
        z = np.zeros(env.n_states)
        done = False
        while not done:
            next_state, reward, terminated, truncated, _ = env.step(act(state))
            done = terminated or truncated
            episode_returns[episode] += reward
            target = reward + (0.0 if terminated else gamma * V[next_state])
            delta = target - V[state]
            z *= gamma * lam
            z[state] = 1.0 if trace == "replacing" else z[state] + 1.0
            V += alpha * delta * z
            state = next_state
    return V, episode_returns


# --------------------------------------------------------------------------- control


def _greedy(q_row: list[float], rng: np.random.Generator) -> int:
    best = max(q_row)
    ties = [a for a, q in enumerate(q_row) if q == best]
    return ties[0] if len(ties) == 1 else ties[int(rng.integers(len(ties)))]


def _epsilon_greedy(q_row: list[float], epsilon: float, rng: np.random.Generator) -> int:
    if epsilon > 0.0 and rng.random() < epsilon:
        return int(rng.integers(len(q_row)))
    return _greedy(q_row, rng)


def _control(env, n_episodes, alpha, epsilon, gamma, seed, max_steps, target: str, initial_value=0.0):
    """One loop for the four one-step control methods; ``target`` picks the bootstrap
    (§6.4-6.7). Q is a list of lists: scalar access is several times faster than NumPy's."""
    check_arguments(n_episodes, alpha, gamma, epsilon)
    rng = np.random.default_rng(seed)
    S, A = env.n_states, env.n_actions
    double = target == "double_q"
    tables = [[[float(initial_value)] * A for _ in range(S)] for _ in range(2 if double else 1)]
    Q = tables[0]
    returns, lengths = np.zeros(n_episodes), np.zeros(n_episodes, dtype=int)

    def behaviour_row(s):
        return [a + b for a, b in zip(tables[0][s], tables[1][s])] if double else Q[s]

    for episode in range(n_episodes):
        state, _ = env.reset(seed=int(rng.integers(2**63)))
        action = _epsilon_greedy(behaviour_row(state), epsilon, rng)
        for step in range(1, max_steps + 1):
            next_state, reward, terminated, truncated, _ = env.step(action)
            returns[episode] += reward
            next_action = None if terminated else _epsilon_greedy(behaviour_row(next_state), epsilon, rng)
            if double:
                learn, other = (tables[0], tables[1]) if rng.random() < 0.5 else (tables[1], tables[0])
                bootstrap = 0.0 if terminated else other[next_state][_greedy(learn[next_state], rng)]
                learn[state][action] += alpha * (reward + gamma * bootstrap - learn[state][action])
            else:
                if terminated:
                    bootstrap = 0.0
                elif target == "sarsa":
                    bootstrap = Q[next_state][next_action]
                elif target == "q_learning":
                    bootstrap = max(Q[next_state])
                else:  # expected SARSA under the epsilon-greedy policy
                    # Tied greedy actions share the 1 - epsilon mass but all carry the value max(row).
                    row = Q[next_state]
                    bootstrap = epsilon * sum(row) / A + (1.0 - epsilon) * max(row)
                Q[state][action] += alpha * (reward + gamma * bootstrap - Q[state][action])
            if terminated or truncated:
                break
            state, action = next_state, next_action
        lengths[episode] = step
    values = np.array(tables[0]) if not double else (np.array(tables[0]) + np.array(tables[1])) / 2.0
    return ControlResult(values, returns, lengths)


def sarsa(env: TabularEnv, n_episodes: int, alpha: float = 0.5, epsilon: float = 0.1, gamma: float = 1.0,
          seed: int | np.random.Generator = 0, max_steps: int = 100_000, initial_value: float = 0.0) -> ControlResult:
    """On-policy TD control (§6.4): target R + gamma Q(S', A') with A' the action actually taken."""
    return _control(env, n_episodes, alpha, epsilon, gamma, seed, max_steps, "sarsa", initial_value)


def q_learning(env: TabularEnv, n_episodes: int, alpha: float = 0.5, epsilon: float = 0.1, gamma: float = 1.0,
               seed: int | np.random.Generator = 0, max_steps: int = 100_000, initial_value: float = 0.0) -> ControlResult:
    """Off-policy TD control (§6.5): target R + gamma max_a Q(S', a)."""
    return _control(env, n_episodes, alpha, epsilon, gamma, seed, max_steps, "q_learning", initial_value)


def expected_sarsa(env: TabularEnv, n_episodes: int, alpha: float = 0.5, epsilon: float = 0.1, gamma: float = 1.0,
                   seed: int | np.random.Generator = 0, max_steps: int = 100_000, initial_value: float = 0.0) -> ControlResult:
    """Expected SARSA (§6.6): target R + gamma sum_a pi(a|S') Q(S', a) under epsilon-greedy pi."""
    return _control(env, n_episodes, alpha, epsilon, gamma, seed, max_steps, "expected_sarsa", initial_value)


def double_q_learning(env: TabularEnv, n_episodes: int, alpha: float = 0.5, epsilon: float = 0.1, gamma: float = 1.0,
                      seed: int | np.random.Generator = 0, max_steps: int = 100_000, initial_value: float = 0.0) -> ControlResult:
    """Double Q-learning (§6.7): behave epsilon-greedily on Q1 + Q2; with probability 1/2 update
    Q1 toward R + gamma Q2(S', argmax Q1(S', .)), else the mirror image. Returns (Q1 + Q2) / 2."""
    return _control(env, n_episodes, alpha, epsilon, gamma, seed, max_steps, "double_q", initial_value)


def greedy_path(env: TabularEnv, Q: np.ndarray, max_steps: int = 1000, seed: int = 0) -> tuple[list[int], float]:
    """Follow argmax Q (ties to the lowest action, so the path is reproducible) from ``reset``;
    returns (visited states, total reward). Stops after ``max_steps`` if the policy loops."""
    state, _ = env.reset(seed=seed)
    path, total = [state], 0.0
    for _ in range(max_steps):
        state, reward, terminated, truncated, _ = env.step(int(np.argmax(Q[state])))
        path.append(state)
        total += reward
        if terminated or truncated:
            break
    return path, total
