"""coordconv-quadrant's kit: training positions from three quadrants of the canvas (``ctx.kit``).

The data are CoordConv's Not-so-Clevr positions (Liu et al. 2018) on a 32 x 32 canvas with a
5 x 5 square (the paper's 64 x 64 canvas and 9 x 9 square scaled by 1/2): 784 centres, of which
the 196 in the bottom-right quadrant are held out. The learner's file may not import
``deeproots.lab.datasets`` itself, so "never saw a centre in the bottom-right quadrant" is true
of every model.
"""
from __future__ import annotations

import numpy as np

from deeproots.lab.datasets.coords import NOT_SO_CLEVR_32, dataset, split

CONFIG = NOT_SO_CLEVR_32  # test_quadrant = "bottom-right"
IMAGE_SIZE = CONFIG.image_size
SQUARE = CONFIG.square


def _training_rows() -> np.ndarray:
    return split(CONFIG, "quadrant")[0]


def training_positions() -> np.ndarray:
    """(588, 2) int64: every training centre (x, y), the three quadrants the learner may use.
    Listing them costs nothing; their targets are what the budget counts."""
    return dataset(CONFIG).coords[_training_rows()]


def training_batch(ctx, n: int, seed: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` training examples drawn uniformly (with replacement) from the three training quadrants:

    - ``coords`` (n, 2) float32: the centre (x, y) in pixels (x the column, y the row);
    - ``targets`` (n, 32, 32) float32: one-hot, 1 at the centre pixel (coordinate classification);
    - ``squares`` (n, 32, 32) float32: the rendered 5 x 5 square around that centre.

    Every example counts against the budget (``ctx.steps``). Each call draws new examples (from
    ``ctx.seed`` and a counter) unless ``seed`` is given."""
    if not 1 <= int(n) <= 100_000:
        raise ValueError(f"n must be between 1 and 100000 (got {n})")
    ctx.count(int(n))  # the budget is in training examples: past it, BudgetExhausted
    if seed is None:
        seed = ctx.next_seed()
    rows = np.random.default_rng(seed).choice(_training_rows(), size=int(n))
    data = dataset(CONFIG)
    return data.coords[rows].astype(np.float32), data.targets[rows], data.images[rows]
