"""easy21: the exact Q* (against value iteration, Monte Carlo play and the game's structure),
the evaluator with in-process fake learners, and the kit's step budget."""
from __future__ import annotations

import importlib

import numpy as np
import pytest

from deeproots.grading.worker.training import BudgetExhausted, Context
from deeproots.projects.catalog import projects
from deeproots.projects.easy21 import evaluate as ev
from deeproots.projects.easy21 import kit
from deeproots.projects.evaluation import judge, tier_reached

HIT, STICK = kit.HIT, kit.STICK


def Ctx(steps: int, seed: int = 0) -> Context:  # noqa: N802 - stands where a class stood
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare('deeproots.projects.easy21.kit', steps, seed=seed)


def cards(rng, n):
    """n cards as signed values, written independently of the kit: |value| uniform 1..10, red 1/3."""
    return rng.integers(1, 11, n) * np.where(rng.random(n) < 1 / 3, -1, 1)


def play(hit_probability: np.ndarray, n: int, rng) -> np.ndarray:
    """n games of Easy21 in parallel (NumPy, not the kit) under a policy: the rewards."""
    dealer, player = rng.integers(1, 11, n), rng.integers(1, 11, n)
    reward, live = np.zeros(n), np.ones(n, dtype=bool)
    while live.any():
        idx = np.flatnonzero(live)
        hits = rng.random(idx.size) < hit_probability[dealer[idx] - 1, player[idx] - 1]
        hitters, stickers = idx[hits], idx[~hits]
        player[hitters] += cards(rng, hitters.size)
        bust = hitters[(player[hitters] < 1) | (player[hitters] > 21)]
        reward[bust], live[bust] = -1, False
        total = dealer[stickers].copy()
        while ((total >= 1) & (total < 17)).any():
            going = (total >= 1) & (total < 17)
            total[going] += cards(rng, int(going.sum()))
        dealer_bust = (total < 1) | (total > 21)
        reward[stickers] = np.where(dealer_bust, 1, np.sign(player[stickers] - total))
        live[stickers] = False
    return reward


def value_iteration() -> np.ndarray:
    """Q* by plain value iteration, written from the rules with loops (not the evaluator's solves)."""
    stick = ev.stick_values()
    v = np.zeros((10, 21))
    for _ in range(2000):
        q_hit = np.zeros((10, 21))
        for p in range(1, 22):
            for c in range(1, 11):
                for new, prob in ((p + c, 2 / 30), (p - c, 1 / 30)):
                    q_hit[:, p - 1] += prob * (v[:, new - 1] if 1 <= new <= 21 else -1.0)
        new_v = np.maximum(q_hit, stick)
        if np.abs(new_v - v).max() < 1e-15:
            break
        v = new_v
    return np.stack([q_hit, stick], -1)


# --------------------------------------------------------------------------- the exact Q*


def test_optimal_q_matches_value_iteration():
    assert np.abs(ev.optimal_q() - value_iteration()).max() < 1e-10


def test_optimal_q_satisfies_the_bellman_optimality_equation():
    q = ev.optimal_q()
    move, bust = ev.card_moves(21)
    assert np.abs(q[..., HIT] - (q.max(-1) @ move.T - bust)).max() < 1e-12
    assert np.all(q >= -1) and np.all(q <= 1)


def test_dealer_outcomes_match_monte_carlo():
    rng = np.random.default_rng(0)
    outcomes = ev.dealer_outcomes()
    assert np.allclose(outcomes.sum(1), 1.0)
    n = 40_000
    for first in (1, 6, 10):
        total = np.full(n, first)
        while ((total >= 1) & (total < 17)).any():
            going = (total >= 1) & (total < 17)
            total[going] += cards(rng, int(going.sum()))
        counts = np.array([((total < 1) | (total > 21)).mean(), *[(total == s).mean() for s in range(17, 22)]])
        se = np.sqrt(outcomes[first - 1] * (1 - outcomes[first - 1]) / n)
        assert np.all(np.abs(counts - outcomes[first - 1]) < 5 * se + 1e-9), (first, counts, outcomes[first - 1])


def test_stick_values_do_not_depend_on_the_policy_and_are_flat_below_17():
    stick = ev.stick_values()
    for policy in (np.zeros((10, 21)), np.full((10, 21), 0.5), ev.greedy(ev.optimal_q())):
        assert np.array_equal(ev.policy_values(policy)[1][..., STICK], stick)
    # below 17 the player wins only if the dealer busts, else loses: 2 P(bust) - 1 whatever the sum
    assert np.allclose(stick[:, :16], 2 * ev.dealer_outcomes()[:, :1] - 1)
    assert np.all(np.diff(stick[:, 15:], axis=1) > 0)  # 16 -> 21: each step up beats more dealer hands


