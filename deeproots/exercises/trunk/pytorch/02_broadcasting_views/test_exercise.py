"""Checks for broadcasting and views (references: scipy.spatial.distance.cdist, np.einsum,
np.transpose, np.tile, and the storages of the same views built here in PyTorch)."""
import numpy as np
import torch
from scipy.spatial.distance import cdist

from deeproots.grading.checks import expect, expect_close, expect_equal


def _t(array):
    return torch.from_numpy(np.array(array, dtype=np.float64))


def _expect_tensor(value, what):
    expect(isinstance(value, torch.Tensor), f"{what} must be a torch.Tensor",
           got=type(value).__name__)


def test_pairwise_distances_hand_example(ex, rng):
    X, Y = [[0.0, 0.0], [3.0, 4.0]], [[0.0, 0.0], [0.0, 4.0]]
    D = ex.pairwise_distances(_t(X), _t(Y))
    _expect_tensor(D, "pairwise_distances(...)")
    expect_close(D, np.array([[0.0, 4.0], [5.0, 3.0]]), what="pairwise_distances(X, Y)",
                 how="by hand: |(3, 4)| = 5, |(3, 0)| = 3", rtol=1e-12, atol=1e-12,
                 inputs={"X": np.array(X), "Y": np.array(Y)})


def test_pairwise_distances_match_scipy(ex, rng):
    # (n, m, d): n != m everywhere but one case, so broadcasting the wrong way shows in the shape.
    for n, m, d, scale in [(1, 1, 1, 1.0), (5, 3, 2, 1.0), (2, 7, 4, 3.0), (6, 6, 3, 1.0),
                           (4, 9, 1, 1000.0)]:
        X, Y = rng.normal(scale=scale, size=(n, d)), rng.normal(scale=scale, size=(m, d))
        expect_close(ex.pairwise_distances(_t(X), _t(Y)), cdist(X, Y),
                     what=f"pairwise_distances for (n, m, d) = {(n, m, d)}",
                     how="scipy.spatial.distance.cdist(X, Y)", rtol=1e-8, atol=1e-7 * scale,
                     inputs={"X": X, "Y": Y})


def test_pairwise_distances_of_a_set_with_itself(ex, rng):
    X = rng.normal(size=(5, 3))
    X[3] = X[1]  # a duplicate point: distance exactly 0 off the diagonal too
    D = ex.pairwise_distances(_t(X), _t(X))
    expect_close(D, cdist(X, X), what="pairwise_distances(X, X) (zero diagonal, a duplicate row)",
                 how="scipy.spatial.distance.cdist(X, X)", rtol=1e-8, atol=1e-6, inputs={"X": X})


def test_pairwise_distances_non_contiguous_inputs(ex, rng):
    X, Y = rng.normal(size=(3, 4)), rng.normal(size=(5, 4))
    Xt = torch.from_numpy(np.ascontiguousarray(X.T)).T  # same values, strides (1, 3)
    expect_close(ex.pairwise_distances(Xt, _t(Y)), cdist(X, Y),
                 what="pairwise_distances with a non-contiguous X (a transposed tensor)",
                 how="scipy.spatial.distance.cdist(X, Y)", rtol=1e-8, atol=1e-9,
                 inputs={"X": X, "Y": Y})


def test_batched_outer(ex, rng):
    out = ex.batched_outer(_t([[1.0, 2.0]]), _t([[3.0, 4.0, 5.0]]))
    _expect_tensor(out, "batched_outer(...)")
    expect_close(out, np.array([[[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]]]),
                 what="batched_outer([[1, 2]], [[3, 4, 5]])", how="by hand: [1, 2]^T [3, 4, 5]",
                 rtol=1e-12, atol=1e-12)
    for B, n, m in [(1, 1, 1), (4, 2, 3), (3, 5, 1), (2, 4, 4)]:
        a, b = rng.normal(size=(B, n)), rng.normal(size=(B, m))
        expect_close(ex.batched_outer(_t(a), _t(b)), np.einsum("ki,kj->kij", a, b),
                     what=f"batched_outer for (B, n, m) = {(B, n, m)}",
                     how="np.einsum('ki,kj->kij', a, b)", rtol=1e-12, atol=1e-12,
                     inputs={"a": a, "b": b})


