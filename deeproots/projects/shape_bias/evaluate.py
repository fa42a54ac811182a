"""shape-bias's trusted evaluation (runs in the grader's process, never in the learner's).

Hidden data, drawn fresh from ``rng`` at every evaluation:
- 1,200 cue-conflict images (shape i filled with the texture of class j != i, every ordered pair
  equally often): the shape bias of Geirhos et al. (2019), shape decisions / (shape + texture
  decisions), answers naming neither cue left out;
- 1,000 ordinary images (texture i fills shape i, as in training): accuracy;
- 600 stylised images (random texture: only the shape tells the class): accuracy, for the report.
A model that guesses, or always says one class, names the shape as often as the texture: its
shape bias is 50%. So the score counts the shape bias only of a model that gets at least
``MIN_ACCURACY`` of the ordinary images right (else 0); Geirhos's number is ``raw_shape_bias``.
Why 60%: a model that names the texture on a share q of the images and guesses on the rest has
accuracy q + (1 - q) / 4 on ordinary images and shape bias ((1 - q) / 4) / (q + (1 - q) / 2) on
cue-conflict ones; at 60% accuracy (q = 7/15) that is 18%, far below gold's 50%, so guessing
cannot buy the gold.
The naive baseline is a classifier on pixel statistics (the shares of background, dark and light
pixels and the mean absolute difference between neighbours in four directions), standardised,
then scikit-learn's logistic regression, fitted here on 1,000 fresh ordinary images.
"""
from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from deeproots.lab.datasets.texture_shape import generate
from deeproots.projects.evaluation import Evaluation, as_array, fresh_seed
from deeproots.projects.shape_bias.kit import BACKGROUND, CLASS_TEXTURES, CLASSES, N_CLASSES, config

N_CONFLICT, N_ORDINARY, N_STYLISED, N_FIT = 1200, 1000, 600, 1000
BATCH = 500
MIN_ACCURACY = 0.6  # on ordinary images, for the shape bias to count (see above)
BOOTSTRAP = 400  # resamples of the cue-conflict images for the margin


def answers(learner, model, images: np.ndarray) -> np.ndarray:
    """The learner's classes for ``images``, asked in batches, checked to be whole numbers in 0..3."""
    out = [as_array(learner.predict(model, images[i:i + BATCH]), len(images[i:i + BATCH]),
                    "predict(model, images)'s classes") for i in range(0, len(images), BATCH)]
    predicted = np.concatenate(out)
    if np.any(predicted != np.rint(predicted)) or np.any((predicted < 0) | (predicted >= N_CLASSES)):
        raise ValueError(f"predict(model, images) should give whole classes in 0..{N_CLASSES - 1}")
    return predicted.astype(np.int64)


def pixel_statistics(images: np.ndarray) -> np.ndarray:
    """(n, 7): shares of background, dark (0) and light (1) pixels; mean |difference| to the
    neighbour right, below, and along both diagonals."""
    x = images.astype(np.float64)
    return np.stack([np.isclose(x, BACKGROUND).mean((1, 2)), (x <= 0.0).mean((1, 2)), (x >= 1.0).mean((1, 2)),
                     np.abs(np.diff(x, axis=2)).mean((1, 2)), np.abs(np.diff(x, axis=1)).mean((1, 2)),
                     np.abs(x[:, 1:, 1:] - x[:, :-1, :-1]).mean((1, 2)),
                     np.abs(x[:, 1:, :-1] - x[:, :-1, 1:]).mean((1, 2))], axis=1)


def statistics_classifier(images: np.ndarray, labels: np.ndarray):
    """The naive baseline, fitted: logistic regression on standardised pixel statistics."""
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(pixel_statistics(images), labels)


def decisions(predicted: np.ndarray, shapes: np.ndarray, textures: np.ndarray) -> dict[str, float]:
    """Shares of cue-conflict answers naming the shape, the texture, neither; Geirhos's shape bias."""
    shape, texture = predicted == shapes, predicted == textures
    decided = shape | texture
    return {"shape_share": float(shape.mean()), "texture_share": float(texture.mean()),
            "neither_share": float(1 - decided.mean()),
            "raw_shape_bias": float(shape[decided].mean()) if decided.any() else float("nan")}


