"""behaviour-cloning's trusted evaluation (runs in the grader's process, never in the learner's).

Hidden episodes, drawn fresh from ``rng`` at every evaluation: 100 episodes of CartPole-v1 (50 at
the quick budget), played by the learner (one batched ``act`` call per time step), by the expert
and by a random agent, all on the very same seeds. The score is the learner's mean return
relative to the expert's on those seeds; the naive baseline is the random agent.
"""
from __future__ import annotations

import gymnasium as gym
import numpy as np

from deeproots.projects.behaviour_cloning.expert import expert
from deeproots.projects.dqn.evaluate import (ENV_ID, N_EPISODES, N_QUICK, episode_seeds, filmstrip,
                                             learner_policy, random_policy, run_episodes)
from deeproots.projects.evaluation import Evaluation, paired_margin


def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    seeds = episode_seeds(rng, N_QUICK if quick else N_EPISODES)
    baseline_rng = np.random.default_rng(int(rng.integers(2**63)))
    teacher, asked = expert(), learner_policy(learner, model, 2)
    agreed = []

    def policy(observations: np.ndarray) -> np.ndarray:  # the learner's actions, compared with the expert's
        actions = asked(observations)
        agreed.append(actions == teacher.act(observations))
        return actions

    returns, lengths, actions = run_episodes(policy, seeds)
    expert_returns, _, _ = run_episodes(teacher.act, seeds)
    random_returns, _, _ = run_episodes(random_policy(baseline_rng, 2), seeds)
    scale = float(expert_returns.mean())
    max_return = float(gym.spec(ENV_ID).max_episode_steps)
    metrics = {"relative_return": float(returns.mean()) / scale, "mean_return": float(returns.mean()),
               "expert_mean_return": scale, "agreement_with_expert": float(np.concatenate(agreed).mean()),
               "full_episodes": float((returns >= max_return).mean())}
    baseline = {"relative_return": float(random_returns.mean()) / scale, "mean_return": float(random_returns.mean()),
                "expert_mean_return": scale, "agreement_with_expert": 0.5,
                "full_episodes": float((random_returns >= max_return).mean())}
    worst = int(np.argmin(returns))
    failures = []
    if returns[worst] < max_return:
        failures.append((filmstrip(seeds[worst], actions[worst]),
                         f"your agent's shortest episode: the pole fell after {lengths[worst]} steps "
                         f"(the expert lasted {expert_returns[worst]:.0f} on the same seed)"))
    ranks = list(range(1, len(seeds) + 1))
    curve = {"your agent": (ranks, sorted(returns.tolist())), "expert": (ranks, sorted(expert_returns.tolist())),
             "random agent": (ranks, sorted(random_returns.tolist()))}
    margin = paired_margin(returns, random_returns)
    return Evaluation(
        metrics, baseline, "a random agent (uniform actions)", len(seeds), failures=failures,
        failure_caption="Your agent's worst hidden episode, start to end",
        curves={"Return of each hidden episode, sorted (500 = the pole stayed up to the time limit)": curve},
        margins={"relative_return": margin / scale, "mean_return": margin},
        notes=[f"Hidden test: {len(seeds)} episodes of {ENV_ID} from seeds drawn fresh in the grader; the expert "
               f"and a random agent played the same seeds (the expert's mean return: {scale:.1f}).",
               "agreement_with_expert: how often your action matched the expert's on the states your agent "
               "visited (the states DAgger labels)."])
