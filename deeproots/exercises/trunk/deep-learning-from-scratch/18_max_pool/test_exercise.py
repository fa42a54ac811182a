"""Checks for naive max pooling (references: torch.nn.functional.max_pool2d and its autograd
on inputs without ties, a NumPy sliding-window max with central differences, and hand-made
windows with ties for the first-max rule)."""
import numpy as np
import torch
import torch.nn.functional as F
from numpy.lib.stride_tricks import sliding_window_view

from deeproots.grading.checks import central_difference, expect, expect_close


# (N, C, H, W, PH, PW, stride): tiling windows, overlapping windows (stride < pool),
# a non-square pool, inputs that do not tile (the last row/column is dropped), a stride
# larger than the pool (pixels skipped), one window covering the whole input.
SHAPES = [
    (1, 1, 4, 4, 2, 2, 2),
    (2, 3, 6, 6, 2, 2, 2),
    (2, 2, 7, 7, 3, 3, 2),
    (1, 2, 5, 6, 2, 3, 1),
    (3, 1, 7, 5, 2, 2, 2),
    (2, 2, 6, 8, 3, 2, 3),
    (1, 1, 3, 3, 3, 3, 1),
]

HAND_X = np.array([[[[1.0, 3.0, 2.0, 0.0],
                     [4.0, 1.0, 1.0, 2.0],
                     [5.0, 0.0, 9.0, 8.0],
                     [6.0, 7.0, 3.0, 8.0]]]])
HAND_POOL = {"pool_height": 2, "pool_width": 2, "stride": 2}


def _distinct(rng, shape):
    """Values at least 0.5 apart (a shuffled 0..size-1 plus jitter < 0.5): no ties, and a
    central-difference step of 1e-6 cannot change which entry is the maximum."""
    size = int(np.prod(shape))
    return (rng.permutation(size) + rng.uniform(0.0, 0.5, size=size)).reshape(shape) / 4.0 - size / 8.0


def _param(ph, pw, stride):
    return {"pool_height": ph, "pool_width": pw, "stride": stride}


def _torch_forward(x, ph, pw, stride):
    return F.max_pool2d(torch.from_numpy(x), (ph, pw), stride=stride).numpy()


def _torch_backward(x, ph, pw, stride, dout):
    xt = torch.tensor(x, requires_grad=True)
    (F.max_pool2d(xt, (ph, pw), stride=stride) * torch.from_numpy(dout)).sum().backward()
    return xt.grad.numpy()


