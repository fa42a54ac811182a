"""Checks for the PSVRT labels (reference: the same_label and sr_label that
deeproots.lab.datasets.same_different.generate returns with its images; hand-worked cases,
ties included)."""
import numpy as np

from deeproots.lab.datasets.same_different import SameDifferentConfig, generate
from deeproots.grading.checks import expect_equal


def _check(ex, patterns, positions, same, sr, what, how):
    got = ex.psvrt_labels(patterns, positions)
    inputs = {"patterns": patterns, "positions": positions}
    expect_equal(len(got), 2, what=f"{what}: number of returned arrays", how="(same_label, sr_label)")
    got_same, got_sr = (np.asarray(a) for a in got)
    expect_equal(got_same, same, what=f"{what}: same_label", how=how, inputs=inputs)
    expect_equal(got_sr, sr, what=f"{what}: sr_label", how=how, inputs=inputs)


def test_hand_cases(ex, rng):
    patterns = np.array([[[[1, 0], [0, 1]], [[1, 0], [0, 0]]]], dtype=np.uint8)
    _check(ex, patterns, np.array([[[2, 7], [9, 3]]]), np.array([0]), np.array([1]),
           "the docstring example", "by hand: one pixel differs; dx = 7, dy = -4")
    eye, other = np.eye(3, dtype=np.uint8), np.eye(3, dtype=np.uint8)[::-1]
    patterns = np.stack([np.stack([eye, eye]), np.stack([eye, other]), np.stack([eye, eye]),
                         np.stack([other, other]), np.stack([eye, eye])])
    patterns[4, 1, 2, 2] = 0  # differs only in the last row
    positions = np.array([[[0, 0], [5, 1]],     # dx = 5, dy = 1: horizontal
                          [[4, 0], [0, 6]],     # |dx| = 4 < |dy| = 6: vertical
                          [[10, 10], [6, 6]],   # tie |dx| = |dy| = 4: not horizontal
                          [[3, 9], [9, 3]],     # tie with opposite signs: not horizontal
                          [[8, 2], [0, 5]]])    # dx = -8, dy = 3: horizontal
    _check(ex, patterns, positions, np.array([1, 0, 1, 1, 0]), np.array([1, 0, 0, 0, 1]),
           "five hand cases (3x3 items)",
           "by hand: identical or not pixel by pixel (the last pair differs only in its last row); "
           "|dx| > |dy| strictly, ties give 0")


def test_generated_batches_match_labels(ex, rng):
    for config, n in [(SameDifferentConfig(), 200), (SameDifferentConfig(box_size=12, item_size=4), 200),
                      (SameDifferentConfig(box_size=20, item_size=1, balanced=False), 64),
                      (SameDifferentConfig(box_size=30, item_size=6, min_gap=3), 150),
                      (SameDifferentConfig(box_size=9, item_size=3), 1)]:
        batch = generate(config, n, seed=int(rng.integers(2**31)))
        _check(ex, batch.patterns, batch.positions, batch.same_label, batch.sr_label,
               f"{n} images of same_different.generate (box {config.box_size}, item {config.item_size})",
               "the same_label and sr_label returned by deeproots.lab.datasets.same_different.generate")
