"""Monte Carlo prediction and control, Sutton & Barto 2nd ed., chapter 5:

- ``mc_prediction``: first-visit (§5.1, the boxed algorithm) or every-visit MC estimation of v_pi;
- ``mc_control_exploring_starts``: Monte Carlo ES (§5.3);
- ``mc_control_epsilon_soft``: on-policy first-visit control for epsilon-soft policies (§5.4).

Episodes are generated in batches (``EpisodeBatch``: padded arrays). An environment with a
``sample_episodes(policy, n, rng, exploring_starts)`` method (``Blackjack``) makes a whole batch
in NumPy; any other ``TabularEnv`` is rolled out one step at a time. Returns are sample averages
kept as running sums and counts, so prediction does not depend on the batch size; in control the
policy is improved after each batch, and ``batch_size=1`` is exactly the book's algorithm.
"""
from __future__ import annotations

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.rl.envs.classic import EpisodeBatch
from deeproots.rl.envs.mdp import TabularEnv


def rollout(env: TabularEnv, policy: np.ndarray, n_episodes: int, rng: np.random.Generator,
            exploring_starts: bool = False, max_steps: int = 100_000) -> EpisodeBatch:
    """Generate ``n_episodes`` episodes following ``policy`` ((S, A) action probabilities).

    With ``exploring_starts`` each episode starts from a uniformly random state (via
    ``env.reset(options={"state": s})``; the states are ``env.exploring_start_states`` when set,
    else all) with a uniformly random first action."""
    if hasattr(env, "sample_episodes"):
        return env.sample_episodes(policy, n_episodes, rng, exploring_starts=exploring_starts)
    cumulative = np.cumsum(policy, axis=1)
    start_states = getattr(env, "exploring_start_states", np.arange(env.n_states))
    episodes = []
    for _ in range(n_episodes):
        seed = int(rng.integers(2**63))
        if exploring_starts:
            state, _ = env.reset(seed=seed, options={"state": int(rng.choice(start_states))})
            action = int(rng.integers(env.n_actions))
        else:
            state, _ = env.reset(seed=seed)
            action = None
        states, actions, rewards = [], [], []
        for _ in range(max_steps):
            if action is None:
                action = int(np.searchsorted(cumulative[state], rng.random() * cumulative[state, -1], side="right"))
                action = min(action, env.n_actions - 1)
            next_state, reward, terminated, truncated, _ = env.step(action)
            states.append(state), actions.append(action), rewards.append(reward)
            if terminated or truncated:
                break
            state, action = next_state, None
        episodes.append((states, actions, rewards))
    return _pad(episodes)


def _pad(episodes: list) -> EpisodeBatch:
    lengths = np.array([len(states) for states, _, _ in episodes])
    T = int(lengths.max())
    states = np.full((len(episodes), T), -1)
    actions = np.full((len(episodes), T), -1)
    rewards = np.zeros((len(episodes), T))
    for i, (s, a, r) in enumerate(episodes):
        states[i, : len(s)], actions[i, : len(a)], rewards[i, : len(r)] = s, a, r
    return EpisodeBatch(states, actions, rewards, lengths)


def discounted_returns(rewards: np.ndarray, gamma: float) -> np.ndarray:
    """G_t = R_{t+1} + gamma G_{t+1} for every step of every episode (padding rewards are 0)."""
    returns = np.zeros_like(rewards, dtype=float)
    following = np.zeros(rewards.shape[0])
    for t in range(rewards.shape[1] - 1, -1, -1):
        following = rewards[:, t] + gamma * following
        returns[:, t] = following
    return returns


def visit_mask(keys: np.ndarray, first_visit: bool) -> np.ndarray:
    """Which steps count: all valid ones (``keys >= 0``), or only the first occurrence of each
    key within its episode (first-visit MC)."""
    valid = keys >= 0
    if not first_visit:
        return valid
    n, T = keys.shape
    flat = (np.arange(n)[:, None] * (keys.max() + 1) + keys)[valid]
    positions = np.flatnonzero(valid.ravel())
    _, first = np.unique(flat, return_index=True)  # np.unique keeps the earliest index of each key
    mask = np.zeros(n * T, dtype=bool)
    mask[positions[first]] = True
    return mask.reshape(n, T)


