"""count-lines' models: a textbook CNN (cnn-fc, optionally CoordConv), a summed count map (cnn-sum), a small ViT.

See ``count_lines.py`` for what each one probes; ``make_model`` builds one by name.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn


def conv_trunk(c_in: int, width: int) -> list[nn.Module]:
    """Three conv blocks (width, 2x, 4x channels), max-pooled twice: a textbook CNN trunk."""
    def block(a: int, b: int) -> list[nn.Module]:
        return [nn.Conv2d(a, b, 3, padding=1), nn.BatchNorm2d(b), nn.ReLU()]
    c = width
    return [*block(c_in, c), nn.MaxPool2d(2), *block(c, 2 * c), nn.MaxPool2d(2), *block(2 * c, 4 * c)]


class CountNet(nn.Module):
    """cnn-fc: the trunk, pooled to 4 x 4, then an MLP that sees where each feature is. With
    ``coords`` two channels holding each pixel's x and y in [-1, 1] are appended (CoordConv)."""

    def __init__(self, width: int, outputs: int, size: int = 32, coords: bool = False):
        super().__init__()
        axis = torch.linspace(-1, 1, size)
        self.register_buffer("grid", torch.stack(torch.meshgrid(axis, axis, indexing="xy"))[None] if coords
                             else torch.zeros(1, 0, size, size))
        self.features = nn.Sequential(*conv_trunk(1 + 2 * coords, width), nn.AdaptiveAvgPool2d(4))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(4 * width * 16, 128), nn.ReLU(), nn.Linear(128, outputs))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(torch.cat([x[:, None], self.grid.expand(len(x), -1, -1, -1)], 1)))


class SumNet(nn.Module):
    """cnn-sum: the trunk, a per-location MLP (1 x 1 convs) to a small count map, summed over all
    locations, then linear: the output is additive over the image, whatever the number of objects."""

    def __init__(self, width: int, outputs: int):
        super().__init__()
        self.density = nn.Sequential(*conv_trunk(1, width), nn.Conv2d(4 * width, 4 * width, 1), nn.ReLU(),
                                     nn.Conv2d(4 * width, 8, 1))
        self.head = nn.Linear(8, outputs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.density(x[:, None]).sum((2, 3)))


class ViT(nn.Module):
    """vit: 8 x 8 patches embedded linearly, a CLS token, learned positions, pre-norm transformer layers."""

    def __init__(self, size: int, dim: int, layers: int, outputs: int):
        super().__init__()
        patch = size // 8
        self.embed = nn.Conv2d(1, dim, patch, stride=patch)
        self.cls = nn.Parameter(torch.zeros(1, 1, dim))
        self.position = nn.Parameter(0.02 * torch.randn(1, 65, dim))
        layer = nn.TransformerEncoderLayer(dim, 4, 2 * dim, dropout=0.0, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.head = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, outputs))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        tokens = self.embed(x[:, None]).flatten(2).transpose(1, 2)
        tokens = torch.cat([self.cls.expand(len(x), -1, -1), tokens], 1) + self.position
        return self.head(self.encoder(tokens)[:, 0])


def make_model(p, model: str, outputs: int) -> nn.Module:
    """The model named ``model`` ("cnn-fc", "cnn-sum", "coordconv" or "vit") for the Params ``p``."""
    if model == "cnn-sum":
        return SumNet(p.width, outputs)
    if model == "vit":
        return ViT(p.image_size, p.vit_dim, p.vit_layers, outputs)
    return CountNet(p.width, outputs, p.image_size, coords=model == "coordconv")


def to_counts(out: torch.Tensor, head: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer answers (regression rounded, never below 0; classification argmax) and the raw
    answer (regression output; classification: the predicted class) for the mean-prediction curve."""
    if head == "classification":
        answer = out.argmax(1)
        return answer.cpu().numpy(), answer.float().cpu().numpy()
    return torch.round(out[:, 0]).clamp(min=0).long().cpu().numpy(), out[:, 0].cpu().numpy()
