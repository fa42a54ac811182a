"""sort-of-clevr: the trusted evaluator and the kit, with fake in-process learners."""
from __future__ import annotations

import numpy as np
import pytest

from deeproots.grading.worker.training import BudgetExhausted, Context
from deeproots.lab.datasets.sort_of_clevr import generate
from deeproots.projects.catalog import projects
from deeproots.projects.evaluation import judge, tier_reached
from deeproots.projects.sort_of_clevr import evaluate as module
from deeproots.projects.sort_of_clevr import kit

PROJECT = projects().get("sort-of-clevr")


@pytest.fixture(autouse=True)
def smaller(monkeypatch):
    """Fewer hidden images: the same code, a faster test."""
    monkeypatch.setattr(module, "N_TEST", 300)


def hidden(seed: int):
    """The evaluator's draw for ``default_rng(seed)``, made again here."""
    rng = np.random.default_rng(seed)
    return generate(kit.config(), module.N_TEST, np.random.SeedSequence(int(rng.integers(2**63))))


class Lookup:
    """A fake learner answering from a table of (image, question) pairs (an oracle), or ``rule``."""

    def __init__(self, table=None, rule=None):
        self.table, self.rule, self.asked = table or {}, rule, []

    def predict(self, model, images, questions):
        self.asked.append(images[:2].copy())
        if self.rule is not None:
            return self.rule(images, questions)
        return np.array([[self.table[image.tobytes(), q.tobytes()] for q in qs]
                         for image, qs in zip(images, questions)])


def oracle(test) -> dict:
    return {(image.tobytes(), q.tobytes()): a for image, qs, answers in zip(test.images, test.questions, test.answers)
            for q, a in zip(qs, answers)}


def test_a_perfect_answerer_reaches_gold():
    test = hidden(0)
    evaluation = module.evaluate(Lookup(oracle(test)), None, np.random.default_rng(0))
    assert evaluation.metrics["relational_accuracy"] == evaluation.metrics["nonrelational_accuracy"] == 1.0
    assert tier_reached(judge(PROJECT, evaluation)) == "gold"


def test_the_blind_guess_itself_does_not_reach_bronze():
    test = hidden(1)
    guess = module.fit_blind_guess(test.answers, kit.question_types(test.questions))
    evaluation = module.evaluate(Lookup(rule=lambda x, q: guess[kit.question_types(q)]), None,
                                 np.random.default_rng(1))
    assert evaluation.metrics == evaluation.baseline
    assert 0.40 < evaluation.baseline["relational_accuracy"] < 0.50  # 1/2, 1/2 and 10/32 on average: 0.438
    assert tier_reached(judge(PROJECT, evaluation)) is None


def test_no_image_blind_rule_beats_the_blind_guess():
    """Any answer fixed per question type (say 3 for every count, where 3 and 4 tie in theory) scores
    at most the baseline on the same draw: the baseline is the best such rule for these questions."""
    rng = np.random.default_rng(6)
    for _ in range(5):
        table = rng.integers(0, 10, size=6)
        table[3:5] = rng.integers(0, 2, size=2)
        table[5] = rng.choice([6, 7])  # the counts 3 or 4
        evaluation = module.evaluate(Lookup(rule=lambda x, q: table[kit.question_types(q)]), None,
                                     np.random.default_rng(7))
        assert evaluation.metrics["relational_accuracy"] <= evaluation.baseline["relational_accuracy"]


def test_the_blind_guess_by_hand():
    answers = np.array([0, 0, 1, 2, 3, 3, 6, 7, 7])
    types = np.array([0, 0, 0, 1, 1, 1, 5, 5, 5])
    guess = module.fit_blind_guess(answers, types)
    assert guess[0] == 0 and guess[1] == 3 and guess[5] == 7
    assert guess[2] == 0  # a type never seen: the lowest answer


def test_count_answers_follow_the_binomial():
    """The count of objects sharing the named one's shape is 1 + Binomial(5, 1/2): 3 and 4 each 10/32."""
    batch = generate(kit.config(), 2000, 5)
    counts = batch.answers[kit.question_types(batch.questions) == 5] - 4 + 1
    expected = np.array([1, 5, 10, 10, 5, 1]) / 32
    observed = np.bincount(counts, minlength=7)[1:] / len(counts)
    assert np.abs(observed - expected).max() < 0.03


def test_accuracy_by_type():
    right = np.array([1, 1, 0, 0, 1, 0], dtype=bool)
    types = np.array([0, 1, 2, 3, 4, 5])
    out = module.by_type(right, types)
    assert out["relational_accuracy"] == pytest.approx(1 / 3) and out["nonrelational_accuracy"] == pytest.approx(2 / 3)
    assert out["accuracy"] == 0.5 and out["top_accuracy"] == 0.0 and out["furthest_shape_accuracy"] == 1.0


def test_hidden_images_differ_between_draws():
    zeros = lambda x, q: np.zeros(q.shape[:2], dtype=int)  # noqa: E731
    first, second = Lookup(rule=zeros), Lookup(rule=zeros)
    module.evaluate(first, None, np.random.default_rng(2))
    module.evaluate(second, None, np.random.default_rng(3))
    assert first.asked[0].shape == (2, kit.IMAGE_SIZE, kit.IMAGE_SIZE, 3)
    assert not np.array_equal(first.asked[0], second.asked[0])


@pytest.mark.parametrize("answer, message", [
    (lambda n: np.zeros(n), "shape"),
    (lambda n: np.full((n, kit.QUESTIONS), np.nan), "NaN"),
    (lambda n: np.full((n, kit.QUESTIONS), 10), "0..9"),
    (lambda n: np.full((n, kit.QUESTIONS), 0.5), "whole numbers"),
])
def test_a_wrong_answer_says_what_was_expected(answer, message):
    with pytest.raises(ValueError, match=message):
        module.evaluate(Lookup(rule=lambda x, q: answer(len(x))), None, np.random.default_rng(4))


def Ctx(steps: int, seed: int = 0) -> Context:  # noqa: N802 - stands where a class stood
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare("deeproots.projects.sort_of_clevr.kit", steps, seed=seed)


def test_the_kit_counts_every_image():
    ctx = Ctx(steps=50)
    images, questions, answers = kit.training_batch(ctx, 32)
    assert ctx.steps_used() == 32 and images.shape == (32, 32, 32, 3) and questions.shape == (32, 12, 11)
    assert answers.shape == (32, 12) and np.bincount(kit.question_types(questions).ravel()).tolist() == [64] * 6
    with pytest.raises(BudgetExhausted):
        kit.training_batch(ctx, 19)
    assert ctx.steps_used() == 32
    again = kit.training_batch(Ctx(steps=50), 32)[0]
    assert np.array_equal(images, again)  # the same seed and call: the same images
    assert not np.array_equal(kit.training_batch(ctx, 18)[0], images[:18])  # the next call: new ones
