"""Texture versus shape: a CNN trained where both cues work picks texture; take texture away and it picks shape.

Geirhos et al. (2019), "ImageNet-trained CNNs are biased towards texture; increasing shape bias
improves accuracy and robustness" (ICLR), showed *cue-conflict* images (the shape of a cat with the
texture of an elephant) to CNNs: an ImageNet-trained ResNet-50 named the texture far more often than
the shape (shape bias 22 %), while humans named the shape; the same network trained on
Stylized-ImageNet, where style transfer randomises every image's texture so that only shape
predicts the label, reached a shape bias of 81 %.

Here the images are K silhouettes (disc, square, triangle, ...) filled with K two-tone textures
(stripes, checkerboard, dots, ...), from ``deeproots.lab.datasets.texture_shape``. Two small CNNs:

- **plain**: trained on the "train" split, where texture i always fills shape i, so either cue
  predicts the label and the network may use whichever is easier;
- **stylised**: trained on the "stylised" split, where the texture is random and only the shape
  predicts the label (our stand-in for Stylized-ImageNet);
- optionally **local stylised**: a network that sees only 9 x 9 pixel patches (BagNet-like: two
  convolutions, then an average over positions) trained on the stylised split: can shape be learnt
  from small patches (edges, corners) alone?

All are tested on cue-conflict images (shape i, texture j != i). Shape bias = shape decisions /
(shape + texture decisions), counting only predictions that name one of the two cues (the data
set's ``shape_bias``). We also report accuracy on cue-consistent test images (the plain training
distribution), on the stylised test set (shape only) and the share of "neither" decisions.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from deeproots.lab.datasets.texture_shape import SHAPES, TEXTURES, TextureShapeConfig, generate, shape_bias
from deeproots.lab.outcome import Outcome
from deeproots.lab.params import check_flag, check_integer, check_number, fail
from deeproots.lab.training import NO_CHECKPOINTS, device_and_threads, fit, predict
from deeproots.runs.device import device_label


@dataclass(frozen=True)
class Params:
    seed: int = 0
    """Seeds the data sets, the weight initialisation and the batch order."""
    n_classes: int = 4
    """K, 2..6: shapes and textures used (the first K of each)."""
    image_size: int = 32
    """Side of the images in pixels, 24..64 (shapes span 3/8 to 3/4 of it)."""
    n_train: int = 3000
    """Training images per model, 100..1_000_000."""
    n_test: int = 600
    """Images in each test set (cue-conflict, cue-consistent, stylised), 12..100_000."""
    plain_epochs: int = 3
    """Training epochs of the plain model (it fits its data within one)."""
    stylised_epochs: int = 5
    """Training epochs of the stylised (and local stylised) model."""
    width: int = 8
    """Channels of the first convolution (the next ones have 2x and 4x), 1..256."""
    local_model: bool = True
    """Also train the small-receptive-field (9 x 9 px) model on the stylised data."""
    batch_size: int = 64
    """Images per gradient step."""
    lr: float = 3e-3
    """Adam learning rate, in (0, 1)."""
    gallery_size: int = 12
    """Cue-conflict images shown per model in the gallery, 0..100."""

    EXPERIMENT: ClassVar[str] = "texture-vs-shape"

    def __post_init__(self) -> None:
        check(self)  # bad values fail when the parameters are made, before any run folder exists


def check(params: Params) -> dict[str, TextureShapeConfig]:
    """The data set configs per split; every bad value is a DeeprootsError naming the parameter and its range."""
    ranges = {"n_classes": (2, len(SHAPES)), "image_size": (24, 64), "n_train": (100, 1_000_000),
              "n_test": (12, 100_000), "plain_epochs": (1, 10_000), "stylised_epochs": (1, 10_000),
              "width": (1, 256), "batch_size": (1, 100_000), "gallery_size": (0, 100)}
    for name, (lo, hi) in ranges.items():
        check_integer(params, name, lo, hi)
    check_integer(params, "seed", 0)
    check_flag(params, "local_model")
    check_number(params, "lr", 0, 1)
    size = params.image_size
    try:  # at least two texture periods fit in the smallest shape
        return {split: TextureShapeConfig(image_size=size, n_classes=params.n_classes, split=split,
                                          min_size=3 * size / 8, max_size=3 * size / 4,
                                          min_frequency=max(1 / 6, 2 / (3 * size / 8)))
                for split in ("train", "cue-conflict", "stylised")}
    except ValueError as error:
        raise fail(params, str(error)) from None


QUICK = Params()
FULL = Params(n_classes=6, n_train=30_000, n_test=3000, plain_epochs=10, stylised_epochs=30, width=32,
              batch_size=128, lr=1e-3)

TEXTURE_BIASED = 0.5  # plain shape bias below this: the network decides by texture more often than by shape
MARGIN = 0.2  # stylised training "increased" shape bias if it rose by at least this (20 percentage points)

CITATION = "Geirhos et al. 2019, ICLR, Fig. 4 and Fig. 5 (ResNet-50; ImageNet images, not ours)"
PUBLISHED = [
    ("shape bias, trained where texture and shape both work (ResNet-50 on ImageNet)", "22%",
     "plain_shape_bias", CITATION),
    ("shape bias, trained on randomised textures (ResNet-50 on Stylized-ImageNet)", "81%",
     "stylised_shape_bias", CITATION),
]


# --------------------------------------------------------------------------- models


class GlobalCNN(nn.Module):
    """Four convolutions with downsampling (receptive field covering the whole shape), global max pool."""

    def __init__(self, k: int, w: int):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, w, 5, stride=2, padding=2), nn.ReLU(),
            nn.Conv2d(w, 2 * w, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(2 * w, 4 * w, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4 * w, 4 * w, 3, padding=1), nn.ReLU(), nn.AdaptiveMaxPool2d(1), nn.Flatten(),
            nn.Linear(4 * w, k))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class LocalCNN(nn.Module):
    """BagNet-like: class evidence from 9 x 9 px patches (5x5 stride 2, then 3x3), averaged over positions."""

    def __init__(self, k: int, w: int):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 2 * w, 5, stride=2, padding=2), nn.ReLU(),
            nn.Conv2d(2 * w, 4 * w, 3, padding=1), nn.ReLU(),
            nn.Conv2d(4 * w, 4 * w, 1), nn.ReLU(), nn.Conv2d(4 * w, k, 1),
            nn.AdaptiveAvgPool2d(1), nn.Flatten())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


# name: (model class, training split, epochs parameter, label)
VARIANTS = {
    "plain": (GlobalCNN, "train", "plain_epochs", "plain CNN (texture and shape agree)"),
    "stylised": (GlobalCNN, "stylised", "stylised_epochs", "stylised CNN (random textures)"),
    "local_stylised": (LocalCNN, "stylised", "stylised_epochs", "local 9x9 CNN, stylised"),
}


# --------------------------------------------------------------------------- metrics


def cue_decisions(pred: np.ndarray, shapes: np.ndarray, textures: np.ndarray) -> dict[str, float]:
    """On cue-conflict images: shares of predictions naming the shape, the texture, neither; and the shape bias."""
    pred, shapes, textures = (np.asarray(a) for a in (pred, shapes, textures))
    is_shape, is_texture = pred == shapes, (pred == textures) & (pred != shapes)
    return {"shape_frac": float(is_shape.mean()), "texture_frac": float(is_texture.mean()),
            "neither_frac": float(1 - is_shape.mean() - is_texture.mean()),
            "shape_bias": shape_bias(pred, shapes, textures)}


def as_tensor(images: np.ndarray, device: str) -> torch.Tensor:
    """(n, H, W) intensities in [0, 1] -> (n, 1, H, W), centred so that the grey background is 0."""
    return torch.as_tensor(images, device=device)[:, None] - 0.5


# --------------------------------------------------------------------------- training


def train(variant: str, params: Params, data: dict, tests: dict, unit: int, checkpoints, tick) -> dict:
    """Train one variant; returns its curves, its cue-conflict predictions and the final scores."""
    started = time.monotonic()
    model_class, split, epochs_name, _ = VARIANTS[variant]
    torch.manual_seed(params.seed * 1000 + unit)  # per unit, so a resumed run initialises identically
    x, y = data[split]
    model = model_class(params.n_classes, params.width).to(x.device)
    optimiser = torch.optim.Adam(model.parameters(), lr=params.lr)

    def scores() -> dict[str, float]:
        conflict_x, conflict_shapes, conflict_textures = tests["cue-conflict"]
        result = cue_decisions(predict(model, conflict_x).argmax(1).cpu().numpy(), conflict_shapes, conflict_textures)
        for name in ("consistent", "stylised"):
            test_x, test_y = tests[name]
            result[f"{name}_acc"] = float((predict(model, test_x).argmax(1).cpu().numpy() == test_y).mean())
        return result

    curve = fit(model, optimiser, F.cross_entropy, x, y, epochs=getattr(params, epochs_name),
                batch_size=params.batch_size, seed=params.seed * 1000 + unit, evaluate=scores,
                checkpoints=checkpoints, key=variant, on_epoch=lambda epoch, history: tick())
    final = scores()
    pred = predict(model, tests["cue-conflict"][0]).argmax(1).cpu().numpy()
    return {"curve": curve, "final": final, "pred": pred, "seconds": time.monotonic() - started,
            "parameters": sum(p.numel() for p in model.parameters())}


# --------------------------------------------------------------------------- the experiment


def run(params: Params, report, progress, checkpoints=NO_CHECKPOINTS) -> Outcome:
    configs = check(params)
    device = device_and_threads()
    k = params.n_classes
    shape_names, texture_names = SHAPES[:k], TEXTURES[:k]
    variants = [v for v in VARIANTS if v != "local_stylised" or params.local_model]

    # ---- data, generated once up front; each set has its own seed stream
    progress(0.0, "generating images")
    seeds = np.random.SeedSequence(params.seed).spawn(5)
    train_sets = {split: generate(configs[split], params.n_train, seeds[i])
                  for i, split in enumerate(("train", "stylised"))}
    conflict = generate(configs["cue-conflict"], params.n_test, seeds[2])
    consistent = generate(configs["train"], params.n_test, seeds[3])
    stylised_test = generate(configs["stylised"], params.n_test, seeds[4])
    data = {split: (as_tensor(batch.images, device), torch.as_tensor(batch.shape_labels, device=device))
            for split, batch in train_sets.items()}
    tests = {"cue-conflict": (as_tensor(conflict.images, device), conflict.shape_labels, conflict.texture_labels),
             "consistent": (as_tensor(consistent.images, device), consistent.shape_labels),
             "stylised": (as_tensor(stylised_test.images, device), stylised_test.shape_labels)}

    report.text(
        f"**Probe** (after Geirhos et al. 2019): {k} shapes ({', '.join(shape_names)}) filled with {k} textures "
        f"({', '.join(texture_names)}), {params.image_size} x {params.image_size} px. The *plain* CNN trains on "
        f"{params.n_train} images where texture i always fills shape i (both cues predict the label); the "
        f"*stylised* CNN on {params.n_train} images whose texture is random (only the shape predicts the label)"
        + (", and a *local* CNN that only sees 9 x 9 px patches also on the stylised images" if params.local_model
           else "") + f". All are tested on {params.n_test} cue-conflict images (shape i, texture j != i): the "
        f"answer names the shape, the texture, or neither. Device: {device}.")
    rng = np.random.default_rng(params.seed)
    show = rng.choice(params.n_test, size=8, replace=False)
    grid = [train_sets["train"].images[:8], train_sets["stylised"].images[:8], conflict.images[show]]
    shown = [train_sets["train"], train_sets["stylised"]]
    labels = [f"shape: {shape_names[s]}\ntexture: {texture_names[t]}"
              for s, t in [pair for images in shown for pair in zip(images.shape_labels[:8], images.texture_labels[:8])]
              + list(zip(conflict.shape_labels[show], conflict.texture_labels[show]))]
    report.image_grid(np.concatenate(grid).astype(np.float32), labels=labels, columns=8, scale=4, name="samples",
                      caption="Samples. Row 1: plain training images (label = shape, texture i always fills shape "
                              "i). Row 2: stylised training images (texture random). Row 3: cue-conflict test images "
                              "(shape and texture never match)")

    # ---- training, one resumable stage per variant
    total = sum(getattr(params, VARIANTS[v][2]) for v in variants)
    done = [0]

    def tick() -> None:
        done[0] += 1
        progress(done[0] / total, f"epoch {done[0]}/{total} (all models)")

    results = {}
    for unit, variant in enumerate(variants):
        progress(done[0] / total, f"training the {VARIANTS[variant][3]}")
        results[variant] = checkpoints.stage(variant, lambda: train(variant, params, data, tests, unit,
                                                                    checkpoints, tick))
        done[0] = sum(getattr(params, VARIANTS[v][2]) for v in results)
    progress(1.0, "writing the report")

    # ---- learning curves
    report.line_chart({f"{v}: {name}": (results[v]["curve"]["epoch"], results[v]["curve"][key])
                       for v in variants for key, name in (("shape_bias", "shape bias"),
                                                           ("stylised_acc", "stylised acc"))},
                      xlabel="epoch", ylabel="fraction", name="curves",
                      caption="Learning curves: shape bias on cue-conflict images and accuracy on the stylised "
                              "(shape-only) test set, per model")
    report.line_chart({v: (results[v]["curve"]["epoch"], results[v]["curve"]["train_loss"]) for v in variants},
                      xlabel="epoch", ylabel="training loss", logy=True, name="loss", caption="Training loss")

    # ---- the table of decisions and accuracies
    metrics: dict[str, float] = {}
    rows = []
    for v in variants:
        final = results[v]["final"]
        for key in ("shape_bias", "shape_frac", "texture_frac", "neither_frac", "consistent_acc", "stylised_acc"):
            metrics[f"{v}_{key}"] = float(final[key])
        rows.append((VARIANTS[v][3], _percent(final["shape_bias"]), f"{final['shape_frac']:.1%}",
                     f"{final['texture_frac']:.1%}", f"{final['neither_frac']:.1%}", f"{final['consistent_acc']:.1%}",
                     f"{final['stylised_acc']:.1%}", results[v]["parameters"], f"{results[v]['seconds']:.1f}"))
    report.table(rows, columns=["model", "shape bias", "conflict: shape", "conflict: texture", "conflict: neither",
                                "cue-consistent acc", "stylised (shape-only) acc", "parameters", "train time (s)"],
                 caption="Cue-conflict decisions and accuracies (shape bias = shape / (shape + texture)); train "
                         "time is this session's wall clock (0 if reloaded from a checkpoint's result)")
    metrics["shape_bias_gain"] = metrics["stylised_shape_bias"] - metrics["plain_shape_bias"]

    # ---- confusion matrices on the conflicts: predicted class against the shape (and the texture)
    for v in variants:
        for cue, truth, names in (("shape", conflict.shape_labels, shape_names),
                                  ("texture", conflict.texture_labels, texture_names)):
            if cue == "texture" and v != "plain":
                continue
            matrix = np.zeros((k, k), dtype=np.int64)
            np.add.at(matrix, (truth, results[v]["pred"]), 1)
            report.confusion_matrix(matrix, labels=list(names) if cue == "shape" else
                                    [f"{t}→{s}" for t, s in zip(texture_names, shape_names)],
                                    caption=f"{VARIANTS[v][3]}: {cue} of the cue-conflict image (rows) against the "
                                            f"predicted class (columns: a shape; with texture rows, texture i is "
                                            f"the texture of class i)")

    # ---- gallery of cue-conflict images with what each model said
    gallery, labels = [], []
    for v in variants:
        pred = results[v]["pred"]
        pick = rng.permutation(params.n_test)[:params.gallery_size]
        for i in pick:
            s, t, p = conflict.shape_labels[i], conflict.texture_labels[i], pred[i]
            follows = "the shape" if p == s else "the texture" if p == t else "neither"
            gallery.append(conflict.images[i])
            labels.append(f"{v.split('_')[0]} CNN\nshape: {shape_names[s]}\ntexture: {texture_names[t]}\n"
                          f"said: {shape_names[p]} ({follows})")
    if gallery:
        report.image_grid(np.stack(gallery).astype(np.float32), labels=labels, columns=6, scale=4, name="gallery",
                          caption="Cue-conflict gallery: the model, the image's shape and texture, the class the "
                                  "model said, and which cue that answer follows (the shape, the texture or neither)")

    # ---- verdict: claims follow from the numbers via TEXTURE_BIASED and MARGIN (see verdict below)
    report.text(
        f"**How the verdict is reached.** Shape bias is measured on the cue-conflict test images only. The plain "
        f"CNN counts as texture-biased if its shape bias is below {TEXTURE_BIASED:.0%} (it follows the texture more "
        f"often than the shape). Stylised training counts as having increased shape bias if the stylised CNN's "
        f"shape bias exceeds the plain CNN's by at least {MARGIN * 100:.0f} percentage points. The published "
        f"numbers are for a ResNet-50 on ImageNet photographs; ours are for small CNNs on synthetic shapes, so only "
        f"the direction and rough size of the effect are comparable. Textures here are simple periodic patterns, "
        f"far easier to read than a silhouette, so the plain CNN may be much more texture-biased than a ResNet-50.")
    return Outcome(metrics={**metrics, "device": device_label(device)}, verdict=verdict(metrics, k))


# --------------------------------------------------------------------------- the verdict


def verdict(metrics: dict[str, float], n_classes: int) -> str:
    """The verdict from the shape biases (``plain_shape_bias``, ``stylised_shape_bias``, their
    ``shape_bias_gain``; nan when no answer named either cue) and, when the local model was trained,
    its ``local_stylised_stylised_acc`` and ``local_stylised_shape_bias``."""
    plain, stylised, gain = metrics["plain_shape_bias"], metrics["stylised_shape_bias"], metrics["shape_bias_gain"]
    biased = ("texture-biased" if plain < TEXTURE_BIASED else "not texture-biased") if math.isfinite(plain) \
        else "undecided (no answer named either cue)"
    increased = ("so it increased shape bias" if gain >= MARGIN else "so it did not increase shape bias") \
        if math.isfinite(gain) else "so the two cannot be compared"
    local = (f" The local 9x9 CNN trained on stylised images reaches {metrics['local_stylised_stylised_acc']:.0%} "
             f"shape-only accuracy (chance {1 / n_classes:.0%}; shape bias "
             f"{_percent(metrics['local_stylised_shape_bias'])})." if "local_stylised_stylised_acc" in metrics else "")
    return (f"The plain CNN's shape bias is {_percent(plain)} (ResNet-50 on ImageNet: 22%), so it is {biased} "
            f"(threshold {TEXTURE_BIASED:.0%}); the CNN trained on randomised textures has {_percent(stylised)} "
            f"(ResNet-50 on Stylized-ImageNet: 81%): stylised training changed it by {_points(gain)}, "
            f"{increased} by the {MARGIN * 100:.0f}-point margin.{local}")

def _percent(value: float) -> str:
    return f"{value:.1%}" if math.isfinite(value) else "undefined"


def _points(value: float) -> str:
    return f"{value * 100:+.1f} percentage points" if math.isfinite(value) else "an undefined amount"
