"""coordconv-quadrant: the trusted evaluator and the kit, with fake in-process learners."""
from __future__ import annotations

import numpy as np
import pytest

from deeproots.grading.worker.training import BudgetExhausted, Context
from deeproots.projects.catalog import projects
from deeproots.projects.coordconv_quadrant import kit
from deeproots.projects.coordconv_quadrant.evaluate import evaluate, nearest_training
from deeproots.projects.evaluation import judge, tier_reached

PROJECT = projects().get("coordconv-quadrant")
SIZE = kit.IMAGE_SIZE


class Painter:
    """A fake learner painting ``rule(coords) -> (n, 2) pixels``; records what it was asked."""

    def __init__(self, rule):
        self.rule, self.asked = rule, []

    def predict(self, model, coords):
        self.asked.append(coords.copy())
        pixels = np.asarray(self.rule(coords), dtype=np.int64)
        maps = np.zeros((len(coords), SIZE, SIZE), np.float32)
        maps[np.arange(len(coords)), pixels[:, 1], pixels[:, 0]] = 1.0
        return maps


def Ctx(steps: int, seed: int = 0) -> Context:  # noqa: N802 - stands where a class stood
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare('deeproots.projects.coordconv_quadrant.kit', steps, seed=seed)


def test_a_perfect_painter_reaches_gold():
    evaluation = evaluate(Painter(lambda c: np.rint(c)), None, np.random.default_rng(0))
    assert evaluation.metrics["accuracy"] == 1.0 and evaluation.metrics["mean_error_px"] == 0.0
    assert tier_reached(judge(PROJECT, evaluation)) == "gold"


def test_the_baselines_own_answers_do_not_reach_bronze():
    training = kit.training_positions()
    evaluation = evaluate(Painter(lambda c: nearest_training(np.rint(c).astype(np.int64), training)), None,
                          np.random.default_rng(1))
    assert evaluation.metrics["accuracy"] == evaluation.baseline["accuracy"] == 0.0
    assert tier_reached(judge(PROJECT, evaluation)) is None


def test_a_memoriser_scores_on_training_centres_only():
    training = kit.training_positions()
    evaluation = evaluate(Painter(lambda c: nearest_training(np.rint(c).astype(np.int64), training)), None,
                          np.random.default_rng(2))
    assert evaluation.metrics["training_accuracy"] == 1.0 and evaluation.metrics["accuracy"] == 0.0


def test_nearest_training_centre_by_hand():
    training = kit.training_positions()
    # (20, 17): 2 px below the training row y = 15, 5 px right of the column x = 15
    assert nearest_training(np.array([[20, 17]]), training).tolist() == [[20, 15]]
    # (16, 16): a tie at distance 1 between (16, 15) and (15, 16); row-major order puts (16, 15) first
    assert nearest_training(np.array([[16, 16]]), training).tolist() == [[16, 15]]
    assert nearest_training(np.array([[5, 7]]), training).tolist() == [[5, 7]]  # a training centre itself


def test_hidden_centres_are_held_out_and_differ_between_draws():
    first, second = Painter(lambda c: np.rint(c)), Painter(lambda c: np.rint(c))
    evaluate(first, None, np.random.default_rng(3))
    evaluate(second, None, np.random.default_rng(4))
    test_a, test_b = first.asked[0], second.asked[0]  # the first batch: held-out centres
    half = SIZE // 2
    assert (test_a >= half).all() and (test_b >= half).all()
    assert len(np.unique(test_a, axis=0)) == len(test_a)  # distinct centres
    assert not np.array_equal(test_a, test_b)


@pytest.mark.parametrize("answer, message", [
    (lambda n: np.zeros((n, SIZE)), "shape"),
    (lambda n: np.full((n, SIZE, SIZE), np.nan), "NaN"),
    (lambda n: np.zeros((n + 1, SIZE, SIZE)), "shape"),
])
def test_a_wrong_answer_says_what_was_expected(answer, message):
    class Bad:
        def predict(self, model, coords):
            return answer(len(coords))

    with pytest.raises(ValueError, match=message):
        evaluate(Bad(), None, np.random.default_rng(5))


def test_the_kit_counts_every_example_and_never_shows_the_held_out_quadrant():
    ctx = Ctx(steps=1000)
    coords, targets, squares = kit.training_batch(ctx, 600)
    assert ctx.steps_used() == 600 and coords.shape == (600, 2) and targets.shape == squares.shape == (600, SIZE, SIZE)
    assert not ((coords[:, 0] >= SIZE // 2) & (coords[:, 1] >= SIZE // 2)).any()
    xy = coords.astype(np.int64)
    assert (targets[np.arange(600), xy[:, 1], xy[:, 0]] == 1).all() and (targets.sum((1, 2)) == 1).all()
    assert (squares.sum((1, 2)) == kit.SQUARE ** 2).all()
    with pytest.raises(BudgetExhausted):
        kit.training_batch(ctx, 401)
    assert len(kit.training_positions()) == 3 * (SIZE - kit.SQUARE + 1) ** 2 // 4
    again = kit.training_batch(Ctx(steps=1000), 600)[0]
    assert np.array_equal(coords, again)  # the same seed and call: the same examples
    assert not np.array_equal(kit.training_batch(ctx, 400)[0][:10], coords[:10])  # the next call: new ones
