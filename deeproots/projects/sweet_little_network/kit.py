"""sweet-little-network's kit: noisy silhouettes of six shapes (the learner's ``ctx.kit``).

Each 32 x 32 image holds one silhouette (disc, square, triangle, cross, ring or diamond: the
shapes of ``deeproots.lab.datasets.texture_shape``), 8 to 20 px across, anywhere in the image,
a flat bright shape on a flat darker background (both grey levels random) plus Gaussian noise.
The label is the shape. The learner's file may not import ``deeproots.lab.datasets`` itself: the
kit is the one source of training images, and it counts each one against the budget.
"""
from __future__ import annotations

import numpy as np

from deeproots.lab.datasets.texture_shape import SHAPES, shape_masks

IMAGE_SIZE = 32
N_CLASSES = len(SHAPES)
MIN_SIZE, MAX_SIZE = 8.0, 20.0  # side or diameter in pixels
NOISE = 0.25  # standard deviation of the Gaussian pixel noise
MAX_BATCH = 100_000


def draw(n: int, seed) -> tuple[np.ndarray, np.ndarray]:
    """``n`` images (n, 32, 32) float32 in [0, 1] and their shapes (n,) int64 in 0..5, from ``seed``."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, N_CLASSES, size=n).astype(np.int64)
    size = rng.uniform(MIN_SIZE, MAX_SIZE, size=n)
    cx, cy = (size / 2 + rng.random(n) * (IMAGE_SIZE - 1 - size) for _ in range(2))
    masks = shape_masks(labels, np.stack([cx, cy, size], axis=1), IMAGE_SIZE)
    shape_grey = rng.uniform(0.55, 1.0, size=n)[:, None, None]
    background = rng.uniform(0.0, 0.45, size=n)[:, None, None]
    images = np.where(masks, shape_grey, background) + NOISE * rng.standard_normal(masks.shape)
    return np.clip(images, 0.0, 1.0).astype(np.float32), labels


def training_batch(ctx, n: int, seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``n`` fresh training images (n, 32, 32) float32 in [0, 1] and their shapes (n,) int64.

    Every image counts against the budget (``ctx.steps``). Each call draws new images (from
    ``ctx.seed`` and a counter) unless ``seed`` is given."""
    if not 1 <= int(n) <= MAX_BATCH:
        raise ValueError(f"n must be between 1 and {MAX_BATCH} (got {n})")
    ctx.count(int(n))  # the budget is in training images: past it, BudgetExhausted
    if seed is None:
        seed = ctx.next_seed()
    return draw(int(n), seed)
