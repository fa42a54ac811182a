"""Same-different vs spatial relation: how many training images a CNN needs as the image grows.

Kim, Ricci & Serre (2018), "Not-so-CLEVR: learning same-different relations strains feedforward
neural networks" (Interface Focus 8: 20180011), PSVRT: two random bit patterns in a blank box. The
*same* images carry two labels: SD (are the two patterns identical?) and SR (are the items arranged
more horizontally than vertically?). Their finding: CNNs learn SR easily at every size, while SD
learnability collapses as the item size and the box (image) size grow -- many more samples, or
never, to reach 90 %. Counterpoints: Funke et al. (2021, "Five points to check when comparing
visual perception in humans and machines", JOV 21(3):16) show a ResNet-50 does learn SD on SVRT
with enough data; Puebla & Bowers (2022, "Can deep convolutional neural networks support
relational reasoning in the same-different task?", JOV 22(10):11) show such CNNs learn SD in
distribution but fail to generalise it out of distribution.

Here, for each box size and task, a model is trained on a stream of images (a pool of
``pool_size`` distinct images per box, cycled when the budget exceeds it) and evaluated on a
held-out test set every ``eval_every`` training samples; the metric is the number of training
samples at the first evaluation with test accuracy >= ``target`` (90 %), or the budget with a
"not reached" flag. Models: a small CNN (conv/pool layers, then fully connected, as in Kim et al.),
a CoordConv CNN (two coordinate channels appended to the input), and the "one item per channel"
control: the same CNN, but the two items are rendered into two separate input channels, which
solves the segregation of the items for the network (cf. the "Siamese" segregation control of
Alamia et al. 2021, eNeuro, and Kim et al.'s argument that the difficulty lies in individuating items).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from deeproots.lab.datasets.same_different import SameDifferentConfig, generate, render
from deeproots.lab.outcome import Outcome
from deeproots.lab.params import check_integer, check_number, require
from deeproots.lab.training import NO_CHECKPOINTS, device_and_threads, fit, predict
from deeproots.runs.device import device_label

TASKS = ("sd", "sr")
TASK_NAMES = {"sd": "same-different (SD)", "sr": "spatial relation (SR)"}
MODEL_NAMES = {"cnn": "CNN", "coordconv": "CoordConv CNN", "per_channel": "CNN, one item per channel"}


@dataclass(frozen=True)
class Params:
    seed: int = 0
    """Seeds the images, the weight initialisation and the batch order."""
    box_sizes: tuple[int, ...] = (10, 16, 24)
    """Image sides in pixels, increasing, each 8..256 (the probe: does SD get harder as they grow?)."""
    item_size: int = 2
    """Side of each bit pattern in pixels, 1..8 (and small enough that two items fit in the smallest box)."""
    models: tuple[str, ...] = ("cnn",)
    """Models trained on both SD and SR at every box size: "cnn", optionally with "coordconv"."""
    per_channel_boxes: tuple[int, ...] = (24,)
    """Box sizes (among box_sizes) at which the one-item-per-channel CNN is trained on SD; () for none."""
    budget: int = 12000
    """Training samples per (model, task, box) before giving up, a multiple of eval_every."""
    eval_every: int = 1000
    """Training samples between two evaluations on the test set (the resolution of the metric)."""
    pool_size: int = 12000
    """Distinct training images generated per box size (cycled when budget is larger); a multiple of eval_every."""
    test_size: int = 1000
    """Held-out test images per box size."""
    target: float = 0.9
    """Test accuracy to reach, in (0.5, 1]; Kim et al. use 90 %."""
    batch_size: int = 32
    """Images per gradient step."""
    lr: float = 3e-3
    """Adam learning rate."""
    width: int = 16
    """Channels of the first convolution (doubled in the later ones)."""
    gallery_size: int = 12
    """Misclassified test images shown in the failure gallery."""

    EXPERIMENT: ClassVar[str] = "same-different"

    def __post_init__(self) -> None:
        check(self)  # bad values fail when the parameters are made, before any run folder exists


def check(params: Params) -> None:
    """Every bad value is a DeeprootsError that names the parameter and its allowed range."""
    check_integer(params, "seed", 0)
    check_integer(params, "item_size", 1, 8)
    boxes = params.box_sizes
    require(params, isinstance(boxes, tuple) and bool(boxes)
            and not any(isinstance(b, bool) or not isinstance(b, int) for b in boxes)
            and list(boxes) == sorted(set(boxes)) and 8 <= boxes[0] and boxes[-1] <= 256,
            "box_sizes", "a non-empty increasing tuple of integers in [8, 256]")
    require(params, 2 * params.item_size <= boxes[0], "item_size",
            f"at most box_sizes[0] // 2 = {boxes[0] // 2} so two items fit")
    require(params, "cnn" in params.models and all(m in ("cnn", "coordconv") for m in params.models),
            "models", "('cnn',) or ('cnn', 'coordconv')")
    require(params, isinstance(params.per_channel_boxes, tuple) and all(b in boxes for b in params.per_channel_boxes),
            "per_channel_boxes", f"a tuple of sizes from box_sizes {boxes}")
    every = check_integer(params, "eval_every", 1, 10**7)
    for name in ("budget", "pool_size"):
        require(params, check_integer(params, name, every, 10**8) % every == 0, name,
                f"a multiple of eval_every={every}")
    check_integer(params, "test_size", 10, 10**6)
    check_integer(params, "batch_size", 1, 65536)
    check_integer(params, "width", 1, 512)
    check_integer(params, "gallery_size", 0, 1000)
    check_number(params, "target", 0.5, 1.0, high_open=False)
    check_number(params, "lr", 0.0, 1.0, high_open=False)


QUICK = Params()
FULL = Params(box_sizes=(30, 60, 90), item_size=4, models=("cnn", "coordconv"), per_channel_boxes=(30, 60, 90),
              budget=400_000, eval_every=10_000, pool_size=100_000, test_size=5000, batch_size=64, lr=1e-3,
              width=32)

KIM = "Kim, Ricci & Serre 2018, Interface Focus, Not-so-CLEVR (PSVRT)"
FUNKE = "Funke et al. 2021, JOV, Five points to check"
PUEBLA = "Puebla & Bowers 2022, JOV, Can deep CNNs support relational reasoning in the same-different task?"
PUBLISHED = [
    ("CNN, SR, largest box: training samples to 90% test accuracy",
     "reached at every size, with few samples (SR learned easily)", "cnn_sr_largest_samples_to_target", KIM),
    ("CNN, SD, largest box: training samples to 90% test accuracy",
     "~90% not reached at larger sizes (SD learnability collapses as item/box size grow)",
     "cnn_sd_largest_samples_to_target", KIM),
    ("CNN, SD, largest box: final test accuracy", "far below 90% (near chance for large items/boxes)",
     "cnn_sd_largest_final_acc", KIM),
    ("SD learned given enough data (ResNet-50 on SVRT); ours: CNN, SD, smallest box, final test accuracy",
     "> 90% with enough training data", "cnn_sd_smallest_final_acc", FUNKE),
    ("SD in distribution vs out of distribution; ours: in distribution only (one item per channel, largest box)",
     "high in distribution, near chance out of distribution", "per_channel_sd_largest_final_acc", PUEBLA),
]


# --------------------------------------------------------------------------- data


def items_in_channels(config: SameDifferentConfig, n: int, seed) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n images as uint8 (n, 2, box, box), item 0 in channel 0 and item 1 in channel 1 (their sum is
    the ordinary one-channel image), with the SD and SR labels."""
    batch = generate(config, n, seed)
    channels = np.stack([render(config, batch.positions[:, i:i + 1], batch.patterns[:, i:i + 1]) for i in (0, 1)], 1)
    return channels.astype(np.uint8), batch.same_label, batch.sr_label


