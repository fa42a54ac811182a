"""Scaled dot-product attention with boolean masks: forward and backward.

Source: Vaswani et al., "Attention Is All You Need" (NeurIPS 2017), §3.2.1 (scaled
dot-product attention, equation 1) and §3.2.3 (masking the future in the decoder);
Stanford CS231n, assignment 3 "Transformer_Captioning.ipynb" (cs231n/transformer_layers.py:
MultiHeadAttention.forward); Karpathy's nanoGPT, model.py (CausalSelfAttention).
https://arxiv.org/abs/1706.03762

The idea. Each query asks "which keys look like me?": it scores every key with a dot
product, turns the scores into weights with a softmax, and returns the weighted average of
the values. Dividing the scores by sqrt(d) keeps their spread near 1 whatever the width d,
so the softmax does not saturate (Vaswani §3.2.1, footnote 4).

    scores  = q @ k^T / sqrt(d)                       (N, Tq, Tk)
    scores  = where(mask, scores, -inf)               masked positions can never win
    weights = softmax(scores) over the LAST axis      each query's weights sum to 1
    out     = weights @ v                             (N, Tq, dv)

Shapes: q (N, Tq, d), k (N, Tk, d), v (N, Tk, dv); out (N, Tq, dv). Tq and Tk may differ
(cross-attention: queries from a decoder, keys and values from an encoder).

The mask convention. mask is a boolean array that broadcasts to (N, Tq, Tk), for example
(1, Tq, Tk) or (N, Tq, Tk) or (N, 1, Tk); True = query i MAY attend to key j, False = it
may not. This is PyTorch's convention for a boolean attn_mask in
F.scaled_dot_product_attention. mask=None means everything is allowed. A masked position
gets exactly zero weight: set its score to -inf (np.exp(-inf) == 0) BEFORE the softmax, so
the weights that remain are renormalised to sum to 1. (Zeroing weights after the softmax
does not renormalise: the row then sums to less than 1.) A row with every key masked has no
sensible answer (it would be 0/0); the checks never pass one: every query sees a key.

Two masks, both in this convention:
- causal_mask(T) -> (1, T, T): True on and below the diagonal, key j <= query i. Token i
  sees itself and the past, never the future (np.tril, or ~np.triu(..., k=1)).
- padding_mask(lengths, Tk) -> (N, 1, Tk): mask[n, 0, j] = j < lengths[n]. Sequence n has
  lengths[n] real tokens followed by padding that no query may look at. Combine both with
  `&`: padding_mask(lengths, T) & causal_mask(T) broadcasts to (N, T, T).

Stability. Subtract each row's max before np.exp (softmax is shift-invariant); the max over
a row is a real score since no row is fully masked, so -inf - max stays -inf.
Keep the scale a Python float (d ** -0.5): np.sqrt(d) is a NumPy float64 scalar, which
turns float32 inputs into float64 results (and doubles the work) under NumPy 2.

Backward. With s the scaled scores, w the weights and dout (N, Tq, dv):

    dv = w^T @ dout                                   (N, Tk, dv)   (transpose the last two axes)
    dw = dout @ v^T                                   (N, Tq, Tk)
    ds = w * (dw - sum_j(dw * w))                     softmax backward, row by row
    dq = ds @ k / sqrt(d);   dk = ds^T @ q / sqrt(d)

Masked positions have w = 0, so ds = 0 there: the mask needs no special care backwards.
attention_backward(dout, cache) returns (dq, dk, dv) shaped like q, k, v. The cache must be
plain data (a tuple of arrays and numbers). Batched matmul: `a @ b` on (N, ., .) arrays
multiplies each of the N pairs; a.transpose(0, 2, 1) swaps the last two axes.

Everything is NumPy.
Do not use: torch.*, scipy.special.softmax.

Tiny example: d = 4 (sqrt(d) = 2), q = [[[2 ln 3, 0, 0, 0]]], k = [[[1, 0, 0, 0], [0, 0, 0, 0]]],
v = [[[4, 0], [0, 8]]]: scores = [ln 3, 0], weights = [3/4, 1/4], out = [[[3, 2]]]. With
mask = [[[True, False]]] the weights are [1, 0] and out = [[[4, 0]]]. causal_mask(2) =
[[[True, False], [True, True]]]; padding_mask([1, 2], 3) = [[[True, False, False]],
[[True, True, False]]].
"""
import numpy as np


def causal_mask(T: int) -> np.ndarray:
    """Return the (1, T, T) boolean mask, True where key j <= query i."""
    # TODO: True on and below the diagonal; a leading axis of size 1 for the batch.
    ### BEGIN SOLUTION
    return ~np.triu(np.ones((T, T), dtype=bool), k=1)[None]
    ### END SOLUTION


def padding_mask(lengths: np.ndarray, Tk: int) -> np.ndarray:
    """Return the (N, 1, Tk) boolean mask, True where key j < lengths[n]."""
    # TODO: compare np.arange(Tk) with each length (broadcast), add the query axis of size 1.
    ### BEGIN SOLUTION
    lengths = np.asarray(lengths)
    return (np.arange(Tk)[None, :] < lengths[:, None])[:, None, :]
    ### END SOLUTION


def attention_forward(q: np.ndarray, k: np.ndarray, v: np.ndarray,
                      mask: np.ndarray | None = None) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): softmax(q @ k^T / sqrt(d), masked) @ v, out of shape (N, Tq, dv)."""
    # TODO: scaled scores, -inf where mask is False, max-shifted softmax over the keys, weights @ v.
    ### BEGIN SOLUTION
    scale = q.shape[-1] ** -0.5
    scores = q @ k.transpose(0, 2, 1) * scale
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    out = weights @ v
    return out, (q, k, v, weights, scale)
    ### END SOLUTION


def attention_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dq, dk, dv) for the forward pass that produced cache."""
    # TODO: dv = w^T @ dout; dw = dout @ v^T; softmax backward row by row; then dq and dk (mind the scale).
    ### BEGIN SOLUTION
    q, k, v, weights, scale = cache
    dv = weights.transpose(0, 2, 1) @ dout
    dweights = dout @ v.transpose(0, 2, 1)
    dscores = weights * (dweights - np.sum(dweights * weights, axis=2, keepdims=True))
    dq = dscores @ k * scale
    dk = dscores.transpose(0, 2, 1) @ q * scale
    return dq, dk, dv
    ### END SOLUTION