def bootstrap_margin(rng: np.random.Generator, ours: np.ndarray, theirs: np.ndarray, shapes: np.ndarray,
                     textures: np.ndarray) -> float:
    """Two standard errors of the difference in shape bias, by resampling the conflict images."""
    weights = rng.multinomial(len(shapes), np.full(len(shapes), 1 / len(shapes)), size=BOOTSTRAP)

    def biases(predicted):
        shape, decided = predicted == shapes, (predicted == shapes) | (predicted == textures)
        with np.errstate(invalid="ignore", divide="ignore"):
            return (weights @ shape) / (weights @ decided)

    difference = biases(ours) - biases(theirs)
    difference = difference[np.isfinite(difference)]
    return float(2 * difference.std(ddof=1)) if len(difference) > 1 else 0.0


def scores(predicted: dict[str, np.ndarray], data: dict) -> dict[str, float]:
    conflict = data["conflict"]
    result = decisions(predicted["conflict"], conflict.shape_labels, conflict.texture_labels)
    result["accuracy"] = float((predicted["ordinary"] == data["ordinary"].shape_labels).mean())
    result["stylised_accuracy"] = float((predicted["stylised"] == data["stylised"].shape_labels).mean())
    bias = result["raw_shape_bias"]
    result["shape_bias"] = bias if result["accuracy"] >= MIN_ACCURACY and np.isfinite(bias) else 0.0
    return result


def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    fit = generate(config("train"), N_FIT, fresh_seed(rng))
    data = {"conflict": generate(config("cue-conflict"), N_CONFLICT, fresh_seed(rng)),
            "ordinary": generate(config("train"), N_ORDINARY, fresh_seed(rng)),
            "stylised": generate(config("stylised"), N_STYLISED, fresh_seed(rng))}
    ours = {name: answers(learner, model, batch.images) for name, batch in data.items()}
    baseline_model = statistics_classifier(fit.images, fit.shape_labels)
    theirs = {name: baseline_model.predict(pixel_statistics(batch.images)).astype(np.int64)
              for name, batch in data.items()}
    metrics, baseline = scores(ours, data), scores(theirs, data)
    conflict = data["conflict"]
    margin = bootstrap_margin(rng, ours["conflict"], theirs["conflict"], conflict.shape_labels,
                              conflict.texture_labels)
    followed_texture = np.flatnonzero(ours["conflict"] == conflict.texture_labels)[:16]
    failures = [(conflict.images[i], f"a {CLASSES[conflict.shape_labels[i]]} with the {CLASS_TEXTURES[conflict.texture_labels[i]]} "
                                     f"of a {CLASSES[conflict.texture_labels[i]]}: said {CLASSES[ours['conflict'][i]]}")
                for i in followed_texture]
    per_shape = {who: [float((p["conflict"] == conflict.shape_labels)[conflict.shape_labels == k].mean())
                       for k in range(N_CLASSES)] for who, p in (("your model", ours), ("pixel statistics", theirs))}
    notes = [f"Hidden images: {N_CONFLICT:,} cue-conflict, {N_ORDINARY:,} ordinary and {N_STYLISED:,} stylised "
             "images, drawn from a fresh seed that never left the grader.",
             f"On the cue-conflict images your model named the shape {metrics['shape_share']:.0%} of the time, the "
             f"texture {metrics['texture_share']:.0%}, neither {metrics['neither_share']:.0%}: Geirhos's shape bias "
             f"{metrics['raw_shape_bias']:.0%} (an ImageNet ResNet-50: 22%; people: 96%).",
             f"Accuracy on ordinary images {metrics['accuracy']:.1%}: the shape bias counts only at "
             f"{MIN_ACCURACY:.0%} or more (a model that guesses names shape and texture equally often, 50%).",
             "Classes on the curve's x axis: " + ", ".join(f"{k} = {name}" for k, name in enumerate(CLASSES)) + "."]
    return Evaluation(
        metrics, baseline, "logistic regression on pixel statistics (tone shares, neighbour differences)",
        N_CONFLICT + N_ORDINARY + N_STYLISED, failures=failures,
        failure_caption="Cue-conflict images where your model named the texture: the shape, the texture, the answer",
        curves={"Share of cue-conflict images whose shape is named, per shape": {
            who: (list(range(N_CLASSES)), values) for who, values in per_shape.items()}},
        margins={"shape_bias": margin, "raw_shape_bias": margin}, notes=notes)