def _check(n_episodes: int, gamma: float, batch_size: int) -> None:
    if n_episodes < 1:
        raise DeeprootsError(f"n_episodes must be >= 1 (got {n_episodes})")
    if not 0.0 <= gamma <= 1.0:
        raise DeeprootsError(f"gamma must be in [0, 1] (got {gamma})")
    if batch_size < 1:
        raise DeeprootsError(f"batch_size must be >= 1 (got {batch_size})")


def _batches(n_episodes: int, batch_size: int):
    done = 0
    while done < n_episodes:
        size = min(batch_size, n_episodes - done)
        yield size
        done += size


def mc_prediction(env: TabularEnv, policy: np.ndarray, n_episodes: int, gamma: float = 1.0,
                  first_visit: bool = True, seed: int | np.random.Generator = 0,
                  batch_size: int = 10_000) -> tuple[np.ndarray, np.ndarray]:
    """First-visit (or every-visit) MC prediction of v_pi (§5.1). Returns (V, per-episode
    returns G_0). States never visited keep V = 0."""
    _check(n_episodes, gamma, batch_size)
    rng = np.random.default_rng(seed)
    total, count = np.zeros(env.n_states), np.zeros(env.n_states)
    episode_returns = []
    for size in _batches(n_episodes, batch_size):
        batch = rollout(env, policy, size, rng)
        returns = discounted_returns(batch.rewards, gamma)
        mask = visit_mask(batch.states, first_visit)
        total += np.bincount(batch.states[mask], weights=returns[mask], minlength=env.n_states)
        count += np.bincount(batch.states[mask], minlength=env.n_states)
        episode_returns.append(returns[:, 0])
    return np.divide(total, count, out=np.zeros_like(total), where=count > 0), np.concatenate(episode_returns)


def _mc_control(env, n_episodes, gamma, seed, batch_size, epsilon, exploring_starts, initial_policy):
    _check(n_episodes, gamma, batch_size)
    rng = np.random.default_rng(seed)
    S, A = env.n_states, env.n_actions
    total, count = np.zeros((S, A)), np.zeros((S, A))
    Q = np.zeros((S, A))
    if initial_policy is None:
        greedy = np.zeros(S, dtype=int)
    else:
        greedy = np.asarray(initial_policy, dtype=int).copy()
    episode_returns = []
    for size in _batches(n_episodes, batch_size):
        policy = np.full((S, A), epsilon / A)
        policy[np.arange(S), greedy] += 1.0 - epsilon
        batch = rollout(env, policy, size, rng, exploring_starts=exploring_starts)
        returns = discounted_returns(batch.rewards, gamma)
        pairs = np.where(batch.states >= 0, batch.states * A + batch.actions, -1)
        mask = visit_mask(pairs, first_visit=True)
        total += np.bincount(pairs[mask], weights=returns[mask], minlength=S * A).reshape(S, A)
        count += np.bincount(pairs[mask], minlength=S * A).reshape(S, A)
        Q = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
        # Improve only where something was learned, so unvisited states keep their action.
        seen = count.sum(1) > 0
        greedy[seen] = Q[seen].argmax(1)
        episode_returns.append(returns[:, 0])
    return Q, greedy, np.concatenate(episode_returns)


def mc_control_exploring_starts(env: TabularEnv, n_episodes: int, gamma: float = 1.0,
                                seed: int | np.random.Generator = 0, batch_size: int = 1,
                                initial_policy: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Monte Carlo ES (§5.3): every episode starts from a random state-action pair, then follows
    the greedy policy, improved after each batch. Returns (Q, greedy policy (S,), returns G_0)."""
    return _mc_control(env, n_episodes, gamma, seed, batch_size, 0.0, True, initial_policy)


def mc_control_epsilon_soft(env: TabularEnv, n_episodes: int, epsilon: float = 0.1, gamma: float = 1.0,
                            seed: int | np.random.Generator = 0, batch_size: int = 1,
                            initial_policy: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """On-policy first-visit MC control with an epsilon-greedy (hence epsilon-soft) policy (§5.4).
    Returns (Q, greedy policy (S,), returns G_0 of the epsilon-soft episodes)."""
    if not 0.0 < epsilon <= 1.0:
        raise DeeprootsError(f"epsilon must be in (0, 1] for an epsilon-soft policy (got {epsilon})")
    return _mc_control(env, n_episodes, gamma, seed, batch_size, epsilon, False, initial_policy)
