"""Checks for the temporal affine layer (references: torch.nn.functional.linear in float64
for the forward pass, torch autograd and central differences of a NumPy einsum for the
backward pass, and a hand-worked case)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, T, D, M): T = 1, N = 1, N != T both ways, D != M both ways, M = 1.
SHAPES = [(1, 1, 2, 3), (3, 1, 4, 2), (1, 4, 3, 5), (2, 3, 4, 6), (4, 2, 5, 3), (3, 5, 2, 1)]
NAMES = ("dx", "dw", "db")


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _problem(rng, n, steps, d, m):
    return rng.normal(size=(n, steps, d)), rng.normal(size=(d, m)), rng.normal(size=m)


def _reference(x, w, b):
    return np.einsum("ntd,dm->ntm", x, w) + b


def _cases(rng):
    for n, steps, d, m in SHAPES:
        yield (n, steps, d, m), _problem(rng, n, steps, d, m), rng.normal(size=(n, steps, m))


def test_hand_example(ex, rng):
    x, w, b = np.array([[[1.0, 2.0], [3.0, 4.0]]]), np.array([[1.0], [-1.0]]), np.array([0.5])
    out, cache = ex.temporal_affine_forward(x, w, b)
    inputs = {"x": x, "w": w, "b": b, "dout": np.array([[[1.0], [2.0]]])}
    expect_close(out, np.array([[[-0.5], [-0.5]]]), what="out", how="by hand: 1 - 2 + 0.5 and 3 - 4 + 0.5",
                 rtol=0, atol=1e-12, inputs=inputs)
    grads = ex.temporal_affine_backward(inputs["dout"], cache)
    wants = (np.array([[[1.0, -1.0], [2.0, -2.0]]]), np.array([[7.0], [10.0]]), np.array([3.0]))
    hows = ("by hand: dout[t] * w.T", "by hand: 1*1 + 3*2 and 2*1 + 4*2", "by hand: 1 + 2")
    for name, got, want, how in zip(NAMES, grads, wants, hows):
        expect_close(got, want, what=name, how=how, rtol=0, atol=1e-12, inputs=inputs)


def test_forward_matches_torch(ex, rng):
    for shape, (x, w, b), _ in _cases(rng):
        out, _ = ex.temporal_affine_forward(x, w, b)
        expect_close(out, F.linear(_t(x), _t(w.T), _t(b)).numpy(), what=f"out for (N, T, D, M) = {shape}",
                     how="torch.nn.functional.linear(x, w.T, b), float64", rtol=1e-12, atol=1e-12,
                     inputs={"x": x, "w": w, "b": b})


def test_cache_is_plain_data(ex, rng):
    _, cache = ex.temporal_affine_forward(*_problem(rng, 2, 3, 2, 2))
    expect(isinstance(cache, (tuple, list, dict)),
           "the cache must be plain data: e.g. the tuple (x, w)", got=type(cache).__name__)


def test_backward_matches_torch_autograd(ex, rng):
    for shape, args, dout in _cases(rng):
        _, cache = ex.temporal_affine_forward(*args)
        grads = ex.temporal_affine_backward(dout, cache)
        expect(isinstance(grads, (tuple, list)) and len(grads) == 3,
               "temporal_affine_backward must return the tuple (dx, dw, db)", got=type(grads).__name__)
        leaves = [_t(a, True) for a in args]
        (F.linear(leaves[0], leaves[1].T, leaves[2]) * _t(dout)).sum().backward()
        inputs = {**dict(zip(("x", "w", "b"), args)), "dout": dout}
        for name, got, leaf in zip(NAMES, grads, leaves):
            expect_close(got, leaf.grad.numpy(), what=f"{name} for (N, T, D, M) = {shape}",
                         how="torch autograd of sum(F.linear(x, w.T, b) * dout), float64 "
                             "(dw and db sum over N and T)", rtol=1e-10, atol=1e-12, inputs=inputs)


def test_backward_matches_central_difference(ex, rng):
    for shape, args, dout in _cases(rng):
        _, cache = ex.temporal_affine_forward(*args)
        grads = ex.temporal_affine_backward(dout, cache)
        inputs = {**dict(zip(("x", "w", "b"), args)), "dout": dout}
        for k, (name, got) in enumerate(zip(NAMES, grads)):
            def loss(v, k=k):
                varied = list(args)
                varied[k] = v
                return np.sum(_reference(*varied) * dout)
            expect_close(got, central_difference(loss, args[k]), what=f"{name} for (N, T, D, M) = {shape}",
                         how="central_difference of L = sum((einsum('ntd,dm->ntm', x, w) + b) * dout)",
                         rtol=1e-6, atol=1e-8, inputs=inputs)
