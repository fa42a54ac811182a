"""Multi-armed bandits on the 10-armed testbed, Sutton & Barto 2nd ed., chapter 2:

- ``epsilon_greedy``: sample averages (§2.4, Fig. 2.2) or a constant step size (§2.5), with
  optional optimistic initial values (§2.6, Fig. 2.3);
- ``ucb``: upper-confidence-bound action selection (§2.7, Fig. 2.4);
- ``gradient_bandit``: soft-max action preferences with or without the average-reward baseline
  (§2.8, Fig. 2.5).

All are vectorised over ``n_runs`` independent bandit problems (the book averages 2000): every
array has a leading run axis and one time step is a handful of NumPy operations. Each returns a
``BanditResult`` of per-step averages over runs. ``walk_std > 0`` makes the testbed
nonstationary: every q*(a) takes an independent N(0, walk_std^2) step each time (Exercise 2.5).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from deeproots.errors import DeeprootsError


class BanditResult(NamedTuple):
    mean_reward: np.ndarray
    """(n_steps,) reward at each step, averaged over runs (the y-axis of Figs. 2.2-2.4)."""
    optimal_action: np.ndarray
    """(n_steps,) fraction of runs that took the currently optimal action (Figs. 2.2, 2.5)."""


def _check(n_runs: int, n_steps: int, n_arms: int) -> None:
    for name, value in (("n_runs", n_runs), ("n_steps", n_steps), ("n_arms", n_arms)):
        if value < 1:
            raise DeeprootsError(f"{name} must be >= 1 (got {value})")


def _random_argmax(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Row-wise argmax with ties broken uniformly at random (matters when all estimates are 0)."""
    is_max = values == values.max(axis=1, keepdims=True)
    return np.argmax(np.where(is_max, rng.random(values.shape), -1.0), axis=1)


def _run(select, learn, n_runs, n_steps, n_arms, true_mean, walk_std, rng) -> BanditResult:
    """The shared loop: ``select(t) -> actions (n_runs,)``, ``learn(actions, rewards)``."""
    q_star = rng.normal(true_mean, 1.0, (n_runs, n_arms))
    runs = np.arange(n_runs)
    mean_reward, optimal = np.zeros(n_steps), np.zeros(n_steps)
    for t in range(n_steps):
        actions = select(t)
        rewards = rng.normal(q_star[runs, actions], 1.0)
        optimal[t] = np.mean(actions == q_star.argmax(axis=1))
        mean_reward[t] = rewards.mean()
        learn(actions, rewards)
        if walk_std > 0:
            q_star += rng.normal(0.0, walk_std, q_star.shape)
    return BanditResult(mean_reward, optimal)


def _sample_average_learner(estimates, counts, step_size, runs):
    def learn(actions, rewards):
        counts[runs, actions] += 1
        alpha = 1.0 / counts[runs, actions] if step_size is None else step_size
        estimates[runs, actions] += alpha * (rewards - estimates[runs, actions])
    return learn


def epsilon_greedy(n_runs: int = 2000, n_steps: int = 1000, epsilon: float = 0.1, step_size: float | None = None,
                   initial_value: float = 0.0, n_arms: int = 10, true_mean: float = 0.0, walk_std: float = 0.0,
                   seed: int | np.random.Generator = 0) -> BanditResult:
    """Epsilon-greedy action-value method (§2.4): explore uniformly with probability epsilon,
    else take the greedy arm. ``step_size=None`` means sample averages (1/n), a float a constant
    step (§2.5)."""
    _check(n_runs, n_steps, n_arms)
    if not 0.0 <= epsilon <= 1.0:
        raise DeeprootsError(f"epsilon must be in [0, 1] (got {epsilon})")
    if step_size is not None and not 0.0 < step_size <= 1.0:
        raise DeeprootsError(f"step_size must be None (sample averages) or in (0, 1] (got {step_size})")
    rng = np.random.default_rng(seed)
    runs = np.arange(n_runs)
    estimates = np.full((n_runs, n_arms), float(initial_value))
    counts = np.zeros((n_runs, n_arms))

    def select(t):
        greedy = _random_argmax(estimates, rng)
        explore = rng.random(n_runs) < epsilon
        return np.where(explore, rng.integers(0, n_arms, n_runs), greedy)

    return _run(select, _sample_average_learner(estimates, counts, step_size, runs),
                n_runs, n_steps, n_arms, true_mean, walk_std, rng)


def ucb(n_runs: int = 2000, n_steps: int = 1000, c: float = 2.0, step_size: float | None = None, n_arms: int = 10,
        true_mean: float = 0.0, walk_std: float = 0.0, seed: int | np.random.Generator = 0) -> BanditResult:
    """UCB (§2.7, eq. 2.10): A_t = argmax_a [Q_t(a) + c sqrt(ln t / N_t(a))]; an arm never tried
    counts as maximising, so every arm is pulled once first."""
    _check(n_runs, n_steps, n_arms)
    if c < 0:
        raise DeeprootsError(f"c (exploration strength) must be >= 0 (got {c})")
    rng = np.random.default_rng(seed)
    runs = np.arange(n_runs)
    estimates, counts = np.zeros((n_runs, n_arms)), np.zeros((n_runs, n_arms))

    def select(t):
        with np.errstate(divide="ignore", invalid="ignore"):
            bonus = c * np.sqrt(np.log(t + 1) / counts)  # t + 1: the book's t counts from 1
        return _random_argmax(np.where(counts == 0, np.inf, estimates + bonus), rng)

    return _run(select, _sample_average_learner(estimates, counts, step_size, runs),
                n_runs, n_steps, n_arms, true_mean, walk_std, rng)


def gradient_bandit(n_runs: int = 2000, n_steps: int = 1000, alpha: float = 0.1, baseline: bool = True,
                    n_arms: int = 10, true_mean: float = 4.0, walk_std: float = 0.0,
                    seed: int | np.random.Generator = 0) -> BanditResult:
    """Gradient bandit (§2.8, eq. 2.12): soft-max over preferences H, updated by
    H += alpha (R - baseline) (1[a = A_t] - pi); the baseline is the running average reward
    (or 0 without it). Fig. 2.5 uses q* ~ N(+4, 1), hence the default ``true_mean``."""
    _check(n_runs, n_steps, n_arms)
    if alpha <= 0:
        raise DeeprootsError(f"alpha (step size) must be > 0 (got {alpha})")
    rng = np.random.default_rng(seed)
    runs = np.arange(n_runs)
    preferences = np.zeros((n_runs, n_arms))
    average_reward = np.zeros(n_runs)
    step = [0]
    probabilities = np.full((n_runs, n_arms), 1.0 / n_arms)

    def select(t):
        shifted = np.exp(preferences - preferences.max(axis=1, keepdims=True))
        probabilities[:] = shifted / shifted.sum(axis=1, keepdims=True)
        # Inverse-CDF sampling of one action per run.
        cumulative = probabilities.cumsum(axis=1)
        return np.minimum((cumulative < rng.random((n_runs, 1))).sum(axis=1), n_arms - 1)

    def learn(actions, rewards):
        step[0] += 1
        # The book's baseline R-bar_t averages the rewards before time t, with R-bar_1 = R_1.
        if step[0] == 1:
            average_reward[:] = rewards
        advantage = rewards - (average_reward if baseline else 0.0)
        average_reward[:] += (rewards - average_reward) / step[0]
        one_hot = np.zeros_like(preferences)
        one_hot[runs, actions] = 1.0
        preferences[:] += alpha * advantage[:, None] * (one_hot - probabilities)

    return _run(select, learn, n_runs, n_steps, n_arms, true_mean, walk_std, rng)
