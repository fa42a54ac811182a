"""An anti-aliased line rasteriser: draw one segment so that its ink equals its length.

Source: Xiaolin Wu, "An Efficient Antialiasing Technique" (SIGGRAPH 1991); Foley, van Dam,
Feiner & Hughes, Computer Graphics: Principles and Practice (2nd ed.) §3.17 "Antialiasing"
(unweighted area sampling). In this course: the first tool of the limitations lab
(node cnn-limitations-lab), the renderer behind the "can a CNN count lines?" experiment.
https://doi.org/10.1145/127719.122734

A CNN that should count lines must not be able to read the count off the total ink. So
every line must deposit exactly as much ink as it is long, whatever its angle or sub-pixel
position. Wu's idea makes that exact: walk the line along its MAJOR axis and, in each step,
spread a fixed amount of ink over the few pixels of the minor axis it crosses.

Coordinates: x is the column, y the row; pixel (row i, column j) is the unit square centred
at (x = j, y = i). The canvas holds rows 0..height-1 and columns 0..width-1.

The recipe, for the segment (x0, y0) -> (x1, y1) of length L = sqrt(dx^2 + dy^2), thickness 1:
  1. Major axis: x if |dx| >= |dy| (ties go to x), else y. Call the major coordinate a
     (column index if x is major) and the minor one c; a0, a1, c0, c1 are the endpoints'.
  2. At major position a the line's centre on the minor axis is
         centre(a) = c0 + (a - a0) * (c1 - c0) / (a1 - a0).
  3. Measured along the minor axis, a line of (perpendicular) width 1 is t = L / |a1 - a0|
     wide (between 1 and sqrt 2): its cross-section is [centre - t/2, centre + t/2].
  4. A pixel at major index a, minor index c gets
         value = cover_major(a) * overlap([c - 0.5, c + 0.5], [centre(a) - t/2, centre(a) + t/2])
     where cover_major(a) = overlap([a - 0.5, a + 0.5], [min(a0, a1), max(a0, a1)]) is the
     fraction of that pixel's span the segment covers: 1 inside, a fraction at the two end
     pixels, 0 beyond. overlap([p, q], [r, s]) = max(0, min(q, s) - max(p, r)).
Each step's minor overlaps sum to t, the major covers sum to |a1 - a0|, so the total ink is
t * |a1 - a0| = L exactly (as long as the line stays inside the canvas; pixels outside the
canvas are simply not drawn). Every value lies in [0, 1].

Shapes: x0, y0, x1, y1 are floats (the two endpoints must differ); height and width are
ints. rasterise_line returns a (height, width) float array.

Tiny example: (x0, y0) = (2, 3) -> (x1, y1) = (7, 3) on a 7 x 10 canvas is horizontal,
L = 5, t = 1. Row 3 gets [0, 0, 0.5, 1, 1, 1, 1, 0.5, 0, 0] (the end columns 2 and 7 are
only half covered), every other row is 0, and the total ink is 5. Move it to y = 3.5 and
rows 3 and 4 each get half of that.

No loops needed: build the pixel grids with np.mgrid[0:height, 0:width] (rows, columns),
pick which grid plays the major role with np.where or an if, and evaluate the formula on
whole arrays. The lab's own renderer lives in deeproots.lab: this file writes its own.

Do not use: deeproots.*.
"""
import numpy as np


### BEGIN SOLUTION
def _overlap(lo1, hi1, lo2, hi2):
    return np.maximum(0.0, np.minimum(hi1, hi2) - np.maximum(lo1, lo2))


### END SOLUTION
def rasterise_line(x0: float, y0: float, x1: float, y1: float, height: int, width: int) -> np.ndarray:
    """Return the (height, width) anti-aliased image of the segment (x0, y0) -> (x1, y1)."""
    # TODO: choose the major axis, compute centre(a), t = L / |a1 - a0|, then
    # cover_major(a) * overlap of the pixel's minor span with [centre - t/2, centre + t/2].
    ### BEGIN SOLUTION
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    length = np.hypot(x1 - x0, y1 - y0)
    if abs(x1 - x0) >= abs(y1 - y0):  # walk the columns
        a, c, a0, a1, c0, c1 = cols, rows, x0, x1, y0, y1
    else:  # walk the rows
        a, c, a0, a1, c0, c1 = rows, cols, y0, y1, x0, x1
    half = 0.5 * length / abs(a1 - a0)
    centre = c0 + (a - a0) * (c1 - c0) / (a1 - a0)
    cover_major = _overlap(a - 0.5, a + 0.5, min(a0, a1), max(a0, a1))
    return cover_major * _overlap(c - 0.5, c + 0.5, centre - half, centre + half)
    ### END SOLUTION
