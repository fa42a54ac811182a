"""Checks for multi-head attention (references: torch.nn.MultiheadAttention(batch_first=True)
in float64 with the learner's weights copied in, with key_padding_mask and a causal attn_mask;
torch autograd through it and central differences of a NumPy loop over the heads for the
backward pass; a loop over feature slices for split_heads; the one-key case by hand)."""
import numpy as np
import torch

from deeproots.grading.checks import central_difference, expect, expect_close

NAMES = ("Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo")
MAPPING = ("torch.nn.MultiheadAttention(D, h, batch_first=True, float64) with in_proj_weight = "
           "concat([Wq.T, Wk.T, Wv.T]) (torch computes x @ W.T, we compute x @ W), in_proj_bias = "
           "concat([bq, bk, bv]), out_proj.weight = Wo.T, out_proj.bias = bo; masks given in torch's "
           "opposite convention (True = blocked): key_padding_mask = ~(j < lengths[n]), attn_mask = ~tril")
# (N, Tq, Tk, D, h, masked): self-attention cases have Tq = Tk; one head; N = 1; cross-attention.
CASES = [(2, 4, 4, 8, 2, "causal"), (3, 5, 5, 6, 3, "causal+padding"), (1, 3, 3, 4, 1, "none"),
         (2, 3, 5, 8, 4, "padding"), (2, 1, 4, 4, 2, "padding"), (1, 6, 6, 12, 3, "causal")]


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _params(rng, d):
    params = {f"W{c}": rng.normal(scale=1.0 / np.sqrt(d), size=(d, d)) for c in "qkvo"}
    params.update({f"b{c}": rng.normal(scale=0.1, size=d) for c in "qkvo"})
    return params


def _problem(rng, n, tq, tk, d, h, masked):
    query = rng.normal(size=(n, tq, d))
    key = query if tq == tk else rng.normal(size=(n, tk, d))
    value = key
    lengths = rng.integers(1, tk + 1, size=n) if "padding" in masked else np.full(n, tk)
    padding = np.arange(tk)[None, :] < lengths[:, None]                 # (N, Tk), True = real
    causal = np.tril(np.ones((tq, tk), dtype=bool)) if "causal" in masked else np.ones((tq, tk), dtype=bool)
    mask = None if masked == "none" else padding[:, None, :] & causal[None]
    return query, key, value, _params(rng, d), mask, padding, causal


