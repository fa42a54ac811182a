"""shape-bias: the kit offers ordinary images only; the evaluator against oracles, guessers and the baseline."""
from __future__ import annotations

import numpy as np
import pytest

from deeproots.grading.worker.training import BudgetExhausted, Context
from deeproots.lab.datasets.texture_shape import generate, shape_bias
from deeproots.projects.catalog import projects
from deeproots.projects.evaluation import judge, tier_reached
from deeproots.projects.shape_bias import evaluate as ev
from deeproots.projects.shape_bias import kit

PROJECT = projects().get("shape-bias")


def Ctx(steps: int, seed: int = 0) -> Context:  # noqa: N802 - stands where a class stood
    """The worker's own context outside the sandbox: this project's kit, a step budget."""
    return Context.bare('deeproots.projects.shape_bias.kit', steps, seed=seed)


class Oracle:
    """Replays the evaluator's draws from a copy of its generator. ``cue``: "shape" names every
    image's shape, "texture" names its texture (cue-conflict images: the other class), "baseline"
    answers as the evaluator's own baseline."""

    def __init__(self, seed: int, cue: str = "shape"):
        rng = np.random.default_rng(seed)
        fit = generate(kit.config("train"), ev.N_FIT, ev.fresh_seed(rng))
        batches = [generate(kit.config(split), n, ev.fresh_seed(rng)) for split, n in
                   (("cue-conflict", ev.N_CONFLICT), ("train", ev.N_ORDINARY), ("stylised", ev.N_STYLISED))]
        model = ev.statistics_classifier(fit.images, fit.shape_labels) if cue == "baseline" else None
        self.truth = {}
        for batch in batches:
            labels = (model.predict(ev.pixel_statistics(batch.images)) if model is not None else
                      {"shape": batch.shape_labels, "texture": batch.texture_labels}[cue])
            self.truth |= {image.tobytes(): int(label) for image, label in zip(batch.images, labels)}

    def predict(self, model, images):
        return np.array([self.truth[image.tobytes()] for image in images])


class Answering:
    def __init__(self, answer):
        self.answer = answer

    def predict(self, model, images):
        return self.answer(images)


def run(learner, seed: int = 5):
    return ev.evaluate(learner, None, np.random.default_rng(seed), quick=True)


def test_the_kit_gives_ordinary_images_and_counts_them():
    ctx = Ctx(steps=100)
    images, labels = kit.training_batch(ctx, 80)
    assert images.shape == (80, 32, 32) and labels.dtype == np.int64 and set(labels) <= {0, 1, 2, 3}
    assert ctx.steps_used() == 80
    with pytest.raises(BudgetExhausted):
        kit.training_batch(ctx, 21)
    # ordinary: the texture of class i fills shape i (the kit returns no texture labels to lean on)
    batch = generate(kit.config("train"), 50, np.random.SeedSequence([0, 0]))
    assert np.array_equal(batch.shape_labels, batch.texture_labels)
    assert np.array_equal(kit.training_batch(Ctx(50), 50)[0], batch.images)


def test_a_shape_reader_reaches_gold_and_a_texture_reader_scores_zero():
    shape = run(Oracle(5, "shape"))
    assert shape.metrics["shape_bias"] == shape.metrics["raw_shape_bias"] == 1.0
    assert shape.metrics["accuracy"] == shape.metrics["stylised_accuracy"] == 1.0
    assert tier_reached(judge(PROJECT, shape)) == "gold"
    texture = run(Oracle(5, "texture"))
    assert texture.metrics["shape_bias"] == 0.0 and texture.metrics["texture_share"] == 1.0
    assert texture.metrics["accuracy"] == 1.0  # ordinary images: texture and shape agree
    assert tier_reached(judge(PROJECT, texture)) is None
    assert len(texture.failures) == 16