def test_flatten_features(ex, rng):
    for shape in [(2, 3, 4, 5), (1, 7), (3, 1, 2), (4, 2, 1, 1)]:
        x = rng.normal(size=shape)
        out = ex.flatten_features(_t(x))
        _expect_tensor(out, "flatten_features(...)")
        expect_close(out, x.reshape(shape[0], -1), what=f"flatten_features of shape {shape}",
                     how="np.reshape(x, (N, -1))", rtol=0, atol=0, inputs={"x": x})


def test_flatten_features_non_contiguous_inputs(ex, rng):
    # Images stored channels-last and seen as (N, C, H, W), and a transposed matrix: a view
    # cannot merge their axes, reshape copies.
    x_nhwc = rng.normal(size=(2, 3, 4, 5))
    x = torch.from_numpy(x_nhwc).permute(0, 3, 1, 2)
    expect_close(ex.flatten_features(x), np.transpose(x_nhwc, (0, 3, 1, 2)).reshape(2, -1),
                 what="flatten_features of a channels-last (N, C, H, W) = (2, 5, 3, 4) tensor",
                 how="np.transpose(x_nhwc, (0, 3, 1, 2)).reshape(N, -1)", rtol=0, atol=0,
                 inputs={"x (as N, C, H, W)": x.numpy()})
    M = rng.normal(size=(4, 3))
    expect_close(ex.flatten_features(torch.from_numpy(M).T), M.T.reshape(3, -1),
                 what="flatten_features of a transposed (3, 4) matrix", how="M.T itself",
                 rtol=0, atol=0, inputs={"M.T": M.T})


def test_to_tokens_hand_example(ex, rng):
    x = np.arange(4.0).reshape(1, 2, 1, 2)
    tokens = ex.to_tokens(_t(x))
    _expect_tensor(tokens, "to_tokens(...)")
    expect_close(tokens, np.array([[[0.0, 2.0], [1.0, 3.0]]]), what="to_tokens(x)",
                 how="by hand: token (h, w) = (channel 0, channel 1) at that pixel",
                 rtol=0, atol=0, inputs={"x": x})


def test_to_tokens_matches_numpy(ex, rng):
    for N, C, H, W in [(2, 3, 4, 5), (1, 3, 2, 2), (3, 1, 2, 3), (2, 4, 1, 1)]:
        x = rng.normal(size=(N, C, H, W))
        expected = np.transpose(x, (0, 2, 3, 1)).reshape(N, H * W, C)
        expect_close(ex.to_tokens(_t(x)), expected, what=f"to_tokens for (N, C, H, W) = {(N, C, H, W)}",
                     how="np.transpose(x, (0, 2, 3, 1)).reshape(N, H * W, C)", rtol=0, atol=0,
                     inputs={"x": x})


def test_to_tokens_non_contiguous_input(ex, rng):
    # Images stored channels-last in memory, seen as (N, C, H, W) through a permute.
    for N, C, H, W in [(2, 3, 4, 5), (1, 2, 3, 3)]:
        x_nhwc = rng.normal(size=(N, H, W, C))
        x = torch.from_numpy(x_nhwc).permute(0, 3, 1, 2)
        expect(not x.is_contiguous(), "internal: the input should be non-contiguous")
        expect_close(ex.to_tokens(x), x_nhwc.reshape(N, H * W, C),
                     what=f"to_tokens of a non-contiguous (N, C, H, W) = {(N, C, H, W)} tensor",
                     how="the channels-last array it is a view of, reshaped to (N, H * W, C)",
                     rtol=0, atol=0, inputs={"x (as N, C, H, W)": x.numpy()})


def test_shares_storage_basic(ex, rng):
    a, b = _t(rng.normal(size=(3, 2))), _t(rng.normal(size=(3, 2)))
    expect_equal(ex.shares_storage(a, b), False, what="shares_storage(a, b) of two separate tensors",
                 how="two tensors made separately never share memory")
    expect_equal(ex.shares_storage(a, a), True, what="shares_storage(a, a)", how="a tensor shares its own storage")


