"""Can a neural network count lines? Train on images with 1..K lines, test on 0 and 1..K+ood_extra.

The seed lesson: "I generated small test datasets (images with N lines in random position and
direction) and tried to train a network to count the number of lines. It is surprisingly hard!
CNNs recognise textures, but they are really bad at reasoning (counting...)."

Three things can make a counting net look better than it is, and this experiment measures them:

1. **Ink.** With random line lengths, more lines means more bright pixels, so the total
   pixel sum already predicts the count fairly well. The *ink baseline* is a linear
   regression of the count on that one number (rounded). In the *ink-controlled* mode the
   lengths of an image's lines always sum to ``ink_total``, so the ink says (almost) nothing.
2. **Counts never seen.** A net that counts should handle 0 lines (a blank image) and K+1..
   K+ood_extra lines. The mean prediction per count shows whether it saturates at K.
3. **Architecture.** Four models, each with a regression head (one output, mean squared
   error, rounded: the only head that can in principle answer an unseen count) and/or a
   classification head (softmax over 0..K+ood_extra, whose unseen classes are never targets):
   ``cnn-fc``, a textbook CNN whose fully-connected head sees *where* things are;
   ``cnn-sum``, the same kind of conv trunk ending in a per-location count map that is summed
   (the density-map counting of Lempitsky & Zisserman 2010: the count is additive over the
   image, e.g. half a line per line end); ``coordconv``, cnn-fc with two coordinate channels
   (Liu et al. 2018); ``vit``, a small vision transformer (Dosovitskiy et al. 2021) reading a
   CLS token, whose softmax attention averages, the failure Zhang et al. (2018) describe.

The primary unit, cnn-fc with the regression head in both modes, carries the verdict's original
thresholds; the verdict then says whether it beat the ink baseline and which model counts best.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import torch
from torch import nn

from deeproots.lab.datasets.lines import LinesConfig, generate, render
from deeproots.lab.experiments.count_lines_models import make_model, to_counts
from deeproots.lab.experiments.count_lines_verdict import MODE_NAMES, best_of, how_it_is_reached, verdict
from deeproots.lab.outcome import Outcome
from deeproots.lab.params import check_integer, check_names, check_number, fail, require
from deeproots.lab.training import NO_CHECKPOINTS, device_and_threads, fit, predict
from deeproots.runs.device import device_label

MODELS = ("cnn-fc", "cnn-sum", "coordconv", "vit")
HEADS = ("regression", "classification")
MODES = ("normal", "ink")


@dataclass(frozen=True)
class Params:
    seed: int = 0
    """Seeds the data (numpy SeedSequence), the weight init and the batch order (per unit)."""
    image_size: int = 32
    """Side of the square images in pixels, a multiple of 8 (the ViT cuts it into 8 x 8 patches)."""
    max_train_lines: int = 5
    """K: training images hold 1..K lines (uniform)."""
    ood_extra: int = 4
    """Test also on K+1..K+ood_extra lines (and on 0 lines, a blank image), counts never seen."""
    min_length: float = 3.5
    """Shortest line in pixels."""
    max_length: float = 32.0
    """Longest line in pixels (at least ink_total: one line must be able to carry all the ink)."""
    ink_total: float = 32.0
    """Ink-controlled mode: the lengths of an image's lines sum to this; needs
    (K + ood_extra) * min_length <= ink_total <= max_length."""
    thickness: float = 1.0
    """Line width in pixels."""
    models: tuple[str, ...] = MODELS
    """Models trained: a subset of "cnn-fc", "cnn-sum", "coordconv", "vit"; must include "cnn-fc"."""
    heads: tuple[str, ...] = ("regression",)
    """Heads trained for each model: "regression" and/or "classification"; must include "regression"."""
    modes: tuple[str, ...] = MODES
    """Training data: "normal" (free line lengths) and/or "ink" (ink-controlled); must include "normal"."""
    extra_units: tuple[str, ...] = ("cnn-fc/classification/normal",)
    """Further units "model/head/mode" trained besides the grid models x heads x modes."""
    n_train: int = 3000
    """Training images per mode (a fixed set, generated once)."""
    n_test_per_count: int = 200
    """Test images for each line count 0..K+ood_extra, per mode."""
    epochs: int = 6
    """Passes over the training set, per unit."""
    batch_size: int = 64
    """Images per gradient step."""
    lr: float = 2e-3
    """Adam learning rate (cosine-annealed to 0 over each unit's training)."""
    width: int = 12
    """Channels of the CNNs' first conv layer (doubled in each of the next two)."""
    vit_dim: int = 48
    """Token width of the ViT (4 attention heads, so a multiple of 4)."""
    vit_layers: int = 2
    """Transformer layers of the ViT."""
    gallery_size: int = 4
    """Worst mistakes (largest |error|) shown per unit in the failure gallery."""

    EXPERIMENT: ClassVar[str] = "count-lines"

    def __post_init__(self) -> None:
        check_integer(self, "seed")
        for name, lo in (("image_size", 16), ("max_train_lines", 1), ("ood_extra", 1), ("n_train", 16),
                         ("n_test_per_count", 1), ("epochs", 1), ("batch_size", 1), ("width", 1),
                         ("vit_dim", 4), ("vit_layers", 1), ("gallery_size", 0)):
            check_integer(self, name, lo)
        require(self, self.image_size % 8 == 0, "image_size", "a multiple of 8")
        require(self, self.vit_dim % 4 == 0, "vit_dim", "a multiple of 4")
        for name in ("min_length", "max_length", "ink_total", "thickness", "lr"):
            check_number(self, name, 0)
        for name, allowed, required in (("models", MODELS, "cnn-fc"), ("heads", HEADS, "regression"),
                                        ("modes", MODES, "normal")):
            check_names(self, name, allowed, required)
        require(self, isinstance(self.extra_units, tuple) and all(
            isinstance(u, str) and len(u.split("/")) == 3 and all(part in allowed for part, allowed in
                                                                  zip(u.split("/"), (MODELS, HEADS, MODES)))
            for u in self.extra_units), "extra_units", "a tuple of 'model/head/mode' strings")
        try:  # the widest configuration used (ink-controlled, up to K + ood_extra lines) must be valid
            line_config(self, "ink", 1, self.max_train_lines + self.ood_extra)
        except ValueError as error:
            raise fail(self, f"{error}; with ink_total fixed, (max_train_lines + ood_extra)"
                             " * min_length <= ink_total <= max_length must hold") from None


def line_config(p: Params, mode: str, lo: int, hi: int) -> LinesConfig:
    """Images with lo..hi lines; mode "ink" fixes the total line length to p.ink_total."""
    return LinesConfig(image_size=p.image_size, min_lines=lo, max_lines=hi, min_length=float(p.min_length),
                       max_length=float(p.max_length), thickness=float(p.thickness),
                       distractor_radius=min(1.5, p.min_length / 4),
                       ink_total=float(p.ink_total) if mode == "ink" else None)


def units_of(p: Params) -> list[tuple[str, str, str]]:
    """The (model, head, mode) units trained: the grid, then the extra units not already in it."""
    grid = [(m, h, d) for m in p.models for h in p.heads for d in p.modes]
    return grid + [u for u in dict.fromkeys(tuple(e.split("/")) for e in p.extra_units) if u not in grid]


# QUICK trains the ViT on normal images only: it is the slowest model per step on a CPU.
QUICK = Params(models=("cnn-fc", "cnn-sum", "coordconv"),
               extra_units=("cnn-fc/classification/normal", "vit/regression/normal"))
FULL = Params(image_size=64, min_length=5.0, max_length=48.0, ink_total=45.0, thickness=1.5,
              heads=HEADS, extra_units=(), n_train=60_000, n_test_per_count=1000, epochs=30, batch_size=128,
              width=32, vit_dim=128, vit_layers=4)

PUBLISHED = [
    ("Counting with soft attention in VQA (natural images, VQA v2 'number' questions; a different setting)",
     "qualitative: soft attention averages identical objects together, so the attended feature loses the count; "
     "a dedicated counting component over object proposals improves 'number' questions, which remain the "
     "hardest answer type", "cnn_ood_acc",
     "Zhang, Hare & Prügel-Bennett (2018), Learning to Count Objects in Natural Images for VQA, ICLR"),
    ("Counting everyday objects with CNN features (PASCAL VOC, COCO; reported as RMSE, not accuracy)",
     "qualitative: counting over image parts ('associative subitizing') improves on baselines including "
     "regression from whole-image CNN features ('glance') and detection-based counting", "cnn_id_acc",
     "Chattopadhyay et al. (2017), Counting Everyday Objects in Everyday Scenes, CVPR"),
    ("Density-map counting (cells, pedestrians): the count is the integral of a per-pixel density",
     "qualitative: learning a density whose sum is the count avoids detecting each object and counts "
     "accurately", "cnn_sum_regression_ink_id_acc",
     "Lempitsky & Zisserman (2010), Learning To Count Objects in Images, NeurIPS"),
]

def ink_baseline(train_data, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Count predicted from the total pixel sum alone: least squares line (rounded, and raw)."""
    slope, intercept = np.polyfit(train_data.images.reshape(len(train_data.counts), -1).sum(1), train_data.counts, 1)
    raw = slope * images.reshape(len(images), -1).sum(1) + intercept
    return np.clip(np.round(raw), 0, None).astype(np.int64), raw


def train_unit(p: Params, unit: tuple[str, str, str], train_set, test_x: dict, id_rows: np.ndarray,
               device: str, checkpoints, key: str, tick) -> dict:
    """Train one (model, head, mode) unit with fit; returns plain numbers (history, predictions, seconds)."""
    model_name, head, mode = unit
    seed = p.seed * 1000 + 100 * MODELS.index(model_name) + 10 * HEADS.index(head) + MODES.index(mode)
    torch.manual_seed(seed)  # per unit and independent of the other units, so a resumed run matches
    classes = p.max_train_lines + p.ood_extra + 1  # 0..K+ood_extra
    model = make_model(p, model_name, classes if head == "classification" else 1).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=p.lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, p.epochs * -(-p.n_train // p.batch_size))
    x, y = torch.from_numpy(train_set.images).to(device), torch.from_numpy(train_set.counts).to(device)
    rows = np.flatnonzero(id_rows)
    id_x, id_y = test_x[mode][0][torch.from_numpy(rows).to(device)], test_x[mode][1][rows]
    if head == "classification":
        loss_fn = nn.functional.cross_entropy
    else:
        def loss_fn(out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
            return nn.functional.mse_loss(out[:, 0], target.float())

    def evaluate() -> dict[str, float]:
        return {"id_acc": float((to_counts(predict(model, id_x), head)[0] == id_y).mean())}

    started = time.perf_counter()
    history = fit(model, optimiser, loss_fn, x, y, epochs=p.epochs, batch_size=p.batch_size, seed=seed,
                  schedule=schedule, evaluate=evaluate, checkpoints=checkpoints, key=key,
                  on_epoch=lambda epoch, _: tick(epoch))
    result = {"history": history, "seconds": time.perf_counter() - started,
              "parameters": sum(t.numel() for t in model.parameters())}
    for test_mode, (images, _) in test_x.items():  # every unit answers both modes' test images
        result["pred", test_mode], result["raw", test_mode] = to_counts(predict(model, images, 512), head)
    return result


# --------------------------------------------------------------------------- the experiment

def run(params: Params, report, progress, checkpoints=NO_CHECKPOINTS) -> Outcome:
    p = params
    device = device_and_threads()
    K, top = p.max_train_lines, p.max_train_lines + p.ood_extra
    counts_all = list(range(0, top + 1))
    names = MODE_NAMES
    units = units_of(p)

    # Data: one fixed training set per mode, and a balanced test set per mode and line count. Zero
    # lines is the same blank image in both modes (the data set's rasteriser drawing no line).
    progress(0.0, "generating images")
    seeds = iter(np.random.SeedSequence(p.seed).spawn(2 + 2 * top))
    train_sets = {m: generate(line_config(p, m, 1, K), p.n_train, next(seeds)) for m in MODES}
    n = p.n_test_per_count
    blank = render(line_config(p, "normal", 1, 1), np.full((n, 1, 4), np.nan), np.zeros(n, np.int64))
    tests = {m: [blank] + [generate(line_config(p, m, c, c), n, next(seeds)).images for c in counts_all[1:]]
             for m in MODES}
    test_images = {m: np.concatenate(tests[m]) for m in MODES}
    test_counts = np.repeat(np.arange(top + 1), n)  # same in both modes
    in_dist = (test_counts >= 1) & (test_counts <= K)
    test_x = {m: (torch.from_numpy(test_images[m]).to(device), test_counts) for m in MODES}
    ink = {m: test_images[m].reshape(len(test_counts), -1).sum(1) for m in MODES}

    report.text(
        f"## The task\nCount the straight lines in a {p.image_size}×{p.image_size} image. Training images hold "
        f"1–{K} lines; test images 0–{top} (0 lines — a blank image, the same in both modes — and {K + 1}–{top} "
        f"were never seen). **Normal mode**: line lengths are uniform in [{p.min_length:g}, {p.max_length:g}] px, "
        f"so more lines means more ink. **Ink-controlled mode**: an image's line lengths always sum to "
        f"{p.ink_total:g} px, so the total ink does not reveal the count (crossings overlap, so it still drops "
        f"slightly with more lines). Caveat: with the ink fixed, many lines means *short* lines, a cue a texture "
        f"detector can still use.\n\n**Models**: *cnn-fc* — three conv blocks, pooled to 4×4, then a "
        f"fully-connected MLP; *cnn-sum* — a similar conv trunk ending in a per-location count map that is "
        f"summed over the image (additive, like a density map); *coordconv* — cnn-fc with x and y coordinate "
        f"channels appended to the input; *vit* — a {p.vit_layers}-layer vision transformer over 8×8 patches "
        f"with a CLS token. **Heads**: *regression* (one output, mean squared error, rounded — it can answer a "
        f"count it never saw) and *classification* (softmax over 0–{top}; classes 0 and {K + 1}–{top} are never "
        f"a target, so it cannot learn them). The **ink baseline** is a least-squares line from the total pixel "
        f"sum to the count, rounded: whatever it gets right needs no counting at all. Device: {device}.")
    sums = {m: ", ".join(f"{ink[m][c * n]:.0f}" for c in counts_all) for m in MODES}
    report.image_grid(np.concatenate([test_images[m][::n] for m in MODES]),
                      labels=[f"{'ink: ' if m == 'ink' else ''}{c}" for m in MODES for c in counts_all],
                      columns=top + 1, name="samples",
                      caption=f"Samples: normal mode (top row) and ink-controlled mode (bottom row, 'ink'), 0 to "
                              f"{top} lines; their pixel sums: {sums['normal']} / {sums['ink']}")

    # Train every unit (model, head, mode) with the lab's fit, each a resumable stage.
    results = {}
    for i, unit in enumerate(units):
        key = "-".join(unit)
        msg = f"{unit[0]} {unit[1]} on {names[unit[2]]} images"
        progress(0.02 + 0.95 * i / len(units), f"training {msg}")

        def tick(epoch: int, i: int = i, msg: str = msg) -> None:
            progress(0.02 + 0.95 * (i + epoch / p.epochs) / len(units), f"{msg}: epoch {epoch}/{p.epochs}")
        results[unit] = checkpoints.stage(key, lambda: train_unit(
            p, unit, train_sets[unit[2]], test_x, in_dist, device, checkpoints, key, tick))

    label = {u: f"{u[0]} {u[1][:3]}. ({names[u[2]]})" for u in units}
    report.line_chart({label[u]: (r["history"]["epoch"], r["history"]["train_loss"]) for u, r in results.items()},
                      xlabel="epoch", ylabel="train loss (MSE or cross-entropy)", logy=True,
                      caption="Learning curves: training loss", name="learning-loss")
    report.line_chart({label[u]: (r["history"]["epoch"], r["history"]["id_acc"]) for u, r in results.items()},
                      xlabel="epoch", ylabel="accuracy", name="learning-accuracy",
                      caption=f"Learning curves: test accuracy on the trained counts (1–{K} lines, own mode)")

    # Evaluate every unit and the ink baselines.
    progress(0.97, "evaluating")
    metrics: dict[str, float] = {"chance_id": 1.0 / K}
    series = {}  # name -> (mode of its test images, integer answers, raw answers)
    for u, r in results.items():
        uid = f"{u[0].replace('-', '_')}_{u[1]}_{u[2]}"
        series[uid] = (u[2], r["pred", u[2]], r["raw", u[2]])
    for m in MODES:
        answer, raw = ink_baseline(train_sets[m], test_images[m])
        series["ink_baseline" if m == "normal" else "ink_baseline_ink"] = (m, answer, raw)
    # The primary unit under its original names (cnn = cnn-fc with the regression head).
    series["cnn"] = series["cnn_fc_regression_normal"]
    series["cnn_on_ink_images"] = ("ink", *(results["cnn-fc", "regression", "normal"][k, "ink"] for k in ("pred", "raw")))
    if "ink" in p.modes:
        series["cnn_ink"] = series["cnn_fc_regression_ink"]
    per_count, mean_pred = {}, {}
    for name, (m, answer, raw) in series.items():
        correct, error = answer == test_counts, np.abs(answer - test_counts)
        per_count[name] = [float(correct[test_counts == c].mean()) for c in counts_all]
        mean_pred[name] = [float(raw[test_counts == c].mean()) for c in counts_all]
        metrics[f"{name}_id_acc"] = float(correct[in_dist].mean())
        metrics[f"{name}_ood_acc"] = float(correct[~in_dist].mean())
        metrics[f"{name}_id_mae"] = float(error[in_dist].mean())
        metrics[f"{name}_ood_mae"] = float(error[~in_dist].mean())
        metrics[f"{name}_acc_zero"] = per_count[name][0]
        metrics[f"{name}_acc_next"] = per_count[name][K + 1]
        metrics[f"{name}_mean_pred_top"] = mean_pred[name][top]
        if name not in ("cnn", "cnn_ink", "cnn_on_ink_images"):  # already present under the unit's name
            for c in counts_all:
                metrics[f"{name}_acc_n{c}"] = per_count[name][c]
                metrics[f"{name}_mean_pred_n{c}"] = mean_pred[name][c]
    metrics["cnn_acc_far"] = float(np.mean(per_count["cnn"][K + 2:])) if p.ood_extra > 1 else float("nan")
    above_chance = metrics["cnn_id_acc"] - metrics["chance_id"]
    metrics["ink_share"] = float((metrics["ink_baseline_id_acc"] - metrics["chance_id"]) / above_chance) \
        if above_chance > 0.05 else float("nan")

    # Tables and curves: per unit, per count.
    unit_ids = {u: f"{u[0].replace('-', '_')}_{u[1]}_{u[2]}" for u in units}
    other = {"normal": "ink", "ink": "normal"}
    rows = []
    for u, r in results.items():
        s = unit_ids[u]
        on_other = float((r["pred", other[u[2]]] == test_counts)[in_dist].mean())
        rows.append([u[0], u[1], names[u[2]], r["parameters"], f"{metrics[f'{s}_id_acc']:.1%}",
                     f"{metrics[f'{s}_ood_acc']:.1%}", f"{metrics[f'{s}_acc_zero']:.1%}",
                     f"{metrics[f'{s}_acc_next']:.1%}", f"{metrics[f'{s}_mean_pred_top']:.2f}",
                     f"{metrics[f'{s}_id_mae']:.2f}", f"{on_other:.1%}", f"{r['seconds']:.0f}"])
    for s, m in (("ink_baseline", "normal"), ("ink_baseline_ink", "ink")):
        rows.append(["ink baseline", "regression", names[m], 2, f"{metrics[f'{s}_id_acc']:.1%}",
                     f"{metrics[f'{s}_ood_acc']:.1%}", f"{metrics[f'{s}_acc_zero']:.1%}",
                     f"{metrics[f'{s}_acc_next']:.1%}", f"{metrics[f'{s}_mean_pred_top']:.2f}",
                     f"{metrics[f'{s}_id_mae']:.2f}", "", ""])
    report.table(rows, columns=["model", "head", "trained on", "parameters", f"accuracy 1–{K} (in distribution)",
                                f"accuracy 0 and {K + 1}–{top} (out of distribution)", "accuracy at 0",
                                f"accuracy at {K + 1}", f"mean answer at {top}", f"mean |error| 1–{K}",
                                f"accuracy 1–{K} on the other mode's images", "training seconds"],
                 caption=f"Every unit, tested on its own mode's images (chance in distribution: {1 / K:.0%})")
    shown = {unit_ids[u]: label[u] for u in units} | {"ink_baseline": "ink baseline (normal)",
                                                      "ink_baseline_ink": "ink baseline (ink-controlled)"}
    report.table([[title] + [f"{per_count[s][c]:.0%}" for c in counts_all] for s, title in shown.items()],
                 columns=["model"] + [str(c) + ("" if 1 <= c <= K else " (unseen)") for c in counts_all],
                 caption=f"Accuracy per line count ({n} test images per count and mode)")
    report.line_chart({title: (np.array(counts_all), per_count[s]) for s, title in shown.items()},
                      xlabel=f"number of lines (trained on 1–{K})", ylabel="accuracy",
                      caption="The failure curve: accuracy per line count", name="failure-curve")
    report.line_chart({"perfect counter": (np.array(counts_all), np.array(counts_all, float))}
                      | {title: (np.array(counts_all), mean_pred[s]) for s, title in shown.items()},
                      xlabel="true number of lines", ylabel="mean answer (regression: unrounded)",
                      caption=f"Mean prediction per count: a curve flattening above {K} saturates at the training "
                              f"maximum", name="mean-prediction")

    # The best (model, head) pairs: mean accuracy over the modes, among pairs trained in every mode.
    pairs = {(u[0], u[1]) for u in units if all((u[0], u[1], m) in results for m in p.modes)}
    score = {kind: {pair: float(np.mean([metrics[f"{unit_ids[(*pair, m)]}_{kind}_acc"] for m in p.modes]))
                    for pair in sorted(pairs)} for kind in ("id", "ood")}
    best = best_of(score)

    labels = [str(c) for c in counts_all]
    for u in dict.fromkeys([("cnn-fc", "regression", m) for m in p.modes]
                           + [(*best[k], m) for k in ("id", "ood") for m in p.modes]):
        matrix = np.zeros((top + 1, top + 1), dtype=np.int64)
        np.add.at(matrix, (test_counts, np.clip(results[u]["pred", u[2]], 0, top)), 1)
        report.confusion_matrix(matrix, labels=labels, caption=f"{label[u]}: true count (rows) vs predicted "
                                f"(columns; answers above {top} are counted as {top})")

    # Failure gallery: each unit's worst mistakes, largest |error| first.
    gallery, gallery_labels = [], []
    for u, r in results.items():
        error = np.abs(r["pred", u[2]] - test_counts)
        worst = [i for i in np.argsort(-error, kind="stable")[:p.gallery_size] if error[i] > 0]
        gallery += [test_images[u[2]][i] for i in worst]
        gallery_labels += [f"{u[0]}, {u[1]}{', ink-controlled' if u[2] == 'ink' else ''}\n"
                           f"true {test_counts[i]} line{'' if test_counts[i] == 1 else 's'}, said {r['pred', u[2]][i]}"
                           for i in worst]
    if gallery:
        report.image_grid(np.stack(gallery), labels=gallery_labels, columns=max(p.gallery_size, 1), name="failures",
                          caption=f"Failure gallery: each unit's worst mistakes (largest |error|, up to {p.gallery_size} per unit), "
                                  "labelled model, head (and ink-controlled images), true and predicted count")
    else:
        report.text("Failure gallery: no mistakes to show.")

    # The verdict, from the numbers and the thresholds (count_lines_verdict.py).
    report.text(how_it_is_reached(p, metrics["ink_share"]))
    progress(1.0, "done")
    return Outcome({**metrics, "device": device_label(device)}, verdict(metrics, p, score))