def test_a_constant_answer_has_half_shape_bias_but_scores_zero():
    evaluation = run(Answering(lambda images: np.zeros(len(images), dtype=int)))
    assert evaluation.metrics["raw_shape_bias"] == pytest.approx(0.5)
    assert evaluation.metrics["shape_bias"] == 0.0
    assert tier_reached(judge(PROJECT, evaluation)) is None


def test_the_baseline_itself_does_not_reach_bronze():
    evaluation = run(Oracle(5, "baseline"))
    assert evaluation.metrics["shape_bias"] == pytest.approx(evaluation.baseline["shape_bias"])
    assert evaluation.margins["shape_bias"] == 0.0  # identical answers: no difference to resample
    assert tier_reached(judge(PROJECT, evaluation)) is None
    assert evaluation.baseline["accuracy"] > 0.9 and evaluation.baseline["raw_shape_bias"] < 0.2


def test_decisions_match_the_data_sets_shape_bias():
    rng = np.random.default_rng(0)
    predicted, shapes, textures = (rng.integers(0, 4, 500) for _ in range(3))
    textures = np.where(textures == shapes, (shapes + 1) % 4, textures)
    out = ev.decisions(predicted, shapes, textures)
    assert out["raw_shape_bias"] == pytest.approx(shape_bias(predicted, shapes, textures))
    assert out["shape_share"] + out["texture_share"] + out["neither_share"] == pytest.approx(1.0)


def test_pixel_statistics_by_hand():
    image = np.full((1, 4, 4), 0.5, dtype=np.float32)
    image[0, 1, :2] = [0.0, 1.0]
    features = ev.pixel_statistics(image)[0]
    assert features[:3] == pytest.approx([14 / 16, 1 / 16, 1 / 16])
    assert features[3] == pytest.approx((1.0 + 0.5) / 12)  # the row 0, 1, .5, .5: steps of 1 and 0.5
    assert features[4] == pytest.approx((0.5 + 0.5 + 0.5 + 0.5) / 12)  # below: two changes per column


def test_the_margin_grows_with_disagreement():
    rng = np.random.default_rng(1)
    shapes = rng.integers(0, 4, 400)
    textures = (shapes + 1 + rng.integers(0, 3, 400)) % 4
    mixed = np.where(rng.random(400) < 0.5, shapes, textures)
    small = ev.bootstrap_margin(np.random.default_rng(2), mixed, mixed, shapes, textures)
    large = ev.bootstrap_margin(np.random.default_rng(2), mixed, textures, shapes, textures)
    assert small == 0.0 and 0.02 < large < 0.2


@pytest.mark.parametrize("answer, message", [
    (lambda images: np.zeros((len(images), 4)), "shape"),
    (lambda images: np.full(len(images), np.inf), "NaN"),
    (lambda images: np.full(len(images), 4), "0..3"),
    (lambda images: np.full(len(images), -1), "0..3"),
])
def test_malformed_answers_raise_a_clear_error(answer, message):
    images = np.zeros((700, 32, 32), dtype=np.float32)
    with pytest.raises(ValueError, match=message):
        ev.answers(Answering(answer), None, images)


def test_hidden_data_differs_between_evaluations():
    seen = []
    learner = Answering(lambda images: seen.append(images.copy()) or np.zeros(len(images)))
    run(learner, seed=1)
    first = len(seen)
    run(learner, seed=2)
    assert not np.array_equal(seen[0], seen[first])


def test_tiers_climb():
    silver, gold = (tier.threshold for tier in PROJECT.tiers[1:])
    assert 0.0 < silver < gold == 0.5


def test_guessing_cannot_buy_the_gold():
    # a texture reader on a share q of the images, a guesser on the rest, right on MIN_ACCURACY of ordinary ones
    q = (4 * ev.MIN_ACCURACY - 1) / 3
    assert q + (1 - q) / 4 == pytest.approx(ev.MIN_ACCURACY)
    assert ((1 - q) / 4) / (q + (1 - q) / 2) < 0.2 < PROJECT.tiers[2].threshold
