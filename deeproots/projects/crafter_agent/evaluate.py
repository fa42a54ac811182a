"""crafter-agent's trusted evaluation (runs in the grader's process, never in the learner's).

Hidden worlds, drawn fresh from ``rng`` at every evaluation: 64 world seeds (32 with ``quick``),
one episode each, cut after ``EPISODE_STEPS`` = 500 steps (Crafter's own limit is 10,000; a cut
can only remove unlocks, so the cap makes the score harder to reach, never easier). The learner's
``act(model, observations)`` is asked once per time step for every live episode at once.
The naive baseline is the paper's random agent (a uniformly random action each step), played here
on the very same worlds. The score is the paper's (Hafner 2021, §3): s_i = the percent of episodes
that unlocked achievement i at least once, score = exp(mean_i ln(1 + s_i)) - 1.
"""
from __future__ import annotations

from collections import deque

import numpy as np

from deeproots.projects.crafter_agent.kit import EPISODE_STEPS, N_ACTIONS
from deeproots.projects.evaluation import Evaluation, as_array
from deeproots.rl.crafter.env import CrafterEnv
from deeproots.rl.crafter.score import ACHIEVEMENTS, crafter_score, success_rates

N_FULL, N_QUICK = 64, 32
FILM_FRAMES, FILM_STRIDE = 12, 4  # the filmstrip: every 4th of the last 48 frames of the worst episode
RESAMPLES = 1000


def play(policy, seeds, record: bool = False) -> list[dict]:
    """One episode per world seed, all stepped in lockstep: ``policy(obs (n, 64, 64, 3) uint8) ->
    n actions`` is called once per time step for the live episodes. Returns one dict per episode
    (achievements, return, length, and with ``record`` its last frames)."""
    envs = [CrafterEnv(seed=int(seed), length=EPISODE_STEPS) for seed in seeds]
    obs = [env.reset(seed=int(seed))[0] for env, seed in zip(envs, seeds)]
    frames = [deque([o], maxlen=FILM_FRAMES * FILM_STRIDE) for o in obs] if record else None
    episodes: list[dict | None] = [None] * len(envs)
    live = list(range(len(envs)))
    while live:
        actions = policy(np.stack([obs[i] for i in live]))
        still = []
        for i, action in zip(live, actions):
            obs[i], _, terminated, truncated, info = envs[i].step(int(action))
            if record:
                frames[i].append(obs[i])
            if terminated or truncated:
                episode = info["episode"]
                episodes[i] = {"achievements": frozenset(episode["achievements"]), "return": float(episode["return"]),
                               "length": int(episode["length"]), "died": bool(terminated),
                               "frames": list(frames[i]) if record else []}
            else:
                still.append(i)
        live = still
    return episodes


def learner_policy(learner, model):
    def policy(obs: np.ndarray) -> np.ndarray:
        actions = as_array(learner.act(model, obs), len(obs), "act(model, observations)'s actions")
        if np.any(actions != np.round(actions)) or actions.min() < 0 or actions.max() >= N_ACTIONS:
            raise ValueError(f"act(model, observations)'s actions should be whole numbers in 0..{N_ACTIONS - 1}, "
                             f"got values from {actions.min():g} to {actions.max():g}")
        return actions.astype(np.int64)
    return policy


def random_policy(rng: np.random.Generator):
    """The paper's random agent: a uniformly random action each step (Hafner 2021, §4)."""
    return lambda obs: rng.integers(N_ACTIONS, size=len(obs))


def unlocked(episodes: list[dict]) -> np.ndarray:
    """(episodes, 22) bool: episode e unlocked achievement i."""
    return np.array([[name in e["achievements"] for name in ACHIEVEMENTS] for e in episodes], bool)


