"""A pre-LN transformer block (GPT-2 / nanoGPT's Block): forward and backward in NumPy.

Source: Karpathy's nanoGPT, model.py (class Block: x = x + attn(ln_1(x));
x = x + mlp(ln_2(x)); class MLP: Linear(D, 4D), GELU, Linear(4D, D)); Vaswani et al.,
"Attention Is All You Need" (NeurIPS 2017), §3.1-3.3 (residual connections, position-wise
feed-forward network); Xiong et al., "On Layer Normalization in the Transformer
Architecture" (2020) for pre-LN; Hendrycks & Gimpel, "Gaussian Error Linear Units" (2016),
§2 for GELU's tanh approximation.
https://github.com/karpathy/nanoGPT

The block. x is (N, T, D). Pre-LN means each sub-layer normalises ITS INPUT and the
residual stream x itself is never normalised (post-LN, the original 2017 layout, computes
LN(x + sublayer(x)) instead):

    a   = x + MHA(LN1(x), causal mask)          self-attention: query = key = value = LN1(x)
    out = a + MLP(LN2(a))
    MLP(h) = gelu(h @ W1 + b1) @ W2 + b2        W1 (D, H), b1 (H,), W2 (H, D), b2 (D,)

LN1 and LN2 are layer norms over the D features of each token (eps = 1e-5, as
torch.nn.LayerNorm), each with its own gamma, beta (D,): reshape (N, T, D) to (N * T, D)
to use the layer-normalization exercise's code. The causal mask lets token i attend to
tokens j <= i only (the scaled-dot-product-attention exercise's convention, True = may
attend): np.tril(np.ones((T, T), dtype=bool))[None].

GELU, tanh approximation (GPT-2's, torch.nn.functional.gelu(u, approximate="tanh")):

    gelu(u)  = 0.5 u (1 + tanh(c (u + 0.044715 u^3))),   c = sqrt(2 / pi)
    gelu'(u) = 0.5 (1 + t) + 0.5 u (1 - t^2) c (1 + 3 * 0.044715 u^2),   t = tanh(c (u + 0.044715 u^3))

(the product rule: the derivative of 0.5 u times (1 + t), plus 0.5 u times t's derivative).

params is a dict: "ln1_gamma", "ln1_beta", "Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo",
"bo" (the multi-head-attention exercise's names and shapes), "ln2_gamma", "ln2_beta",
"W1", "b1", "W2", "b2". block_forward(x, params, num_heads) returns (out (N, T, D), cache);
block_backward(dout, cache) returns (dx (N, T, D), grads) with grads a dict with the same
16 keys as params, each shaped like its parameter.

Backward, in reverse: out = a + MLP(LN2(a)), so a receives dout directly (the residual)
PLUS what comes back through the MLP and LN2; then a = x + MHA(LN1(x)) likewise: x receives
da directly plus what comes back through MHA (dquery + dkey + dvalue, since all three are
LN1(x)) and LN1. gelu_backward(dout, u) returns dout * gelu'(u).

Paste your solutions of layer-normalization (layernorm_forward / layernorm_backward on
(N, D) arrays) and multi-head-attention (attention_forward, attention_backward,
split_heads, merge_heads, mha_forward, mha_backward). Everything is NumPy; the cache must be
plain data.
Do not use: torch.*.

Tiny example: gelu(0) = 0, gelu(1) = 0.5 (1 + tanh(c * 1.044715)) = 0.84119, gelu(-1) =
-0.15881, and gelu'(0) = 0.5. A block whose W2, b2, Wo, bo are all zero is the identity:
both sub-layers add 0 to the residual stream, so out = x.
"""
import numpy as np


def layernorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                      ln_param: dict) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): every row of x (N, D) normalised over its features, then scaled."""
    # TODO: paste your layer-normalization solution.
    ### BEGIN SOLUTION
    eps = ln_param.get("eps", 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    std = np.sqrt(var + eps)
    x_hat = (x - mu) / std
    out = gamma * x_hat + beta
    return out, (x_hat, gamma, std)
    ### END SOLUTION


def layernorm_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dgamma, dbeta) for the forward pass that produced cache."""
    # TODO: paste your layer-normalization solution.
    ### BEGIN SOLUTION
    x_hat, gamma, std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = (dx_hat - dx_hat.mean(axis=1, keepdims=True)
          - x_hat * (dx_hat * x_hat).mean(axis=1, keepdims=True)) / std
    return dx, dgamma, dbeta
    ### END SOLUTION


