"""Checks for im2col / col2im and the im2col convolution (references: torch's unfold and fold,
torch.nn.functional.conv2d and its autograd, central differences of a NumPy einsum, hand
computations). No check measures time."""
import numpy as np
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view

from deeproots.grading.checks import central_difference, expect, expect_close


# (N, C, H, W, F, HH, WW, stride, pad): one of everything, non-square inputs and filters,
# overlapping windows, stride 2 and 3 (a stride larger than the filter skips pixels),
# padding up to 2, a filter as large as the input, and a larger 5x5 case.
SHAPES = [
    (1, 1, 5, 5, 1, 3, 3, 1, 0),
    (2, 3, 6, 5, 4, 3, 2, 1, 1),
    (2, 2, 7, 7, 3, 3, 3, 2, 1),
    (3, 2, 5, 8, 2, 1, 2, 2, 0),
    (1, 3, 4, 4, 2, 4, 4, 1, 0),
    (2, 1, 5, 5, 2, 3, 3, 3, 2),
    (1, 2, 8, 8, 2, 2, 2, 3, 0),
    (4, 3, 10, 9, 6, 5, 5, 1, 2),
]

HAND_X = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)


def _t(array, grad=False):
    return torch.tensor(array, dtype=torch.float64, requires_grad=grad)


def _torch_im2col(x, hh, ww, stride, pad):
    """unfold gives (N, C*HH*WW, H'*W'); the exercise's layout is one row per (n, i, j)."""
    cols = F.unfold(_t(x), (hh, ww), padding=pad, stride=stride)
    return cols.transpose(1, 2).reshape(-1, cols.shape[1]).numpy()


def _torch_col2im(cols, x_shape, hh, ww, stride, pad):
    n = x_shape[0]
    blocks = _t(cols).reshape(n, -1, cols.shape[1]).transpose(1, 2)
    return F.fold(blocks, x_shape[2:], (hh, ww), padding=pad, stride=stride).numpy()


def _torch_forward(x, w, b, stride, pad):
    return F.conv2d(_t(x), _t(w), _t(b), stride=stride, padding=pad).numpy()


def _torch_backward(x, w, b, stride, pad, dout):
    xt, wt, bt = _t(x, True), _t(w, True), _t(b, True)
    (F.conv2d(xt, wt, bt, stride=stride, padding=pad) * _t(dout)).sum().backward()
    return xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()


