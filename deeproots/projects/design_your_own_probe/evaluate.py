"""design-your-own-probe's trusted evaluation (runs in the grader's process).

The learner's file defines the probe: ``generate(n, seed) -> (images, labels)``, optionally
``generate_shifted(n, seed)`` (a test distribution the networks never train on, same classes) and
``HYPOTHESIS`` (which network will break, and why). Here, in the grader:
- the seeds are drawn from ``rng`` (only seeds go to the learner's process; the data comes back
  and is checked strictly: shapes, dtypes, value range, labels, every class present, the same
  data for the same seed and other data for another seed);
- three standard networks (``models.py``: a CNN, an MLP, a small ViT) are trained on the same
  training images with the same number of steps, and tested on fresh in-distribution images
  and, when there is a shifted generator, on shifted ones;
- each network's verdict follows one stated rule (:func:`verdict`), shown beside the learner's
  hypothesis verbatim. There are no tiers: a probe is an experiment, not a race.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from deeproots.projects.design_your_own_probe.models import MODELS, NAMES, fit, make_model, predict
from deeproots.projects.evaluation import Evaluation

N_TRAIN = {False: 4000, True: 2000}  # quick: the smoke run of CI and --quick
N_TEST = {False: 1000, True: 500}  # in distribution, and again shifted
STEPS = {False: 600, True: 200}  # Adam steps of every network (batch 64)
BATCH = 64
N_CHECK = 32  # images drawn twice with one seed, and once with another: is generate a function of its seed?
MIN_SIZE, MAX_SIZE, MAX_CLASSES = 8, 32, 10
DROP = 0.20  # a drop of more than 20 points (beyond two standard errors) is a break
THREADS = 1  # small networks: one thread is as fast, and steadier on a shared machine
MAX_HYPOTHESIS = 2000


def key(name: str, test: str) -> str:
    """The metric of network ``name`` on a test set: "" in distribution, or "shifted"."""
    return f"{name}_{test}_accuracy" if test else f"{name}_accuracy"


def read_hypothesis(learner) -> str:
    hypothesis = getattr(learner, "HYPOTHESIS", None)
    if not isinstance(hypothesis, str) or not hypothesis.strip():
        raise ValueError('your file should state HYPOTHESIS = "..." (which network will break, and why)')
    if len(hypothesis) > MAX_HYPOTHESIS:
        raise ValueError(f"HYPOTHESIS should be at most {MAX_HYPOTHESIS} characters, got {len(hypothesis)}")
    return hypothesis.strip()


def check_data(answer, n: int, what: str, size: int | None = None, classes: int | None = None):
    """``answer`` as (images (n, H, W) float32 in [0, 1], labels (n,) int64), or a one-line
    ValueError. ``size``/``classes``: what the training data set (a test set must match them)."""
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise ValueError(f"{what} should return (images, labels), got {type(answer).__name__}")
    images, labels = answer
    try:
        images, labels = np.asarray(images), np.asarray(labels)
    except (TypeError, ValueError):
        raise ValueError(f"{what} should return arrays of numbers") from None
    if images.dtype != np.float32:
        raise ValueError(f"{what}'s images should be float32, got {images.dtype} (use .astype(np.float32))")
    if images.ndim != 3 or len(images) != n:
        raise ValueError(f"{what}'s images should have shape ({n}, H, W), got {images.shape}")
    if images.shape[1] != images.shape[2]:
        raise ValueError(f"{what}'s images should be square (H = W), got {images.shape[1]} x {images.shape[2]}")
    if size is None and not MIN_SIZE <= images.shape[1] <= MAX_SIZE:
        raise ValueError(f"{what}'s images should be {MIN_SIZE} to {MAX_SIZE} pixels a side, "
                         f"got {images.shape[1]}")
    if size is not None and images.shape[1] != size:
        raise ValueError(f"{what}'s images should be {size} x {size} like generate's, "
                         f"got {images.shape[1]} x {images.shape[2]}")
    if not np.all(np.isfinite(images)):
        raise ValueError(f"{what}'s images contain NaN or infinity")
    if images.min() < 0 or images.max() > 1:
        raise ValueError(f"{what}'s images should lie in [0, 1], "
                         f"got values from {images.min():.3g} to {images.max():.3g}")
    if labels.dtype.kind not in "iu":
        raise ValueError(f"{what}'s labels should be integers, got {labels.dtype} (use .astype(np.int64))")
    if labels.shape != (n,):
        raise ValueError(f"{what}'s labels should have shape ({n},), got {labels.shape}")
    top = MAX_CLASSES if classes is None else classes
    if labels.min() < 0 or labels.max() >= top:
        of_generate = "" if classes is None else " (the classes of generate)"
        raise ValueError(f"{what}'s labels should be classes 0 to {top - 1}{of_generate}, "
                         f"got {labels.min()} to {labels.max()}")
    present = np.unique(labels)
    if len(present) < 2:
        raise ValueError(f"{what} gave only class {present[0]} in {n} images: a probe needs at least 2 classes")
    if classes is None:
        missing = sorted(set(range(int(labels.max()) + 1)) - set(present.tolist()))
        if missing:
            raise ValueError(f"{what} gave no image of class {missing[0]} in {n}: every class from 0 to "
                             f"{labels.max()} needs examples")
    return np.ascontiguousarray(images), labels.astype(np.int64)


def check_seeded(function, name: str, seed: int, other: int, size: int, classes: int) -> None:
    """The same seed must give the same data, another seed other data."""
    what = f"{name}(n, seed)"
    first = check_data(function(N_CHECK, seed), N_CHECK, what, size, classes)
    again = check_data(function(N_CHECK, seed), N_CHECK, what, size, classes)
    if not (np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])):
        raise ValueError(f"{name} gave different data for the same seed: draw everything from the seed "
                         "(np.random.default_rng(seed))")
    if np.array_equal(first[0], check_data(function(N_CHECK, other), N_CHECK, what, size, classes)[0]):
        raise ValueError(f"{name} gave the same images for two different seeds: draw them from the seed")


def chance(labels: np.ndarray) -> float:
    """The accuracy of always answering the most frequent class of this test set."""
    return float(np.bincount(labels).max() / len(labels))


def verdict(accuracy: float, n: int, chance_rate: float, shifted: float | None = None, n_shifted: int = 0,
            shifted_chance: float | None = None) -> str:
    """One network's verdict on the probe, by a stated rule (se = a standard error):
    - "did not learn": in-distribution accuracy <= chance + 2 se of chance (sqrt(c (1 - c) / n));
    - "fell to chance": shifted accuracy <= shifted chance + 2 se of that chance;
    - "dropped": in-distribution minus shifted accuracy, less 2 se of that difference
      (sqrt(a (1 - a) / n + s (1 - s) / n_shifted)), is more than 20 points;
    - "held" otherwise. Every verdict but "held" is a break."""
    if accuracy <= chance_rate + 2 * math.sqrt(chance_rate * (1 - chance_rate) / n):
        return "did not learn"
    if shifted is None:
        return "held"
    if shifted <= shifted_chance + 2 * math.sqrt(shifted_chance * (1 - shifted_chance) / n_shifted):
        return "fell to chance"
    error = math.sqrt(accuracy * (1 - accuracy) / n + shifted * (1 - shifted) / n_shifted)
    return "dropped" if accuracy - shifted - 2 * error > DROP else "held"


SAYS = {"did not learn": "broke: it did not learn the task (in-distribution accuracy within 2 standard errors of "
                          "chance)",
        "fell to chance": "broke: it learned the task but fell to chance on the shifted test",
        "dropped": f"broke: it lost more than {DROP:.0%} of accuracy on the shifted test (beyond 2 standard errors)",
        "held": "held"}


def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    hypothesis = read_hypothesis(learner)
    shifted_too = hasattr(learner, "generate_shifted")
    seeds = [int(seed) for seed in rng.integers(0, 2**31, 6)]
    n_train, n_test = N_TRAIN[quick], N_TEST[quick]
    train_x, train_y = check_data(learner.generate(n_train, seeds[0]), n_train, "generate(n, seed)")
    size, classes = train_x.shape[1], int(train_y.max()) + 1
    check_seeded(learner.generate, "generate", seeds[3], seeds[4], size, classes)
    sets = {"": check_data(learner.generate(n_test, seeds[1]), n_test, "generate(n, seed)", size, classes)}
    if shifted_too:
        what = "generate_shifted(n, seed)"
        sets["shifted"] = check_data(learner.generate_shifted(n_test, seeds[2]), n_test, what, size, classes)
        check_seeded(learner.generate_shifted, "generate_shifted", seeds[3], seeds[5], size, classes)
    # Every learner call is done: the rest is the grader's own work on the data it holds.
    chances = {name: chance(labels) for name, (_, labels) in sets.items()}
    metrics = {"classes": float(classes), "image_size": float(size)}
    baseline, losses, right, predictions = {}, {}, {}, {}
    threads = torch.get_num_threads()
    torch.set_num_threads(THREADS)
    try:
        for name in MODELS:
            with torch.random.fork_rng(devices=[]):  # the grader's own random state is left as it was
                torch.manual_seed(int(rng.integers(2**31)))
                network = make_model(name, size, classes)
                batches = np.random.default_rng(rng.integers(2**63))
                losses[name] = fit(network, train_x, train_y, STEPS[quick], BATCH, batches)
            for test, (images, labels) in sets.items():
                metric = key(name, test)
                predictions[metric] = predict(network, images)
                right[metric] = predictions[metric] == labels
                metrics[metric], baseline[metric] = float(right[metric].mean()), chances[test]
    finally:
        torch.set_num_threads(threads)
    verdicts = {}
    for name in MODELS:
        shifted = (metrics[f"{name}_shifted_accuracy"], n_test, chances["shifted"]) if shifted_too else (None, 0, None)
        verdicts[name] = verdict(metrics[f"{name}_accuracy"], n_test, chances[""], *shifted)
        metrics[f"{name}_learned"] = float(verdicts[name] != "did not learn")
        metrics[f"{name}_broke"] = float(verdicts[name] != "held")
    metrics["broken"] = float(sum(metrics[f"{name}_broke"] for name in MODELS))
    metrics["chance"] = chances[""]
    if shifted_too:
        metrics["shifted_chance"] = chances["shifted"]
    return Evaluation(
        metrics, baseline, "chance: always the most frequent class of that test set", n_test * len(sets),
        failures=_failures(sets, predictions),
        failure_caption="Each network's first mistakes (shifted test first): the true class and its answer",
        curves=_curves(losses, sets, right, classes),
        notes=_notes(hypothesis, metrics, verdicts, chances, size, classes, quick, shifted_too))


def _failures(sets: dict, predictions: dict, per_model: int = 4) -> list:
    failures = []
    for name in MODELS:
        for test in sorted(sets, reverse=True):  # "shifted" before ""
            images, labels = sets[test]
            answers = predictions[key(name, test)]
            for i in np.flatnonzero(answers != labels)[:per_model]:
                caption = f"{name}, {test or 'in distribution'}: class {labels[i]}, said {answers[i]}"
                failures.append((images[i], caption))
            if any(caption.startswith(f"{name},") for _, caption in failures):
                break
    return failures


def _curves(losses: dict, sets: dict, right: dict, classes: int) -> dict:
    per_class = {}
    for name in MODELS:
        for test, (_, labels) in sets.items():
            ok = right[key(name, test)]
            accuracy = [float(ok[labels == c].mean()) if np.any(labels == c) else math.nan for c in range(classes)]
            per_class[f"{name}{' (shifted)' if test else ''}"] = (list(range(classes)), accuracy)
    trained = {name: losses[name] for name in MODELS}
    return {"Training loss of each network (cross-entropy, mean over 20 steps)": trained,
            "Accuracy per class (x: the class), in distribution and shifted": per_class}


def _notes(hypothesis: str, metrics: dict, verdicts: dict, chances: dict, size: int, classes: int, quick: bool,
           shifted_too: bool) -> list[str]:
    notes = [f"Your hypothesis, as you wrote it: {hypothesis}",
             f"Your data: {classes} classes, {size} x {size} images. Each network trained on {N_TRAIN[quick]:,} "
             f"images from generate for {STEPS[quick]} Adam steps of {BATCH}, then was tested on {N_TEST[quick]:,} "
             "fresh ones"
             + (f" and {N_TEST[quick]:,} from generate_shifted" if shifted_too else "")
             + "; every seed was drawn in the grader, at every evaluation."]
    for name in MODELS:
        shifted = (f", shifted {metrics[f'{name}_shifted_accuracy']:.1%} (chance {chances['shifted']:.1%})"
                   if shifted_too else "")
        notes.append(f"{NAMES[name]}: {metrics[f'{name}_accuracy']:.1%} in distribution (chance {chances['']:.1%})"
                     f"{shifted}: {SAYS[verdicts[name]]}.")
    notes.append("The rule: a network broke if its in-distribution accuracy is within 2 standard errors of chance, "
                 "or its shifted accuracy is, or it lost more than 20 points on the shifted test beyond 2 standard "
                 "errors.")
    if not shifted_too:
        notes.append("Your file has no generate_shifted: only learning the task itself was tested. Add one (same "
                     "classes, e.g. other positions, sizes or counts) to see which network generalises.")
    return notes