def _torch_mha(d, h, params, grad=False):
    mha = torch.nn.MultiheadAttention(d, h, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(_t(np.concatenate([params["Wq"].T, params["Wk"].T, params["Wv"].T])))
        mha.in_proj_bias.copy_(_t(np.concatenate([params["bq"], params["bk"], params["bv"]])))
        mha.out_proj.weight.copy_(_t(params["Wo"].T))
        mha.out_proj.bias.copy_(_t(params["bo"]))
    return mha


def _run_torch(mha, query, key, value, padding, causal):
    return mha(query, key, value, key_padding_mask=torch.from_numpy(~padding),
               attn_mask=torch.from_numpy(~causal), need_weights=False)[0]


def _inputs(query, key, value, params, h, mask):
    return {"query": query, "key": key, "value": value, **params, "num_heads": h, "mask": mask}


def test_split_and_merge_heads(ex, rng):
    for n, t, d, h in ((1, 1, 4, 2), (2, 3, 6, 3), (3, 2, 8, 4), (2, 5, 4, 1)):
        x = rng.normal(size=(n, t, d))
        want = np.stack([x[i, :, j * (d // h):(j + 1) * (d // h)] for i in range(n) for j in range(h)])
        split = ex.split_heads(x, h)
        expect_close(split, want, what=f"split_heads(x, {h}) for x of shape {x.shape}",
                     how="a loop: row n * h + j = x[n, :, j * d_head:(j + 1) * d_head]", rtol=0, atol=0,
                     inputs={"x": x, "num_heads": h})
        expect_close(ex.merge_heads(want, h), x, what=f"merge_heads(split, {h}) for x of shape {x.shape}",
                     how="merge_heads is the inverse of split_heads: it gives x back", rtol=0, atol=0,
                     inputs={"split": want, "num_heads": h})


def test_single_key_returns_projected_value(ex, rng):
    for n, tq, d, h in ((1, 1, 4, 2), (2, 3, 6, 3)):
        query, key = rng.normal(size=(n, tq, d)), rng.normal(size=(n, 1, d))
        params = _params(rng, d)
        out, _ = ex.mha_forward(query, key, key, params, h, None)
        want = np.repeat((key @ params["Wv"] + params["bv"]) @ params["Wo"] + params["bo"], tq, axis=1)
        expect_close(out, want, what=f"out with one key (N, Tq, D, h) = {(n, tq, d, h)}",
                     how="by hand: a single key gets weight 1, so out = (value @ Wv + bv) @ Wo + bo for every query",
                     rtol=1e-10, atol=1e-12, inputs=_inputs(query, key, key, params, h, None))


def test_forward_matches_torch_mha(ex, rng):
    for case in CASES:
        query, key, value, params, mask, padding, causal = _problem(rng, *case)
        n, tq, tk, d, h, masked = case
        out, cache = ex.mha_forward(query, key, value, params, h, mask)
        with torch.no_grad():
            want = _run_torch(_torch_mha(d, h, params), _t(query), _t(key), _t(value), padding, causal).numpy()
        expect_close(out, want, what=f"out for (N, Tq, Tk, D, h) = {case[:5]}, mask: {masked}", how=MAPPING,
                     rtol=1e-9, atol=1e-11, inputs=_inputs(query, key, value, params, h, mask))
    expect(isinstance(cache, (tuple, list, dict)), "the cache must be plain data", got=type(cache).__name__)


def test_backward_matches_torch_autograd(ex, rng):
    for case in CASES:
        n, tq, tk, d, h, masked = case
        query, key, value, params, mask, padding, causal = _problem(rng, *case)
        key, value = rng.normal(size=(n, tk, d)), rng.normal(size=(n, tk, d))  # three distinct inputs
        dout = rng.normal(size=(n, tq, d))
        _, cache = ex.mha_forward(query, key, value, params, h, mask)
        result = ex.mha_backward(dout, cache)
        expect(isinstance(result, (tuple, list)) and len(result) == 4 and isinstance(result[3], dict),
               "mha_backward must return (dquery, dkey, dvalue, grads), grads a dict", got=type(result).__name__)
        dquery, dkey, dvalue, grads = result
        mha = _torch_mha(d, h, params)
        leaves = [_t(a, True) for a in (query, key, value)]
        (_run_torch(mha, *leaves, padding, causal) * _t(dout)).sum().backward()
        w, b = mha.in_proj_weight.grad.numpy(), mha.in_proj_bias.grad.numpy()
        want = {"Wq": w[:d].T, "Wk": w[d:2 * d].T, "Wv": w[2 * d:].T, "bq": b[:d], "bk": b[d:2 * d],
                "bv": b[2 * d:], "Wo": mha.out_proj.weight.grad.numpy().T, "bo": mha.out_proj.bias.grad.numpy()}
        inputs = {**_inputs(query, key, value, params, h, mask), "dout": dout}
        how = "torch autograd of sum(out * dout) through " + MAPPING + "; dWq = in_proj_weight.grad[:D].T etc."
        for name, got, leaf in zip(("dquery", "dkey", "dvalue"), (dquery, dkey, dvalue), leaves):
            expect_close(got, leaf.grad.numpy(), what=f"{name} for {case}", how=how, rtol=1e-8, atol=1e-10,
                         inputs=inputs)
        for name in NAMES:
            expect_close(grads.get(name), want[name], what=f"grads['{name}'] for {case}", how=how,
                         rtol=1e-8, atol=1e-10, inputs=inputs)


def _numpy_mha(query, key, value, params, h, mask):
    """Multi-head attention written as a loop over the heads' feature slices."""
    d = query.shape[-1]
    dh = d // h
    q, k, v = (x @ params[f"W{c}"] + params[f"b{c}"] for x, c in ((query, "q"), (key, "k"), (value, "v")))
    outs = []
    for j in range(h):
        s = slice(j * dh, (j + 1) * dh)
        scores = np.einsum("nid,njd->nij", q[..., s], k[..., s]) / np.sqrt(dh)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        e = np.exp(scores - scores.max(axis=2, keepdims=True))
        outs.append(np.einsum("nij,njd->nid", e / e.sum(axis=2, keepdims=True), v[..., s]))
    return np.concatenate(outs, axis=-1) @ params["Wo"] + params["bo"]


def test_backward_matches_central_difference(ex, rng):
    for case in ((2, 3, 3, 4, 2, "causal+padding"), (1, 2, 3, 6, 3, "padding")):
        n, tq, tk, d, h, masked = case
        query, _, _, params, mask, _, _ = _problem(rng, *case)
        key, value, dout = rng.normal(size=(n, tk, d)), rng.normal(size=(n, tk, d)), rng.normal(size=(n, tq, d))
        _, cache = ex.mha_forward(query, key, value, params, h, mask)
        dquery, dkey, dvalue, grads = ex.mha_backward(dout, cache)
        args = {"query": query, "key": key, "value": value, **params}
        got = {"query": dquery, "key": dkey, "value": dvalue, **grads}
        for name in args:
            def loss(x, name=name):
                varied = {**args, name: x}
                return np.sum(_numpy_mha(varied["query"], varied["key"], varied["value"],
                                         {p: varied[p] for p in NAMES}, h, mask) * dout)
            expect_close(got.get(name), central_difference(loss, args[name]), what=f"d{name} for {case}",
                         how="central_difference of L = sum(out * dout), out from a NumPy loop over the heads' "
                             "feature slices", rtol=1e-6, atol=1e-8,
                         inputs={**_inputs(query, key, value, params, h, mask), "dout": dout})
