"""Reference solution: Wu-style anti-aliased line with exact ink (thickness 1)."""
import numpy as np


def _overlap(lo1, hi1, lo2, hi2):
    return np.maximum(0.0, np.minimum(hi1, hi2) - np.maximum(lo1, lo2))


def rasterise_line(x0: float, y0: float, x1: float, y1: float, height: int, width: int) -> np.ndarray:
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
