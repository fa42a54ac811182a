"""dqn's trusted evaluation (runs in the grader's process, never in the learner's).

Hidden episodes, drawn fresh from ``rng`` at every evaluation: 100 episodes of CartPole-v1 (50 at
the quick budget) from seeds that never leave this process. All live episodes are stepped
together: one ``learner.act(model, observations)`` call per time step, with the observations of
the episodes still running. The naive baseline is a random agent (uniform actions) on the very
same seeds; bronze is beating it by more than two standard errors of the paired difference.
``run_episodes`` and ``filmstrip`` are shared with behaviour-cloning's evaluation.
"""
from __future__ import annotations

from typing import Callable

import gymnasium as gym
import numpy as np

from deeproots.projects.evaluation import Evaluation, as_array, paired_margin

ENV_ID = "CartPole-v1"
N_EPISODES, N_QUICK = 100, 50
FRAMES = 8


def episode_seeds(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, 2**31 - 1, size=n)


def run_episodes(policy: Callable[[np.ndarray], np.ndarray], seeds: np.ndarray,
                 env_id: str = ENV_ID) -> tuple[np.ndarray, np.ndarray, list[list[int]]]:
    """Play one episode per seed, all at once: ``policy(observations of the live episodes)`` gives
    their actions. Returns each episode's return, its length and its actions."""
    envs = [gym.make(env_id) for _ in seeds]
    observations = np.stack([env.reset(seed=int(seed))[0] for env, seed in zip(envs, seeds)]).astype(np.float32)
    returns, lengths = np.zeros(len(seeds)), np.zeros(len(seeds), dtype=np.int64)
    actions_taken: list[list[int]] = [[] for _ in seeds]
    live = np.ones(len(seeds), dtype=bool)
    while live.any():
        running = np.flatnonzero(live)
        actions = policy(observations[running])
        for index, action in zip(running, actions):
            observation, reward, terminated, truncated, _ = envs[index].step(int(action))
            observations[index] = observation
            returns[index] += reward
            lengths[index] += 1
            actions_taken[index].append(int(action))
            live[index] = not (terminated or truncated)
    for env in envs:
        env.close()
    return returns, lengths, actions_taken


def learner_policy(learner, model, n_actions: int) -> Callable[[np.ndarray], np.ndarray]:
    """The learner's ``act`` as a policy, its answers checked: one whole action per observation."""
    def policy(observations: np.ndarray) -> np.ndarray:
        actions = as_array(learner.act(model, observations), len(observations), "act(model, observations)'s actions")
        if not np.all((actions == np.rint(actions)) & (actions >= 0) & (actions < n_actions)):
            raise ValueError(f"act(model, observations)'s actions should be whole numbers in 0..{n_actions - 1}, "
                             f"got {actions[:8]}")
        return actions.astype(np.int64)
    return policy


def random_policy(rng: np.random.Generator, n_actions: int) -> Callable[[np.ndarray], np.ndarray]:
    return lambda observations: rng.integers(0, n_actions, size=len(observations))



def filmstrip(seed: int, actions: list[int], env_id: str = ENV_ID, frames: int = FRAMES) -> np.ndarray:
    """Frames of one episode (replayed from its seed and actions), side by side, 1/4 scale."""
    env = gym.make(env_id, render_mode="rgb_array")
    env.reset(seed=int(seed))
    wanted = set(np.linspace(0, len(actions), frames).astype(int).tolist())
    shots = [env.render()] if 0 in wanted else []
    for t, action in enumerate(actions, start=1):
        env.step(action)
        if t in wanted:
            shots.append(env.render())
    env.close()
    small = [shot[::4, ::4] for shot in shots]
    gap = np.zeros((small[0].shape[0], 2, 3), dtype=np.uint8)
    return np.concatenate([piece for shot in small for piece in (shot, gap)][:-1], axis=1)


def summary(returns: np.ndarray, max_return: float) -> dict[str, float]:
    return {"mean_return": float(returns.mean()), "median_return": float(np.median(returns)),
            "min_return": float(returns.min()), "full_episodes": float((returns >= max_return).mean())}


def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    seeds = episode_seeds(rng, N_QUICK if quick else N_EPISODES)
    baseline_rng = np.random.default_rng(int(rng.integers(2**63)))
    returns, lengths, actions = run_episodes(learner_policy(learner, model, 2), seeds)
    random_returns, _, _ = run_episodes(random_policy(baseline_rng, 2), seeds)
    max_return = float(gym.spec(ENV_ID).max_episode_steps)
    worst = int(np.argmin(returns))
    failures = []
    if returns[worst] < max_return:
        failures.append((filmstrip(seeds[worst], actions[worst]),
                         f"your agent's shortest episode: the pole fell after {lengths[worst]} steps"))
    ranks = list(range(1, len(seeds) + 1))
    curve = {"your agent": (ranks, sorted(returns.tolist())),
             "random agent": (ranks, sorted(random_returns.tolist()))}
    return Evaluation(
        summary(returns, max_return), summary(random_returns, max_return), "a random agent (uniform actions)",
        len(seeds), failures=failures, failure_caption="Your agent's worst hidden episode, start to end",
        curves={"Return of each hidden episode, sorted (500 = the pole stayed up to the time limit)": curve},
        margins={"mean_return": paired_margin(returns, random_returns)},
        notes=[f"Hidden test: {len(seeds)} episodes of {ENV_ID} from seeds drawn fresh in the grader; "
               f"the random agent played the same seeds. CartPole-v1 counts as solved at a mean return "
               f"of {gym.spec(ENV_ID).reward_threshold:g} (Gymnasium's reward_threshold)."])
