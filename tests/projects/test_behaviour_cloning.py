"""behaviour-cloning's trusted parts: the shipped expert (against PyTorch), the evaluation
(expert and random agent on the same hidden episodes, the tiers) and the kit's budgets."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from deeproots.grading.worker.training import BudgetExhausted, Context
from deeproots.projects.behaviour_cloning.kit import BudgetExhausted as EnvStepsExhausted
from deeproots.projects.behaviour_cloning import evaluate as ev
from deeproots.projects.behaviour_cloning import kit
from deeproots.projects.behaviour_cloning.expert import EXPERT_FILE, expert
from deeproots.projects.catalog import projects
from deeproots.projects.evaluation import judge, tier_reached

PROJECT = projects().get("behaviour-cloning")


class Policy:
    def __init__(self, function):
        self.function = function

    def act(self, model, observations):
        return self.function(observations)


def Ctx(steps: int, seed: int = 3) -> Context:  # noqa: N802 - stands where a class stood
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare('deeproots.projects.behaviour_cloning.kit', steps, seed=seed)


def test_the_expert_is_the_network_its_file_describes():
    with np.load(EXPERT_FILE) as arrays:
        network = torch.nn.Sequential(torch.nn.Linear(4, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64),
                                      torch.nn.ReLU(), torch.nn.Linear(64, 2))
        with torch.no_grad():
            for i, layer in enumerate(network[::2]):
                layer.weight.copy_(torch.from_numpy(arrays[f"w{i}"].T))
                layer.bias.copy_(torch.from_numpy(arrays[f"b{i}"]))
        assert float(arrays["mean_return"]) >= 495  # what the making script measured
    observations = np.random.default_rng(0).normal(0, [1, 1, 0.1, 1], (500, 4)).astype(np.float32)
    with torch.no_grad():
        expected = network(torch.from_numpy(observations)).argmax(1).numpy()
    assert np.array_equal(expert().act(observations), expected)


def test_the_expert_itself_scores_100_percent_and_gold():
    evaluation = ev.evaluate(Policy(expert().act), None, np.random.default_rng(1), quick=True)
    assert evaluation.metrics["relative_return"] == 1.0 and evaluation.metrics["agreement_with_expert"] == 1.0
    assert evaluation.metrics["expert_mean_return"] > 450
    assert tier_reached(judge(PROJECT, evaluation)) == "gold"


def test_a_constant_policy_and_the_random_baseline():
    evaluation = ev.evaluate(Policy(lambda o: np.ones(len(o), dtype=np.int64)), None, np.random.default_rng(2),
                             quick=True)
    assert evaluation.metrics["mean_return"] < 12 and tier_reached(judge(PROJECT, evaluation)) is None
    base = evaluation.baseline
    assert 15 < base["mean_return"] < 30  # a random agent on CartPole-v1: about 22 steps
    assert base["relative_return"] == pytest.approx(base["mean_return"] / evaluation.metrics["expert_mean_return"])
    assert evaluation.failures and evaluation.failures[0][0].ndim == 3


def test_a_wrong_answer_raises_a_clear_error():
    with pytest.raises(ValueError, match="shape"):
        ev.evaluate(Policy(lambda o: np.zeros(len(o) + 1)), None, np.random.default_rng(3), quick=True)


def test_demonstrations_are_the_experts_actions_and_count_labels():
    ctx = Ctx(steps=150)
    observations, actions = kit.expert_demonstrations(ctx, 120)
    assert observations.shape == (120, 4) and ctx.steps_used() == 120
    assert np.array_equal(actions, expert().act(observations))
    assert np.abs(observations[:, 2]).max() < 0.21  # the expert keeps the pole up
    with pytest.raises(BudgetExhausted):
        kit.expert_demonstrations(ctx, 31)
    assert np.array_equal(kit.expert_actions(ctx, observations[:30]), actions[:30]) and ctx.steps_used() == 150
    with pytest.raises(BudgetExhausted):
        kit.expert_actions(ctx, observations[:1])
    with pytest.raises(ValueError):
        kit.expert_actions(Ctx(10), np.zeros((3, 5)))


def test_environment_steps_are_capped_at_ten_per_label_and_cost_no_labels():
    ctx = Ctx(steps=2)
    env = kit.make_env(ctx, n_envs=4)
    for _ in range(5):
        env.step(np.zeros(4, dtype=np.int64))
    assert ctx.steps_used() == 0 and kit.env_steps_left(ctx) == 0
    with pytest.raises(EnvStepsExhausted):  # the grader knows it by its name, BudgetExhausted
        env.step(np.zeros(4, dtype=np.int64))
