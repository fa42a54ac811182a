"""coordconv-quadrant's trusted evaluation (runs in the grader's process, never in the learner's).

The positions form one fixed set (784 centres on a 32 x 32 canvas): nothing about them can be
drawn fresh. What is drawn from ``rng`` at every evaluation is *which* held-out centres are asked
and in what order: 160 of the 196 centres of the bottom-right quadrant, the quadrant no training
example comes from, plus 100 training centres (to show memorising vs generalising).
The naive baseline answers with the nearest training centre (a lookup of the training data, the
best any rule that only recalls what it saw can do): never right on the held-out quadrant.
"""
from __future__ import annotations

import numpy as np

from deeproots.lab.datasets.coords import dataset, split
from deeproots.projects.coordconv_quadrant.kit import CONFIG, IMAGE_SIZE
from deeproots.projects.evaluation import Evaluation, as_array, paired_margin

N_TEST, N_TRAIN = 160, 100
BATCH = 200


def _painted(learner, model, coords: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The learner's score maps (n, 32, 32) and the pixel (x, y) each one paints (its argmax)."""
    maps = []
    for i in range(0, len(coords), BATCH):
        chunk = coords[i:i + BATCH]
        maps.append(as_array(learner.predict(model, chunk.copy()), len(chunk),
                             "predict(model, coords)'s score maps", np.float32, (IMAGE_SIZE, IMAGE_SIZE)))
    maps = np.concatenate(maps)
    flat = maps.reshape(len(maps), -1).argmax(1)
    return maps, np.stack([flat % IMAGE_SIZE, flat // IMAGE_SIZE], axis=1)


def nearest_training(coords: np.ndarray, training: np.ndarray) -> np.ndarray:
    """The training centre nearest to each centre (Euclidean; ties: the first in row-major order)."""
    distance = ((coords[:, None, :] - training[None, :, :]) ** 2).sum(-1)
    return training[distance.argmin(1)]



def _overlay(scores: np.ndarray, true_xy: np.ndarray, pred_xy: np.ndarray) -> np.ndarray:
    """RGB: the score map in grey (min-max scaled), the true centre green, the painted pixel red."""
    grey = (scores - scores.min()) / max(float(np.ptp(scores)), 1e-12)
    rgb = np.repeat(0.8 * grey[:, :, None], 3, axis=2)
    rgb[pred_xy[1], pred_xy[0]] = (1.0, 0.0, 0.0)
    rgb[true_xy[1], true_xy[0]] = (0.0, 1.0, 0.0)
    return rgb.astype(np.float32)


def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    coords = dataset(CONFIG).coords
    train_rows, test_rows = split(CONFIG, "quadrant")
    test = coords[rng.choice(test_rows, N_TEST, replace=False)]
    seen = coords[rng.choice(train_rows, N_TRAIN, replace=False)]
    maps, painted = _painted(learner, model, test.astype(np.float32))
    _, painted_seen = _painted(learner, model, seen.astype(np.float32))
    base = nearest_training(test, coords[train_rows])

    error = np.abs(painted - test).max(1)  # Chebyshev distance in pixels
    base_error = np.abs(base - test).max(1)
    right, base_right = error == 0, base_error == 0
    metrics = {"accuracy": float(right.mean()), "within_1px": float((error <= 1).mean()),
               "mean_error_px": float(error.mean()),
               "training_accuracy": float((painted_seen == seen).all(1).mean())}
    baseline = {"accuracy": float(base_right.mean()), "within_1px": float((base_error <= 1).mean()),
                "mean_error_px": float(base_error.mean()), "training_accuracy": 1.0}

    worst = np.argsort(-error, kind="stable")[:12]
    failures = [(_overlay(maps[i], test[i], painted[i]), f"centre ({test[i][0]}, {test[i][1]}), painted "
                 f"({painted[i][0]}, {painted[i][1]})") for i in worst if error[i] > 0]
    depth = np.minimum(test[:, 0], test[:, 1]) - IMAGE_SIZE // 2  # pixels into the held-out quadrant
    depths = sorted(set(depth.tolist()))
    curve = {"your model": (depths, [float(right[depth == d].mean()) for d in depths]),
             "nearest training centre": (depths, [float(base_right[depth == d].mean()) for d in depths])}
    return Evaluation(
        metrics, baseline, "the nearest training centre (a lookup of what was seen)", N_TEST,
        failures=failures, failure_caption="The worst held-out centres: your score map in grey, the true centre "
                                           "green, the pixel your model paints red",
        curves={"Exact accuracy by how deep the centre lies in the held-out quadrant (px)": curve},
        margins={"accuracy": paired_margin(right, base_right)},
        notes=[f"Hidden test: {N_TEST} of the 196 centres of the held-out bottom-right quadrant, a subset and "
               "an order drawn fresh at every evaluation (the set of positions itself is fixed: it is every "
               "place the square fits).",
               f"Training accuracy on {N_TRAIN} random training centres: {metrics['training_accuracy']:.0%} "
               "(a model that memorises scores high there and zero on the held-out quadrant)."])
