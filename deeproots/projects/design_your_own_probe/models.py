"""design-your-own-probe's three standard networks, and how they are trained and tested.

They run in the grader's process on the learner's data: a textbook CNN and a small ViT from the
count-lines lab (``deeproots.lab.experiments.count_lines_models``), and a plain MLP. Each gets the
same training images, the same number of Adam steps and the same batch size, so a difference
between them is a difference of architecture.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from deeproots.lab.experiments.count_lines_models import CountNet, ViT

MODELS = ("cnn", "mlp", "vit")
NAMES = {"cnn": "CNN (3 conv blocks, pooled to 4 x 4, then an MLP head)",
         "mlp": "MLP (2 hidden layers of 256 on the raw pixels)",
         "vit": "ViT (8 x 8 patches, learned positions, 2 transformer layers)"}
WIDTH, HIDDEN, VIT_DIM, VIT_LAYERS = 8, 256, 32, 2
LEARNING_RATE = 1e-3


class PaddedViT(nn.Module):
    """The lab's ViT cuts an image into 8 x 8 patches, so its side must be a multiple of 8: the
    image is padded with zeros on the right and at the bottom up to the next one."""

    def __init__(self, size: int, outputs: int):
        super().__init__()
        self.pad = -size % 8
        self.vit = ViT(size + self.pad, VIT_DIM, VIT_LAYERS, outputs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.vit(nn.functional.pad(x, (0, self.pad, 0, self.pad)))


def make_model(name: str, size: int, classes: int) -> nn.Module:
    """``name`` ("cnn", "mlp" or "vit") for ``size`` x ``size`` images and ``classes`` outputs."""
    if name == "cnn":
        return CountNet(WIDTH, classes, size)
    if name == "vit":
        return PaddedViT(size, classes)
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(size * size, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN),
                             nn.ReLU(), nn.Linear(HIDDEN, classes))
    raise ValueError(f"no model {name!r}; one of {MODELS}")


def fit(model: nn.Module, images: np.ndarray, labels: np.ndarray, steps: int, batch: int,
        rng: np.random.Generator, log_every: int = 20) -> tuple[list[int], list[float]]:
    """``steps`` Adam steps of cross-entropy on random batches of the training set; the mean loss
    every ``log_every`` steps (the training curve)."""
    x, y = torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64))
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    model.train()
    at, losses, running = [], [], []
    for step in range(1, steps + 1):
        rows = torch.from_numpy(rng.integers(0, len(x), batch))
        loss = nn.functional.cross_entropy(model(x[rows]), y[rows])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        running.append(loss.item())
        if step % log_every == 0 or step == steps:
            at.append(step)
            losses.append(float(np.mean(running)))
            running = []
    return at, losses


@torch.no_grad()
def predict(model: nn.Module, images: np.ndarray, batch: int = 500) -> np.ndarray:
    model.eval()
    return np.concatenate([model(torch.from_numpy(images[i:i + batch])).argmax(1).numpy()
                           for i in range(0, len(images), batch)])
