"""sort-of-clevr's kit: Sort-of-CLEVR images with their questions (the learner's ``ctx.kit``).

Santoro et al. (2017), "A simple neural network module for relational reasoning": images of six
coloured squares and circles, each with questions about one object named by its colour. This
project uses the lab's quick preset: 32 x 32 images, six objects of 6 px, twelve questions per
image (the six types equally often). The learner's file may not import ``deeproots.lab.datasets``
itself: the kit is the one source of training data and counts every image against the budget.
"""
from __future__ import annotations

import numpy as np

from deeproots.lab.datasets.sort_of_clevr import (ANSWERS, COLOURS, QUESTION_TYPES, SortOfClevrConfig,
                                                  generate)

IMAGE_SIZE, OBJECT_SIZE, N_OBJECTS, QUESTIONS = 32, 6, 6, 12
RELATIONAL = (3, 4, 5)  # indices into QUESTION_TYPES: closest_shape, furthest_shape, count_same_shape
__all__ = ["ANSWERS", "COLOURS", "QUESTION_TYPES", "RELATIONAL", "config", "question_types", "training_batch"]


def config() -> SortOfClevrConfig:
    """The images and questions of this project."""
    return SortOfClevrConfig(image_size=IMAGE_SIZE, object_size=OBJECT_SIZE, n_objects=N_OBJECTS, questions=QUESTIONS)


def question_types(questions: np.ndarray) -> np.ndarray:
    """Index into QUESTION_TYPES of each 11-number question vector (..., 11)."""
    return 3 * np.argmax(questions[..., 6:8], axis=-1) + np.argmax(questions[..., 8:11], axis=-1)


def training_batch(ctx, n: int, seed: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` images with all their questions and answers:

    images (n, 32, 32, 3) float32 RGB in [0, 1]; questions (n, 12, 11) float32 (one-hot colour of
    the named object, one-hot [non-relational, relational], one-hot subtype); answers (n, 12) int64
    indices into ANSWERS. Every image counts against the budget (``ctx.steps``). Each call draws
    new images (from ``ctx.seed`` and a counter) unless ``seed`` is given."""
    if not 1 <= int(n) <= 20_000:
        raise ValueError(f"n must be between 1 and 20000 (got {n})")
    ctx.count(int(n))  # the budget is in training images: past it, BudgetExhausted
    if seed is None:
        seed = ctx.next_seed()
    batch = generate(config(), int(n), seed)
    return batch.images, batch.questions, batch.answers
