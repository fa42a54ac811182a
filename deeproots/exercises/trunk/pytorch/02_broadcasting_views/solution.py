"""Broadcasting and views: pairwise distances without loops, and what shares memory.

Source: PyTorch docs, "Broadcasting semantics" (pytorch.org/docs/stable/notes/broadcasting.html)
and "Tensor Views" (pytorch.org/docs/stable/tensor_view.html); Stanford CS231n "Python
Numpy Tutorial", section "Broadcasting", and assignment 1 (knn: compute_distances_no_loops);
Edward Z. Yang, "PyTorch internals" (blog, 2019), the part on strides and storage.
https://pytorch.org/docs/stable/notes/broadcasting.html

Broadcasting. Two shapes are aligned from the right; a dimension of size 1 (or a missing
one) is stretched to match the other, without copying. Insert size-1 axes with None (or
unsqueeze) to choose which axes pair up:

    X[:, None, :] - Y[None, :, :]    (n, 1, d) - (1, m, d) -> (n, m, d): every pair (i, j)

1. pairwise_distances(X, Y): D[i, j] = ||X[i] - Y[j]|| = sqrt(sum_k (X[i, k] - Y[j, k])^2).
   X (n, d), Y (m, d) -> D (n, m). No Python loop; torch.cdist is off limits (it is the
   answer), and so is torch.einsum (this exercise is about broadcasting).
2. batched_outer(a, b): out[k, i, j] = a[k, i] * b[k, j].   a (B, n), b (B, m) -> (B, n, m).

Views. A tensor is a storage (a flat block of memory) plus a shape, strides and an offset:
element [i, j] lives at storage[offset + i * stride[0] + j * stride[1]]. A view (x.T,
x[1:], x[:, 1], x.view(...), x.permute(...), x.expand(...), x.diagonal()) is a new header
on the SAME storage: no copy, and writing through it writes into x. A contiguous (m, n) x
has strides (n, 1); x.T has shape (n, m) and strides (1, n): it is not contiguous, and
x.T.view(-1) fails (RuntimeError: "view size is not compatible with input tensor's size
and stride") because no single stride walks its elements in row-major order, while
x.T.reshape(-1) makes a copy when it must. .contiguous() copies only non-contiguous
tensors. Advanced indexing (x[[0, 1]], x[mask]), .clone() and .repeat() always copy.

3. flatten_features(x): (N, d1, d2, ...) -> (N, d1 * d2 * ...), what a CNN does before its
   first linear layer. x may be non-contiguous (a transposed tensor, images stored
   channels-last): x.view(N, -1) then raises, x.reshape(N, -1) copies only when it must.
4. to_tokens(x): images (N, C, H, W) -> tokens (N, H * W, C), one token per pixel, as a
   vision transformer or a 1x1 convolution sees them: tokens[n, h * W + w, c] = x[n, c, h, w].
   Move the channel axis last with permute, then merge H and W with reshape.
   x.reshape(N, H * W, C) alone gives the right shape and the wrong numbers: reshape
   reads the elements in row-major order, it never moves an axis.
5. shares_storage(a, b) -> bool: do a and b use the same storage? Compare
   a.untyped_storage().data_ptr() with b's. (a.data_ptr() is the address of a's FIRST
   ELEMENT: x[1:] shares x's storage but starts one row later.)
6. storage_report(x) -> dict of bools, for a contiguous 2-D x (m, n) with m, n >= 2: for
   each name below, shares_storage(x, that tensor):
       "transpose": x.T                    "row_slice": x[1:]
       "column": x[:, 1]                   "reshape": x.reshape(-1)
       "transpose_reshape": x.T.reshape(-1)
       "transpose_contiguous": x.T.contiguous()
       "expand": x[:1].expand(3, n)        "repeat": x[:1].repeat(3, 1)
       "index_list": x[[0, 1]]             "clone": x.clone()
7. expand_vs_repeat(v, n): v (m,). Make base = v.clone(); expanded = base.expand(n, m)
   (a view with stride (0, 1): every row is the same memory) and repeated = base.repeat(n, 1)
   (a real (n, m) copy); THEN add 1 to base in place (base.add_(1.0)). Return the dict
   {"expanded": expanded, "repeated": repeated, "expanded_stride": tuple(expanded.stride()),
    "repeated_stride": tuple(repeated.stride())}. The expanded rows show v + 1, the repeated
   rows still show v.
8. set_diagonal(A, values): A (m, n), values (min(m, n),) -> a copy of A whose main diagonal
   is values. Work on A = A.clone(), take the view d = A.diagonal() and write into it in
   place (d.copy_(values)); `d = values` only rebinds the name and leaves A unchanged.

Dtypes: float64 tensors in the checks; results are tensors except the bools, the strides
(tuples of ints) and the dicts.

Tiny examples:
  * pairwise_distances([[0, 0], [3, 4]], [[0, 0], [0, 4]]) = [[0, 4], [5, 3]].
  * batched_outer([[1, 2]], [[3, 4, 5]]) = [[[3, 4, 5], [6, 8, 10]]].
  * flatten_features of a (2, 3, 4, 5) tensor has shape (2, 60).
  * to_tokens(arange(4.).reshape(1, 2, 1, 2)): channel 0 is [[0, 1]], channel 1 is [[2, 3]];
    the tokens are [[[0, 2], [1, 3]]] (x.reshape(1, 2, 2) would give [[[0, 1], [2, 3]]]).
  * expand_vs_repeat([1., 2.], 2): expanded [[2, 3], [2, 3]] (stride (0, 1)),
    repeated [[1, 2], [1, 2]] (stride (2, 1)).

Do not use: torch.cdist, torch.einsum.
"""
import torch


