"""Checks for the anti-aliased line rasteriser (reference: deeproots.lab.datasets.lines.render,
the lab's trusted renderer, plus exact answers worked out by hand)."""
import numpy as np

from deeproots.lab.datasets.lines import LinesConfig, render
from deeproots.grading.checks import expect, expect_close


def _reference(x0, y0, x1, y1, height, width):
    """The lab's renderer (thickness 1, anti-aliased) on a square canvas, cropped to height x width:
    a pixel's value depends only on its own position, so the crop is exact."""
    size = max(height, width, 8)
    cfg = LinesConfig(image_size=size, min_lines=1, max_lines=1, min_length=1.0, max_length=1.0,
                      thickness=1.0, distractor_radius=0.25)
    image = render(cfg, np.array([[[x0, y0, x1, y1]]]), np.array([1]), backend="numpy")[0]
    return image[:height, :width].astype(np.float64)


def _random_segment(rng, height, width, margin=2.0):
    """A random segment whose ink stays inside the canvas (endpoints >= margin from the border)."""
    while True:
        x0, x1 = rng.uniform(margin, width - 1 - margin, size=2)
        y0, y1 = rng.uniform(margin, height - 1 - margin, size=2)
        if np.hypot(x1 - x0, y1 - y0) > 0.5:
            return float(x0), float(y0), float(x1), float(y1)


def _segment_distance(height, width, x0, y0, x1, y1):
    """Distance from every pixel centre to the segment, (height, width)."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float64)
    dx, dy = x1 - x0, y1 - y0
    t = np.clip(((xs - x0) * dx + (ys - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
    return np.hypot(xs - x0 - t * dx, ys - y0 - t * dy)


SHAPES = [(16, 16), (12, 20), (20, 9), (30, 30)]


def test_horizontal_line_by_hand(ex, rng):
    got = ex.rasterise_line(2.0, 3.0, 7.0, 3.0, 7, 10)
    expected = np.zeros((7, 10))
    expected[3] = [0, 0, 0.5, 1, 1, 1, 1, 0.5, 0, 0]
    expect_close(got, expected, what="rasterise_line(2, 3, 7, 3, height=7, width=10)",
                 how="by hand: row 3 fully covered, the end columns 2 and 7 half covered",
                 rtol=0, atol=1e-12)
    got = ex.rasterise_line(2.0, 3.5, 7.0, 3.5, 7, 10)
    expected = np.zeros((7, 10))
    expected[3] = expected[4] = [0, 0, 0.25, 0.5, 0.5, 0.5, 0.5, 0.25, 0, 0]
    expect_close(got, expected, what="rasterise_line(2, 3.5, 7, 3.5, height=7, width=10)",
                 how="by hand: the line sits on the border of rows 3 and 4, half of its ink in each",
                 rtol=0, atol=1e-12)


def test_vertical_line_by_hand(ex, rng):
    got = ex.rasterise_line(4.0, 1.0, 4.0, 5.0, 8, 6)
    expected = np.zeros((8, 6))
    expected[1:6, 4] = [0.5, 1, 1, 1, 0.5]
    expect_close(got, expected, what="rasterise_line(4, 1, 4, 5, height=8, width=6)",
                 how="by hand: column 4 fully covered, the end rows 1 and 5 half covered",
                 rtol=0, atol=1e-12)


def test_diagonal_line_by_hand(ex, rng):
    # dx = dy = 4: x is the major axis (ties go to x), t = sqrt 2, centre(j) = j.
    got = ex.rasterise_line(1.0, 1.0, 5.0, 5.0, 7, 7)
    side = np.sqrt(2.0) / 2 - 0.5  # overlap of [j+0.5, j+1.5] with [j - sqrt2/2, j + sqrt2/2]
    expected = np.zeros((7, 7))
    for j, cover in zip(range(1, 6), [0.5, 1, 1, 1, 0.5]):
        expected[j, j] = cover
        expected[j - 1, j] = expected[j + 1, j] = side * cover
    expect_close(got, expected, what="rasterise_line(1, 1, 5, 5, height=7, width=7)",
                 how="by hand: in column j, row j gets 1 and rows j +- 1 get sqrt(2)/2 - 0.5, "
                     "times the column's cover (1/2 at the end columns)", rtol=0, atol=1e-12)
    expect_close(float(np.sum(got)), 4 * np.sqrt(2.0), what="total ink of the diagonal",
                 how="its length 4 sqrt 2", rtol=1e-10, atol=0)


def test_matches_the_lab_renderer(ex, rng):
    cases = [(1.3, 2.7, 11.6, 5.2, 16, 16), (3.0, 3.0, 3.4, 12.0, 16, 16), (8.25, 2.5, 2.5, 8.25, 12, 12)]
    for height, width in SHAPES:
        for _ in range(3):
            cases.append(_random_segment(rng, height, width) + (height, width))
    # Lines that leave the canvas: the pixels outside are simply not drawn.
    cases += [(-3.0, 2.2, 9.7, 6.1, 10, 12), (5.5, -4.0, 7.25, 20.0, 14, 9)]
    for x0, y0, x1, y1, height, width in cases:
        expect_close(ex.rasterise_line(x0, y0, x1, y1, height, width), _reference(x0, y0, x1, y1, height, width),
                     what=f"rasterise_line({x0:.4g}, {y0:.4g}, {x1:.4g}, {y1:.4g}, height={height}, width={width})",
                     how="deeproots.lab.datasets.lines.render (the lab's renderer, float32)", rtol=0, atol=1e-5,
                     inputs={"x0": x0, "y0": y0, "x1": x1, "y1": y1, "height": height, "width": width})


def test_total_ink_equals_length(ex, rng):
    for height, width in SHAPES:
        for _ in range(4):
            x0, y0, x1, y1 = _random_segment(rng, height, width)
            image = np.asarray(ex.rasterise_line(x0, y0, x1, y1, height, width), dtype=np.float64)
            expect_close(float(image.sum()), float(np.hypot(x1 - x0, y1 - y0)),
                         what="total ink (sum of all pixels)", how="the segment's length sqrt(dx^2 + dy^2)",
                         rtol=1e-9, atol=1e-9,
                         inputs={"x0": x0, "y0": y0, "x1": x1, "y1": y1, "height": height, "width": width})
            expect(bool(np.all((image >= 0) & (image <= 1 + 1e-12))), "every pixel value must lie in [0, 1]",
                   min=float(image.min()), max=float(image.max()))


def test_far_pixels_are_zero(ex, rng):
    for height, width in SHAPES:
        x0, y0, x1, y1 = _random_segment(rng, height, width)
        image = np.asarray(ex.rasterise_line(x0, y0, x1, y1, height, width), dtype=np.float64)
        far = _segment_distance(height, width, x0, y0, x1, y1) > 1.5
        expect(bool(np.all(image[far] == 0)),
               "pixels whose centre is more than 1.5 px from the segment must be exactly 0 (a line of width 1 "
               "cannot reach them)", segment=np.array([x0, y0, x1, y1]), height=height, width=width,
               largest_far_value=float(np.max(image[far])))


def test_symmetric_under_swapping_endpoints(ex, rng):
    for height, width in SHAPES:
        x0, y0, x1, y1 = _random_segment(rng, height, width)
        expect_close(ex.rasterise_line(x1, y1, x0, y0, height, width), ex.rasterise_line(x0, y0, x1, y1, height, width),
                     what="rasterise_line with the endpoints swapped", how="the same segment drawn forwards",
                     rtol=0, atol=1e-12, inputs={"x0": x0, "y0": y0, "x1": x1, "y1": y1})
