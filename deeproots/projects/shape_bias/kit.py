"""shape-bias's kit: the ordinary training images of the texture-versus-shape data (``ctx.kit``).

Four silhouettes (disc, square, triangle, cross), each filled with its own two-tone texture
(horizontal stripes, vertical stripes, checkerboard, dots) on a flat grey background: in these
images texture i always fills shape i, so either cue gives the label away. The label is the shape.
The kit offers only these images: no stylised (random-texture) and no cue-conflict images, and the
learner's file may not import ``deeproots.lab.datasets`` itself, so "trained without stylised data"
is true of every model.
"""
from __future__ import annotations

import numpy as np

from deeproots.lab.datasets.texture_shape import SHAPES, TEXTURES, TextureShapeConfig, generate

N_CLASSES = 4
CLASSES = SHAPES[:N_CLASSES]  # the class names, by label
CLASS_TEXTURES = TEXTURES[:N_CLASSES]  # the texture that fills each class's shape in training
BACKGROUND = 0.5  # the grey outside the shape; the textures' two tones are 0 and 1
MAX_BATCH = 100_000


def config(split: str = "train") -> TextureShapeConfig:
    """This project's images (32 x 32, shapes 12 to 24 px, textures of 1/6 to 1/3 cycles per pixel)."""
    return TextureShapeConfig(image_size=32, n_classes=N_CLASSES, split=split, min_size=12.0, max_size=24.0,
                              min_frequency=1 / 6, max_frequency=1 / 3, background=BACKGROUND)


def training_batch(ctx, n: int, seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``n`` ordinary training images (n, 32, 32) float32 in [0, 1] and their shapes (n,) int64 in 0..3.

    Every image counts against the budget (``ctx.steps``). Each call draws new images (from
    ``ctx.seed`` and a counter) unless ``seed`` is given."""
    if not 1 <= int(n) <= MAX_BATCH:
        raise ValueError(f"n must be between 1 and {MAX_BATCH} (got {n})")
    ctx.count(int(n))  # the budget is in training images: past it, BudgetExhausted
    if seed is None:
        seed = ctx.next_seed()
    batch = generate(config("train"), int(n), seed)
    return batch.images, batch.shape_labels
