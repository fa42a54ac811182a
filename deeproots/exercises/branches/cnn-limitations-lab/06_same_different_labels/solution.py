"""The labels of PSVRT's same-different task and its spatial-relation control.

Source: Kim, Ricci & Serre (2018), "Not-So-CLEVR: learning same-different relations strains
feedforward neural networks" (Interface Focus), section 2 (the PSVRT challenge: the SD and SR
tasks share the same images). Course: the cnn-limitations lab, deeproots.lab.datasets.same_different,
whose generate() returns these two labels with every batch.
https://royalsocietypublishing.org/doi/10.1098/rsfs.2018.0011

Each image holds two items: square binary bit patterns of side s placed at integer positions.
The same images carry two labels:

* same_label (SD, the hard one for CNNs): 1 if the two patterns are identical pixel for pixel,
  0 if they differ anywhere.
* sr_label (SR, the control CNNs learn easily): 1 if the items are arranged more horizontally
  than vertically, 0 otherwise. With the offset between the items' top-left corners
      dx = x1 - x0 (columns),  dy = y1 - y0 (rows),
  sr_label = 1 if |dx| > |dy| (strictly), else 0, so a tie |dx| == |dy| gives 0 (the data set
  never draws ties, but the rule must be this one). Both items have the same size, so the offset
  between the centres is the same as between the top-left corners - but use the same reference
  point for both items.

Shapes: patterns is (n, 2, s, s) of 0/1 (uint8 or int): patterns[b, 0] is item 0 of image b,
patterns[b, 1] item 1. positions is (n, 2, 2) int: positions[b, k] = (x, y) = (column, row) of
item k's top-left corner - x first, as in the lab's data set. psvrt_labels returns
(same_label, sr_label), two (n,) integer (or bool) arrays of 0/1. Vectorise over the batch: no
Python loop over the n images.

Tiny example (n = 1, s = 2): patterns [[[1, 0], [0, 1]], [[1, 0], [0, 0]]] differ in one pixel,
so same_label = [0]; positions [[2, 7], [9, 3]] give dx = 7, dy = -4, |dx| > |dy|, so
sr_label = [1].

Do not use: deeproots.*.
"""
import numpy as np


def psvrt_labels(patterns: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (same_label, sr_label), two (n,) arrays of 0/1, for a batch of two-item images."""
    # TODO: same: every pixel of patterns[:, 0] equals patterns[:, 1] (np.all over axes 1 and 2
    # of the comparison); sr: offset = positions[:, 1] - positions[:, 0], then |dx| > |dy|.
    ### BEGIN SOLUTION
    patterns, positions = np.asarray(patterns), np.asarray(positions)
    same = np.all(patterns[:, 0] == patterns[:, 1], axis=(1, 2)).astype(np.int64)
    offset = positions[:, 1] - positions[:, 0]
    dx, dy = np.abs(offset[:, 0]), np.abs(offset[:, 1])
    sr = (dx > dy).astype(np.int64)
    return same, sr
    ### END SOLUTION
