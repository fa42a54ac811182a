"""same-different's trusted evaluation (runs in the grader's process, never in the learner's).

Hidden data, drawn fresh from ``rng`` at every evaluation:
- 1,000 balanced 90 x 90 images of two 4 x 4 patterns (half "same"): the score, accuracy;
- 500 balanced images of two 6 x 6 patterns, a size never trained on: the shifted test.
The naive baseline reads the total ink: the majority label for each ink count (number of lit
pixels), fitted on 2,000 other fresh images. Two identical patterns always hold an even number
of lit pixels, so this pixel statistic alone gets about 75% right.
"""
from __future__ import annotations

import numpy as np

from deeproots.lab.datasets.same_different import generate
from deeproots.projects.evaluation import Evaluation, as_array, fresh_seed, paired_margin
from deeproots.projects.same_different.kit import BOX_SIZE, ITEM_SIZE, SHIFTED_ITEM_SIZE, config

N_TEST, N_SHIFTED, N_FIT = 1000, 500, 2000
BATCH = 250



def _answers(learner, model, images: np.ndarray) -> np.ndarray:
    answers = [as_array(learner.predict(model, images[i:i + BATCH]), len(images[i:i + BATCH]),
                        "predict(model, images)'s labels") for i in range(0, len(images), BATCH)]
    labels = np.concatenate(answers)
    if not np.isin(labels, (0, 1)).all():
        raise ValueError("predict(model, images)'s labels should be 0 (different) or 1 (same)")
    return labels.astype(np.int64)


def ink(images: np.ndarray) -> np.ndarray:
    """Lit pixels per image."""
    return np.rint(images.reshape(len(images), -1).sum(1)).astype(np.int64)


def fit_ink_rule(inks: np.ndarray, labels: np.ndarray):
    """The majority label for each ink count seen in the fit sample (ties and unseen counts: "same")."""
    same = np.bincount(inks, weights=labels)
    total = np.bincount(inks)
    table = (2 * same >= total).astype(np.int64)  # a count never seen has 0 >= 0: "same"

    def rule(images: np.ndarray) -> np.ndarray:
        counts = ink(images)
        return np.where(counts < len(table), table[np.minimum(counts, len(table) - 1)], 1)

    return rule



def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    fit = generate(config(), N_FIT, fresh_seed(rng))
    rule = fit_ink_rule(ink(fit.images), fit.same_label)
    del fit
    test = generate(config(), N_TEST, fresh_seed(rng))
    shifted = generate(config(SHIFTED_ITEM_SIZE), N_SHIFTED, fresh_seed(rng))
    said, said_shifted = _answers(learner, model, test.images), _answers(learner, model, shifted.images)
    right, right_shifted = said == test.same_label, said_shifted == shifted.same_label
    base, base_shifted = rule(test.images) == test.same_label, rule(shifted.images) == shifted.same_label
    same = test.same_label == 1
    metrics = {"accuracy": float(right.mean()), "shifted_accuracy": float(right_shifted.mean()),
               "accuracy_same": float(right[same].mean()), "accuracy_different": float(right[~same].mean())}
    baseline = {"accuracy": float(base.mean()), "shifted_accuracy": float(base_shifted.mean()),
                "accuracy_same": float(base[same].mean()), "accuracy_different": float(base[~same].mean())}
    failures = [(test.images[i], f"{'same' if test.same_label[i] else 'different'}, said "
                 f"{'same' if said[i] else 'different'}") for i in np.flatnonzero(~right)[:16]]
    odd = ink(test.images) % 2 == 1
    curve = {"your model": (["even ink", "odd ink"], [float(right[~odd].mean()), float(right[odd].mean())]),
             "ink rule": (["even ink", "odd ink"], [float(base[~odd].mean()), float(base[odd].mean())])}
    return Evaluation(
        metrics, baseline, "the total ink (majority label per count of lit pixels)", N_TEST + N_SHIFTED,
        failures=failures, failure_caption="Hidden images your model got wrong: the truth and your answer",
        curves={"Accuracy on images with an even / odd number of lit pixels (odd ones are never 'same')": curve},
        margins={"accuracy": paired_margin(right, base)},
        notes=[f"Hidden images: {N_TEST:,} images of two {ITEM_SIZE} x {ITEM_SIZE} patterns in a {BOX_SIZE} x "
               f"{BOX_SIZE} box and {N_SHIFTED:,} with {SHIFTED_ITEM_SIZE} x {SHIFTED_ITEM_SIZE} patterns (never "
               "trained on), half of each 'same', drawn from a fresh seed in the grader."])