def _numpy_forward(x, ph, pw, stride):
    windows = sliding_window_view(x, (ph, pw), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.max(axis=(-2, -1))


def test_forward_hand_example(ex, rng):
    out, _ = ex.max_pool_forward_naive(HAND_X, HAND_POOL)
    expect_close(out, np.array([[[[4.0, 2.0], [7.0, 9.0]]]]), what="out",
                 how="by hand: the maximum of each 2x2 block", rtol=0, atol=0,
                 inputs={"x": HAND_X, "pool_param": HAND_POOL})


def test_cache_is_plain_data(ex, rng):
    _, cache = ex.max_pool_forward_naive(_distinct(rng, (1, 2, 4, 4)), HAND_POOL)
    expect(isinstance(cache, (tuple, list, dict)),
           "the cache must be plain data, such as the tuple (x, pool_param)",
           got=type(cache).__name__)


def test_forward_matches_torch_max_pool2d(ex, rng):
    for n, c, h, w, ph, pw, stride in SHAPES:
        x = _distinct(rng, (n, c, h, w))
        param = _param(ph, pw, stride)
        out, _ = ex.max_pool_forward_naive(x, param)
        expected = _torch_forward(x, ph, pw, stride)
        expect_close(out, expected, what=f"out for x {x.shape}, {param}",
                     how="torch.nn.functional.max_pool2d(x, (PH, PW), stride)", rtol=0, atol=0,
                     inputs={"x": x, "pool_param": param})


def test_backward_hand_example_with_a_tie(ex, rng):
    dout = np.array([[[[10.0, 20.0], [30.0, 40.0]]]])
    _, cache = ex.max_pool_forward_naive(HAND_X, HAND_POOL)
    dx = ex.max_pool_backward_naive(dout, cache)
    expected = np.array([[[[0.0, 0.0, 20.0, 0.0],
                           [10.0, 0.0, 0.0, 0.0],
                           [0.0, 0.0, 40.0, 0.0],
                           [0.0, 30.0, 0.0, 0.0]]]])
    expect_close(dx, expected, what="dx", rtol=0, atol=0,
                 how="by hand: each dout to its window's max; the window [[2, 0], [1, 2]] has a "
                     "tie and its first 2 in row-major order, at (0, 2), gets all of 20",
                 inputs={"x": HAND_X, "pool_param": HAND_POOL, "dout": dout})


def test_ties_go_to_the_first_maximum(ex, rng):
    cases = [
        # A constant window: the top-left entry gets everything.
        (np.full((1, 1, 2, 2), 3.0), _param(2, 2, 2), np.array([[[[5.0]]]]),
         np.array([[[[5.0, 0.0], [0.0, 0.0]]]]), "all four entries tie: (0, 0) gets 5"),
        # A 2x3 window: 5 at (0, 2), (1, 0) and (1, 2); the first in row-major order is (0, 2).
        (np.array([[[[1.0, 2.0, 5.0], [5.0, 0.0, 5.0]]]]), _param(2, 3, 1), np.array([[[[2.0]]]]),
         np.array([[[[0.0, 0.0, 2.0], [0.0, 0.0, 0.0]]]]),
         "5 appears at (0, 2), (1, 0), (1, 2): (0, 2) comes first reading row by row"),
        # Overlapping 2x2 windows, stride 1: window (0, 0) has the tie 4 at (0, 1) and (1, 0)
        # -> (0, 1); window (0, 1) has its single max 4 at (0, 1) too: both add up there.
        (np.array([[[[0.0, 4.0, 1.0], [4.0, 2.0, 3.0]]]]), _param(2, 2, 1), np.array([[[[1.0, 10.0]]]]),
         np.array([[[[0.0, 11.0, 0.0], [0.0, 0.0, 0.0]]]]),
         "both overlapping windows pick the 4 at (0, 1): 1 + 10 accumulate there"),
    ]
    for x, param, dout, expected, why in cases:
        _, cache = ex.max_pool_forward_naive(x, param)
        dx = ex.max_pool_backward_naive(dout, cache)
        expect_close(dx, expected, what=f"dx for a window with ties, {param}", rtol=0, atol=0,
                     how=f"by hand, first maximum in row-major order: {why}",
                     inputs={"x": x, "pool_param": param, "dout": dout})


def test_backward_matches_torch_autograd(ex, rng):
    for n, c, h, w, ph, pw, stride in SHAPES:
        x = _distinct(rng, (n, c, h, w))
        param = _param(ph, pw, stride)
        out, cache = ex.max_pool_forward_naive(x, param)
        dout = rng.normal(size=np.shape(out))
        dx = ex.max_pool_backward_naive(dout, cache)
        expect_close(dx, _torch_backward(x, ph, pw, stride, dout), what=f"dx for x {x.shape}, {param}",
                     how="torch autograd: max_pool2d, then sum(out * dout).backward()",
                     rtol=1e-12, atol=1e-12, inputs={"x": x, "pool_param": param, "dout": dout})


def test_backward_matches_central_difference(ex, rng):
    for n, c, h, w, ph, pw, stride in [(1, 2, 4, 5, 2, 2, 1), (2, 1, 7, 6, 3, 2, 2)]:
        x = _distinct(rng, (n, c, h, w))
        param = _param(ph, pw, stride)
        out, cache = ex.max_pool_forward_naive(x, param)
        dout = rng.normal(size=np.shape(out))
        dx = ex.max_pool_backward_naive(dout, cache)
        numeric = central_difference(lambda v: np.sum(_numpy_forward(v, ph, pw, stride) * dout), x)
        expect_close(dx, numeric, what=f"dx for x {x.shape}, {param}",
                     how="central_difference of L = sum(out * dout), out from a NumPy sliding-window max",
                     rtol=1e-6, atol=1e-7, inputs={"x": x, "pool_param": param, "dout": dout})