def _storage_of(t):
    return t.untyped_storage().data_ptr()


def test_storage_report(ex, rng):
    for m, n in [(2, 2), (3, 5), (4, 2)]:
        x = _t(rng.normal(size=(m, n)))
        ops = {
            "transpose": x.T, "row_slice": x[1:], "column": x[:, 1], "reshape": x.reshape(-1),
            "transpose_reshape": x.T.reshape(-1), "transpose_contiguous": x.T.contiguous(),
            "expand": x[:1].expand(3, n), "repeat": x[:1].repeat(3, 1), "index_list": x[[0, 1]],
            "clone": x.clone(),
        }
        report = ex.storage_report(x)
        expect(isinstance(report, dict), "storage_report must return a dict", got=report)
        expect_equal(sorted(report), sorted(ops), what="the keys of storage_report(x)",
                     how="the ten names of the docstring's table")
        for name, tensor in ops.items():
            expect_equal(report[name], _storage_of(tensor) == _storage_of(x),
                         what=f"storage_report(x)[{name!r}] for x of shape {(m, n)}",
                         how="the same operation here, comparing untyped_storage().data_ptr()",
                         inputs={"x": x.numpy()})


def test_expand_vs_repeat(ex, rng):
    result = ex.expand_vs_repeat(_t([1.0, 2.0]), 2)
    expect(isinstance(result, dict), "expand_vs_repeat must return a dict", got=result)
    expect_close(result["expanded"], np.array([[2.0, 3.0], [2.0, 3.0]]), what="expanded ([1, 2], n = 2)",
                 how="by hand: a view of base, which became [2, 3] after base.add_(1)", rtol=0, atol=0)
    expect_close(result["repeated"], np.array([[1.0, 2.0], [1.0, 2.0]]), what="repeated ([1, 2], n = 2)",
                 how="by hand: a copy made before base.add_(1)", rtol=0, atol=0)
    for m, n in [(3, 4), (1, 3), (5, 1)]:
        v = rng.normal(size=m)
        result = ex.expand_vs_repeat(_t(v), n)
        inputs = {"v": v, "n": n}
        expect_close(result["expanded"], np.tile(v + 1.0, (n, 1)), what=f"expanded (m = {m}, n = {n})",
                     how="np.tile(v + 1, (n, 1)): the expanded view sees the in-place add",
                     rtol=1e-15, atol=1e-15, inputs=inputs)
        expect_close(result["repeated"], np.tile(v, (n, 1)), what=f"repeated (m = {m}, n = {n})",
                     how="np.tile(v, (n, 1)): repeat copied v before the add", rtol=0, atol=0,
                     inputs=inputs)
        reference = _t(v)
        expect_equal(tuple(result["expanded_stride"]), tuple(reference.expand(n, m).stride()),
                     what=f"expanded_stride (m = {m}, n = {n})",
                     how="torch expand here: stride 0 along the new axis", inputs=inputs)
        expect_equal(tuple(result["repeated_stride"]), tuple(reference.repeat(n, 1).stride()),
                     what=f"repeated_stride (m = {m}, n = {n})",
                     how="torch repeat here: a contiguous (n, m) tensor", inputs=inputs)


def test_set_diagonal(ex, rng):
    out = ex.set_diagonal(_t(np.zeros((2, 3))), _t([1.0, 2.0]))
    _expect_tensor(out, "set_diagonal(...)")
    expect_close(out, np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]]), what="set_diagonal(zeros(2, 3), [1, 2])",
                 how="by hand", rtol=0, atol=0)
    for m, n in [(1, 1), (4, 4), (5, 3), (2, 6)]:
        A, values = rng.normal(size=(m, n)), rng.normal(size=min(m, n))
        expected = A.copy()
        np.fill_diagonal(expected, values)
        expect_close(ex.set_diagonal(_t(A), _t(values)), expected,
                     what=f"set_diagonal for A of shape {(m, n)}", how="np.fill_diagonal on a copy of A",
                     rtol=0, atol=0, inputs={"A": A, "values": values})