def make_data(params: Params, box: int, device: str) -> dict:
    """Training pool and test set of one box size, on the device (generated in pieces to bound memory)."""
    config = SameDifferentConfig(box_size=box, item_size=params.item_size)
    parts = []
    for start, stop, stream in ((0, params.pool_size, 0), (0, params.test_size, 1)):
        pieces = [items_in_channels(config, min(20_000, stop - i), np.random.SeedSequence([params.seed, box, stream, i]))
                  for i in range(start, stop, 20_000)]
        parts.append(tuple(torch.as_tensor(np.concatenate(p), device=device) for p in zip(*pieces)))
    (x, sd, sr), (test_x, test_sd, test_sr) = parts
    return {"x": x, "sd": sd, "sr": sr, "test_x": test_x, "test_sd": test_sd, "test_sr": test_sr}


# --------------------------------------------------------------------------- models


class CNN(nn.Module):
    """Conv(3x3)-ReLU-maxpool blocks down to <= 6 x 6, then two fully connected layers (Kim et al.'s
    CNNs are of this kind). kind "cnn": the one-channel image; "coordconv": plus (x, y) coordinate
    channels; "per_channel": the two items in two channels."""

    def __init__(self, kind: str, box: int, width: int):
        super().__init__()
        self.kind = kind
        axis = torch.linspace(-1, 1, box)
        j, i = torch.meshgrid(axis, axis, indexing="ij")
        self.register_buffer("grid", torch.stack([i, j])[None])  # (1, 2, box, box)
        channels, side, layers = {"cnn": 1, "coordconv": 3, "per_channel": 2}[kind], box, []
        for block in range(4):
            if block and side <= 6:
                break
            out = width * min(2 ** block, 4)
            layers += [nn.Conv2d(channels, out, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True)]
            channels, side = out, -(-side // 2)
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(channels * side * side, 128), nn.ReLU(), nn.Linear(128, 2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.float()
        if self.kind != "per_channel":
            x = x.sum(1, keepdim=True)  # the ordinary image: both items in one channel
        if self.kind == "coordconv":
            x = torch.cat([x, self.grid.expand(len(x), -1, -1, -1)], 1)
        return self.head(self.features(x))


# --------------------------------------------------------------------------- training


def samples_to_target(samples: list[int], accuracy: list[float], target: float, budget: int) -> tuple[int, bool]:
    """Training samples at the first evaluation with accuracy >= target, or (budget, False) if never."""
    for seen, acc in zip(samples, accuracy):
        if acc >= target:
            return int(seen), True
    return int(budget), False


def train(kind: str, task: str, box: int, data: dict, params: Params, unit: int, key: str, checkpoints, tick) -> dict:
    """Train one model on the stream, evaluating every eval_every samples; stop at the target."""
    torch.manual_seed(params.seed * 1000 + unit)  # per unit, so a resumed run initialises identically
    model = CNN(kind, box, params.width).to(data["x"].device)
    optimiser = torch.optim.Adam(model.parameters(), lr=params.lr)
    test_x, test_y = data["test_x"], data[f"test_{task}"]

    def evaluate() -> dict[str, float]:
        return {"test_acc": (predict(model, test_x).argmax(1) == test_y).float().mean().item()}

    samples, accuracy, losses, chunks = [], [], [], params.budget // params.eval_every
    for chunk in range(chunks):  # one fit "epoch" = the next eval_every images of the stream
        start = chunk * params.eval_every % params.pool_size
        rows = slice(start, start + params.eval_every)
        history = fit(model, optimiser, F.cross_entropy, data["x"][rows], data[task][rows], epochs=1,
                      batch_size=params.batch_size, seed=params.seed * 1000 + unit, evaluate=evaluate,
                      checkpoints=checkpoints, key=f"{key}-{chunk}")
        samples.append((chunk + 1) * params.eval_every)
        accuracy.append(history["test_acc"][-1])
        losses.append(history["train_loss"][-1])
        tick(1)
        if accuracy[-1] >= params.target:
            tick(chunks - chunk - 1)
            break
    for chunk in range(chunks):
        checkpoints.discard(f"{key}-{chunk}")
    logits = predict(model, test_x)
    needed, reached = samples_to_target(samples, accuracy, params.target, params.budget)
    return {"samples": samples, "test_acc": accuracy, "train_loss": losses, "needed": needed, "reached": reached,
            "pred": logits.argmax(1).cpu().numpy(), "final_acc": accuracy[-1]}


# --------------------------------------------------------------------------- the experiment


def run(params: Params, report, progress, checkpoints=NO_CHECKPOINTS) -> Outcome:
    check(params)
    device = device_and_threads()
    boxes, smallest, largest = params.box_sizes, params.box_sizes[0], params.box_sizes[-1]
    units = [(m, t, b) for b in boxes for m in params.models for t in TASKS] + \
            [("per_channel", "sd", b) for b in params.per_channel_boxes]
    chunks = params.budget // params.eval_every
    done = [0]

    def tick(count: int) -> None:
        done[0] += count
        progress(done[0] / (len(units) * chunks), f"{done[0]}/{len(units) * chunks} evaluations (all units)")

    report.text(
        f"**Task** (PSVRT, Kim et al. 2018): each image is a blank box holding two random {params.item_size} x "
        f"{params.item_size} bit patterns. The same images carry two labels: **SD** (are the two patterns identical?) "
        f"and **SR** (are the items side by side more than one above the other?). Box sizes: "
        f"{', '.join(map(str, boxes))} px. Each model trains on a stream ({params.pool_size} distinct images per "
        f"box, cycled if the budget is larger) and is tested on {params.test_size} held-out images every "
        f"{params.eval_every} training samples; the metric is the number of training samples at the first test "
        f"accuracy >= {params.target:.0%}, or the budget ({params.budget}) flagged *not reached*. Models: "
        + ", ".join(MODEL_NAMES[m] for m in params.models)
        + (f"; and the CNN with *one item per channel* (SD only, box {', '.join(map(str, params.per_channel_boxes))})"
           if params.per_channel_boxes else "") + f". Device: {device}.")

    results, data = {}, {}
    for box in boxes:
        progress(done[0] / (len(units) * chunks), f"generating images, box {box}")
        data = make_data(params, box, device)
        if box in (smallest, largest):
            x = data["test_x"][:8].cpu().numpy().astype(np.float32)
            labels = [f"{'same' if d else 'diff'}, {'horiz' if r else 'vert'}"
                      for d, r in zip(data["test_sd"][:8].tolist(), data["test_sr"][:8].tolist())]
            report.image_grid(x.sum(1), labels=labels, columns=8, scale=max(1, 96 // box), name=f"samples-{box}",
                              caption=f"Test samples, box {box} px (what the CNN sees): SD label, SR label")
            if box == largest and params.per_channel_boxes:
                rgb = np.stack([x[:, 0], x[:, 1], np.zeros_like(x[:, 0])], -1)
                report.image_grid(rgb, labels=labels, columns=8, scale=max(1, 96 // box), name="per-channel",
                                  caption="The same images as the one-item-per-channel model sees them: "
                                          "channel 0 (item 0) red, channel 1 (item 1) green")
        for number, (kind, task, b) in enumerate(units):
            if b != box:
                continue
            key = f"{kind}-{task}-{box}"
            progress(done[0] / (len(units) * chunks), f"training {MODEL_NAMES[kind]} on {task.upper()}, box {box}")
            before = done[0]
            results[kind, task, box] = checkpoints.stage(key, lambda: train(
                kind, task, box, data, params, number, key, checkpoints, tick))
            done[0] = before + chunks
    progress(1.0, "writing the report")

    # ---- learning curves and the samples-to-target table
    for box in boxes:
        report.line_chart({f"{MODEL_NAMES[k]}, {t.upper()}": (r["samples"], r["test_acc"])
                           for (k, t, b), r in results.items() if b == box},
                          xlabel="training samples", ylabel="test accuracy", name=f"curves-{box}",
                          caption=f"Learning curves, box {box} px (a curve stops at its first test accuracy >= "
                                  f"{params.target:.0%})")
    metrics: dict[str, float | int] = {}
    rows = []
    for (kind, task, box), r in results.items():
        name = f"{kind}_{task}_box{box}"
        metrics[f"{name}_samples_to_target"] = r["needed"]
        metrics[f"{name}_reached"] = int(r["reached"])
        metrics[f"{name}_final_acc"] = float(r["final_acc"])
        rows.append((MODEL_NAMES[kind], task.upper(), box, r["needed"] if r["reached"] else f"not reached (> {r['needed']})",
                     f"{max(r['test_acc']):.1%}", f"{r['final_acc']:.1%}"))
    report.table(rows, columns=["model", "task", "box (px)", f"samples to {params.target:.0%}", "best test accuracy",
                                "final test accuracy"], caption="Training samples needed per model, task and box size")
    for task, box, where in (("sd", smallest, "smallest"), ("sd", largest, "largest"), ("sr", largest, "largest")):
        metrics[f"cnn_{task}_{where}_samples_to_target"] = results["cnn", task, box]["needed"]
        metrics[f"cnn_{task}_{where}_final_acc"] = float(results["cnn", task, box]["final_acc"])
    per_channel = results.get(("per_channel", "sd", largest))
    metrics["per_channel_sd_largest_final_acc"] = float("nan") if per_channel is None else float(per_channel["final_acc"])
    ratios = {}
    for box in boxes:  # SD / SR samples (a lower bound when SD was not reached)
        sd, sr = results["cnn", "sd", box], results["cnn", "sr", box]
        ratios[box] = sd["needed"] / sr["needed"]
        metrics[f"sd_over_sr_box{box}"] = float(ratios[box])

    # ---- confusion matrix and failure gallery of SD at the largest box (`data` is that box's now)
    test_sd = data["test_sd"].cpu().numpy()
    for kind in ("cnn", "per_channel"):
        if (kind, "sd", largest) in results:
            matrix = np.zeros((2, 2), dtype=np.int64)
            np.add.at(matrix, (test_sd, results[kind, "sd", largest]["pred"]), 1)
            report.confusion_matrix(matrix, labels=["different", "same"],
                                    caption=f"{MODEL_NAMES[kind]}, SD, box {largest}: true vs predicted")
    pred = results["cnn", "sd", largest]["pred"]
    wrong = np.flatnonzero(pred != test_sd)[:params.gallery_size]
    if len(wrong):
        names = ("different", "same")
        report.image_grid(data["test_x"].cpu().numpy()[wrong].sum(1).astype(np.float32),
                          labels=[f"{names[test_sd[i]]} > {names[pred[i]]}" for i in wrong],
                          columns=min(6, len(wrong)), scale=max(1, 96 // largest), name="failures",
                          caption=f"Failure gallery: misclassified SD test images (CNN, box {largest}); "
                                  "label = true answer > predicted")
    else:
        report.text("Failure gallery: no SD test image was misclassified at the largest box.")

    # ---- verdict: thresholds stated below, beside the rules
    report.text(how_it_is_reached(params))
    return Outcome(metrics={**metrics, "device": device_label(device)}, verdict=verdict(results, params))


# --------------------------------------------------------------------------- the verdict

HARDER = 2.0  # SD "needs more samples" when it took at least HARDER x the samples of SR


def verdict(results: dict, params: Params) -> str:
    """The verdict from each unit's numbers: ``results[kind, task, box]`` holds ``needed`` (samples to
    the target, or the budget), ``reached`` and ``final_acc``; the CNN's SD and SR at every box are needed."""
    boxes, model = params.box_sizes, "cnn"
    smallest, largest = boxes[0], boxes[-1]
    needs = {b: results[model, "sd", b] for b in boxes}
    sr_largest = results[model, "sr", largest]
    ratio = needs[largest]["needed"] / sr_largest["needed"]  # a lower bound when SD was not reached
    lower = "" if needs[largest]["reached"] else ">= "
    grows = len(boxes) > 1 and all(needs[a]["needed"] <= needs[b]["needed"] for a, b in zip(boxes, boxes[1:])) \
        and (needs[largest]["needed"] > needs[smallest]["needed"]
             or needs[smallest]["final_acc"] > needs[largest]["final_acc"] + 0.05)
    harder = ratio >= HARDER or (not needs[largest]["reached"] and sr_largest["reached"])  # SD > budget > SR
    sd_text = ", ".join(f"{b}px {r['needed'] if r['reached'] else 'not reached'}" for b, r in needs.items())
    sr_text = ", ".join(f"{b}px {results[model, 'sr', b]['needed'] if results[model, 'sr', b]['reached'] else 'not reached'}"
                        for b in boxes)
    text = (f"{MODEL_NAMES[model]}: samples to {params.target:.0%} on SD {sd_text} vs SR {sr_text} "
            f"(budget {params.budget}); at {largest}px SD needed {lower}{ratio:.1f}x the samples of SR, so SD is "
            + ("harder" if harder else "not clearly harder")
            + (" (SR reached the target, SD did not within the budget)" if harder and ratio < HARDER
               else f" (threshold {HARDER:g}x)") + " and its "
            "difficulty " + ("grows" if grows else "does not clearly grow") + " with the box size")
    if ("per_channel", "sd", largest) in results:
        pc = results["per_channel", "sd", largest]
        fixed = pc["reached"] and pc["needed"] * HARDER <= needs[largest]["needed"] if not needs[largest]["reached"] \
            else pc["reached"] and pc["needed"] < needs[largest]["needed"] / HARDER
        text += (f"; one item per channel {'reached' if pc['reached'] else 'did not reach'} {params.target:.0%} on "
                 f"SD at {largest}px ({pc['needed']} samples, {pc['final_acc']:.0%}), so segregating the items "
                 + ("removed most of the gap" if fixed else "did not remove the gap"))
    return text + (" -- Kim et al. 2018: SR reached at all sizes, SD ~90% not reached at larger sizes; Funke et al. "
                   "2021 and Puebla & Bowers 2022: SD is learnable with enough data, in distribution only.")


def how_it_is_reached(params: Params) -> str:
    """The report's statement of the rules ``verdict`` applies."""
    return (f"**How the verdict is reached.** For each box the samples to {params.target:.0%} test accuracy of SD "
            f"are divided by those of SR (when SD never reached it, the budget is used, so the ratio is a lower "
            f"bound). SD counts as *harder* when that ratio at the largest box is >= {HARDER:g}, or when SR "
            f"reached the target there and SD did not. Its difficulty "
            f"*grows* with the box size when the SD samples never decrease from one box to the next and either "
            f"increase overall or the final SD accuracy drops by more than 5 points from the smallest to the "
            f"largest box. One item per channel *removes the gap* when it reaches the target with at most "
            f"1/{HARDER:g} of the samples the ordinary CNN needed for SD at the largest box.")
