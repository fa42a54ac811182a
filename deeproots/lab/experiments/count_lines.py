"""Can a small CNN count lines? Train on images with 1..K lines, test on 1..K+3.

The seed lesson: "I generated small test datasets (images with N lines in random position and
direction) and tried to train a network to count the number of lines. It is surprisingly hard!
CNNs recognise textures, but they are really bad at reasoning (counting...)."

Two things can make a counting net look better than it is, and this experiment measures both:

1. **Ink.** With random line lengths, more lines means more bright pixels, so the total
   pixel sum already predicts the count fairly well. The *ink baseline* is a linear
   regression of the count on that one number (rounded). In the *ink-controlled* mode the
   lengths of an image's lines always sum to ``ink_total``, so the ink says (almost) nothing.
   We train one CNN per mode, and also test the normally trained CNN on ink-controlled images.
2. **Counts never seen.** A net that counts should handle K+1 lines. We test K+1..K+3.

The CNN is a regressor by default (one output, mean squared error, prediction rounded), the
only head that can in principle answer a count it never saw; ``head="classification"``
trains a softmax over 0..K+3 instead, whose unseen classes are never targets.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from deeproots.errors import DeeprootsError
from deeproots.lab.datasets.lines import LinesConfig, generate
from deeproots.lab.run import Outcome


@dataclass(frozen=True)
class Params:
    seed: int = 0
    """Seeds the data (numpy SeedSequence), the weight init and the batch order (torch, numpy)."""
    image_size: int = 32
    """Side of the square images in pixels."""
    max_train_lines: int = 5
    """K: training images hold 1..K lines (uniform)."""
    ood_extra: int = 3
    """Test also on K+1..K+ood_extra lines, counts the network never saw."""
    min_length: float = 4.0
    """Shortest line in pixels."""
    max_length: float = 32.0
    """Longest line in pixels (at least ink_total: one line must be able to carry all the ink)."""
    ink_total: float = 32.0
    """Ink-controlled mode: the lengths of an image's lines sum to this; needs
    (K + ood_extra) * min_length <= ink_total <= max_length."""
    thickness: float = 1.0
    """Line width in pixels."""
    n_train: int = 5000
    """Training images per mode (a fixed set, generated once)."""
    n_test_per_count: int = 200
    """Test images for each line count 1..K+ood_extra, per mode."""
    epochs: int = 10
    """Passes over the training set."""
    batch_size: int = 64
    """Images per gradient step."""
    lr: float = 2e-3
    """Adam learning rate (cosine-annealed to 0 over the run)."""
    width: int = 16
    """Channels of the first conv layer (doubled in each of the next two)."""
    head: str = "regression"
    """"regression" (one output, rounded) or "classification" (softmax over 0..K+ood_extra)."""
    gallery_size: int = 16
    """Misclassified in-distribution images shown in the failure gallery (half per mode)."""

    def __post_init__(self) -> None:
        def need(ok: bool, name: str, what: str) -> None:
            if not ok:
                raise DeeprootsError(f"count-lines: {name} must be {what} (got {getattr(self, name)!r})")
        integer = lambda v: isinstance(v, (int, np.integer)) and not isinstance(v, bool)  # noqa: E731
        number = lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool)  # noqa: E731
        need(integer(self.seed), "seed", "an integer")
        for name, lo in (("image_size", 16), ("max_train_lines", 1), ("ood_extra", 1), ("n_train", 16),
                         ("n_test_per_count", 1), ("epochs", 1), ("batch_size", 1), ("width", 1),
                         ("gallery_size", 0)):
            need(integer(getattr(self, name)) and getattr(self, name) >= lo, name, f"an integer >= {lo}")
        for name in ("min_length", "max_length", "ink_total", "thickness", "lr"):
            need(number(getattr(self, name)) and getattr(self, name) > 0, name, "a positive number")
        need(self.head in ("regression", "classification"), "head", "'regression' or 'classification'")
        try:  # the widest configuration used (ink-controlled, up to K + ood_extra lines) must be valid
            line_config(self, "ink", 1, self.max_train_lines + self.ood_extra)
        except ValueError as error:
            raise DeeprootsError(f"count-lines: {error}; with ink_total fixed, (max_train_lines + ood_extra)"
                                 " * min_length <= ink_total <= max_length must hold") from None


def line_config(p: Params, mode: str, lo: int, hi: int) -> LinesConfig:
    """Images with lo..hi lines; mode "ink" fixes the total line length to p.ink_total."""
    return LinesConfig(image_size=p.image_size, min_lines=lo, max_lines=hi, min_length=float(p.min_length),
                       max_length=float(p.max_length), thickness=float(p.thickness),
                       distractor_radius=min(1.5, p.min_length / 4),
                       ink_total=float(p.ink_total) if mode == "ink" else None)


QUICK = Params()
FULL = Params(image_size=64, min_length=5.0, max_length=48.0, ink_total=40.0, thickness=1.5,
              n_train=60_000, n_test_per_count=1000, epochs=30, batch_size=128, width=32)

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
]

# Thresholds that turn the numbers into the verdict.
LEARNED = 0.90  # in-distribution accuracy needed to say the net learned the training counts
EXTRAPOLATES = 0.50  # accuracy at K+1 lines needed to say the net goes beyond the counts it saw
INK_EXPLAINS = 0.50  # share of the CNN's above-chance accuracy that the ink sum alone reaches
INK_DROP = 0.10  # accuracy lost when the ink no longer tells the count


# --------------------------------------------------------------------------- model

class CountNet(nn.Module):
    """Three conv blocks, then a small MLP: a textbook CNN, no counting-specific design."""

    def __init__(self, width: int, outputs: int):
        super().__init__()
        def block(c_in: int, c_out: int) -> list[nn.Module]:
            return [nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU()]
        c = width
        self.features = nn.Sequential(*block(1, c), nn.MaxPool2d(2), *block(c, 2 * c), nn.MaxPool2d(2),
                                      *block(2 * c, 4 * c), nn.AdaptiveAvgPool2d(4))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(4 * c * 16, 128), nn.ReLU(), nn.Linear(128, outputs))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x[:, None]))


def predict(model: CountNet, images: np.ndarray, device: str, head: str) -> np.ndarray:
    """Integer count predictions (regression outputs rounded, never below 0)."""
    model.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(images), 512):
            y = model(torch.from_numpy(images[start:start + 512]).to(device)).cpu()
            out.append(y.argmax(1) if head == "classification" else torch.round(y[:, 0]).clamp(min=0))
    return torch.cat(out).numpy().astype(np.int64)


def train(p: Params, mode: str, data, tests, device: str, progress, done: float, share: float):
    """Train one CNN on `data`; returns the model and per-epoch (train loss, in-distribution accuracy)."""
    torch.manual_seed(p.seed)
    order_rng = np.random.default_rng([p.seed, 1 if mode == "ink" else 0])
    classes = p.max_train_lines + p.ood_extra + 1
    model = CountNet(p.width, classes if p.head == "classification" else 1).to(device)
    steps = p.epochs * -(-len(data.counts) // p.batch_size)
    optimiser = torch.optim.Adam(model.parameters(), lr=p.lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, steps)
    images = torch.from_numpy(data.images).to(device)
    counts = torch.from_numpy(data.counts).to(device)
    id_images = np.concatenate([tests[n].images for n in range(1, p.max_train_lines + 1)])
    id_counts = np.concatenate([tests[n].counts for n in range(1, p.max_train_lines + 1)])
    losses, accs = [], []
    for epoch in range(p.epochs):
        model.train()
        total, seen = 0.0, 0
        for batch in np.array_split(order_rng.permutation(len(counts)), steps // p.epochs):
            index = torch.from_numpy(batch).to(device)
            out = model(images[index])
            if p.head == "classification":
                loss = nn.functional.cross_entropy(out, counts[index])
            else:
                loss = nn.functional.mse_loss(out[:, 0], counts[index].float())
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total, seen = total + loss.item() * len(batch), seen + len(batch)
        losses.append(total / seen)
        accs.append(float((predict(model, id_images, device, p.head) == id_counts).mean()))
        progress(done + share * (epoch + 1) / p.epochs,
                 f"{mode}: epoch {epoch + 1}/{p.epochs}, loss {losses[-1]:.3f}, in-distribution acc {accs[-1]:.1%}")
    return model, losses, accs


def ink_baseline(train_data, images: np.ndarray) -> np.ndarray:
    """Count predicted from the total pixel sum alone: least squares line, rounded."""
    slope, intercept = np.polyfit(train_data.images.reshape(len(train_data.counts), -1).sum(1), train_data.counts, 1)
    return np.clip(np.round(slope * images.reshape(len(images), -1).sum(1) + intercept), 0, None).astype(np.int64)


# --------------------------------------------------------------------------- the experiment

def run(params: Params, report, progress, checkpoints=None) -> Outcome:
    p = params
    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu" and "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(min(2, os.cpu_count() or 1))
    K, top = p.max_train_lines, p.max_train_lines + p.ood_extra
    counts_all = list(range(1, top + 1))
    modes = ("normal", "ink")
    mode_names = {"normal": "normal", "ink": "ink-controlled"}

    # Data: one fixed training set per mode, and a balanced test set per mode and line count.
    progress(0.0, "generating images")
    seeds = iter(np.random.SeedSequence(p.seed).spawn(2 + 2 * top))
    train_sets = {m: generate(line_config(p, m, 1, K), p.n_train, next(seeds)) for m in modes}
    tests = {m: {n: generate(line_config(p, m, n, n), p.n_test_per_count, next(seeds)) for n in counts_all}
             for m in modes}
    test_images = {m: np.concatenate([tests[m][n].images for n in counts_all]) for m in modes}
    test_counts = np.concatenate([tests["normal"][n].counts for n in counts_all])  # same in both modes
    ink = {m: test_images[m].reshape(len(test_counts), -1).sum(1) for m in modes}

    report.text(
        f"## The task\nCount the straight lines in a {p.image_size}×{p.image_size} image. Training images hold "
        f"1–{K} lines; test images 1–{top} ({K + 1}–{top} were never seen). **Normal mode**: line lengths are "
        f"uniform in [{p.min_length:g}, {p.max_length:g}] px, so more lines means more ink. **Ink-controlled "
        f"mode**: an image's line lengths always sum to {p.ink_total:g} px, so the total ink does not reveal "
        f"the count (crossings overlap, so it still drops slightly with more lines). Caveat: with the ink "
        f"fixed, many lines means *short* lines, a cue a texture detector can still use.\n\n"
        f"The CNN is a **{p.head}** head "
        + ("(one output trained with mean squared error, rounded to the nearest integer)." if p.head == "regression"
           else f"(softmax over 0..{top}; counts above {K} are never a target, so it cannot learn to answer them).")
        + " The **ink baseline** is a least-squares line from the total pixel sum to the count, rounded: "
          "whatever it gets right needs no counting at all.")
    sums = {m: ", ".join(f"{ink[m][(n - 1) * p.n_test_per_count]:.0f}" for n in counts_all) for m in modes}
    report.image_grid(np.concatenate([tests[m][n].images[:1] for m in modes for n in counts_all]),
                      labels=[f"{'ink: ' if m == 'ink' else ''}{n}" for m in modes for n in counts_all], columns=top,
                      caption=f"Samples: normal mode (top row) and ink-controlled mode (bottom row, 'ink'), 1 to {top} "
                              f"lines; their pixel sums: {sums['normal']} / {sums['ink']}", name="samples")

    # Train one CNN per mode.
    models, curves = {}, {}
    for i, m in enumerate(modes):
        models[m], *curves[m] = train(p, m, train_sets[m], tests[m], device, progress, 0.02 + 0.47 * i, 0.47)
    report.line_chart({f"{mode_names[m]}: train loss": (np.arange(1, p.epochs + 1), curves[m][0]) for m in modes},
                      xlabel="epoch", ylabel="cross-entropy" if p.head == "classification" else "mean squared error",
                      caption="Learning curves: training loss", name="learning-loss")
    report.line_chart({f"{mode_names[m]}: accuracy on 1–{K} lines": (np.arange(1, p.epochs + 1), curves[m][1])
                       for m in modes}, xlabel="epoch", ylabel="accuracy",
                      caption=f"Learning curves: test accuracy on the trained counts (1–{K} lines)",
                      name="learning-accuracy")

    # Evaluate: CNNs, the normally trained CNN on ink-controlled images, and the ink baselines.
    progress(0.97, "evaluating")
    preds = {"cnn": predict(models["normal"], test_images["normal"], device, p.head),
             "cnn_on_ink_images": predict(models["normal"], test_images["ink"], device, p.head),
             "cnn_ink": predict(models["ink"], test_images["ink"], device, p.head),
             "ink_baseline": ink_baseline(train_sets["normal"], test_images["normal"]),
             "ink_baseline_ink": ink_baseline(train_sets["ink"], test_images["ink"])}
    correct = {k: v == test_counts for k, v in preds.items()}
    per_count = {k: [float(c[test_counts == n].mean()) for n in counts_all] for k, c in correct.items()}
    in_dist = test_counts <= K
    metrics = {"chance_id": 1.0 / K}
    for k, c in correct.items():
        metrics[f"{k}_id_acc"] = float(c[in_dist].mean())
        metrics[f"{k}_ood_acc"] = float(c[~in_dist].mean())
    metrics["cnn_acc_next"] = per_count["cnn"][K]  # K+1 lines
    metrics["cnn_acc_far"] = float(correct["cnn"][test_counts > K + 1].mean()) if p.ood_extra > 1 else float("nan")
    metrics["cnn_id_mae"] = float(np.abs(preds["cnn"] - test_counts)[in_dist].mean())
    above_chance = metrics["cnn_id_acc"] - metrics["chance_id"]
    metrics["ink_share"] = float((metrics["ink_baseline_id_acc"] - metrics["chance_id"]) / above_chance) \
        if above_chance > 0.05 else float("nan")
    for n in counts_all:
        metrics[f"cnn_acc_n{n}"] = per_count["cnn"][n - 1]
        metrics[f"cnn_ink_acc_n{n}"] = per_count["cnn_ink"][n - 1]

    # The failure curve: accuracy per line count.
    columns = {"cnn": "CNN (normal)", "ink_baseline": "ink baseline (normal)",
               "cnn_on_ink_images": "CNN (normal) on ink-controlled images", "cnn_ink": "CNN (ink-controlled)",
               "ink_baseline_ink": "ink baseline (ink-controlled)"}
    rows = []
    for n in counts_all:
        rows.append([n, "yes" if n <= K else "no"] + [f"{per_count[k][n - 1]:.1%}" for k in columns]
                    + [f"{preds['cnn'][test_counts == n].mean():.2f}", f"{ink['normal'][test_counts == n].mean():.1f}",
                       f"{ink['ink'][test_counts == n].mean():.1f}"])
    report.table(rows, columns=["lines", "trained on"] + list(columns.values())
                 + ["CNN (normal): mean prediction", "mean ink (normal)", "mean ink (ink-controlled)"],
                 caption=f"Accuracy per line count ({p.n_test_per_count} test images per count and mode)")
    report.line_chart({label: (np.array(counts_all), per_count[k]) for k, label in columns.items()},
                      xlabel=f"number of lines (trained on 1–{K})", ylabel="accuracy",
                      caption="The failure curve: accuracy per line count", name="failure-curve")
    report.table([[label, f"{metrics[f'{k}_id_acc']:.1%}", f"{metrics[f'{k}_ood_acc']:.1%}"]
                  for k, label in columns.items()] + [["chance (uniform guess over 1–K)", f"{1 / K:.1%}", "0.0%"]],
                 columns=["model", f"in distribution (1–{K})", f"out of distribution ({K + 1}–{top})"],
                 caption="In distribution vs out of distribution")

    labels = [str(n) for n in counts_all]
    for k, m in (("cnn", "normal"), ("cnn_ink", "ink")):
        matrix = np.zeros((top, top), dtype=np.int64)
        np.add.at(matrix, (test_counts - 1, np.clip(preds[k], 1, top) - 1), 1)
        report.confusion_matrix(matrix, labels=labels, caption=f"CNN ({mode_names[m]}): true count (rows) vs "
                                f"predicted (columns; predictions outside 1–{top} are clipped to it)")

    # Failure gallery: in-distribution mistakes (out-of-distribution ones are mostly mistakes anyway).
    gallery, gallery_labels, pick = [], [], np.random.default_rng([p.seed, 2])
    for k, m in (("cnn", "normal"), ("cnn_ink", "ink")):
        wrong = np.flatnonzero(~correct[k] & in_dist)
        wrong = np.sort(pick.choice(wrong, min(len(wrong), (p.gallery_size + 1) // 2), replace=False))
        gallery.append(test_images[m][wrong])
        gallery_labels += [f"{'ink ' if m == 'ink' else ''}{test_counts[i]}>{preds[k][i]}" for i in wrong]
    if gallery_labels:
        report.image_grid(np.concatenate(gallery), labels=gallery_labels, columns=8, name="failures",
                          caption="Failure gallery: in-distribution mistakes of the normal CNN (top) and the "
                                  "ink-controlled CNN (bottom, 'ink'), labelled true>predicted")
    else:
        report.text("Failure gallery: no in-distribution mistakes to show.")

    # The verdict, from the numbers and the thresholds above.
    id_acc, nxt, far = metrics["cnn_id_acc"], metrics["cnn_acc_next"], metrics["cnn_acc_far"]
    ink_id, cnn_ink_id = metrics["ink_baseline_id_acc"], metrics["cnn_ink_id_acc"]
    on_ink = metrics["cnn_on_ink_images_id_acc"]
    reasons = []
    if id_acc < LEARNED:
        reasons.append(f"it stays below {LEARNED:.0%} even on the 1–{K} lines it was trained on")
    if nxt < EXTRAPOLATES:
        reasons.append(f"it fails beyond the counts it saw (below {EXTRAPOLATES:.0%} at {K + 1} lines)")
    if metrics["ink_share"] >= INK_EXPLAINS:
        reasons.append(f"the ink sum alone reaches {metrics['ink_share']:.0%} of its above-chance accuracy")
    if id_acc - on_ink >= INK_DROP:
        reasons.append(f"on ink-controlled images it loses {id_acc - on_ink:.0%} (to {on_ink:.0%})")
    if cnn_ink_id < LEARNED:
        reasons.append(f"trained with the ink fixed it reaches only {cnn_ink_id:.0%}")
    numbers = (f"Trained on 1–{K} lines: {id_acc:.0%} in distribution; {K + 1} lines: {nxt:.0%}"
               + (f"; {K + 2}+ lines: {far:.0%}" if p.ood_extra > 1 else "")
               + f"; ink baseline {ink_id:.0%} (ink-controlled: {metrics['ink_baseline_ink_id_acc']:.0%}, chance "
               f"{1 / K:.0%}); CNN trained with ink fixed {cnn_ink_id:.0%}")
    learned = id_acc >= LEARNED and cnn_ink_id >= LEARNED and nxt >= EXTRAPOLATES
    verdict = numbers + (f" → the network counts, and goes at least one count beyond its training ({K + 1} lines)."
                         if learned else " → the network did not learn to count: " + "; ".join(reasons) + ".")
    share_text = "n/a, the CNN is barely above chance" if np.isnan(metrics["ink_share"]) \
        else f"{metrics['ink_share']:.0%}"
    report.text(
        f"## How the verdict is reached\nThe network *counts* only if it reaches {LEARNED:.0%} on 1–{K} lines in "
        f"both modes and at least {EXTRAPOLATES:.0%} on {K + 1} lines. Otherwise the verdict lists what failed: "
        f"in-distribution accuracy below {LEARNED:.0%}; accuracy at {K + 1} lines below {EXTRAPOLATES:.0%}; the ink "
        f"baseline reaching at least {INK_EXPLAINS:.0%} of the CNN's above-chance accuracy (here: "
        f"{share_text}); a drop of at least {INK_DROP:.0%} when the normally trained CNN sees "
        f"ink-controlled images; the ink-controlled CNN below {LEARNED:.0%}.")
    progress(1.0, "done")
    return Outcome(metrics, verdict)
