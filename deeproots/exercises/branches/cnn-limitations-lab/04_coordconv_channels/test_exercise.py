"""Checks for CoordConv's coordinate channels (references: np.meshgrid of the index grids
scaled by 2 h / (H - 1) - 1, and hand-worked small grids)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close, expect_equal

# (N, C, H, W): non-square both ways (swapped axes show), square, a single row or column,
# a single pixel, one image, several channels.
SHAPES = [(2, 3, 4, 7), (1, 1, 6, 3), (3, 2, 5, 5), (2, 1, 1, 4), (1, 2, 5, 1), (1, 1, 1, 1), (4, 5, 8, 16)]


def _reference(shape, with_r):
    n, c, h, w = shape
    rows, cols = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")  # (H, W) index grids
    i = 2.0 * rows / (h - 1) - 1.0 if h > 1 else np.zeros((h, w))
    j = 2.0 * cols / (w - 1) - 1.0 if w > 1 else np.zeros((h, w))
    extra = [i, j] + ([np.hypot(i, j)] if with_r else [])
    return np.broadcast_to(np.stack(extra), (n, len(extra), h, w))


def test_hand_example(ex, rng):
    x = np.zeros((1, 1, 2, 3))
    out = ex.add_coord_channels(x, with_r=True)
    expect_close(out, np.array([[[[0.0, 0, 0], [0, 0, 0]],
                                 [[-1, -1, -1], [1, 1, 1]],
                                 [[-1, 0, 1], [-1, 0, 1]],
                                 [[np.sqrt(2), 1, np.sqrt(2)], [np.sqrt(2), 1, np.sqrt(2)]]]]),
                 what="add_coord_channels(zeros (1, 1, 2, 3), with_r=True)",
                 how="by hand: i = -1 on row 0 and +1 on row 1, j = -1, 0, 1 across the columns, r = hypot(i, j)",
                 rtol=1e-6, atol=1e-6, inputs={"x": x})


def test_channels_match_meshgrid_reference(ex, rng):
    for shape in SHAPES:
        x = rng.normal(size=shape)
        n, c, h, w = shape
        out = np.asarray(ex.add_coord_channels(x))
        inputs = {"x shape (N, C, H, W)": shape}
        expect_equal(out.shape, (n, c + 2, h, w), what="output shape (N, C + 2, H, W)",
                     how="two channels appended along axis 1", inputs=inputs)
        expect_equal(out[:, :c], x, what="the first C output channels",
                     how="the input x, unchanged", inputs=inputs)
        expect_close(out[:, c:], _reference(shape, with_r=False),
                     what=f"the i and j channels (out[:, {c}:]) for x of shape {shape}",
                     how="np.meshgrid(arange(H), arange(W), indexing='ij'), then 2 h / (H - 1) - 1 and "
                         "2 w / (W - 1) - 1 (0 when the side is 1)",
                     rtol=1e-6, atol=1e-6, inputs=inputs)


def test_radius_channel(ex, rng):
    for shape in SHAPES[:4] + SHAPES[5:]:
        x = rng.normal(size=shape)
        n, c, h, w = shape
        out = np.asarray(ex.add_coord_channels(x, with_r=True))
        inputs = {"x shape (N, C, H, W)": shape, "with_r": True}
        expect_equal(out.shape, (n, c + 3, h, w), what="output shape with with_r=True (N, C + 3, H, W)",
                     how="three channels appended along axis 1", inputs=inputs)
        expect_equal(out[:, :c], x, what="the first C output channels", how="the input x, unchanged",
                     inputs=inputs)
        expect_close(out[:, c:], _reference(shape, with_r=True),
                     what=f"the i, j and r channels for x of shape {shape}",
                     how="meshgrid reference as above, r = np.hypot(i, j)", rtol=1e-6, atol=1e-6, inputs=inputs)


def test_float32_input_and_linspace_endpoints(ex, rng):
    x = rng.normal(size=(2, 3, 9, 5)).astype(np.float32)
    out = np.asarray(ex.add_coord_channels(x))
    expect(out.dtype == np.float32, "add_coord_channels must keep a floating x's dtype: float32 in, "
           "float32 out (float64 only for integer x)", got_dtype=str(out.dtype))
    expect_equal(out[:, :3], x, what="the input channels of a float32 x", how="x unchanged")
    expect_close(out[0, 3, :, 0], np.linspace(-1, 1, 9), what="the i channel down the first column",
                 how="np.linspace(-1, 1, H): -1 at row 0, +1 at row H - 1", rtol=1e-6, atol=1e-6)
    expect_close(out[1, 4, 0, :], np.linspace(-1, 1, 5), what="the j channel along the first row",
                 how="np.linspace(-1, 1, W): -1 at column 0, +1 at column W - 1", rtol=1e-6, atol=1e-6)
