"""Checks for the naive convolutional layer (references: torch.nn.functional.conv2d and its
autograd, a NumPy sliding-window einsum with central differences, hand computations)."""
import numpy as np
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view

from deeproots.grading.checks import central_difference, expect, expect_close, expect_raises


# (N, C, H, W, F, HH, WW, stride, pad): one of everything, non-square inputs and filters,
# stride 2 and 3 (a stride larger than the filter skips pixels), padding up to 2, a filter
# as large as the input, a 1-row filter.
SHAPES = [
    (1, 1, 5, 5, 1, 3, 3, 1, 0),
    (2, 3, 6, 5, 4, 3, 2, 1, 1),
    (2, 2, 7, 7, 3, 3, 3, 2, 1),
    (3, 2, 5, 8, 2, 1, 2, 2, 0),
    (1, 3, 4, 4, 2, 4, 4, 1, 0),
    (2, 1, 5, 5, 2, 3, 3, 3, 2),
    (1, 2, 8, 8, 2, 2, 2, 3, 0),
]

HAND_X = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
HAND_W = np.array([[[[0.0, 1.0], [2.0, 0.0]]]])
HAND_B = np.array([0.0])


def _problem(rng, n, c, h, w, f, hh, ww):
    return (rng.normal(size=(n, c, h, w)), rng.normal(size=(f, c, hh, ww)), rng.normal(size=f))


def _t(array, grad=False):
    return torch.tensor(array, dtype=torch.float64, requires_grad=grad)


def _torch_forward(x, w, b, stride, pad):
    return F.conv2d(_t(x), _t(w), _t(b), stride=stride, padding=pad).numpy()


def _torch_backward(x, w, b, stride, pad, dout):
    xt, wt, bt = _t(x, True), _t(w, True), _t(b, True)
    (F.conv2d(xt, wt, bt, stride=stride, padding=pad) * _t(dout)).sum().backward()
    return xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()


