"""Checks for the affine layer (references: np.tensordot for the forward pass, central
differences of L = sum(out * dout) for the backward pass)."""
import numpy as np

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, (d_1, ..., d_k), M): k = 1 is a plain (N, D) matrix, k = 2 and 3 need flattening,
# k = 0 is x of shape (N,) with D = 1.
SHAPES = [(1, (3,), 2), (4, (6,), 5), (3, (2, 3), 4), (2, (2, 3, 2), 3), (5, (4, 1), 1),
          (4, (), 3)]


def _reference_forward(x, w, b):
    """Contract every non-batch axis of x with the matching axes of w viewed as (d_1..d_k, M)."""
    k = x.ndim - 1
    return np.tensordot(x, w.reshape(*x.shape[1:], w.shape[1]), axes=k) + b


def _problem(rng, n, dims, m):
    x = rng.normal(size=(n, *dims))
    w = rng.normal(size=(int(np.prod(dims)), m))
    b = rng.normal(size=m)
    return x, w, b


def test_forward_hand_example(ex, rng):
    x = np.array([[1.0, 2.0]])
    w = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 1.0]])
    b = np.array([0.0, 0.0, 10.0])
    out, _ = ex.affine_forward(x, w, b)
    expect_close(out, np.array([[1.0, 2.0, 11.0]]), what="out", how="by hand: [1, 2] @ w + b",
                 rtol=1e-12, atol=1e-12, inputs={"x": x, "w": w, "b": b})


def test_forward_matches_tensordot(ex, rng):
    for n, dims, m in SHAPES:
        x, w, b = _problem(rng, n, dims, m)
        out, _ = ex.affine_forward(x, w, b)
        expect_close(out, _reference_forward(x, w, b), what=f"out for x of shape {x.shape}",
                     how="np.tensordot(x, w.reshape(d_1..d_k, M), axes=k) + b",
                     rtol=1e-10, atol=1e-12, inputs={"x": x, "w": w, "b": b})


def test_cache_is_plain_data(ex, rng):
    x, w, b = _problem(rng, 2, (3,), 2)
    _, cache = ex.affine_forward(x, w, b)
    expect(isinstance(cache, (tuple, list)),
           "the cache must be plain data: a tuple of NumPy arrays such as (x, w, b)",
           got=type(cache).__name__)
    expect(all(isinstance(item, (np.ndarray, float, int)) for item in cache),
           "every item of the cache must be a NumPy array or a number",
           got=[type(item).__name__ for item in cache])


def test_backward_hand_example(ex, rng):
    x = np.array([[1.0, 2.0]])
    w = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 1.0]])
    b = np.array([0.0, 0.0, 10.0])
    dout = np.ones((1, 3))
    _, cache = ex.affine_forward(x, w, b)
    dx, dw, db = ex.affine_backward(dout, cache)
    inputs = {"x": x, "w": w, "b": b, "dout": dout}
    expect_close(dx, np.array([[0.0, 2.0]]), what="dx", how="by hand: dout @ w.T",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(dw, np.array([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]), what="dw",
                 how="by hand: x.T @ dout", rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(db, np.array([1.0, 1.0, 1.0]), what="db", how="by hand: dout summed over rows",
                 rtol=1e-12, atol=1e-12, inputs=inputs)


def test_backward_matches_central_difference(ex, rng):
    for n, dims, m in SHAPES:
        x, w, b = _problem(rng, n, dims, m)
        dout = rng.normal(size=(n, m))
        _, cache = ex.affine_forward(x, w, b)
        dx, dw, db = ex.affine_backward(dout, cache)
        how = "central_difference of L = sum(out * dout), out from np.tensordot"
        inputs = {"x": x, "w": w, "b": b, "dout": dout}
        expect_close(dx, central_difference(lambda v: np.sum(_reference_forward(v, w, b) * dout), x),
                     what=f"dx for x of shape {x.shape}", how=how, rtol=1e-6, atol=1e-7,
                     inputs=inputs)
        expect_close(dw, central_difference(lambda v: np.sum(_reference_forward(x, v, b) * dout), w),
                     what=f"dw for x of shape {x.shape}", how=how, rtol=1e-6, atol=1e-7,
                     inputs=inputs)
        expect_close(db, central_difference(lambda v: np.sum(_reference_forward(x, w, v) * dout), b),
                     what=f"db for x of shape {x.shape}", how=how, rtol=1e-6, atol=1e-7,
                     inputs=inputs)
