"""CoordConv: convolutions cannot turn a coordinate into a pixel, unless they are told where they are.

Liu et al. (2018), "An intriguing failing of convolutional neural networks and the CoordConv
solution" (NeurIPS), section 3, supervised *coordinate classification* on Not-so-Clevr: the input
is the (x, y) centre of a square, the output a map over all H x W pixels (a softmax over pixels)
whose argmax should be that centre pixel. Two decoders, both from the two numbers (x, y):

- deconv: the coordinates as a 1 x 1 x 2 feature map, upsampled by transposed convolutions
  (stride 2) to H x W; the paper's plain convolutional model;
- CoordConv: the coordinates tiled to H x W x 2, concatenated with the two coordinate channels
  (i, j) of every pixel, then 1 x 1 convolutions; the paper's CoordConv model.

Each is trained on the "uniform" split (a random 80 % of the positions) and on the "quadrant" split
(no training centre in the bottom-right quadrant), and scored by test accuracy: the share of
unseen positions whose predicted pixel is exactly the true centre. The paper: deconv never above
~86 % on uniform and ~0 % on quadrant, CoordConv 100 % on both.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from deeproots.lab.datasets.coords import QUADRANTS, CoordsConfig, dataset, in_quadrant, split
from deeproots.lab.outcome import Outcome
from deeproots.lab.params import check_integer, check_number, fail, require
from deeproots.lab.training import NO_CHECKPOINTS, device_and_threads, fit, predict
from deeproots.runs.device import device_label


@dataclass(frozen=True)
class Params:
    seed: int = 0
    """Seeds the uniform split, the weight initialisation and the batch order."""
    image_size: int = 32
    """Canvas side in pixels, a power of two >= 8 (the deconv doubles 1 -> 2 -> ... -> image_size); 64 is the paper's."""
    square: int = 5
    """Side of the square in pixels, odd; it only decides which centres exist (9 at 64 px, 5 at 32 px)."""
    splits: tuple[str, ...] = ("uniform", "quadrant")
    """Which splits to train on: "uniform" (random 80/20) and/or "quadrant" (bottom-right quadrant held out)."""
    deconv_epochs: int = 60
    """Training epochs for the deconv model (per split)."""
    coordconv_epochs: int = 20
    """Training epochs for the CoordConv model (per split)."""
    batch_size: int = 32
    """Positions per gradient step."""
    deconv_lr: float = 2e-3
    """Adam learning rate of the deconv model."""
    coordconv_lr: float = 5e-3
    """Adam learning rate of the CoordConv model."""
    deconv_width: int = 64
    """Channels of the deconv model's first (1 x 1 -> 2 x 2) layer; halved at every doubling, at least 8."""
    coordconv_width: int = 32
    """Channels of the CoordConv model's 1 x 1 convolutions."""
    eval_every: int = 5
    """Epochs between two evaluations on all positions (learning-curve points)."""
    gallery_size: int = 12
    """Misclassified test positions shown per (model, split) in the failure gallery."""

    EXPERIMENT: ClassVar[str] = "coordconv"

    def __post_init__(self) -> None:
        check(self)  # bad values fail when the parameters are made, before any run folder exists


GENERALISES = 0.9  # test accuracy at or above which a model "generalises to unseen positions"
FAILS = 0.5  # test accuracy below which it "fails on unseen positions"


def check(params: Params) -> CoordsConfig:
    """The data set's config; every bad value is a DeeprootsError that names the fix."""
    check_integer(params, "seed", 0)
    size = params.image_size
    require(params, isinstance(size, int) and not isinstance(size, bool) and size >= 8 and not size & (size - 1),
            "image_size", "a power of two >= 8")
    try:
        config = CoordsConfig(image_size=size, square=params.square)
    except ValueError as error:
        raise fail(params, str(error)) from None
    if not params.splits or any(kind not in ("uniform", "quadrant") for kind in params.splits):
        raise fail(params, f"splits must name 'uniform' and/or 'quadrant' (got {params.splits!r})")
    for name in ("deconv_epochs", "coordconv_epochs", "batch_size", "deconv_width", "coordconv_width",
                 "eval_every"):
        check_integer(params, name, 1, allowed="a positive integer")
    for name in ("deconv_lr", "coordconv_lr"):
        check_number(params, name, 0, 1)
    check_integer(params, "gallery_size", 0)
    return config


