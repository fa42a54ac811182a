"""Multi-head attention: project, split into heads, attend, merge, project; and backward.

Source: Vaswani et al., "Attention Is All You Need" (NeurIPS 2017), §3.2.2 (multi-head
attention); Stanford CS231n, assignment 3 "Transformer_Captioning.ipynb"
(cs231n/transformer_layers.py: MultiHeadAttention); Karpathy's nanoGPT, model.py
(CausalSelfAttention: one projection, q.view(B, T, n_head, C // n_head).transpose(1, 2)).
https://arxiv.org/abs/1706.03762

The idea. One attention averages with one set of weights per query. h heads attend h times
in parallel, each in its own d_head = D / h dimensional subspace, so different heads can
look at different positions; their outputs are concatenated and mixed by Wo:

    Q = query @ Wq + bq     K = key @ Wk + bk     V = value @ Wv + bv        (N, T, D)
    head j uses the features j*d_head : (j+1)*d_head of Q, K and V
    O_j = attention(Q_j, K_j, V_j, mask)        scaled by 1 / sqrt(d_head), NOT sqrt(D)
    out = concat_j(O_j) @ Wo + bo                                             (N, Tq, D)

Shapes: query (N, Tq, D), key and value (N, Tk, D) (self-attention passes the same x three
times); params is a dict with Wq, Wk, Wv, Wo of shape (D, D) (used as x @ W) and bq, bk,
bv, bo of shape (D,); num_heads h divides D. mask is the previous exercise's boolean mask
(True = may attend), broadcastable to (N, Tq, Tk) and the same for every head; None = all.

Splitting into heads. split_heads(x (N, T, D), h) returns (N * h, T, d_head) so that the
pasted 3-D attention attends each (example, head) pair separately: reshape to
(N, T, h, d_head), THEN transpose to (N, h, T, d_head), then reshape to (N * h, T, d_head);
row n * h + j is head j of example n. Reshaping straight to (N, h, T, d_head) is a
different thing: it cuts the flat memory of each example into h blocks of T * d_head
numbers, mixing time steps and features. merge_heads(x (N * h, T, d_head), h) is the
inverse, giving (N, T, D). The mask must follow the same order: repeat each example's
(Tq, Tk) mask h times in a row (np.repeat(..., h, axis=0) on the (N, Tq, Tk) mask).

Backward. mha_backward(dout (N, Tq, D), cache) returns (dquery, dkey, dvalue, grads) where
grads is a dict with keys "Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo" (shapes of
params). Walk back: dWo = merged^T dout and dbo = sum of dout over N and T (flatten
(N, T, D) to (N*T, D)); dmerged = dout @ Wo^T; split it into heads (split is a
permutation: its backward is the matching split of the gradient); attention_backward gives
the per-head dQ, dK, dV; merge them; then each projection as an affine layer:
dWq = query^T dQ, dbq = sum dQ, dquery = dQ @ Wq^T (the same for K and V). For
self-attention the gradient of x is dquery + dkey + dvalue.

Paste attention_forward and attention_backward from the scaled-dot-product-attention
exercise. Everything is NumPy; the cache must be plain data (tuples, dicts, arrays).
Do not use: torch.*.

Tiny example: with a single key (Tk = 1) every weight is 1, so every query returns that
key's value whatever the heads: out = (value @ Wv + bv) @ Wo + bo. split_heads of
x = [[[0, 1, 2, 3]]] (N = T = 1, D = 4) with h = 2 is [[[0, 1]], [[2, 3]]].
"""
import numpy as np


