"""dqn's trusted parts: the evaluation (hidden CartPole-v1 episodes, the random baseline, the
tiers) against a hand-written controller and Gymnasium itself, and the kit's step budget."""
from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

from deeproots.grading.worker.training import BudgetExhausted, Context
from deeproots.projects.catalog import projects
from deeproots.projects.dqn import evaluate as ev
from deeproots.projects.dqn import kit
from deeproots.projects.evaluation import judge, tier_reached

PROJECT = projects().get("dqn")


class Policy:
    """A fake learner in this process: ``act`` is ``function(observations)``."""

    def __init__(self, function):
        self.function, self.calls = function, []

    def act(self, model, observations):
        self.calls.append(len(observations))
        return self.function(observations)


def balancing(observations):
    """A linear controller that keeps the pole up for all 500 steps: push toward where the
    pole is falling (angle and angular velocity), with a little cart velocity."""
    return (observations @ np.array([0.1, 0.5, 1.0, 1.0]) > 0).astype(np.int64)


def Ctx(steps: int, seed: int = 3) -> Context:  # noqa: N802 - stands where a class stood
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare('deeproots.projects.dqn.kit', steps, seed=seed)


def test_a_balancing_controller_solves_it_and_reaches_gold():
    evaluation = ev.evaluate(Policy(balancing), None, np.random.default_rng(1), quick=True)
    assert evaluation.metrics["mean_return"] == 500.0 and evaluation.metrics["full_episodes"] == 1.0
    assert evaluation.failures == []  # no episode fell
    assert tier_reached(judge(PROJECT, evaluation)) == "gold"


def test_always_pushing_left_falls_fast_and_reaches_nothing():
    learner = Policy(lambda observations: np.zeros(len(observations), dtype=np.int64))
    evaluation = ev.evaluate(learner, None, np.random.default_rng(2), quick=True)
    assert evaluation.metrics["mean_return"] < 12  # the pole falls in about 9 steps
    assert tier_reached(judge(PROJECT, evaluation)) is None
    image, caption = evaluation.failures[0]
    assert image.ndim == 3 and image.shape[2] == 3 and "fell" in caption
    assert learner.calls[0] == ev.N_QUICK  # one batched call for all live episodes


def test_the_random_baseline_lasts_about_22_steps():
    evaluation = ev.evaluate(Policy(balancing), None, np.random.default_rng(3), quick=False)
    # CartPole-v1 under uniform random actions: about 22 steps per episode (a textbook value).
    assert 17 < evaluation.baseline["mean_return"] < 28
    assert evaluation.margins["mean_return"] > 0


def test_episodes_match_a_plain_gymnasium_loop():
    seeds = np.array([11, 12, 13])
    returns, lengths, actions = ev.run_episodes(balancing, seeds)
    for seed, episode_return, length, taken in zip(seeds, returns, lengths, actions):
        env = gym.make("CartPole-v1")
        observation, _ = env.reset(seed=int(seed))
        total, done = 0.0, False
        for action in taken:
            assert not done
            assert action == balancing(observation[None])[0]
            observation, reward, terminated, truncated, _ = env.step(action)
            total, done = total + reward, terminated or truncated
        assert done and total == episode_return and len(taken) == length


@pytest.mark.parametrize("answer, message", [
    (lambda o: np.zeros((len(o), 2)), "shape"),
    (lambda o: np.full(len(o), 2), "0..1"),
    (lambda o: np.full(len(o), 0.5), "whole numbers"),
    (lambda o: np.full(len(o), np.nan), "NaN"),
])
def test_wrong_answers_raise_a_clear_error(answer, message):
    with pytest.raises(ValueError, match=message):
        ev.evaluate(Policy(answer), None, np.random.default_rng(4), quick=True)


def test_hidden_seeds_differ_between_draws():
    first, second = ev.episode_seeds(np.random.default_rng(5), 50), ev.episode_seeds(np.random.default_rng(6), 50)
    assert len(set(first) & set(second)) == 0


def test_the_kit_counts_every_step_and_stops_at_the_budget():
    ctx = Ctx(steps=12)
    env = kit.make_env(ctx, n_envs=4)
    assert env.reset().shape == (4, 4)
    for _ in range(3):
        env.step(np.zeros(4, dtype=np.int64))
    assert ctx.steps_used() == 12
    with pytest.raises(BudgetExhausted):
        env.step(np.zeros(4, dtype=np.int64))
    with pytest.raises(ValueError):
        kit.make_env(Ctx(10)).step(np.array([3]))


def test_the_kit_gives_the_true_last_observation_when_an_episode_ends():
    ctx = Ctx(steps=100)
    env = kit.make_env(ctx)
    for _ in range(100):  # pushing left: the pole falls within ~10 steps, the episode restarts
        observations, _, terminated, _, info = env.step(np.array([0]))
        if terminated[0]:
            break
    assert terminated[0] and info["episode_returns"]
    assert abs(info["next_obs"][0, 2]) > 0.2  # the pole had fallen past 12 degrees (0.21 rad)...
    assert abs(observations[0, 2]) <= 0.05  # ...and the new episode starts near upright
