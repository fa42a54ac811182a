"""same-different's kit: PSVRT images at the largest box size (the learner's ``ctx.kit``).

Kim, Ricci & Serre (2018), "Not-so-CLEVR": two random 4 x 4 bit patterns in a blank 90 x 90
box (the largest box of the lab's full preset); the label says whether they are identical. The
learner's file may not import ``deeproots.lab.datasets`` itself: the kit is the one source of
training images and counts every one of them against the sample budget.
"""
from __future__ import annotations

import numpy as np

from deeproots.lab.datasets.same_different import SameDifferentConfig, generate

BOX_SIZE, ITEM_SIZE, SHIFTED_ITEM_SIZE = 90, 4, 6


def config(item_size: int = ITEM_SIZE) -> SameDifferentConfig:
    """The images of this project (``item_size`` 6: the grader's shifted test, never trained on)."""
    return SameDifferentConfig(box_size=BOX_SIZE, item_size=item_size)


def training_batch(ctx, n: int, seed: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``n`` images (n, 90, 90) float32 in {0, 1} and their labels (n,) int64: 1 same, 0 different.

    Half of every batch (of an even n) is "same". Every image counts against the budget
    (``ctx.steps``). Each call draws new images (from ``ctx.seed`` and a counter) unless ``seed`` is given."""
    if not 1 <= int(n) <= 20_000:
        raise ValueError(f"n must be between 1 and 20000 (got {n})")
    ctx.count(int(n))  # the budget is in training images: past it, BudgetExhausted
    if seed is None:
        seed = ctx.next_seed()
    batch = generate(config(), int(n), seed)
    return batch.images, batch.same_label
