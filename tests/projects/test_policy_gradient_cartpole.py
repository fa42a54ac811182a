"""policy-gradient-cartpole: the evaluator with in-process fake agents (a hand-written controller,
a random agent, broken answers), its episodes against CartPole's equations written here, and the
kit's step budget."""
from __future__ import annotations

import importlib

import numpy as np
import pytest

from deeproots.grading.worker.training import BudgetExhausted, Context
from deeproots.projects.catalog import projects
from deeproots.projects.evaluation import judge, tier_reached
from deeproots.projects.policy_gradient_cartpole import evaluate as ev

PROJECT = "policy-gradient-cartpole"
CONTROLLER = np.array([0.1, 0.3, 3.0, 1.0])  # push towards where the pole (and the cart) is heading


def Ctx(steps: int, seed: int = 0) -> Context:  # noqa: N802 - stands where a class stood
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare('deeproots.projects.policy_gradient_cartpole.kit', steps, seed=seed)


class Agent:
    """A fake learner: act(model, observations) from a function; remembers every batch it saw."""

    def __init__(self, policy):
        self.policy, self.seen = policy, []

    def act(self, model, observations):
        self.seen.append(observations.copy())
        return self.policy(observations)


def cartpole_length(first: np.ndarray, actions: list[int]) -> int:
    """Steps until CartPole ends from ``first`` under ``actions``: Barto, Sutton & Anderson's (1983)
    equations with Gymnasium's constants (Euler, tau 0.02, force 10, 12 degrees, 2.4, 500 steps),
    written here from the paper, not read from Gymnasium."""
    gravity, m_cart, m_pole, half_length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    x, x_dot, theta, theta_dot = first.astype(np.float64)
    for t, action in enumerate(actions, start=1):
        force = force_mag if action == 1 else -force_mag
        total = m_cart + m_pole
        temp = (force + m_pole * half_length * theta_dot**2 * np.sin(theta)) / total
        theta_acc = (gravity * np.sin(theta) - np.cos(theta) * temp) / (
            half_length * (4 / 3 - m_pole * np.cos(theta) ** 2 / total))
        x_acc = temp - m_pole * half_length * theta_acc * np.cos(theta) / total
        x, x_dot = x + tau * x_dot, x_dot + tau * x_acc
        theta, theta_dot = theta + tau * theta_dot, theta_dot + tau * theta_acc
        if abs(x) > 2.4 or abs(theta) > 12 * 2 * np.pi / 360 or t >= 500:
            return t
    return len(actions)


# --------------------------------------------------------------------------- the evaluator


def test_a_controller_that_balances_reaches_gold():
    e = ev.evaluate(Agent(lambda o: (o @ CONTROLLER > 0).astype(int)), None, np.random.default_rng(0), quick=True)
    assert e.metrics["mean_return"] == 500 and e.metrics["solved_fraction"] == 1
    assert e.failures == []  # no episode ended early
    assert tier_reached(judge(projects().get(PROJECT), e)) == "gold"


def test_the_random_baseline_scores_like_a_random_agent_and_does_not_reach_bronze():
    coin = np.random.default_rng(5)
    e = ev.evaluate(Agent(lambda o: coin.integers(0, 2, len(o))), None, np.random.default_rng(1))
    # a random agent keeps CartPole up for about 22 steps on average
    assert 17 < e.baseline["mean_return"] < 28 and 17 < e.metrics["mean_return"] < 28
    assert tier_reached(judge(projects().get(PROJECT), e)) is None


def test_episodes_follow_cartpoles_equations():
    seeds = np.arange(12)
    actions: list[list[int]] = [[] for _ in seeds]

    def alternating(observations):  # a poor agent: the episodes end at varied lengths
        return (observations[:, 2] > 0.05).astype(int)

    returns, traces = ev.play(alternating, seeds)
    for i, trace in enumerate(traces):
        actions[i] = alternating(trace[:-1]).tolist()
        assert returns[i] == len(trace) - 1 == cartpole_length(trace[0], actions[i])


def test_one_act_call_per_time_step_with_only_live_episodes():
    agent = Agent(lambda o: (o[:, 2] > 0).astype(int))
    e = ev.evaluate(agent, None, np.random.default_rng(2), quick=True)
    assert len(agent.seen[0]) == ev.N_QUICK
    assert [len(batch) for batch in agent.seen] == sorted((len(b) for b in agent.seen), reverse=True)
    assert len(agent.seen) == int(max(r for r in e.curves["Every hidden episode's return, sorted"]["your agent"][1]))
    assert e.failures and e.failures[0][0].ndim == 2  # filmstrips of the shortest episodes


def test_hidden_episodes_differ_between_rngs():
    a, b = Agent(lambda o: np.zeros(len(o), int)), Agent(lambda o: np.zeros(len(o), int))
    ev.evaluate(a, None, np.random.default_rng(1), quick=True)
    ev.evaluate(b, None, np.random.default_rng(2), quick=True)
    assert not np.allclose(a.seen[0], b.seen[0])


@pytest.mark.parametrize("answer, message", [
    (lambda o: np.zeros(len(o) + 1, int), "shape"),
    (lambda o: np.full(len(o), 2), "0 \\(push left\\) or 1"),
    (lambda o: np.full(len(o), np.nan), "NaN|0 \\(push left\\)"),
])
def test_wrong_actions_raise_a_clear_value_error(answer, message):
    with pytest.raises(ValueError, match=message):
        ev.evaluate(Agent(answer), None, np.random.default_rng(0), quick=True)


# --------------------------------------------------------------------------- the kit


def test_the_kit_counts_every_step_of_every_copy():
    ctx = Ctx(steps=100)
    envs = ctx.make_env(n_envs=8)
    observations, _ = envs.reset()
    assert observations.shape == (8, 4) and observations.dtype == np.float32
    for _ in range(12):
        observations, rewards, terminated, truncated, info = envs.step(np.zeros(8, int))
    assert ctx.steps_used() == 96
    with pytest.raises(BudgetExhausted):
        envs.step(np.zeros(8, int))
    assert ctx.steps_used() == 96
    with pytest.raises(ValueError, match="push left"):
        Ctx(100).make_env(n_envs=2).step(np.array([0, 3]))


def test_an_ended_episode_restarts_in_the_same_step():
    envs = Ctx(10_000).make_env(n_envs=2, seed=3)
    envs.reset()
    for _ in range(200):  # always push left: the pole falls within a few dozen steps
        observations, _, terminated, truncated, info = envs.step(np.zeros(2, int))
        if terminated.any():
            ended = np.flatnonzero(terminated)
            assert info["_final_obs"][ended].all()
            assert np.all(np.abs(observations[ended]) <= 0.05)  # the next episode's first observation
            assert np.any(np.abs(info["final_obs"][ended[0]][[0, 2]]) > [2.4, 0.2094])
            return
    pytest.fail("no episode ended")


def test_different_seeds_draw_different_starts():
    first = lambda ctx: ctx.make_env(n_envs=4).reset()[0]  # noqa: E731
    assert not np.array_equal(first(Ctx(10, seed=1)), first(Ctx(10, seed=2)))
    assert np.array_equal(first(Ctx(10, seed=1)), first(Ctx(10, seed=1)))


@pytest.mark.parametrize("which", ["starter", "reference"])
def test_starter_and_reference_run_in_process(which):
    module = importlib.import_module(f"deeproots.projects.policy_gradient_cartpole.{which}")
    model = module.load(module.train(Ctx(steps=1_000)))
    actions = np.asarray(module.act(model, np.zeros((5, 4), np.float32)))
    assert actions.shape == (5,) and set(actions.tolist()) <= {0, 1}