QUICK = Params()
FULL = Params(image_size=64, square=9, deconv_epochs=500, coordconv_epochs=50, deconv_width=256,
              batch_size=32, eval_every=10)

CITATION = "Liu et al. 2018, NeurIPS, §3 and Fig. 3"
PUBLISHED = [
    ("deconv, test accuracy, uniform split", "≤ ~86%", "deconv_uniform_test_acc", CITATION),
    ("deconv, test accuracy, quadrant split", "~0%", "deconv_quadrant_test_acc", CITATION),
    ("CoordConv, test accuracy, uniform split", "100%", "coordconv_uniform_test_acc", CITATION),
    ("CoordConv, test accuracy, quadrant split", "100%", "coordconv_quadrant_test_acc", CITATION),
]


# --------------------------------------------------------------------------- models


class Deconv(nn.Module):
    """(x, y) as a 1 x 1 x 2 map, then stride-2 transposed convolutions up to size x size logits."""

    def __init__(self, size: int, width: int):
        super().__init__()
        layers, channels, side = [nn.ConvTranspose2d(2, width, 2, stride=2)], width, 2  # 1 -> 2
        while side < size:
            out = max(channels // 2, 8)
            layers += [nn.ReLU(), nn.ConvTranspose2d(channels, out, 4, stride=2, padding=1)]  # side -> 2 side
            channels, side = out, side * 2
        layers += [nn.ReLU(), nn.Conv2d(channels, 1, 3, padding=1)]
        self.net = nn.Sequential(*layers)

    def forward(self, xy: torch.Tensor) -> torch.Tensor:
        return self.net(xy[:, :, None, None]).flatten(1)  # (B, size * size) logits


class CoordConv(nn.Module):
    """(x, y) tiled to size x size x 2, plus the pixel coordinate channels (i, j), then 1 x 1 convolutions."""

    def __init__(self, size: int, width: int):
        super().__init__()
        axis = torch.linspace(-1, 1, size)
        j, i = torch.meshgrid(axis, axis, indexing="ij")  # j: row (y), i: column (x), both in [-1, 1]
        self.register_buffer("grid", torch.stack([i, j])[None])  # (1, 2, H, W)
        self.net = nn.Sequential(nn.Conv2d(4, width, 1), nn.ReLU(), nn.Conv2d(width, width, 1), nn.ReLU(),
                                 nn.Conv2d(width, width, 1), nn.ReLU(), nn.Conv2d(width, 1, 1))

    def forward(self, xy: torch.Tensor) -> torch.Tensor:
        grid = self.grid.expand(len(xy), -1, -1, -1)
        tiled = xy[:, :, None, None].expand_as(grid)
        return self.net(torch.cat([tiled, grid], dim=1)).flatten(1)


MODELS = {"deconv": Deconv, "coordconv": CoordConv}
LABELS = {"deconv": "deconv", "coordconv": "CoordConv"}


# --------------------------------------------------------------------------- training


def train(kind: str, params: Params, xy: torch.Tensor, target: torch.Tensor, train_idx: np.ndarray,
          test_idx: np.ndarray, unit: int, key: str, checkpoints, tick) -> dict:
    """Train one model on train_idx; returns its curves and its final predictions on every position."""
    torch.manual_seed(params.seed * 1000 + unit)  # per unit, so a resumed run initialises identically
    model = MODELS[kind](params.image_size, getattr(params, f"{kind}_width")).to(xy.device)
    optimiser = torch.optim.Adam(model.parameters(), lr=getattr(params, f"{kind}_lr"))
    train_rows = torch.as_tensor(train_idx, device=xy.device)

    def evaluate() -> dict[str, float]:
        correct = predict(model, xy).argmax(1) == target
        return {"train_acc": correct[train_idx].float().mean().item(),
                "test_acc": correct[test_idx].float().mean().item()}

    curve = fit(model, optimiser, F.cross_entropy, xy[train_rows], target[train_rows],
                epochs=getattr(params, f"{kind}_epochs"), batch_size=params.batch_size, seed=params.seed * 1000 + unit,
                evaluate=evaluate, eval_every=params.eval_every, checkpoints=checkpoints, key=key,
                on_epoch=lambda epoch, history: tick())
    logits = predict(model, xy)
    correct = logits.argmax(1) == target
    return {"curve": curve, "probs": logits.softmax(1).cpu().numpy(), "pred": logits.argmax(1).cpu().numpy(),
            "correct": correct.cpu().numpy(), "train_acc": curve["train_acc"][-1], "test_acc": curve["test_acc"][-1]}


# --------------------------------------------------------------------------- pictures


def overlay(probs: np.ndarray, true_xy: np.ndarray, pred_xy: np.ndarray) -> np.ndarray:
    """RGB map: the predicted probabilities in grey (scaled to their max), the true centre green,
    the predicted pixel red (yellow where they coincide)."""
    grey = probs / max(float(probs.max()), 1e-12)
    rgb = np.repeat(0.8 * grey[:, :, None], 3, axis=2)
    rgb[pred_xy[1], pred_xy[0]] = (1.0, 0.0, 0.0)
    rgb[true_xy[1], true_xy[0]] = (1.0, 1.0, 0.0) if tuple(true_xy) == tuple(pred_xy) else (0.0, 1.0, 0.0)
    return rgb


SPLIT_LEVELS = ["train", "test"]
SPLIT_COLOURS = ["#bdbdbd", "#1b9e77"]
OUTCOME_LEVELS = ["training position, wrong", "training position, right", "test position, wrong",
                  "test position, right"]
OUTCOME_COLOURS = ["#525252", "#d9d9d9", "#d95f02", "#1b9e77"]  # greys for training; orange/teal tell apart
# in colour-blind sight too


def position_levels(config: CoordsConfig, correct: np.ndarray, test_idx: np.ndarray) -> np.ndarray:
    """P x P map over the centres (rows: target y, columns: target x) of each position's index into
    OUTCOME_LEVELS: 2 * (test position) + (predicted right)."""
    side = config.positions_per_axis
    is_test = np.zeros(side * side, dtype=int)
    is_test[test_idx] = 1
    return (2 * is_test + np.asarray(correct, dtype=int)).reshape(side, side)


def position_axes(config: CoordsConfig) -> dict:
    """Report.heatmap's axes for a map over the centres: the real pixel coordinates of each centre."""
    centres = [str(n) for n in range(config.half, config.half + config.positions_per_axis)]
    return dict(row_labels=centres, column_labels=centres, row_title="target y", column_title="target x")


def quadrant_of(config: CoordsConfig, coords: np.ndarray) -> np.ndarray:
    """Index into QUADRANTS of each (x, y)."""
    out = np.zeros(len(coords), dtype=np.int64)
    for number, name in enumerate(QUADRANTS):
        out[in_quadrant(config, coords, name)] = number
    return out


# --------------------------------------------------------------------------- the experiment


def run(params: Params, report, progress, checkpoints=NO_CHECKPOINTS) -> Outcome:
    config = check(params)
    device = device_and_threads()
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(params.seed)))

    data = dataset(config)
    size, n = config.image_size, len(data.coords)
    xy = torch.as_tensor(data.coords / (size - 1) * 2 - 1, dtype=torch.float32, device=device)  # in [-1, 1]
    target = torch.as_tensor(data.coords[:, 1] * size + data.coords[:, 0], device=device)  # flat pixel index
    splits = {kind: split(config, kind, params.seed) for kind in params.splits}

    report.text(
        f"**Task** (coordinate classification): the input is the centre (x, y) of a {config.square} x "
        f"{config.square} square on a {size} x {size} canvas, two numbers; the output is a score for each of "
        f"the {size * size} pixels, and the answer is the pixel with the highest score. {n} positions exist. "
        f"A *deconv* model upsamples (x, y) with transposed convolutions; a *CoordConv* model is told every "
        f"pixel's own coordinates as two extra input channels. Splits: " + ", ".join(
            f"{kind} ({len(train_idx)} train / {len(test_idx)} test positions)"
            for kind, (train_idx, test_idx) in splits.items()) + f". Device: {device}. The published numbers "
        f"are for the paper's 64 x 64 canvas with 9 x 9 squares (the full preset).")
    show = rng.choice(n, size=8, replace=False)
    report.image_grid(np.concatenate([data.images[show], data.targets[show]]).astype(np.float32),
                      labels=[f"square ({x},{y})" for x, y in data.coords[show]]
                      + [f"target ({x},{y})" for x, y in data.coords[show]],
                      columns=8, scale=max(1, 128 // size), name="samples",
                      caption="Samples: the square (top) and the coordinate-classification target, one pixel at "
                              "its centre (bottom); the model's input is just the pair (x, y)")
    is_test = [position_levels(config, np.zeros(n), test_idx) // 2 for _, test_idx in splits.values()]  # 0/1
    report.heatmap(np.stack(is_test),
                   **position_axes(config), colorbar_label="split", levels=SPLIT_LEVELS, cmap=SPLIT_COLOURS,
                   panel_titles=[f"{kind} split" for kind in splits], name="splits",
                   caption="Which centres are held out: each cell is one position of the square's centre "
                           "(y grows downwards, as on the canvas)")

    total = sum(getattr(params, f"{kind}_epochs") for kind in MODELS) * len(splits)
    done = [0]

    def tick() -> None:
        done[0] += 1
        if done[0] % max(1, total // 50) == 0:
            progress(done[0] / total, f"epoch {done[0]}/{total} (all models and splits)")

    results = {}
    for kind_split, (train_idx, test_idx) in splits.items():
        for model in MODELS:
            progress(done[0] / total, f"training {LABELS[model]} on the {kind_split} split")
            key = f"{model}-{kind_split}"
            unit = len(results)
            results[model, kind_split] = checkpoints.stage(key, lambda: train(
                model, params, xy, target, train_idx, test_idx, unit, key, checkpoints, tick))
            done[0] = sum(getattr(params, f"{m}_epochs") for m, _ in results)
    progress(1.0, "writing the report")

    # ---- learning curves, the accuracy table, where it fails
    for kind_split in splits:
        series = {}
        for model in MODELS:
            curve = results[model, kind_split]["curve"]
            series[f"{LABELS[model]} train"] = (curve["epoch"], curve["train_acc"])
            series[f"{LABELS[model]} test"] = (curve["epoch"], curve["test_acc"])
        report.line_chart(series, xlabel="epoch", ylabel="accuracy (argmax = true centre)",
                          name=f"curves-{kind_split}", caption=f"Learning curves, {kind_split} split")

    metrics: dict[str, float] = {}
    rows = []
    for (model, kind_split), result in results.items():
        train_idx, test_idx = splits[kind_split]
        pred_xy = np.stack([result["pred"] % size, result["pred"] // size], axis=1)
        distance = np.abs(pred_xy[test_idx] - data.coords[test_idx]).max(axis=1)
        metrics[f"{model}_{kind_split}_train_acc"] = float(result["train_acc"])
        metrics[f"{model}_{kind_split}_test_acc"] = float(result["test_acc"])
        metrics[f"{model}_{kind_split}_test_within1"] = float(np.mean(distance <= 1))
        rows.append((LABELS[model], kind_split, f"{result['train_acc']:.1%}", f"{result['test_acc']:.1%}",
                     f"{np.mean(distance <= 1):.1%}", f"{np.mean(distance):.2f}",
                     sum(p.numel() for p in MODELS[model](size, getattr(params, f"{model}_width")).parameters())))
    report.table(rows, columns=["model", "split", "train accuracy", "test accuracy", "test within 1 px",
                                "test mean error (px, max-norm)", "parameters"],
                 caption="Accuracy per model and split (accuracy: the predicted pixel is exactly the centre)")
    report.heatmap(np.stack([position_levels(config, result["correct"], splits[kind_split][1])
                             for (model, kind_split), result in results.items()]),
                   **position_axes(config), levels=OUTCOME_LEVELS, cmap=OUTCOME_COLOURS, panel_columns=2,
                   colorbar_label="prediction at this target position (right: the predicted pixel is the centre)",
                   panel_titles=[f"{LABELS[m]}, {s} split" for m, s in results], name="where-it-fails",
                   caption="Where each model is right, one cell per centre position (y grows downwards, as on "
                           "the canvas): a test position's share of right cells is the test accuracy above")
    if "quadrant" in splits:
        _, test_idx = splits["quadrant"]
        for model in MODELS:
            pred = results[model, "quadrant"]["pred"][test_idx]
            predicted = quadrant_of(config, np.stack([pred % size, pred // size], axis=1))
            matrix = np.zeros((4, 4), dtype=np.int64)
            np.add.at(matrix, (quadrant_of(config, data.coords[test_idx]), predicted), 1)
            report.confusion_matrix(matrix, labels=list(QUADRANTS),
                                    caption=f"{LABELS[model]}, quadrant split: true vs predicted quadrant of the "
                                            f"held-out centres")

    # ---- failure gallery
    gallery, labels = [], []
    for (model, kind_split), result in results.items():
        test_idx = splits[kind_split][1]
        wrong = test_idx[~result["correct"][test_idx]]
        for index in rng.permutation(wrong)[:params.gallery_size]:
            pred = (result["pred"][index] % size, result["pred"][index] // size)
            gallery.append(overlay(result["probs"][index].reshape(size, size), data.coords[index], np.array(pred)))
            labels.append(f"{LABELS[model]}, {kind_split} split\ntrue ({data.coords[index][0]}, "
                          f"{data.coords[index][1]})\npredicted ({pred[0]}, {pred[1]})")
    if gallery:
        report.image_grid(np.stack(gallery), labels=labels, columns=min(6, len(gallery)),
                          scale=max(1, 128 // size), name="failures",
                          caption="Failure gallery (misclassified test positions): grey = predicted probability, "
                                  "green = true centre, red = predicted pixel; label: model, split, true and "
                                  "predicted centre (x, y)")
    else:
        report.text("Failure gallery: no test position was misclassified.")

    return Outcome(metrics={**metrics, "device": device_label(device)}, verdict=verdict(metrics, tuple(splits)))


# --------------------------------------------------------------------------- the verdict


def claim(accuracy_by_split: dict[str, float]) -> str:
    """What one model's test accuracy per split ("uniform", "quadrant") says, by GENERALISES / FAILS."""
    accs = list(accuracy_by_split.values())
    if min(accs) >= GENERALISES:
        return "generalises to unseen positions"
    if max(accs) < FAILS:
        return "fails on unseen positions"
    if "quadrant" in accuracy_by_split and accuracy_by_split["quadrant"] < FAILS:
        return "fails to extrapolate to the unseen quadrant"
    return "generalises only partly"


def verdict(metrics: dict[str, float], splits: tuple[str, ...]) -> str:
    """The verdict from the metrics ``<model>_<split>_test_acc`` of both models on ``splits``."""
    accs = {m: {s: metrics[f"{m}_{s}_test_acc"] for s in splits} for m in MODELS}
    numbers = "; ".join(f"{LABELS[m]}: " + " / ".join(f"{accs[m][s]:.0%} {s}" for s in splits) for m in MODELS)
    return (f"Test accuracy {numbers} (thresholds: >= {GENERALISES:.0%} generalises, < {FAILS:.0%} fails) -> "
            f"CoordConv {claim(accs['coordconv'])}, the plain deconvolution model {claim(accs['deconv'])}.")
