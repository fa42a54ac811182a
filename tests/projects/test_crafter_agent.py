"""crafter-agent: the trusted evaluation against fake in-process learners, the kit's step budget,
the tiers (short episodes here: the real evaluation's 64 x 500 steps are the integration test's)."""
from __future__ import annotations

import math

import numpy as np
import pytest

pytest.importorskip("crafter")

from deeproots.grading.worker.training import BudgetExhausted, Context  # noqa: E402
from deeproots.projects.catalog import projects  # noqa: E402
from deeproots.projects.crafter_agent import evaluate as ev  # noqa: E402
from deeproots.projects.crafter_agent import kit  # noqa: E402
from deeproots.projects.evaluation import Evaluation, judge, tier_reached  # noqa: E402
from deeproots.rl.crafter.score import ACHIEVEMENTS  # noqa: E402


@pytest.fixture
def short(monkeypatch):
    """4 worlds, episodes cut at 40 steps: the same code, a second instead of a minute."""
    monkeypatch.setattr(ev, "N_QUICK", 4)
    monkeypatch.setattr(ev, "EPISODE_STEPS", 40)


class Learner:
    """A fake learner: ``act`` answers with ``policy(obs)`` and remembers what it saw."""

    def __init__(self, policy):
        self.policy, self.seen = policy, []

    def act(self, model, observations):
        self.seen.append(observations.copy())
        return self.policy(observations)


def test_score_is_the_papers_geometric_mean_with_a_one_percent_offset():
    # one achievement unlocked in every episode, the other 21 never: exp(ln(101) / 22) - 1
    episodes = [{"achievements": frozenset({"collect_wood"}), "return": 1.0, "length": 10}] * 5
    assert ev.summary(episodes)["score"] == pytest.approx(101 ** (1 / 22) - 1)
    # half the episodes unlock everything: s_i = 50 for all i, so the score is 50
    everything = {"achievements": frozenset(ACHIEVEMENTS), "return": 22.0, "length": 10}
    nothing = {"achievements": frozenset(), "return": 0.0, "length": 10}
    assert ev.summary([everything, nothing])["score"] == pytest.approx(50.0)


def test_bootstrap_scores_match_the_score_of_the_episodes_and_the_margin_is_zero_for_equal_agents():
    rng = np.random.default_rng(0)
    matrix = rng.random((30, 22)) < 0.2
    episodes = [{"achievements": frozenset(a for a, u in zip(ACHIEVEMENTS, row) if u), "return": 0.0, "length": 1}
                for row in matrix]
    assert ev.scores_of(np.ones((1, 30)), matrix.astype(float))[0] == pytest.approx(ev.summary(episodes)["score"])
    assert ev.paired_margin(matrix, matrix, rng) == 0.0
    other = rng.random((30, 22)) < 0.2
    assert ev.paired_margin(other, matrix, rng) > 0.0


def test_an_agent_that_never_acts_does_not_beat_random(short):
    project = projects().get("crafter-agent")
    evaluation = ev.evaluate(Learner(lambda obs: np.zeros(len(obs), int)), None, np.random.default_rng(1), quick=True)
    assert evaluation.metrics["score"] == 0.0  # noop unlocks nothing
    assert evaluation.n == 4 and evaluation.metrics["length_mean"] == 40
    assert tier_reached(judge(project, evaluation)) is None
    frames = [frame for frame, _ in evaluation.failures]
    assert 1 <= len(frames) <= ev.FILM_FRAMES and all(f.shape == (64, 64, 3) and f.dtype == np.uint8 for f in frames)
    assert evaluation.failures[-1][1].endswith("(cut at 40 steps)")


def test_tiers_random_bronze_reference_silver_paper_gold():
    project = projects().get("crafter-agent")
    assert [t.name for t in project.tiers] == ["bronze", "silver", "gold"]
    assert project.tiers[0].beats_baseline and project.tiers[2].threshold == 4.6

    def reached(score, baseline=1.6, margin=0.5):
        return tier_reached(judge(project, Evaluation({"score": score}, {"score": baseline}, "random", 64,
                                                      margins={"score": margin})))
    assert reached(2.0) is None  # within the noise of random
    assert reached(2.2) == ("silver" if project.tiers[1].threshold <= 2.2 else "bronze")
    assert reached(4.7) == "gold"


@pytest.mark.parametrize("answer, message", [
    (lambda obs: np.zeros(len(obs) + 1, int), "shape"),
    (lambda obs: np.full(len(obs), np.nan), "NaN"),
    (lambda obs: np.full(len(obs), 17), "whole numbers in 0..16"),
    (lambda obs: np.full(len(obs), 2.5), "whole numbers in 0..16"),
])
def test_a_wrong_answer_is_a_clear_value_error(short, answer, message):
    with pytest.raises(ValueError, match=message):
        ev.evaluate(Learner(answer), None, np.random.default_rng(0), quick=True)


def test_hidden_worlds_come_from_the_rng(short):
    first = [Learner(lambda obs: np.zeros(len(obs), int)) for _ in range(3)]
    for learner, seed in zip(first, (5, 5, 6)):
        ev.evaluate(learner, None, np.random.default_rng(seed), quick=True)
    assert np.array_equal(first[0].seen[0], first[1].seen[0])  # same rng, same worlds
    assert not np.array_equal(first[0].seen[0], first[2].seen[0])


def Ctx(steps: int, seed: int = 3) -> Context:  # noqa: N802 - stands where a class stood
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare("deeproots.projects.crafter_agent.kit", steps, seed=seed)


def test_the_kit_counts_every_step_of_every_game():
    ctx = Ctx(steps=20)
    games = kit.make_env(ctx, 8)
    obs = games.reset()
    assert obs.shape == (8, 64, 64, 3) and obs.dtype == np.uint8
    games.step(np.zeros(8, int))
    games.step(np.ones(8, int))
    assert ctx.steps_used() == 16
    with pytest.raises(BudgetExhausted):
        games.step(np.zeros(8, int))
    with pytest.raises(ValueError, match="one integer action"):
        kit.make_env(Ctx(100), 2).step(np.array([0, 17]))
    assert not np.array_equal(kit.make_env(ctx, 1).reset(), kit.make_env(ctx, 1).reset())  # fresh worlds per call


def test_the_learner_may_not_import_crafter_or_deeproots_rl():
    forbidden = projects().get("crafter-agent").forbidden
    assert "crafter.*" in forbidden and "deeproots.rl.*" in forbidden
    assert math.isclose(kit.EPISODE_STEPS, ev.EPISODE_STEPS)
