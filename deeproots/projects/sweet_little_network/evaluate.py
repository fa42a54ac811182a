"""sweet-little-network's trusted evaluation (runs in the grader's process, never in the learner's).

Hidden data, drawn fresh from ``rng`` at every evaluation: 2,000 noisy silhouettes of the kit's six
shapes (the score: accuracy). The naive baseline is the obvious first classifier on raw pixels,
the nearest class mean (scikit-learn's ``NearestCentroid``: the mean image of each shape, and each
test image goes to the closest mean), fitted here on a fresh sample of 1,000 images.
"""
from __future__ import annotations

import numpy as np
from sklearn.neighbors import NearestCentroid

from deeproots.lab.datasets.texture_shape import SHAPES
from deeproots.projects.evaluation import Evaluation, as_array, fresh_seed, paired_margin
from deeproots.projects.sweet_little_network.kit import draw

N_TEST, N_FIT = 2000, 1000
BATCH = 500



def answers(learner, model, images: np.ndarray) -> np.ndarray:
    """The learner's classes for ``images``, asked in batches, checked to be whole numbers in 0..5."""
    out = [as_array(learner.predict(model, images[i:i + BATCH]), len(images[i:i + BATCH]),
                    "predict(model, images)'s classes") for i in range(0, len(images), BATCH)]
    predicted = np.concatenate(out)
    if np.any(predicted != np.rint(predicted)) or np.any((predicted < 0) | (predicted >= len(SHAPES))):
        raise ValueError(f"predict(model, images) should give whole classes in 0..{len(SHAPES) - 1}")
    return predicted.astype(np.int64)


def nearest_class_mean(fit_images: np.ndarray, fit_labels: np.ndarray) -> NearestCentroid:
    """The naive baseline: one mean image per shape, on raw pixels."""
    return NearestCentroid().fit(fit_images.reshape(len(fit_images), -1), fit_labels)



def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    fit_images, fit_labels = draw(N_FIT, fresh_seed(rng))
    images, labels = draw(N_TEST, fresh_seed(rng))
    predicted = answers(learner, model, images)
    baseline_predicted = nearest_class_mean(fit_images, fit_labels).predict(images.reshape(N_TEST, -1))
    right, base_right = predicted == labels, baseline_predicted == labels
    metrics = {"accuracy": float(right.mean())}
    baseline = {"accuracy": float(base_right.mean())}
    per_class = {name: float(right[labels == k].mean()) for k, name in enumerate(SHAPES)}
    metrics |= {f"accuracy_{name}": value for name, value in per_class.items()}
    baseline |= {f"accuracy_{name}": float(base_right[labels == k].mean()) for k, name in enumerate(SHAPES)}
    wrong = np.flatnonzero(~right)[:16]
    failures = [(images[i], f"a {SHAPES[labels[i]]}, said {SHAPES[predicted[i]]}") for i in wrong]
    classes = list(range(len(SHAPES)))
    confusion = np.zeros((len(SHAPES), len(SHAPES)), dtype=np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    most = np.unravel_index(np.argmax(confusion - np.diag(np.diag(confusion))), confusion.shape)
    notes = [f"Hidden images: {N_TEST:,} noisy silhouettes drawn from a fresh seed that never left the grader; "
             f"the nearest-class-mean baseline was fitted on {N_FIT:,} other fresh images.",
             "Classes on the curve's x axis: " + ", ".join(f"{k} = {name}" for k, name in enumerate(SHAPES)) + "."]
    if confusion[most] > 0:
        notes.append(f"Your model's most frequent confusion: a {SHAPES[most[0]]} taken for a {SHAPES[most[1]]} "
                     f"({confusion[most]} times).")
    return Evaluation(
        metrics, baseline, "nearest class mean on raw pixels (scikit-learn NearestCentroid)", N_TEST,
        failures=failures, failure_caption="Mistakes on hidden images: the true shape and your model's answer",
        curves={"Accuracy per shape": {"your model": (classes, [per_class[n] for n in SHAPES]),
                                       "nearest class mean": (classes, [baseline[f"accuracy_{n}"] for n in SHAPES])}},
        margins={"accuracy": paired_margin(right, base_right)}, notes=notes)
