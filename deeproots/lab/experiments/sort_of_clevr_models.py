"""sort-of-clevr's two models, sharing one convolutional front end: a CNN + MLP and a CNN + Relation Network.

See ``sort_of_clevr.py`` for the experiment and why the RN averages its pairs and normalises the result.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from deeproots.lab.datasets.sort_of_clevr import ANSWERS


def feature_side(image_size: int, conv_layers: int) -> int:
    """Side of the feature map after conv_layers 3 x 3, stride-2, padding-1 convolutions."""
    side = image_size
    for _ in range(conv_layers):
        side = (side + 1) // 2
    return side


def conv_stack(channels: int, layers: int) -> nn.Sequential:
    """Stride-2 3 x 3 convolutions with batch norm and ReLU: H x W x 3 -> (H / 2^layers)^2 x channels."""
    modules, c_in = [], 3
    for _ in range(layers):
        modules += [nn.Conv2d(c_in, channels, 3, stride=2, padding=1), nn.BatchNorm2d(channels), nn.ReLU()]
        c_in = channels
    return nn.Sequential(*modules)


def mlp(sizes: list[int]) -> nn.Sequential:
    """Linear layers with ReLU between them (none after the last)."""
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


class CNNMLP(nn.Module):
    """Conv features flattened, concatenated with each question, then a 4-layer MLP."""

    def __init__(self, params):
        super().__init__()
        side = feature_side(params.image_size, params.conv_layers)
        self.conv = conv_stack(params.conv_channels, params.conv_layers)
        w = params.mlp_width
        self.head = mlp([params.conv_channels * side * side + 11, w, w, w, len(ANSWERS)])

    def forward(self, images: torch.Tensor, questions: torch.Tensor) -> torch.Tensor:
        features = self.conv(images).flatten(1)  # (B, C k k)
        features = features[:, None, :].expand(-1, questions.shape[1], -1)
        return self.head(torch.cat([features, questions], dim=2))  # (B, q, answers)


class RelationNetwork(nn.Module):
    """f_phi(sum over pairs (i, j) of g_theta(o_i, o_j, q)); objects = feature-map cells + their (x, y)."""

    def __init__(self, params):
        super().__init__()
        side = feature_side(params.image_size, params.conv_layers)
        axis = torch.linspace(-1, 1, side)
        y, x = torch.meshgrid(axis, axis, indexing="ij")
        self.register_buffer("coords", torch.stack([x.flatten(), y.flatten()], dim=1)[None])  # (1, k k, 2)
        self.conv = conv_stack(params.conv_channels, params.conv_layers)
        c, w = params.conv_channels + 2, params.g_width
        # g_theta's first layer on concat(o_i, o_j, q), split into its three blocks of columns.
        self.g_i, self.g_j, self.g_q = nn.Linear(c, w), nn.Linear(c, w, bias=False), nn.Linear(11, w, bias=False)
        self.g_rest = nn.Sequential(*[m for _ in range(params.g_layers - 1) for m in (nn.Linear(w, w), nn.ReLU())])
        self.norm = nn.BatchNorm1d(w)  # on the averaged relation vector (see the module docstring)
        self.f = nn.Sequential(mlp([w, params.f_width, params.f_width]), nn.ReLU(), nn.Dropout(params.dropout),
                               nn.Linear(params.f_width, len(ANSWERS)))

    def forward(self, images: torch.Tensor, questions: torch.Tensor) -> torch.Tensor:
        cells = self.conv(images).flatten(2).transpose(1, 2)  # (B, n, C)
        objects = torch.cat([cells, self.coords.expand(len(cells), -1, -1)], dim=2)
        a, b, q = self.g_i(objects), self.g_j(objects), self.g_q(questions)
        pairs = F.relu(a[:, None, :, None] + b[:, None, None, :] + q[:, :, None, None])  # (B, q, n, n, w)
        relations = self.g_rest(pairs).mean(dim=(2, 3))  # (B, q, w); the mean: the sum / n^2
        return self.f(self.norm(relations.flatten(0, 1)).view_as(relations))  # (B, q, answers)


MODELS = {"rn": RelationNetwork, "mlp": CNNMLP}
LABELS = {"rn": "CNN + RN", "mlp": "CNN + MLP"}