def scores_of(counts: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """The Crafter score of each resample (rows of ``counts``: how often each episode is drawn)."""
    percents = 100.0 * (counts @ matrix) / counts.sum(1, keepdims=True)
    return np.expm1(np.mean(np.log1p(percents), axis=1))


def paired_margin(agent: np.ndarray, baseline: np.ndarray, rng: np.random.Generator) -> float:
    """Two standard errors of score(agent) - score(baseline) over paired bootstrap resamples of
    the worlds (Efron 1979): beating the baseline by less is within the noise of one draw."""
    n = len(agent)
    picks = rng.integers(0, n, size=(RESAMPLES, n))
    counts = np.stack([np.bincount(row, minlength=n) for row in picks]).astype(float)
    difference = scores_of(counts, agent.astype(float)) - scores_of(counts, baseline.astype(float))
    return float(2 * difference.std(ddof=1))


def summary(episodes: list[dict]) -> dict[str, float]:
    rates = success_rates([e["achievements"] for e in episodes])
    metrics = {"score": crafter_score(rates), "return_mean": float(np.mean([e["return"] for e in episodes])),
               "length_mean": float(np.mean([e["length"] for e in episodes])),
               "achievements_per_episode": float(np.mean([len(e["achievements"]) for e in episodes]))}
    return metrics | {f"success_{name}": rates[name] for name in ACHIEVEMENTS}


def filmstrip(episode: dict) -> list[tuple[np.ndarray, str]]:
    frames, length = episode["frames"], episode["length"]
    first = length + 1 - len(frames)  # frames[0] is the frame after step `first` (0: the reset's)
    picks = list(range(len(frames) - 1, -1, -FILM_STRIDE))[::-1]
    end = "died" if episode["died"] else f"cut at {EPISODE_STEPS} steps"
    return [(frames[k], f"step {first + k} of {length}" + (f" ({end})" if k == len(frames) - 1 else ""))
            for k in picks]


def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    n = N_QUICK if quick else N_FULL
    seeds = rng.choice(2**31 - 2, size=n, replace=False)  # the hidden worlds: never sent
    agent = play(learner_policy(learner, model), seeds, record=True)
    baseline = play(random_policy(np.random.default_rng(rng.integers(2**63))), seeds)
    metrics, base = summary(agent), summary(baseline)
    margin = paired_margin(unlocked(agent), unlocked(baseline), rng)
    worst = min(range(n), key=lambda i: (len(agent[i]["achievements"]), agent[i]["length"]))
    got = ", ".join(sorted(agent[worst]["achievements"])) or "nothing"
    x = list(range(1, len(ACHIEVEMENTS) + 1))
    curves = {"Success rate per achievement (%), achievements 1-22 in the order of the notes": {
        "your agent": (x, [metrics[f"success_{a}"] for a in ACHIEVEMENTS]),
        "random agent": (x, [base[f"success_{a}"] for a in ACHIEVEMENTS])}}
    return Evaluation(
        metrics, base, "the random agent (a uniformly random action each step) on the same worlds", n,
        failures=filmstrip(agent[worst]),
        failure_caption=f"The last steps of your agent's worst episode (fewest achievements, then shortest; "
                        f"{agent[worst]['length']} steps, unlocked {got})",
        curves=curves, margins={"score": margin},
        notes=[f"Hidden worlds: {n} world seeds drawn fresh in the grader, one episode each, cut after "
               f"{EPISODE_STEPS} steps (Crafter's limit is 10,000); {sum(e['length'] for e in agent):,} steps "
               "of your agent, the random agent on the same worlds.",
               f"Crafter score (Hafner 2021): yours {metrics['score']:.2f}%, the random agent's "
               f"{base['score']:.2f}% (the paper's random agent: 1.6%, PPO at 1M steps: 4.6%); beating random "
               f"counts when the gap exceeds {margin:.2f} points (two standard errors, paired bootstrap).",
               "Achievements 1-22: " + ", ".join(f"{i} {a}" for i, a in enumerate(ACHIEVEMENTS, 1)) + "."])
