"""design-your-own-probe: the learner's data is checked strictly, the "broke" rule matches a hand
computation, and a tiny evaluation with fake in-process probes gives the verdicts it must."""
from __future__ import annotations

import math

import numpy as np
import pytest

from deeproots.projects.catalog import projects
from deeproots.projects.design_your_own_probe import evaluate as module
from deeproots.projects.design_your_own_probe import models
from deeproots.projects.design_your_own_probe import reference, starter


def dark_or_bright(n: int, seed: int, size: int = 8):
    """An easy probe (every network learns it in a few steps): class 0 dark noise, class 1 bright."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n)
    return (0.3 * rng.random((n, size, size)) + 0.7 * labels[:, None, None]).astype(np.float32), labels


class Probe:
    """A fake learner's file: ``generate`` as given (``dark_or_bright`` by default), no shifted test."""

    HYPOTHESIS = "  Nothing breaks: the dark_or_bright are easy.  "

    def __init__(self, generate=dark_or_bright):
        self.calls, self._generate = [], generate

    def generate(self, n, seed):
        self.calls.append((n, seed))
        return self._generate(n, seed)


class ShiftedProbe(Probe):
    def __init__(self, generate=dark_or_bright, shifted=dark_or_bright):
        super().__init__(generate)
        self._shifted = shifted

    def generate_shifted(self, n, seed):
        self.calls.append((n, seed))
        return self._shifted(n, seed)


@pytest.fixture
def tiny(monkeypatch):
    """Small data, few steps, a one-layer ViT: the same code, a fast test."""
    monkeypatch.setattr(module, "N_TRAIN", {False: 128, True: 128})
    monkeypatch.setattr(module, "N_TEST", {False: 100, True: 100})
    monkeypatch.setattr(module, "STEPS", {False: 40, True: 40})
    monkeypatch.setattr(models, "VIT_DIM", 16)
    monkeypatch.setattr(models, "VIT_LAYERS", 1)


def check(answer, n=4, what="generate(n, seed)", **kwargs):
    return module.check_data(answer, n, what, **kwargs)


def good(n=4, size=8):
    return np.zeros((n, size, size), np.float32), np.array([0, 1, 2, 0][:n])


@pytest.mark.parametrize("answer, message", [
    (good()[0], "should return (images, labels)"),
    ((good()[0].astype(np.float64), good()[1]), "images should be float32, got float64"),
    ((good()[0][:3], good()[1]), "images should have shape (4, H, W), got (3, 8, 8)"),
    ((np.zeros((4, 8, 9), np.float32), good()[1]), "should be square (H = W), got 8 x 9"),
    (good(size=40), "should be 8 to 32 pixels a side, got 40"),
    (good(size=6), "should be 8 to 32 pixels a side, got 6"),
    ((good()[0] + 2, good()[1]), "should lie in [0, 1], got values from 2 to 2"),
    ((np.full((4, 8, 8), np.nan, np.float32), good()[1]), "contain NaN or infinity"),
    ((good()[0], good()[1].astype(float)), "labels should be integers, got float64"),
    ((good()[0], np.array([[0], [1], [0], [1]])), "labels should have shape (4,), got (4, 1)"),
    ((good()[0], np.array([0, 1, 10, 0])), "labels should be classes 0 to 9, got 0 to 10"),
    ((good()[0], np.array([0, 1, -1, 0])), "labels should be classes 0 to 9, got -1 to 1"),
    ((good()[0], np.array([0, 2, 2, 0])), "gave no image of class 1 in 4"),
    ((good()[0], np.array([1, 1, 1, 1])), "gave only class 1 in 4 images"),
])
def test_bad_training_data_is_refused_in_one_clear_line(answer, message):
    with pytest.raises(ValueError) as error:
        check(answer)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_shifted_test_must_match_the_training_data():
    with pytest.raises(ValueError, match=r"should be 8 x 8 like generate's, got 16 x 16"):
        check(good(size=16), size=8, classes=3)
    with pytest.raises(ValueError, match=r"classes 0 to 1 \(the classes of generate\), got 0 to 2"):
        check(good(), size=8, classes=2)
    images, labels = check(good(), size=8, classes=3)  # a test set need not hold every class
    assert images.dtype == np.float32 and labels.dtype == np.int64


def test_the_generator_must_be_a_function_of_its_seed():
    rng = np.random.default_rng()
    with pytest.raises(ValueError, match="different data for the same seed"):
        module.check_seeded(lambda n, seed: dark_or_bright(n, int(rng.integers(1000))), "generate", 1, 2, 8, 2)
    with pytest.raises(ValueError, match="same images for two different seeds"):
        module.check_seeded(lambda n, seed: dark_or_bright(n, 0), "generate", 1, 2, 8, 2)
    module.check_seeded(dark_or_bright, "generate", 1, 2, 8, 2)


