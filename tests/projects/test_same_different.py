"""same-different: the trusted evaluator and the kit, with fake in-process learners."""
from __future__ import annotations

import numpy as np
import pytest

from deeproots.grading.worker.training import BudgetExhausted, Context
from deeproots.lab.datasets.same_different import generate
from deeproots.projects.catalog import projects
from deeproots.projects.evaluation import judge, tier_reached
from deeproots.projects.same_different import evaluate as module
from deeproots.projects.same_different import kit

PROJECT = projects().get("same-different")


@pytest.fixture(autouse=True)
def smaller(monkeypatch):
    """Fewer hidden images: the same code, a faster test."""
    monkeypatch.setattr(module, "N_TEST", 400)
    monkeypatch.setattr(module, "N_SHIFTED", 200)
    monkeypatch.setattr(module, "N_FIT", 1000)


def hidden(seed: int):
    """The evaluator's three draws for ``default_rng(seed)``, made again here (fit, test, shifted)."""
    rng = np.random.default_rng(seed)
    seeds = [np.random.SeedSequence(int(rng.integers(2**63))) for _ in range(3)]
    return (generate(kit.config(), module.N_FIT, seeds[0]), generate(kit.config(), module.N_TEST, seeds[1]),
            generate(kit.config(kit.SHIFTED_ITEM_SIZE), module.N_SHIFTED, seeds[2]))


class Lookup:
    """A fake learner answering from a table of images (an oracle), or ``rule`` for the rest."""

    def __init__(self, table=None, rule=None):
        self.table, self.rule, self.asked = table or {}, rule, []

    def predict(self, model, images):
        self.asked.append(images[:2].copy())
        if self.rule is not None:
            return self.rule(images)
        return np.array([self.table[image.tobytes()] for image in images])


def test_a_perfect_answerer_reaches_gold():
    _, test, shifted = hidden(0)
    table = {image.tobytes(): label for batch in (test, shifted) for image, label in zip(batch.images, batch.same_label)}
    evaluation = module.evaluate(Lookup(table), None, np.random.default_rng(0))
    assert evaluation.metrics["accuracy"] == evaluation.metrics["shifted_accuracy"] == 1.0
    assert tier_reached(judge(PROJECT, evaluation)) == "gold"


def test_the_ink_rule_itself_does_not_reach_bronze():
    fit, _, _ = hidden(1)
    rule = module.fit_ink_rule(module.ink(fit.images), fit.same_label)
    evaluation = module.evaluate(Lookup(rule=rule), None, np.random.default_rng(1))
    assert evaluation.metrics["accuracy"] == evaluation.baseline["accuracy"]
    assert 0.65 < evaluation.baseline["accuracy"] < 0.85  # the parity shortcut: about 3/4
    assert tier_reached(judge(PROJECT, evaluation)) is None


def test_same_pairs_always_light_an_even_number_of_pixels():
    batch = generate(kit.config(), 500, 7)
    inks = module.ink(batch.images)
    assert (inks[batch.same_label == 1] % 2 == 0).all()
    assert (inks[batch.same_label == 0] % 2 == 1).mean() > 0.35  # different pairs: odd about half the time


def test_the_ink_rule_by_hand():
    rule = module.fit_ink_rule(np.array([2, 2, 3, 4, 4, 4]), np.array([1, 0, 0, 1, 1, 0]))
    images = np.zeros((5, 3, 3), np.float32)
    for row, lit in enumerate([2, 3, 4, 5, 1]):  # 2: a tie -> same; 3: different; 4: 2 of 3 same; 5, 1: unseen
        images[row].flat[:lit] = 1
    assert rule(images).tolist() == [1, 0, 1, 1, 1]


def test_hidden_images_differ_between_draws():
    first, second = Lookup(rule=lambda x: np.zeros(len(x))), Lookup(rule=lambda x: np.zeros(len(x)))
    module.evaluate(first, None, np.random.default_rng(2))
    module.evaluate(second, None, np.random.default_rng(3))
    assert first.asked[0].shape == (2, kit.BOX_SIZE, kit.BOX_SIZE)
    assert not np.array_equal(first.asked[0], second.asked[0])


@pytest.mark.parametrize("answer, message", [
    (lambda n: np.zeros((n, 2)), "shape"),
    (lambda n: np.full(n, np.nan), "NaN"),
    (lambda n: np.full(n, 2), "0 \\(different\\) or 1"),
])
def test_a_wrong_answer_says_what_was_expected(answer, message):
    with pytest.raises(ValueError, match=message):
        module.evaluate(Lookup(rule=lambda x: answer(len(x))), None, np.random.default_rng(4))


def Ctx(steps: int, seed: int = 0) -> Context:  # noqa: N802 - stands where a class stood
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare('deeproots.projects.same_different.kit', steps, seed=seed)


def test_the_kit_counts_every_image():
    ctx = Ctx(steps=100)
    images, labels = kit.training_batch(ctx, 64)
    assert ctx.steps_used() == 64 and images.shape == (64, 90, 90) and labels.sum() == 32
    with pytest.raises(BudgetExhausted):
        kit.training_batch(ctx, 37)
    assert ctx.steps_used() == 64
    again, _ = kit.training_batch(Ctx(steps=100), 64)
    assert np.array_equal(images, again)  # the same seed and call: the same images
    assert not np.array_equal(kit.training_batch(ctx, 36)[0], images[:36])  # the next call: new ones
