"""policy-gradient-cartpole's trusted evaluation: hidden CartPole-v1 episodes, in the grader.

Every evaluation draws N episode seeds from ``rng`` (seeded from os.urandom by the harness) and
plays the N episodes side by side: at each time step one ``act`` call gets the observations of
every episode still running (greedy or stochastic, as the learner's ``act`` decides). An episode
ends when the pole falls past 12 degrees, the cart leaves [-2.4, 2.4], or at 500 steps
(CartPole-v1's limit); its return is its length. The naive baseline is a uniformly random agent
on the very same seeds. Gymnasium registers CartPole-v1 with ``reward_threshold = 475``: a mean
return of 475 counts as solved.
"""
from __future__ import annotations

import gymnasium as gym
import numpy as np

from deeproots.projects.evaluation import Evaluation, as_array, paired_margin
from deeproots.projects.policy_gradient_cartpole.kit import ENV_ID

N_EPISODES, N_QUICK = 100, 50
X_LIMIT, THETA_LIMIT = 2.4, 12 * 2 * np.pi / 360


def play(actor, seeds: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Play one episode per seed, all at once; ``actor(observations (k, 4)) -> (k,) actions`` for
    the k live episodes. Returns the returns (n,) and each episode's observations (T_i, 4)."""
    envs = [gym.make(ENV_ID) for _ in seeds]
    observations = np.stack([env.reset(seed=int(seed))[0] for env, seed in zip(envs, seeds)]).astype(np.float32)
    traces = [[obs.copy()] for obs in observations]  # copies: observations is updated in place
    returns, live = np.zeros(len(seeds)), np.ones(len(seeds), dtype=bool)
    while live.any():
        index = np.flatnonzero(live)
        actions = actor(observations[index])
        for i, action in zip(index, actions):
            observation, reward, terminated, truncated, _ = envs[i].step(int(action))
            observations[i] = observation
            traces[i].append(observations[i].copy())
            returns[i] += reward
            live[i] = not (terminated or truncated)
    for env in envs:
        env.close()
    return returns, [np.array(trace) for trace in traces]


def frame(x: float, theta: float, height: int = 40, width: int = 96) -> np.ndarray:
    """A drawing of the cart (a block) and the pole (a line) at cart position x, pole angle theta;
    the edges of the track are marked at the bottom."""
    image = np.zeros((height, width))
    column = int(round((x + X_LIMIT) / (2 * X_LIMIT) * (width - 1)))
    image[height - 3, :] = 0.3
    image[height - 6:height - 3, max(column - 4, 0):min(column + 5, width)] = 1.0
    for t in np.linspace(0, 1, 60):
        r, c = height - 6 - t * 30 * np.cos(theta), column + t * 30 * np.sin(theta)
        if 0 <= r < height and 0 <= c < width:
            image[int(r), int(c)] = 1.0
    return image


def filmstrip(trace: np.ndarray, frames: int = 6) -> np.ndarray:
    """The last ``frames`` states of an episode, two steps apart, side by side."""
    picks = np.clip(np.arange(len(trace) - 1 - 2 * (frames - 1), len(trace), 2), 0, len(trace) - 1)
    strip = [np.pad(frame(trace[t, 0], trace[t, 2]), ((0, 0), (0, 2)), constant_values=0.5) for t in picks]
    return np.concatenate(strip, axis=1)


def why_it_ended(trace: np.ndarray) -> str:
    x, theta = trace[-1, 0], trace[-1, 2]
    if abs(theta) > THETA_LIMIT:
        return f"the pole fell ({np.degrees(theta):+.0f} degrees)"
    if abs(x) > X_LIMIT:
        return f"the cart left the track (x = {x:+.2f})"
    return "the time limit"



def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    n = N_QUICK if quick else N_EPISODES
    seeds = rng.integers(0, 2**31 - 1, n)
    coin = np.random.default_rng(rng.integers(2**63))

    def learner_actor(observations: np.ndarray) -> np.ndarray:
        actions = as_array(learner.act(model, observations.copy()), len(observations),
                           "act(model, observations)'s actions", np.int64)
        if not np.all((actions == 0) | (actions == 1)):
            raise ValueError("act(model, observations) should return 0 (push left) or 1 (push right) for each row")
        return actions

    returns, traces = play(learner_actor, seeds)
    random_returns, _ = play(lambda observations: coin.integers(0, 2, len(observations)), seeds)
    metrics = {"mean_return": float(returns.mean()), "min_return": float(returns.min()),
               "solved_fraction": float((returns >= 500).mean())}
    baseline = {"mean_return": float(random_returns.mean()), "min_return": float(random_returns.min()),
                "solved_fraction": float((random_returns >= 500).mean())}
    shortest = [i for i in np.argsort(returns, kind="stable")[:4] if returns[i] < 500]
    failures = [(filmstrip(traces[i]), f"{int(returns[i])} steps: ended by {why_it_ended(traces[i])}; its last frames")
                for i in shortest]
    shown = shortest or list(np.argsort(returns, kind="stable")[:2])
    curves = {
        "Every hidden episode's return, sorted": {
            "your agent": (list(range(n)), np.sort(returns).tolist()),
            "random agent": (list(range(n)), np.sort(random_returns).tolist())},
        "Pole angle (degrees) in the shortest episodes": {
            f"episode {k + 1} ({int(returns[i])} steps)": (list(range(len(traces[i]))),
                                                          np.degrees(traces[i][:, 2]).tolist()) for k, i in enumerate(shown)},
        "Cart position in the shortest episodes": {
            f"episode {k + 1} ({int(returns[i])} steps)": (list(range(len(traces[i]))), traces[i][:, 0].tolist())
            for k, i in enumerate(shown)},
    }
    return Evaluation(
        metrics, baseline, "a uniformly random agent on the same episodes", n,
        failures=failures, failure_caption="The shortest hidden episodes: the last frames before the end",
        curves=curves, margins={"mean_return": paired_margin(returns, random_returns)},
        notes=[f"{n} hidden episodes of {ENV_ID} from seeds drawn fresh in the grader; "
               f"{int((returns >= 500).sum())} of them lasted the full 500 steps.",
               "Solved means a mean return of at least 475 (Gymnasium's reward_threshold for CartPole-v1)."])