def test_a_hypothesis_is_required():
    class Silent(Probe):
        HYPOTHESIS = "   "
    with pytest.raises(ValueError, match='state HYPOTHESIS = "..."'):
        module.evaluate(Silent(), None, np.random.default_rng(0), quick=True)
    with pytest.raises(ValueError, match="HYPOTHESIS should be at most"):
        module.read_hypothesis(type("Long", (), {"HYPOTHESIS": "x" * 5000})())


def test_chance_is_the_most_frequent_class():
    assert module.chance(np.array([0, 1, 1, 2, 1, 0, 3, 1])) == 4 / 8


def test_the_broke_rule_against_a_hand_computation():
    # chance 0.5 on 1,000 images: two standard errors are 2 * sqrt(0.25 / 1000) = 0.0316
    assert module.verdict(0.53, 1000, 0.5) == "did not learn"  # 0.53 <= 0.5316
    assert module.verdict(0.54, 1000, 0.5) == "held"  # learned, and no shifted test
    assert module.verdict(0.90, 1000, 0.5, 0.53, 1000, 0.5) == "fell to chance"
    assert module.verdict(0.90, 1000, 0.5, 0.10, 1000, 0.5) == "fell to chance"  # below chance is at chance too
    # 0.90 -> 0.55: drop 0.35, se sqrt(0.09/1000 + 0.2475/1000) = 0.01837; 0.35 - 0.0367 = 0.313 > 0.20
    assert module.verdict(0.90, 1000, 0.5, 0.55, 1000, 0.5) == "dropped"
    # 0.90 -> 0.68: drop 0.22 but se sqrt(0.09/1000 + 0.2176/1000) = 0.01754; 0.22 - 0.0351 = 0.185 <= 0.20
    assert module.verdict(0.90, 1000, 0.5, 0.68, 1000, 0.5) == "held"
    assert module.verdict(0.90, 10_000, 0.5, 0.68, 10_000, 0.5) == "dropped"  # se 0.0055: 0.209 > 0.20
    se = math.sqrt(0.9 * 0.1 / 1000 + 0.68 * 0.32 / 1000)
    assert 0.22 - 2 * se < module.DROP < 0.22


def test_a_tiny_evaluation_gives_the_verdicts_it_must(tiny):
    """Shifted = the training distribution: every network holds. Shifted = the classes swapped:
    every network that learned the dark_or_bright answers the wrong class, so every one breaks."""
    same = ShiftedProbe()
    held = module.evaluate(same, None, np.random.default_rng(1), quick=True)
    assert all(seed == int(seed) and type(n) is int for n, seed in same.calls)
    for name in ("cnn", "mlp", "vit"):
        assert held.metrics[f"{name}_accuracy"] > 0.9, held.notes
        assert held.metrics[f"{name}_broke"] == 0.0 and held.metrics[f"{name}_learned"] == 1.0, held.notes
    assert held.metrics["broken"] == 0.0
    assert "Your hypothesis, as you wrote it: Nothing breaks: the dark_or_bright are easy." in held.notes
    assert held.baseline["cnn_accuracy"] == held.metrics["chance"] >= 0.5
    swapped = ShiftedProbe(shifted=lambda n, seed: (dark_or_bright(n, seed)[0], 1 - dark_or_bright(n, seed)[1]))
    broke = module.evaluate(swapped, None, np.random.default_rng(2), quick=True)
    assert broke.metrics["broken"] == 3.0
    assert all(broke.metrics[f"{name}_shifted_accuracy"] < 0.1 for name in ("cnn", "mlp", "vit"))
    assert broke.failures and all(image.shape == (8, 8) for image, _ in broke.failures)


def test_without_a_shifted_test_only_learning_is_judged(tiny, monkeypatch):
    monkeypatch.setattr(module, "MODELS", ("mlp",))  # the fastest network is enough here
    probe = Probe()
    evaluation = module.evaluate(probe, None, np.random.default_rng(3), quick=True)
    assert "mlp_shifted_accuracy" not in evaluation.metrics and evaluation.metrics["broken"] == 0.0
    assert any("no generate_shifted" in note for note in evaluation.notes)
    other = Probe()
    module.evaluate(other, None, np.random.default_rng(4), quick=True)
    assert {seed for _, seed in probe.calls}.isdisjoint(seed for _, seed in other.calls)  # fresh seeds per rng


@pytest.mark.parametrize("example", [starter, reference], ids=["starter", "reference"])
def test_the_starter_and_the_reference_are_valid_probes(example):
    images, labels = module.check_data(example.generate(300, 1), 300, "generate(n, seed)")
    classes = int(labels.max()) + 1
    module.check_data(example.generate_shifted(300, 2), 300, "generate_shifted(n, seed)", images.shape[1], classes)
    module.check_seeded(example.generate, "generate", 1, 2, images.shape[1], classes)
    module.check_seeded(example.generate_shifted, "generate_shifted", 1, 2, images.shape[1], classes)
    assert module.read_hypothesis(example)
    assert projects().get("design-your-own-probe").tiers == ()
