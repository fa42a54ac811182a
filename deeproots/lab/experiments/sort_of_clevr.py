"""Relational reasoning on Sort-of-CLEVR: a Relation Network against a plain CNN + MLP.

Santoro et al. (2017), "A simple neural network module for relational reasoning" (NeurIPS), §4 and
Fig. 4: images of six coloured squares and circles, each with questions about one object named by
its colour. *Non-relational* questions ask about that object alone (its shape; is it on the left
half; on the top half); *relational* ones ask about its relation to the others (the shape of the
closest object; of the furthest; how many objects share its shape). Two models, sharing the same
convolutional front end (strided 3 x 3 convolutions, batch norm, ReLU) and trained on the same data
with the same budget:

- CNN + MLP: the conv feature map flattened, concatenated with the question, then an MLP;
- CNN + Relation Network (RN): every cell of the k x k feature map is an "object", tagged with its
  (x, y) coordinates; g_theta reads every pair (o_i, o_j) together with the question, the k^4
  outputs are summed, and f_phi (an MLP) maps the sum to the answer.

The paper: the RN above 94 % on both kinds, the CNN + MLP about 63 % on relational questions while
non-relational ones are easy for it. Every image comes with ``questions`` questions (all six types
equally often); one training example is an image with all its questions, so the conv runs once per
image. g_theta's first layer is linear in (o_i, o_j, q), so it is computed per object and per
question and broadcast over the pairs (the same function, far fewer multiplications). The pair outputs
are averaged rather than summed (the sum over n^2 pairs divided by a constant), which keeps the initial
logits small; with a sum the first steps start from a loss of ~14 instead of ~2.3. The averaged
relation vector is batch-normalised before f_phi: most of it is the constant contribution of the
empty background cells, and without the normalisation the RN did not learn, within the quick budget,
to find the object a question names (its left / top accuracy stayed at chance while the CNN + MLP's,
whose flattened features are already batch-normalised, rose). Both models train with Adam, a linear
warm-up over the first 5 % of the steps and a cosine decay to zero.

The quick preset is a reduced task, tuned to give a verdict on two CPU cores within minutes: the
paper's six objects, 6 px each in 32 x 32 images (the paper: 75 x 75), so that the 4 x 4 feature
map's cells are about an object wide and the image's midlines fall on cell borders. Because every
shape answer is one of two, much of a relational question can be answered from the whole image
without finding the named object; the report measures that "whole-image guess" and the verdict
claims relational reasoning only beyond it.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import torch
import torch.nn.functional as F

from deeproots.lab.datasets.sort_of_clevr import (ANSWERS, COLOURS, QUESTION_TYPES, SortOfClevrConfig,
                                                  answer, generate)
from deeproots.lab.experiments.sort_of_clevr_models import LABELS, MODELS, feature_side
from deeproots.lab.outcome import Outcome
from deeproots.lab.params import check_integer, check_number, fail, require
from deeproots.lab.training import NO_CHECKPOINTS, device_and_threads, fit, predict
from deeproots.runs.device import device_label


@dataclass(frozen=True)
class Params:
    seed: int = 0
    """Seeds the images, the weight initialisation and the batch order."""
    image_size: int = 32
    """Image side in pixels, 20..128 (the paper's is 75)."""
    object_size: int = 6
    """Side of an object's box in pixels, 4..image_size // max(2, n_objects - 1) (the boxes must fit)."""
    n_objects: int = 6
    """Objects per image, 2..6, each of its own colour (the paper: 6). Questions name one of them by colour."""
    train_images: int = 4000
    """Training images, 8..200000 (each with `questions` questions)."""
    test_images: int = 500
    """Test images, 8..50000."""
    questions: int = 12
    """Questions per image, 6..60; the six question types are asked equally often."""
    conv_layers: int = 3
    """Stride-2 conv layers, 1..6; the feature map is about image_size / 2^conv_layers cells a side (at most 8)."""
    conv_channels: int = 24
    """Channels of every conv layer (the paper: 24)."""
    g_width: int = 32
    """Width of the RN's g_theta layers (the paper: 256)."""
    g_layers: int = 2
    """Layers of g_theta, 1..6 (the paper: 4)."""
    f_width: int = 64
    """Width of the RN's f_phi hidden layers (the paper: 256)."""
    mlp_width: int = 128
    """Width of the CNN + MLP's three hidden layers."""
    epochs: int = 10
    """Passes over the training images, the same for both models."""
    batch_size: int = 32
    """Images per gradient step (each with all its questions)."""
    rn_lr: float = 2.5e-3
    """Adam learning rate of the RN (the paper: 2.5e-4)."""
    mlp_lr: float = 2.5e-3
    """Adam learning rate of the CNN + MLP."""
    dropout: float = 0.0
    """Dropout before the last layer of f_phi, in [0, 1) (the paper: 0.5; it slows a short training down)."""
    eval_every: int = 1
    """Epochs between two test evaluations (learning-curve points)."""
    gallery_size: int = 12
    """Wrongly answered relational test questions shown per model in the failure gallery, 0..100."""

    EXPERIMENT: ClassVar[str] = "sort-of-clevr"

    def __post_init__(self) -> None:
        check(self)  # bad values fail when the parameters are made, before any run folder exists


BEATS = 0.10  # the RN "clearly beats" the MLP on relational questions by at least this margin
SLIGHTLY = 0.03  # ... "slightly beats" it by at least this margin; below it, no advantage is measured
FINDS = 0.90  # non-relational accuracy at which a model "finds the object a question names"
MAX_SIDE = 8  # the largest feature map side: 64 objects, 4096 pairs

INTEGERS = {"seed": (0, 2**31 - 1), "image_size": (20, 128), "train_images": (8, 200_000),
            "test_images": (8, 50_000), "n_objects": (2, 6), "questions": (6, 60), "conv_layers": (1, 6),
            "conv_channels": (1, 512),
            "g_width": (1, 1024), "g_layers": (1, 6), "f_width": (1, 1024), "mlp_width": (1, 4096),
            "epochs": (1, 10_000), "batch_size": (1, 4096), "eval_every": (1, 10_000), "gallery_size": (0, 100)}


def check(params: Params) -> SortOfClevrConfig:
    """The data set's config; every bad value is a DeeprootsError that names the parameter and its range."""
    for name, (lo, hi) in INTEGERS.items():
        check_integer(params, name, lo, hi)
    for name in ("rn_lr", "mlp_lr"):
        check_number(params, name, 0, 1)
    check_number(params, "dropout", 0, 1, low_open=False)
    most = params.image_size // max(2, params.n_objects - 1)
    require(params, 4 <= params.object_size <= most and not isinstance(params.object_size, bool), "object_size",
            f"an integer in [4, image_size // max(2, n_objects - 1) = {most}]")
    side = feature_side(params.image_size, params.conv_layers)
    if side > MAX_SIDE:
        raise fail(params, f"conv_layers must leave a feature map of at most {MAX_SIDE} x {MAX_SIDE} cells (got "
                           f"{side} x {side} from image_size {params.image_size} and conv_layers "
                           f"{params.conv_layers}); add conv layers")
    try:
        return SortOfClevrConfig(image_size=params.image_size, object_size=params.object_size,
                                 n_objects=params.n_objects, questions=params.questions)
    except (ValueError, TypeError) as error:
        raise fail(params, str(error)) from None


QUICK = Params(image_size=32, object_size=6, n_objects=6, train_images=4000, test_images=500, questions=12,
               epochs=30, batch_size=16, rn_lr=3e-3, mlp_lr=1e-2, eval_every=2)
FULL = Params(image_size=75, object_size=10, train_images=9800, test_images=1000, questions=20, conv_layers=4,
              g_width=256, g_layers=4, f_width=256, mlp_width=256, epochs=60, batch_size=64, rn_lr=2.5e-4,
              mlp_lr=2.5e-4, dropout=0.5, eval_every=2)
WARMUP = 0.05  # share of the steps over which the learning rate rises linearly, before its cosine decay

CITATION = "Santoro et al. 2017, NeurIPS, §4 and Fig. 4"
PUBLISHED = [
    ("CNN + RN, relational questions", "> 94%", "rn_relational_acc", CITATION),
    ("CNN + RN, non-relational questions", "> 94%", "rn_nonrelational_acc", CITATION),
    ("CNN + MLP, relational questions", "~63%", "mlp_relational_acc", CITATION),
    ("CNN + MLP, non-relational questions", "high (~94%+)", "mlp_nonrelational_acc", CITATION),
]
RELATIONAL = (3, 4, 5)  # indices into QUESTION_TYPES
SHORT = {"shape": "shape", "left": "left?", "top": "top?", "closest_shape": "closest",
         "furthest_shape": "furthest", "count_same_shape": "count"}


def per_question_loss(logits: torch.Tensor, answers: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(logits.flatten(0, 1), answers.flatten())


def question_types(questions: np.ndarray) -> np.ndarray:
    """Index into QUESTION_TYPES of each 11-bit question vector (..., 11)."""
    return 3 * np.argmax(questions[..., 6:8], axis=-1) + np.argmax(questions[..., 8:11], axis=-1)


def accuracy_by_type(correct: np.ndarray, qtype: np.ndarray) -> dict[str, float]:
    """Share of correct answers per question type, over relational / non-relational ones, and overall."""
    out = {name: float(correct[qtype == t].mean()) if (qtype == t).any() else float("nan")
           for t, name in enumerate(QUESTION_TYPES)}
    relational = np.isin(qtype, RELATIONAL)
    out["relational"] = float(correct[relational].mean())
    out["nonrelational"] = float(correct[~relational].mean())
    out["all"] = float(correct.mean())
    return out


def majority_baseline(train_answers: np.ndarray, train_types: np.ndarray, test_answers: np.ndarray,
                      test_types: np.ndarray) -> np.ndarray:
    """Correct-or-not of always answering a type's most common training answer (a blind guesser)."""
    guess = np.array([np.bincount(train_answers[train_types == t], minlength=len(ANSWERS)).argmax()
                      for t in range(len(QUESTION_TYPES))])
    return guess[test_types] == test_answers


def image_level_baseline(config: SortOfClevrConfig, batch, test_types: np.ndarray) -> np.ndarray:
    """Correct-or-not of the best guess that sees the whole image but not which object is named:
    for each question, the answer shared by the most objects of the image for that question type.
    A model below this ceiling has not shown that it finds the object a question is about."""
    n, k = batch.shapes.shape
    every = np.broadcast_to(np.arange(k), (n, k))
    guesses = np.stack([np.array([np.bincount(row, minlength=len(ANSWERS)).argmax()
                                  for row in answer(config, batch.positions, batch.shapes, every, np.full((n, k), t))])
                        for t in range(len(QUESTION_TYPES))], axis=1)  # (n, types)
    return np.take_along_axis(guesses, test_types, axis=1) == batch.answers


# --------------------------------------------------------------------------- training


def train(kind: str, params: Params, data: dict, unit: int, key: str, checkpoints, tick) -> dict:
    """Train one model; returns its curves, its test predictions and its wall time (plain numbers)."""
    started = time.monotonic()
    torch.manual_seed(params.seed * 1000 + unit)  # per unit, so a resumed run initialises identically
    model = MODELS[kind](params).to(data["train_x"].device)
    optimiser = torch.optim.Adam(model.parameters(), lr=getattr(params, f"{kind}_lr"))
    steps = params.epochs * math.ceil(params.train_images / params.batch_size)
    warmup = max(1, round(WARMUP * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(  # linear warm-up, then a cosine decay to zero, per batch
        optimiser, lambda step: min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(1.0, step / steps))))
    test_types = data["test_types"]

    def evaluate() -> dict[str, float]:
        pred = predict(model, (data["test_x"], data["test_q"]), batch_size=256).argmax(-1)
        accs = accuracy_by_type((pred == data["test_a"]).cpu().numpy(), test_types)
        return {"test_relational": accs["relational"], "test_nonrelational": accs["nonrelational"]}

    curve = fit(model, optimiser, per_question_loss, (data["train_x"], data["train_q"]), data["train_a"],
                epochs=params.epochs, batch_size=params.batch_size, seed=params.seed * 1000 + unit,
                schedule=schedule, evaluate=evaluate, eval_every=params.eval_every, checkpoints=checkpoints, key=key,
                on_epoch=lambda epoch, history: tick())
    pred = predict(model, (data["test_x"], data["test_q"]), batch_size=256).argmax(-1).cpu().numpy()
    train_pred = predict(model, (data["train_x"], data["train_q"]), batch_size=256).argmax(-1)
    train_acc = float((train_pred == data["train_a"]).float().mean())
    return {"curve": curve, "pred": pred, "train_acc": train_acc, "seconds": time.monotonic() - started,
            "parameters": sum(p.numel() for p in model.parameters())}


# --------------------------------------------------------------------------- the experiment


def question_text(colour: int, qtype: int) -> str:
    return f"{COLOURS[colour]} {SHORT[QUESTION_TYPES[qtype]]}?"


def run(params: Params, report, progress, checkpoints=NO_CHECKPOINTS) -> Outcome:
    config = check(params)
    device = device_and_threads()
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([params.seed, 1])))
    progress(0.0, "generating images and questions")
    train_set = generate(config, params.train_images, np.random.SeedSequence([params.seed, 2]))
    test_set = generate(config, params.test_images, np.random.SeedSequence([params.seed, 3]))

    def tensors(batch) -> tuple[torch.Tensor, ...]:
        images = torch.as_tensor(batch.images, device=device).permute(0, 3, 1, 2).contiguous()
        return (images, torch.as_tensor(batch.questions, device=device), torch.as_tensor(batch.answers, device=device))

    data = dict(zip(("train_x", "train_q", "train_a"), tensors(train_set)))
    data.update(zip(("test_x", "test_q", "test_a"), tensors(test_set)))
    train_types, test_types = question_types(train_set.questions), question_types(test_set.questions)
    data["test_types"] = test_types
    test_colours = np.argmax(test_set.questions[..., :6], axis=-1)
    side = feature_side(params.image_size, params.conv_layers)

    report.text(
        f"**Task** (Sort-of-CLEVR): {params.train_images} training and {params.test_images} test images of "
        f"{params.image_size} x {params.image_size} pixels with {params.n_objects} objects (the paper: six), "
        f"{params.questions} questions each ({params.train_images * params.questions} training questions). "
        f"Non-relational questions: shape / left half? / top half? of the named object; relational: the shape "
        f"of the object closest to it / furthest from it, and how many objects share its shape. Both models "
        f"share a {params.conv_layers}-layer stride-2 CNN "
        f"giving a {side} x {side} x {params.conv_channels} feature map; the RN treats its {side * side} cells as "
        f"objects ({side ** 4} pairs per question), the MLP reads it flattened. Same data, {params.epochs} epochs "
        f"each. Device: {device}. The published numbers are for 75 x 75 images and far longer training.")
    show = rng.choice(params.test_images, size=8, replace=False)
    report.image_grid(test_set.images[show], columns=8, scale=max(1, 128 // params.image_size), name="samples",
                      labels=[f"{question_text(test_colours[i, j], test_types[i, j])} {ANSWERS[test_set.answers[i, j]]}"
                              for i, j in zip(show, rng.integers(0, params.questions, size=8))],
                      caption="Test samples with one of their questions and its answer")

    total, done = params.epochs * len(MODELS), [0]

    def tick() -> None:
        done[0] += 1
        progress(done[0] / total, f"epoch {done[0]}/{total} (both models)")

    results = {}
    for unit, kind in enumerate(MODELS):
        progress(done[0] / total, f"training {LABELS[kind]}")
        results[kind] = checkpoints.stage(kind, lambda: train(kind, params, data, unit, kind, checkpoints, tick))
        done[0] = params.epochs * (unit + 1)
    progress(1.0, "writing the report")

    # ---- learning curves, accuracy per question type, confusion, failures
    series = {}
    for kind, result in results.items():
        curve = result["curve"]
        series[f"{LABELS[kind]} relational"] = (curve["epoch"], curve["test_relational"])
        series[f"{LABELS[kind]} non-relational"] = (curve["epoch"], curve["test_nonrelational"])
    report.line_chart(series, xlabel="epoch", ylabel="test accuracy", name="curves",
                      caption="Learning curves: test accuracy on relational and non-relational questions")

    answers = test_set.answers
    blind = accuracy_by_type(majority_baseline(train_set.answers, train_types, answers, test_types), test_types)
    metrics: dict[str, float] = {}
    accs = {kind: accuracy_by_type(result["pred"] == answers, test_types) for kind, result in results.items()}
    for kind, result in results.items():
        for name, value in accs[kind].items():
            metrics[f"{kind}_{name}_acc"] = value
        metrics[f"{kind}_train_acc"] = result["train_acc"]
    for name, value in blind.items():
        metrics[f"blind_{name}_acc"] = value
    whole = accuracy_by_type(image_level_baseline(config, test_set, test_types), test_types)
    for name, value in whole.items():
        metrics[f"image_level_{name}_acc"] = value
    gap = metrics["rn_relational_acc"] - metrics["mlp_relational_acc"]
    metrics["rn_minus_mlp_relational"] = gap
    columns = list(QUESTION_TYPES) + ["nonrelational", "relational"]
    rows = [(LABELS[kind], *(f"{accs[kind][c]:.1%}" for c in columns), f"{results[kind]['train_acc']:.1%}",
             results[kind]["parameters"], f"{results[kind]['seconds']:.0f}") for kind in results]
    rows.append(("blind guess (majority per type)", *(f"{blind[c]:.1%}" for c in columns), "", "", ""))
    rows.append(("whole-image guess (ignores which object is named)", *(f"{whole[c]:.1%}" for c in columns),
                 "", "", ""))
    report.table(rows, columns=["model", *columns, "train (all)", "parameters", "train time (s)"],
                 caption="Test accuracy per question type (the first three non-relational, the next three relational)")

    relational_answers = [0, 1, 4, 5, 6, 7, 8, 9]  # square, circle, 1..6; yes / no pooled as a ninth class
    index = np.full(len(ANSWERS), len(relational_answers))
    index[relational_answers] = np.arange(len(relational_answers))
    is_relational = np.isin(test_types, RELATIONAL)
    for kind, result in results.items():
        matrix = np.zeros((9, 9), dtype=np.int64)
        np.add.at(matrix, (index[answers[is_relational]], index[result["pred"][is_relational]]), 1)
        report.confusion_matrix(matrix, labels=[ANSWERS[a] for a in relational_answers] + ["yes/no"],
                                caption=f"{LABELS[kind]}: true vs predicted answers to relational test questions")

    scale = max(1, -(-228 // params.image_size))  # cells wide enough for the label
    for kind, result in results.items():
        wrong = np.argwhere(is_relational & (result["pred"] != answers))
        picks = wrong[rng.permutation(len(wrong))[:params.gallery_size]]
        if len(picks) == 0:
            report.text(f"Failure gallery ({LABELS[kind]}): no relational test question was answered wrongly.")
            continue
        report.image_grid(test_set.images[picks[:, 0]], columns=min(4, len(picks)), scale=scale,
                          name=f"failures-{kind}",
                          labels=[f"{question_text(test_colours[i, j], test_types[i, j])} "
                                  f"{ANSWERS[result['pred'][i, j]]} (true {ANSWERS[answers[i, j]]})" for i, j in picks],
                          caption=f"Failure gallery, {LABELS[kind]}: wrongly answered relational test questions; "
                                  f"label: question, predicted answer (true answer)")

    # ---- verdict: claims follow from the numbers via BEATS / SLIGHTLY / the whole-image ceiling (verdict below)
    ceiling = whole["relational"]
    report.text(
        f"**How the verdict is reached.** Both models answer the same {params.test_images * params.questions} test "
        f"questions. If the RN's relational accuracy exceeds the MLP's by at least {BEATS:.0%} (absolute), the RN "
        f"*clearly beats* the MLP on relational questions; by at least {SLIGHTLY:.0%}, it *slightly beats* it; "
        f"otherwise no advantage is measured. Two floors: the blind guess (the most common training answer for "
        f"each question type: {blind['relational']:.0%} relational, {blind['nonrelational']:.0%} non-relational) "
        f"and the whole-image guess, which sees the image but not which object is named ({ceiling:.0%} "
        f"relational: with few objects, counting shapes over the whole image answers many relational questions). "
        f"A model shows relational reasoning only if it beats the whole-image guess by at least {SLIGHTLY:.0%}, "
        f"overall or on a relational question type; a model finds the named object if it reaches {FINDS:.0%} on "
        f"non-relational questions. "
        f"Per-model training times: " + ", ".join(f"{LABELS[k]} {r['seconds']:.0f} s" for k, r in results.items())
        + ".")
    metrics["rn_relational_types_beyond_whole_image"] = len(beyond_whole_image(metrics))
    return Outcome(metrics={**metrics, "device": device_label(device)}, verdict=verdict(metrics))


# --------------------------------------------------------------------------- the verdict


def beyond_whole_image(metrics: dict[str, float]) -> list[str]:
    """The relational question types on which the RN beats the whole-image guess by SLIGHTLY or more."""
    return [QUESTION_TYPES[i] for i in RELATIONAL
            if metrics[f"rn_{QUESTION_TYPES[i]}_acc"] >= metrics[f"image_level_{QUESTION_TYPES[i]}_acc"] + SLIGHTLY]


def verdict(metrics: dict[str, float]) -> str:
    """The verdict from the metrics: relational and non-relational accuracy of ``rn`` and ``mlp``, their
    gap ``rn_minus_mlp_relational``, the floors ``image_level_*`` (whole-image guess) and ``blind_*``."""
    ceiling, gap = metrics["image_level_relational_acc"], metrics["rn_minus_mlp_relational"]
    reasons = {kind: metrics[f"{kind}_relational_acc"] >= ceiling + SLIGHTLY for kind in MODELS}
    claim = ("clearly beats" if gap >= BEATS else "slightly beats" if gap >= SLIGHTLY
             else "does not beat")
    numbers = (f"relational: RN {metrics['rn_relational_acc']:.0%}, CNN + MLP {metrics['mlp_relational_acc']:.0%} "
               f"(whole-image guess {ceiling:.0%}, blind guess {metrics['blind_relational_acc']:.0%}); non-relational: "
               f"RN {metrics['rn_nonrelational_acc']:.0%}, MLP {metrics['mlp_nonrelational_acc']:.0%}")
    finds = metrics["rn_nonrelational_acc"] >= FINDS
    beyond = beyond_whole_image(metrics)
    per_type = ", ".join(f"{name.replace('_', ' ')} {metrics[f'rn_{name}_acc']:.0%} vs "
                         f"{metrics[f'image_level_{name}_acc']:.0%}" for name in (QUESTION_TYPES[i] for i in RELATIONAL))
    head = f"{numbers[0].upper()}{numbers[1:]}. The RN {claim} the MLP on relational questions ({gap * 100:+.0f} points)"
    if reasons["rn"]:
        text = (f"{head} and beats what the whole image gives without finding the named object"
                + ("; so does the MLP." if reasons["mlp"] else "; the MLP does not."))
    elif not finds:
        text = f"{head}, but it has not learned to find the object a question names (non-relational below {FINDS:.0%})."
    else:
        text = (f"{head} and finds the named object (non-relational {metrics['rn_nonrelational_acc']:.0%}); "
                f"against the whole-image guess, per relational type (RN vs guess): {per_type}"
                + (f": it reasons about relations on {', '.join(n.replace('_', ' ') for n in beyond)} only"
                   if beyond else ": no relational type goes beyond what the whole image gives") + ".")
    return text + (f" Run --full ({FULL.n_objects} objects, a GPU) for the paper's setting. Santoro et al. 2017: "
                   "RN > 94% on both, CNN + MLP ~63% relational.")