def attention_forward(q: np.ndarray, k: np.ndarray, v: np.ndarray,
                      mask: np.ndarray | None = None) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): softmax(q @ k^T / sqrt(d), masked) @ v, out of shape (N, Tq, dv)."""
    # TODO: paste your scaled-dot-product-attention solution.
    ### BEGIN SOLUTION
    scale = q.shape[-1] ** -0.5
    scores = q @ k.transpose(0, 2, 1) * scale
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    return weights @ v, (q, k, v, weights, scale)
    ### END SOLUTION


def attention_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dq, dk, dv) for the forward pass that produced cache."""
    # TODO: paste your scaled-dot-product-attention solution.
    ### BEGIN SOLUTION
    q, k, v, weights, scale = cache
    dv = weights.transpose(0, 2, 1) @ dout
    dweights = dout @ v.transpose(0, 2, 1)
    dscores = weights * (dweights - np.sum(dweights * weights, axis=2, keepdims=True))
    return dscores @ k * scale, dscores.transpose(0, 2, 1) @ q * scale, dv
    ### END SOLUTION


def split_heads(x: np.ndarray, num_heads: int) -> np.ndarray:
    """Return x (N, T, D) as (N * num_heads, T, D // num_heads), row n * h + j = head j of example n."""
    # TODO: reshape to (N, T, h, d_head), transpose to (N, h, T, d_head), reshape to (N * h, T, d_head).
    ### BEGIN SOLUTION
    n, steps, d = x.shape
    heads = x.reshape(n, steps, num_heads, d // num_heads).transpose(0, 2, 1, 3)
    return heads.reshape(n * num_heads, steps, d // num_heads)
    ### END SOLUTION


def merge_heads(x: np.ndarray, num_heads: int) -> np.ndarray:
    """Return x (N * num_heads, T, d_head) as (N, T, num_heads * d_head): the inverse of split_heads."""
    # TODO: reshape to (N, h, T, d_head), transpose to (N, T, h, d_head), reshape to (N, T, D).
    ### BEGIN SOLUTION
    nh, steps, d_head = x.shape
    merged = x.reshape(nh // num_heads, num_heads, steps, d_head).transpose(0, 2, 1, 3)
    return merged.reshape(nh // num_heads, steps, num_heads * d_head)
    ### END SOLUTION


def mha_forward(query: np.ndarray, key: np.ndarray, value: np.ndarray, params: dict,
                num_heads: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): multi-head attention of query (N, Tq, D) over key, value (N, Tk, D)."""
    # TODO: project, split_heads, repeat the mask per head, attention_forward, merge_heads, project with Wo, bo.
    ### BEGIN SOLUTION
    n, tq, _ = query.shape
    tk = key.shape[1]
    q = split_heads(query @ params["Wq"] + params["bq"], num_heads)
    k = split_heads(key @ params["Wk"] + params["bk"], num_heads)
    v = split_heads(value @ params["Wv"] + params["bv"], num_heads)
    if mask is not None:
        mask = np.repeat(np.broadcast_to(mask, (n, tq, tk)), num_heads, axis=0)
    heads, attention_cache = attention_forward(q, k, v, mask)
    merged = merge_heads(heads, num_heads)
    out = merged @ params["Wo"] + params["bo"]
    return out, (query, key, value, params, num_heads, merged, attention_cache)
    ### END SOLUTION


def mha_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    """Return (dquery, dkey, dvalue, grads) with grads a dict of the eight parameter gradients."""
    # TODO: back through Wo, split the gradient into heads, attention_backward, merge, back through each projection.
    ### BEGIN SOLUTION
    query, key, value, params, num_heads, merged, attention_cache = cache
    d = dout.shape[-1]
    grads = {"Wo": merged.reshape(-1, d).T @ dout.reshape(-1, d), "bo": dout.sum(axis=(0, 1))}
    dheads = split_heads(dout @ params["Wo"].T, num_heads)
    dq, dk, dv = attention_backward(dheads, attention_cache)
    inputs = {}
    for name, x, dproj in (("q", query, dq), ("k", key, dk), ("v", value, dv)):
        dproj = merge_heads(dproj, num_heads)
        grads["W" + name] = x.reshape(-1, d).T @ dproj.reshape(-1, d)
        grads["b" + name] = dproj.sum(axis=(0, 1))
        inputs[name] = dproj @ params["W" + name].T
    return inputs["q"], inputs["k"], inputs["v"], grads
    ### END SOLUTION