def _numpy_forward(x, w, b, stride, pad):
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = sliding_window_view(xp, w.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
    return np.einsum("ncijuv,fcuv->nfij", windows, w) + b[None, :, None, None]


def _problem(rng, n, c, h, w, f, hh, ww):
    return (rng.normal(size=(n, c, h, w)), rng.normal(size=(f, c, hh, ww)), rng.normal(size=f))


def test_im2col_hand_example(ex, rng):
    cols = ex.im2col(HAND_X, 2, 2, 1, 0)
    expected = np.array([[1.0, 2.0, 4.0, 5.0], [2.0, 3.0, 5.0, 6.0],
                         [4.0, 5.0, 7.0, 8.0], [5.0, 6.0, 8.0, 9.0]])
    expect_close(cols, expected, what="im2col(x, 2, 2, stride=1, pad=0)", rtol=0, atol=0,
                 how="by hand: one row per window position (i, j), each 2x2 window read row by row",
                 inputs={"x": HAND_X})


def test_im2col_matches_torch_unfold(ex, rng):
    for n, c, h, wd, _, hh, ww, stride, pad in SHAPES:
        x = rng.normal(size=(n, c, h, wd))
        expect_close(ex.im2col(x, hh, ww, stride, pad), _torch_im2col(x, hh, ww, stride, pad),
                     what=f"im2col(x, HH={hh}, WW={ww}, stride={stride}, pad={pad}) for x {x.shape}",
                     how="torch.nn.functional.unfold(x, (HH, WW), padding, stride), "
                         "transposed to one row per (n, i, j)",
                     rtol=0, atol=0, inputs={"x": x})


def test_col2im_hand_example(ex, rng):
    got = ex.col2im(np.ones((4, 4)), (1, 1, 3, 3), 2, 2, 1, 0)
    expect_close(got, np.array([[[[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]]]),
                 what="col2im(ones((4, 4)), (1, 1, 3, 3), 2, 2, stride=1, pad=0)", rtol=0, atol=0,
                 how="by hand: each pixel receives 1 from every 2x2 window that covers it")


def test_col2im_matches_torch_fold(ex, rng):
    for n, c, h, wd, _, hh, ww, stride, pad in SHAPES:
        rows = n * (1 + (h + 2 * pad - hh) // stride) * (1 + (wd + 2 * pad - ww) // stride)
        cols = rng.normal(size=(rows, c * hh * ww))
        x_shape = (n, c, h, wd)
        expect_close(ex.col2im(cols, x_shape, hh, ww, stride, pad),
                     _torch_col2im(cols, x_shape, hh, ww, stride, pad),
                     what=f"col2im(cols, {x_shape}, HH={hh}, WW={ww}, stride={stride}, pad={pad})",
                     how="torch.nn.functional.fold (sums overlapping windows, drops the padding)",
                     rtol=1e-12, atol=1e-12, inputs={"cols": cols})


def test_forward_matches_torch_conv2d(ex, rng):
    for n, c, h, wd, f, hh, ww, stride, pad in SHAPES:
        x, w, b = _problem(rng, n, c, h, wd, f, hh, ww)
        param = {"stride": stride, "pad": pad}
        out, cache = ex.conv_forward_im2col(x, w, b, param)
        expect(isinstance(cache, (tuple, list, dict)),
               "the cache must be plain data, such as the tuple (x, w, b, conv_param, cols)",
               got=type(cache).__name__)
        expected = _torch_forward(x, w, b, stride, pad)
        expect_close(out, expected, what=f"out for x {x.shape}, w {w.shape}, {param}",
                     how="torch.nn.functional.conv2d(x, w, b, stride, padding) in float64",
                     rtol=1e-10, atol=1e-12, inputs={"x": x, "w": w, "b": b, "conv_param": param})


def test_backward_matches_torch_autograd(ex, rng):
    for n, c, h, wd, f, hh, ww, stride, pad in SHAPES:
        x, w, b = _problem(rng, n, c, h, wd, f, hh, ww)
        param = {"stride": stride, "pad": pad}
        out, cache = ex.conv_forward_im2col(x, w, b, param)
        dout = rng.normal(size=np.shape(out))
        dx_ref, dw_ref, db_ref = _torch_backward(x, w, b, stride, pad, dout)
        dx, dw, db = ex.conv_backward_im2col(dout, cache)
        how = "torch autograd: conv2d, then sum(out * dout).backward()"
        inputs = {"x": x, "w": w, "b": b, "conv_param": param, "dout": dout}
        label = f"for x {x.shape}, w {w.shape}, {param}"
        expect_close(dx, dx_ref, what=f"dx {label}", how=how, rtol=1e-9, atol=1e-10, inputs=inputs)
        expect_close(dw, dw_ref, what=f"dw {label}", how=how, rtol=1e-9, atol=1e-10, inputs=inputs)
        expect_close(db, db_ref, what=f"db {label}", how=how, rtol=1e-9, atol=1e-10, inputs=inputs)


def test_backward_matches_central_difference(ex, rng):
    n, c, h, wd, f, hh, ww, stride, pad = 2, 2, 4, 5, 2, 3, 2, 1, 1
    x, w, b = _problem(rng, n, c, h, wd, f, hh, ww)
    param = {"stride": stride, "pad": pad}
    out, cache = ex.conv_forward_im2col(x, w, b, param)
    dout = rng.normal(size=np.shape(out))
    dx, dw, db = ex.conv_backward_im2col(dout, cache)
    how = "central_difference of L = sum(out * dout), out from a NumPy sliding-window einsum"
    inputs = {"x": x, "w": w, "b": b, "conv_param": param, "dout": dout}
    numeric = central_difference(lambda v: np.sum(_numpy_forward(v, w, b, stride, pad) * dout), x)
    expect_close(dx, numeric, what="dx", how=how, rtol=1e-6, atol=1e-7, inputs=inputs)
    numeric = central_difference(lambda v: np.sum(_numpy_forward(x, v, b, stride, pad) * dout), w)
    expect_close(dw, numeric, what="dw", how=how, rtol=1e-6, atol=1e-7, inputs=inputs)
    numeric = central_difference(lambda v: np.sum(_numpy_forward(x, w, v, stride, pad) * dout), b)
    expect_close(db, numeric, what="db", how=how, rtol=1e-6, atol=1e-7, inputs=inputs)
