"""sweet-little-network: the kit's budget, the evaluator against an oracle and against the baseline itself."""
from __future__ import annotations

import math

import numpy as np
import pytest

from deeproots.grading.worker.training import BudgetExhausted, Context
from deeproots.lab.datasets.texture_shape import SHAPES
from deeproots.projects.catalog import projects
from deeproots.projects.evaluation import judge, tier_reached
from deeproots.projects.sweet_little_network import evaluate as ev
from deeproots.projects.sweet_little_network import kit

PROJECT = projects().get("sweet-little-network")


def Ctx(steps: int, seed: int = 0) -> Context:  # noqa: N802 - stands where a class stood
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare('deeproots.projects.sweet_little_network.kit', steps, seed=seed)


class Oracle:
    """Replays the evaluator's draws from a copy of its generator, so it knows every label; with
    ``baseline`` it answers with the nearest class mean fitted on the evaluator's own fit sample."""

    def __init__(self, seed: int, baseline: bool = False):
        rng = np.random.default_rng(seed)
        fit_images, fit_labels = kit.draw(ev.N_FIT, ev.fresh_seed(rng))
        images, labels = kit.draw(ev.N_TEST, ev.fresh_seed(rng))
        if baseline:
            labels = ev.nearest_class_mean(fit_images, fit_labels).predict(images.reshape(len(images), -1))
        self.truth = {image.tobytes(): int(label) for image, label in zip(images, labels)}

    def predict(self, model, images):
        return np.array([self.truth[image.tobytes()] for image in images])


class Answering:
    def __init__(self, answer):
        self.answer = answer

    def predict(self, model, images):
        return self.answer(images)


def run(learner, seed: int = 7):
    return ev.evaluate(learner, None, np.random.default_rng(seed), quick=True)


def test_the_kit_counts_every_image_and_stops_at_the_budget():
    ctx = Ctx(steps=100)
    images, labels = kit.training_batch(ctx, 60)
    assert images.shape == (60, 32, 32) and images.dtype == np.float32 and labels.dtype == np.int64
    assert 0.0 <= images.min() and images.max() <= 1.0 and set(labels) <= set(range(6))
    assert ctx.steps_used() == 60
    with pytest.raises(BudgetExhausted):
        kit.training_batch(ctx, 41)
    again, _ = kit.training_batch(ctx, 40)
    assert not np.array_equal(again, images[:40])  # each call draws new images
    with pytest.raises(ValueError, match="between 1 and"):
        kit.training_batch(Ctx(10**9), 0)


def test_draws_are_balanced_and_reproducible():
    _, labels = kit.draw(600, 3)
    assert np.bincount(labels, minlength=6).min() > 60
    assert np.array_equal(kit.draw(50, 5)[0], kit.draw(50, 5)[0])
    assert not np.array_equal(kit.draw(50, 5)[0], kit.draw(50, 6)[0])


def test_a_perfect_classifier_scores_one_and_reaches_gold():
    evaluation = run(Oracle(7))
    assert evaluation.metrics["accuracy"] == 1.0
    assert all(evaluation.metrics[f"accuracy_{name}"] == 1.0 for name in SHAPES)
    assert tier_reached(judge(PROJECT, evaluation)) == "gold"
    assert evaluation.failures == []


def test_the_baseline_itself_does_not_reach_bronze():
    evaluation = run(Oracle(7, baseline=True))
    assert evaluation.metrics["accuracy"] == pytest.approx(evaluation.baseline["accuracy"])
    assert tier_reached(judge(PROJECT, evaluation)) is None
    assert 1 / 6 < evaluation.baseline["accuracy"] < 0.5  # better than chance, far from a CNN


def test_the_baseline_is_the_nearest_class_mean():
    images, labels = kit.draw(300, 11)
    test, _ = kit.draw(100, 12)
    means = np.stack([images[labels == k].reshape(-1, 32 * 32).mean(0) for k in range(6)])
    distances = ((test.reshape(-1, 1, 32 * 32) - means[None]) ** 2).sum(-1)
    assert np.array_equal(ev.nearest_class_mean(images, labels).predict(test.reshape(100, -1)), distances.argmin(1))


@pytest.mark.parametrize("answer, message", [
    (lambda images: np.zeros(len(images) - 1), "shape"),
    (lambda images: np.full(len(images), np.nan), "NaN"),
    (lambda images: np.full(len(images), 6), "0..5"),
    (lambda images: np.full(len(images), 0.5), "whole classes"),
    (lambda images: ["disc"] * len(images), "numbers"),
])
def test_malformed_answers_raise_a_clear_error(answer, message):
    images = np.zeros((700, 32, 32), dtype=np.float32)
    with pytest.raises(ValueError, match=message):
        ev.answers(Answering(answer), None, images)


def test_hidden_data_differs_between_evaluations():
    seen = []
    learner = Answering(lambda images: seen.append(images.copy()) or np.zeros(len(images)))
    run(learner, seed=1)
    run(learner, seed=2)
    assert not np.array_equal(seen[0], seen[len(seen) // 2])


def test_tiers_climb_and_the_margin_is_two_standard_errors():
    silver, gold = (tier.threshold for tier in PROJECT.tiers[1:])
    assert 0.5 < silver < gold <= 1.0
    right, base = np.array([1, 1, 0, 1] * 50, dtype=bool), np.array([1, 0, 0, 1] * 50, dtype=bool)
    assert ev.paired_margin(right, base) == pytest.approx(2 * np.std([0, 1, 0, 0] * 50, ddof=1) / math.sqrt(200))
