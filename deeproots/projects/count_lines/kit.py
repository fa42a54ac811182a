"""count-lines' kit: training images of 1 to 5 lines (the learner's ``ctx.kit``).

The learner's file may not import ``deeproots.lab.datasets`` itself: the kit is the one source
of training data, so "trained on 1 to 5 lines" is true of every model that reaches gold.
"""
from __future__ import annotations

from deeproots.lab.datasets.lines import LinesConfig, generate

IMAGE_SIZE = 32
MIN_LINES, MAX_LINES = 1, 5
MIN_LENGTH, MAX_LENGTH, INK_TOTAL, THICKNESS = 3.5, 32.0, 32.0, 1.0


def config(min_lines: int = MIN_LINES, max_lines: int = MAX_LINES, ink_controlled: bool = False) -> LinesConfig:
    """The images of this project; ``ink_controlled``: every image's line lengths sum to 32 px."""
    return LinesConfig(image_size=IMAGE_SIZE, min_lines=min_lines, max_lines=max_lines, min_length=MIN_LENGTH,
                       max_length=MAX_LENGTH, thickness=THICKNESS, distractor_radius=min(1.5, MIN_LENGTH / 4),
                       ink_total=INK_TOTAL if ink_controlled else None)


def training_batch(ctx, n: int, ink_controlled: bool = False, seed: int | None = None):
    """``n`` images (n, 32, 32) float32 in [0, 1] with 1 to 5 lines, and their counts (n,) int64.

    Every image counts against the budget (``ctx.steps``). Each call draws new images (from ``ctx.seed`` and a counter) unless ``seed`` is given.
    ``ink_controlled`` images have the same total line length whatever their count."""
    if not 1 <= int(n) <= 100_000:
        raise ValueError(f"n must be between 1 and 100000 (got {n})")
    ctx.count(int(n))  # the project's budget is in training images: past it, BudgetExhausted
    if seed is None:
        seed = ctx.next_seed()
    batch = generate(config(ink_controlled=ink_controlled), int(n), seed)
    return batch.images, batch.counts