def _numpy_forward(x, w, b, stride, pad):
    """Cross-correlation as an einsum over every stride-th sliding window of the padded x."""
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = sliding_window_view(xp, w.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
    return np.einsum("ncijuv,fcuv->nfij", windows, w) + b[None, :, None, None]


def test_forward_hand_example(ex, rng):
    out, _ = ex.conv_forward_naive(HAND_X, HAND_W, HAND_B, {"stride": 1, "pad": 0})
    expect_close(out, np.array([[[[10.0, 13.0], [19.0, 22.0]]]]), what="out",
                 how="by hand: out[i, j] = x[i, j+1] + 2 x[i+1, j] (the filter is not flipped)",
                 rtol=1e-12, atol=1e-12,
                 inputs={"x": HAND_X, "w": HAND_W, "b": HAND_B, "conv_param": {"stride": 1, "pad": 0}})


def test_cache_is_plain_data(ex, rng):
    x, w, b = _problem(rng, 1, 2, 4, 4, 2, 3, 3)
    _, cache = ex.conv_forward_naive(x, w, b, {"stride": 1, "pad": 1})
    expect(isinstance(cache, (tuple, list, dict)),
           "the cache must be plain data, such as the tuple (x, w, b, conv_param)",
           got=type(cache).__name__)


def test_forward_matches_torch_conv2d(ex, rng):
    for n, c, h, wd, f, hh, ww, stride, pad in SHAPES:
        x, w, b = _problem(rng, n, c, h, wd, f, hh, ww)
        param = {"stride": stride, "pad": pad}
        out, _ = ex.conv_forward_naive(x, w, b, param)
        expected = _torch_forward(x, w, b, stride, pad)
        expect_close(out, expected, what=f"out for x {x.shape}, w {w.shape}, {param}",
                     how="torch.nn.functional.conv2d(x, w, b, stride, padding) in float64",
                     rtol=1e-10, atol=1e-12, inputs={"x": x, "w": w, "b": b, "conv_param": param})


def test_backward_hand_example(ex, rng):
    param = {"stride": 1, "pad": 0}
    _, cache = ex.conv_forward_naive(HAND_X, HAND_W, HAND_B, param)
    dx, dw, db = ex.conv_backward_naive(np.ones((1, 1, 2, 2)), cache)
    inputs = {"x": HAND_X, "w": HAND_W, "dout": np.ones((1, 1, 2, 2)), "conv_param": param}
    expect_close(db, np.array([4.0]), what="db", how="by hand: the sum of dout",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(dw, np.array([[[[12.0, 16.0], [24.0, 28.0]]]]), what="dw",
                 how="by hand: dw[u, v] = sum of the 2x2 block of x starting at (u, v)",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(dx, np.array([[[[0.0, 1.0, 1.0], [2.0, 3.0, 1.0], [2.0, 2.0, 0.0]]]]), what="dx",
                 how="by hand: dx[r, s] = sum of w[u, v] over the windows (r-u, s-v) that exist",
                 rtol=1e-12, atol=1e-12, inputs=inputs)


def test_backward_matches_torch_autograd(ex, rng):
    for n, c, h, wd, f, hh, ww, stride, pad in SHAPES:
        x, w, b = _problem(rng, n, c, h, wd, f, hh, ww)
        param = {"stride": stride, "pad": pad}
        out, cache = ex.conv_forward_naive(x, w, b, param)
        dout = rng.normal(size=np.shape(out))
        dx_ref, dw_ref, db_ref = _torch_backward(x, w, b, stride, pad, dout)
        dx, dw, db = ex.conv_backward_naive(dout, cache)
        how = "torch autograd: conv2d, then sum(out * dout).backward()"
        inputs = {"x": x, "w": w, "b": b, "conv_param": param, "dout": dout}
        label = f"for x {x.shape}, w {w.shape}, {param}"
        expect_close(dx, dx_ref, what=f"dx {label}", how=how, rtol=1e-9, atol=1e-11, inputs=inputs)
        expect_close(dw, dw_ref, what=f"dw {label}", how=how, rtol=1e-9, atol=1e-11, inputs=inputs)
        expect_close(db, db_ref, what=f"db {label}", how=how, rtol=1e-9, atol=1e-11, inputs=inputs)


def test_backward_matches_central_difference(ex, rng):
    for n, c, h, wd, f, hh, ww, stride, pad in [(1, 2, 4, 4, 2, 3, 3, 1, 1), (2, 1, 5, 3, 2, 3, 1, 2, 1)]:
        x, w, b = _problem(rng, n, c, h, wd, f, hh, ww)
        param = {"stride": stride, "pad": pad}
        out, cache = ex.conv_forward_naive(x, w, b, param)
        dout = rng.normal(size=np.shape(out))
        dx, dw, db = ex.conv_backward_naive(dout, cache)
        how = "central_difference of L = sum(out * dout), out from a NumPy sliding-window einsum"
        inputs = {"x": x, "w": w, "b": b, "conv_param": param, "dout": dout}
        label = f"for x {x.shape}, w {w.shape}, {param}"
        numeric = central_difference(lambda v: np.sum(_numpy_forward(v, w, b, stride, pad) * dout), x)
        expect_close(dx, numeric, what=f"dx {label}", how=how, rtol=1e-6, atol=1e-7, inputs=inputs)
        numeric = central_difference(lambda v: np.sum(_numpy_forward(x, v, b, stride, pad) * dout), w)
        expect_close(dw, numeric, what=f"dw {label}", how=how, rtol=1e-6, atol=1e-7, inputs=inputs)
        numeric = central_difference(lambda v: np.sum(_numpy_forward(x, w, v, stride, pad) * dout), b)
        expect_close(db, numeric, what=f"db {label}", how=how, rtol=1e-6, atol=1e-7, inputs=inputs)


def test_invalid_shapes_raise_value_error(ex, rng):
    x, w, b = _problem(rng, 1, 3, 5, 5, 2, 3, 3)
    cases = [
        (x, rng.normal(size=(2, 2, 3, 3)), b, {"stride": 1, "pad": 0},
         ": x has 3 channels, the filters 2"),
        (HAND_X, HAND_W, HAND_B, {"stride": 2, "pad": 0},
         ": H + 2 pad - HH = 3 - 2 = 1 is not a multiple of the stride 2"),
        (rng.normal(size=(1, 3, 5, 6)), w, b, {"stride": 2, "pad": 0},
         ": the height fits (5 - 3 = 2) but W - WW = 6 - 3 = 3 is not a multiple of the stride 2"),
        (x, rng.normal(size=(2, 3, 8, 8)), b, {"stride": 1, "pad": 1},
         ": an 8x8 filter does not fit in a 5x5 input padded to 7x7"),
    ]
    for xx, ww, bb, param, why in cases:
        expect_raises(lambda: ex.conv_forward_naive(xx, ww, bb, param), ValueError,
                      what=f"conv_forward_naive with x {xx.shape}, w {ww.shape}, {param}", why=why,
                      inputs={"conv_param": param})