@pytest.mark.parametrize("which", ["optimal", "random"])
def test_expected_returns_match_monte_carlo_play(which):
    policy = ev.greedy(ev.optimal_q()) if which == "optimal" else np.full((10, 21), 0.5)
    rewards = play(policy, 200_000, np.random.default_rng(1))
    se = rewards.std() / np.sqrt(rewards.size)
    assert abs(rewards.mean() - ev.expected_return(policy)) < 4 * se


def test_hitting_always_loses_and_optimal_beats_sticking():
    assert ev.expected_return(np.ones((10, 21))) == pytest.approx(-1.0)
    assert ev.expected_return(ev.greedy(ev.optimal_q())) > ev.expected_return(np.zeros((10, 21))) + 0.01


# --------------------------------------------------------------------------- the evaluator


class TableLearner:
    """A fake learner answering from a (10, 21, 2) table, row by row of the states it is sent."""

    def __init__(self, q):
        self.q, self.calls = np.asarray(q), []

    def predict(self, model, states):
        self.calls.append(states.copy())
        return self.q[states[:, 0] - 1, states[:, 1] - 1]


def test_a_perfect_learner_reaches_gold():
    e = ev.evaluate(TableLearner(ev.optimal_q()), None, np.random.default_rng(0))
    assert e.metrics["mse"] == 0 and e.metrics["return_gap"] == pytest.approx(0, abs=1e-12)
    assert tier_reached(judge(projects().get("easy21"), e)) == "gold"


@pytest.mark.parametrize("table", ["random", "zero"])
def test_the_baselines_own_answers_do_not_reach_bronze(table):
    q = ev.policy_values(np.full((10, 21), 0.5))[1] if table == "random" else np.zeros((10, 21, 2))
    e = ev.evaluate(TableLearner(q), None, np.random.default_rng(0))
    assert e.baseline["mse"] == pytest.approx(float(((q - ev.optimal_q()) ** 2).mean()) if table == "random" else 0.0217, abs=1e-4)
    assert tier_reached(judge(projects().get("easy21"), e)) is None


def test_states_are_shuffled_by_the_rng_and_every_state_asked_once():
    a, b = TableLearner(ev.optimal_q()), TableLearner(ev.optimal_q())
    ev.evaluate(a, None, np.random.default_rng(1))
    ev.evaluate(b, None, np.random.default_rng(2))
    asked = a.calls[0]
    assert len({tuple(s) for s in asked}) == 210 and asked[:, 0].min() == 1 and asked[:, 1].max() == 21
    assert not np.array_equal(a.calls[0], b.calls[0])


def test_wrong_answers_raise_a_clear_value_error():
    class Bad:
        def __init__(self, answer):
            self.answer = answer

        def predict(self, model, states):
            return self.answer(states)

    with pytest.raises(ValueError, match="shape"):
        ev.evaluate(Bad(lambda s: np.zeros(len(s))), None, np.random.default_rng(0))
    with pytest.raises(ValueError, match="NaN"):
        ev.evaluate(Bad(lambda s: np.full((len(s), 2), np.nan)), None, np.random.default_rng(0))


# --------------------------------------------------------------------------- the kit


def test_the_kit_counts_every_step_and_stops_at_the_budget():
    ctx = Ctx(steps=50)
    env = ctx.make_env()
    steps = 0
    with pytest.raises(BudgetExhausted):
        while True:
            (dealer, player), _ = env.reset()
            assert 1 <= dealer <= 10 and 1 <= player <= 10  # first cards are black
            done = False
            while not done:
                _, reward, done, _, _ = env.step(HIT if player < 15 else STICK)
                steps += 1
                assert ctx.steps_used() == steps
    assert ctx.steps_used() == 50


def test_the_kit_plays_by_the_rules():
    ctx = Ctx(steps=10**6, seed=3)
    env = ctx.make_env()
    rewards = []
    for _ in range(20_000):  # always stick at once: reward is +1 exactly when the dealer busts or ends below
        (dealer, player), _ = env.reset()
        rewards.append(env.step(STICK)[1])
    # a player at 1..10 wins only on a dealer bust; mean return = mean over first cards of 2 P(bust) - 1
    assert abs(np.mean(rewards) - ev.expected_return(np.zeros((10, 21)))) < 4 * np.std(rewards) / np.sqrt(20_000)
    with pytest.raises(ValueError, match="HIT"):
        env.reset()
        env.step(2)


def test_different_seeds_draw_different_games():
    def firsts(ctx):
        env = ctx.make_env()
        return [env.reset()[0] for _ in range(20)]

    assert firsts(Ctx(10, seed=1)) != firsts(Ctx(10, seed=2))
    assert firsts(Ctx(10, seed=1)) == firsts(Ctx(10, seed=1))


@pytest.mark.parametrize("which", ["starter", "reference"])
def test_starter_and_reference_run_in_process(which):
    module = importlib.import_module(f"deeproots.projects.easy21.{which}")
    model = module.load(module.train(Ctx(steps=5_000)))
    states = ev.all_states()
    assert np.asarray(module.predict(model, states)).shape == (210, 2)