def attention_forward(q: np.ndarray, k: np.ndarray, v: np.ndarray,
                      mask: np.ndarray | None = None) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): softmax(q @ k^T / sqrt(d), masked) @ v, out of shape (N, Tq, dv)."""
    # TODO: paste your multi-head-attention solution.
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
    # TODO: paste your multi-head-attention solution.
    ### BEGIN SOLUTION
    q, k, v, weights, scale = cache
    dv = weights.transpose(0, 2, 1) @ dout
    dweights = dout @ v.transpose(0, 2, 1)
    dscores = weights * (dweights - np.sum(dweights * weights, axis=2, keepdims=True))
    return dscores @ k * scale, dscores.transpose(0, 2, 1) @ q * scale, dv
    ### END SOLUTION


def split_heads(x: np.ndarray, num_heads: int) -> np.ndarray:
    """Return x (N, T, D) as (N * num_heads, T, D // num_heads), row n * h + j = head j of example n."""
    # TODO: paste your multi-head-attention solution.
    ### BEGIN SOLUTION
    n, steps, d = x.shape
    heads = x.reshape(n, steps, num_heads, d // num_heads).transpose(0, 2, 1, 3)
    return heads.reshape(n * num_heads, steps, d // num_heads)
    ### END SOLUTION


def merge_heads(x: np.ndarray, num_heads: int) -> np.ndarray:
    """Return x (N * num_heads, T, d_head) as (N, T, num_heads * d_head): the inverse of split_heads."""
    # TODO: paste your multi-head-attention solution.
    ### BEGIN SOLUTION
    nh, steps, d_head = x.shape
    merged = x.reshape(nh // num_heads, num_heads, steps, d_head).transpose(0, 2, 1, 3)
    return merged.reshape(nh // num_heads, steps, num_heads * d_head)
    ### END SOLUTION


def mha_forward(query: np.ndarray, key: np.ndarray, value: np.ndarray, params: dict,
                num_heads: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): multi-head attention of query (N, Tq, D) over key, value (N, Tk, D)."""
    # TODO: paste your multi-head-attention solution.
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
    # TODO: paste your multi-head-attention solution.
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


def gelu(u: np.ndarray) -> np.ndarray:
    """Return GELU's tanh approximation 0.5 u (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3)))."""
    # TODO: the formula, elementwise.
    ### BEGIN SOLUTION
    return 0.5 * u * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (u + 0.044715 * u ** 3)))
    ### END SOLUTION


def gelu_backward(dout: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Return dout * gelu'(u) for the tanh approximation."""
    # TODO: t = tanh(c (u + 0.044715 u^3)); the product rule gives 0.5 (1 + t) + 0.5 u (1 - t^2) c (1 + 3 * 0.044715 u^2).
    ### BEGIN SOLUTION
    c = np.sqrt(2.0 / np.pi)
    t = np.tanh(c * (u + 0.044715 * u ** 3))
    return dout * (0.5 * (1.0 + t) + 0.5 * u * (1.0 - t ** 2) * c * (1.0 + 3 * 0.044715 * u ** 2))
    ### END SOLUTION


def block_forward(x: np.ndarray, params: dict, num_heads: int) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): a = x + MHA(LN1(x), causal); out = a + MLP(LN2(a)), x and out (N, T, D)."""
    # TODO: LN1 on (N * T, D), causal self-attention with mha_forward, residual; LN2, W1, gelu, W2, residual.
    ### BEGIN SOLUTION
    n, t, d = x.shape
    ln = {"eps": 1e-5}
    mask = np.tril(np.ones((t, t), dtype=bool))[None]
    h1, ln1_cache = layernorm_forward(x.reshape(n * t, d), params["ln1_gamma"], params["ln1_beta"], ln)
    h1 = h1.reshape(n, t, d)
    attn, attn_cache = mha_forward(h1, h1, h1, params, num_heads, mask)
    a = x + attn
    h2, ln2_cache = layernorm_forward(a.reshape(n * t, d), params["ln2_gamma"], params["ln2_beta"], ln)
    u = h2 @ params["W1"] + params["b1"]
    g = gelu(u)
    out = a + (g @ params["W2"] + params["b2"]).reshape(n, t, d)
    return out, (params, ln1_cache, attn_cache, ln2_cache, h2, u, g)
    ### END SOLUTION


def block_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, dict]:
    """Return (dx, grads): dx (N, T, D) and a dict of the 16 parameter gradients."""
    # TODO: back through the MLP and LN2, add the residual's dout; back through MHA and LN1, add the residual again.
    ### BEGIN SOLUTION
    params, ln1_cache, attn_cache, ln2_cache, h2, u, g = cache
    n, t, d = dout.shape
    dflat = dout.reshape(n * t, d)
    grads = {"W2": g.T @ dflat, "b2": dflat.sum(axis=0)}
    du = gelu_backward(dflat @ params["W2"].T, u)
    grads["W1"], grads["b1"] = h2.T @ du, du.sum(axis=0)
    dh2, grads["ln2_gamma"], grads["ln2_beta"] = layernorm_backward(du @ params["W1"].T, ln2_cache)
    da = dout + dh2.reshape(n, t, d)
    dquery, dkey, dvalue, attn_grads = mha_backward(da, attn_cache)
    grads.update(attn_grads)
    dh1, grads["ln1_gamma"], grads["ln1_beta"] = layernorm_backward((dquery + dkey + dvalue).reshape(n * t, d),
                                                                    ln1_cache)
    return da + dh1.reshape(n, t, d), grads
    ### END SOLUTION