def pairwise_distances(X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """Return D (n, m) with D[i, j] = ||X[i] - Y[j]||, by broadcasting."""
    # TODO: X[:, None, :] - Y[None, :, :], square, sum over the last axis, sqrt.
    ### BEGIN SOLUTION
    diff = X[:, None, :] - Y[None, :, :]
    return (diff ** 2).sum(dim=-1).sqrt()
    ### END SOLUTION


def batched_outer(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return out (B, n, m) with out[k, i, j] = a[k, i] * b[k, j]."""
    # TODO: give a a trailing size-1 axis and b a middle one, then multiply.
    ### BEGIN SOLUTION
    return a[:, :, None] * b[:, None, :]
    ### END SOLUTION


def flatten_features(x: torch.Tensor) -> torch.Tensor:
    """Return x (N, d1, d2, ...) flattened to (N, d1 * d2 * ...), whatever its strides."""
    # TODO: one reshape; keep the first axis, -1 for the rest.
    ### BEGIN SOLUTION
    return x.reshape(x.shape[0], -1)
    ### END SOLUTION


def to_tokens(x: torch.Tensor) -> torch.Tensor:
    """Return the (N, H * W, C) tokens of the (N, C, H, W) images x."""
    # TODO: permute the channels last, then reshape (not view) to merge H and W.
    ### BEGIN SOLUTION
    N, C, H, W = x.shape
    return x.permute(0, 2, 3, 1).reshape(N, H * W, C)
    ### END SOLUTION


def shares_storage(a: torch.Tensor, b: torch.Tensor) -> bool:
    """Return True when a and b use the same underlying storage."""
    # TODO: compare untyped_storage().data_ptr() of both.
    ### BEGIN SOLUTION
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()
    ### END SOLUTION


def storage_report(x: torch.Tensor) -> dict[str, bool]:
    """Return {name: shares_storage(x, op(x))} for the ten operations of the docstring."""
    # TODO: build each tensor of the table above, then call shares_storage on it.
    ### BEGIN SOLUTION
    n = x.shape[1]
    tensors = {
        "transpose": x.T,
        "row_slice": x[1:],
        "column": x[:, 1],
        "reshape": x.reshape(-1),
        "transpose_reshape": x.T.reshape(-1),
        "transpose_contiguous": x.T.contiguous(),
        "expand": x[:1].expand(3, n),
        "repeat": x[:1].repeat(3, 1),
        "index_list": x[[0, 1]],
        "clone": x.clone(),
    }
    return {name: shares_storage(x, t) for name, t in tensors.items()}
    ### END SOLUTION


def expand_vs_repeat(v: torch.Tensor, n: int) -> dict:
    """Expand and repeat a clone of v to n rows, then add 1 to the clone in place; report."""
    # TODO: base = v.clone(); expand, repeat, base.add_(1.0); return the four entries.
    ### BEGIN SOLUTION
    base = v.clone()
    expanded = base.expand(n, base.shape[0])
    repeated = base.repeat(n, 1)
    base.add_(1.0)
    return {"expanded": expanded, "repeated": repeated,
            "expanded_stride": tuple(expanded.stride()),
            "repeated_stride": tuple(repeated.stride())}
    ### END SOLUTION


def set_diagonal(A: torch.Tensor, values: torch.Tensor) -> torch.Tensor:
    """Return a copy of A with its main diagonal replaced by values, written through a view."""
    # TODO: A = A.clone(); d = A.diagonal(); copy values into d in place; return A.
    ### BEGIN SOLUTION
    A = A.clone()
    d = A.diagonal()
    d.copy_(values)
    return A
    ### END SOLUTION
