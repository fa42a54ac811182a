"""Checks for the pre-LN transformer block (references: a torch block built here from
torch.nn.LayerNorm, torch.nn.MultiheadAttention (batch_first, causal attn_mask),
torch.nn.Linear and torch.nn.functional.gelu(approximate="tanh") in float64, with the
learner's parameters copied in, for the forward pass and, through autograd, the backward
pass; central differences of a NumPy re-implementation on tiny cases; hand values for GELU
and the identity block)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import central_difference, expect, expect_close

NAMES = ("ln1_gamma", "ln1_beta", "Wq", "bq", "Wk", "bk", "Wv", "bv", "Wo", "bo",
         "ln2_gamma", "ln2_beta", "W1", "b1", "W2", "b2")
TORCH_BLOCK = ("a torch block, float64: a = x + MultiheadAttention(LayerNorm1(x), attn_mask = ~tril) and "
               "out = a + Linear2(gelu(Linear1(LayerNorm2(a)), approximate='tanh')), with LayerNorm weight = "
               "gamma, bias = beta (eps 1e-5), in_proj_weight = concat([Wq.T, Wk.T, Wv.T]), in_proj_bias = "
               "concat([bq, bk, bv]), out_proj = (Wo.T, bo), Linear1 = (W1.T, b1), Linear2 = (W2.T, b2)")
# (N, T, D, heads, hidden): one token, the nanoGPT 4 * D hidden size, three heads, N = 1.
CASES = [(1, 1, 4, 2, 16), (2, 5, 8, 2, 32), (3, 4, 6, 3, 12), (1, 7, 8, 4, 32)]


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _params(rng, d, hidden):
    p = {f"W{c}": rng.normal(scale=1.0 / np.sqrt(d), size=(d, d)) for c in "qkvo"}
    p.update({f"b{c}": rng.normal(scale=0.1, size=d) for c in "qkvo"})
    for ln in ("ln1", "ln2"):
        p[f"{ln}_gamma"], p[f"{ln}_beta"] = 1.0 + 0.2 * rng.normal(size=d), 0.2 * rng.normal(size=d)
    p["W1"], p["b1"] = rng.normal(scale=1.0 / np.sqrt(d), size=(d, hidden)), 0.1 * rng.normal(size=hidden)
    p["W2"], p["b2"] = rng.normal(scale=1.0 / np.sqrt(hidden), size=(hidden, d)), 0.1 * rng.normal(size=d)
    return p


def _torch_modules(p, heads):
    d, hidden = p["W1"].shape
    m = {"ln1": torch.nn.LayerNorm(d, eps=1e-5, dtype=torch.float64), "ln2": torch.nn.LayerNorm(d, eps=1e-5, dtype=torch.float64),
         "attn": torch.nn.MultiheadAttention(d, heads, batch_first=True, dtype=torch.float64),
         "fc1": torch.nn.Linear(d, hidden, dtype=torch.float64), "fc2": torch.nn.Linear(hidden, d, dtype=torch.float64)}
    with torch.no_grad():
        for ln in ("ln1", "ln2"):
            m[ln].weight.copy_(_t(p[f"{ln}_gamma"]))
            m[ln].bias.copy_(_t(p[f"{ln}_beta"]))
        m["attn"].in_proj_weight.copy_(_t(np.concatenate([p["Wq"].T, p["Wk"].T, p["Wv"].T])))
        m["attn"].in_proj_bias.copy_(_t(np.concatenate([p["bq"], p["bk"], p["bv"]])))
        m["attn"].out_proj.weight.copy_(_t(p["Wo"].T))
        m["attn"].out_proj.bias.copy_(_t(p["bo"]))
        for fc, k in (("fc1", "1"), ("fc2", "2")):
            m[fc].weight.copy_(_t(p[f"W{k}"].T))
            m[fc].bias.copy_(_t(p[f"b{k}"]))
    return m


def _torch_block(m, x):
    t = x.shape[1]
    h = m["ln1"](x)
    a = x + m["attn"](h, h, h, attn_mask=~torch.tril(torch.ones(t, t, dtype=torch.bool)), need_weights=False)[0]
    return a + m["fc2"](F.gelu(m["fc1"](m["ln2"](a)), approximate="tanh"))


def _torch_grads(m):
    d = m["ln1"].weight.shape[0]
    w, b = m["attn"].in_proj_weight.grad.numpy(), m["attn"].in_proj_bias.grad.numpy()
    return {"ln1_gamma": m["ln1"].weight.grad.numpy(), "ln1_beta": m["ln1"].bias.grad.numpy(),
            "ln2_gamma": m["ln2"].weight.grad.numpy(), "ln2_beta": m["ln2"].bias.grad.numpy(),
            "Wq": w[:d].T, "Wk": w[d:2 * d].T, "Wv": w[2 * d:].T, "bq": b[:d], "bk": b[d:2 * d], "bv": b[2 * d:],
            "Wo": m["attn"].out_proj.weight.grad.numpy().T, "bo": m["attn"].out_proj.bias.grad.numpy(),
            "W1": m["fc1"].weight.grad.numpy().T, "b1": m["fc1"].bias.grad.numpy(),
            "W2": m["fc2"].weight.grad.numpy().T, "b2": m["fc2"].bias.grad.numpy()}


def _numpy_block(x, p, heads):
    """The block in NumPy: layer norms by hand, attention as a loop over the heads' feature slices."""
    def ln(z, g, b):
        return g * (z - z.mean(-1, keepdims=True)) / np.sqrt(z.var(-1, keepdims=True) + 1e-5) + b
    n, t, d = x.shape
    dh = d // heads
    h = ln(x, p["ln1_gamma"], p["ln1_beta"])
    q, k, v = (h @ p[f"W{c}"] + p[f"b{c}"] for c in "qkv")
    outs = []
    for j in range(heads):
        s = slice(j * dh, (j + 1) * dh)
        scores = np.where(np.tril(np.ones((t, t), dtype=bool)), np.einsum("nid,njd->nij", q[..., s], k[..., s]) / np.sqrt(dh), -np.inf)
        e = np.exp(scores - scores.max(-1, keepdims=True))
        outs.append(np.einsum("nij,njd->nid", e / e.sum(-1, keepdims=True), v[..., s]))
    a = x + np.concatenate(outs, -1) @ p["Wo"] + p["bo"]
    u = ln(a, p["ln2_gamma"], p["ln2_beta"]) @ p["W1"] + p["b1"]
    return a + (0.5 * u * (1 + np.tanh(np.sqrt(2 / np.pi) * (u + 0.044715 * u ** 3)))) @ p["W2"] + p["b2"]


def test_gelu_matches_torch(ex, rng):
    u = np.array([0.0, 1.0, -1.0])
    c = np.sqrt(2 / np.pi)
    expect_close(ex.gelu(u), np.array([0.0, 0.5 * (1 + np.tanh(c * 1.044715)), -0.5 * (1 - np.tanh(c * 1.044715))]),
                 what="gelu([0, 1, -1])", how="by hand: 0.5 u (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3)))",
                 rtol=1e-12, atol=1e-12, inputs={"u": u})
    for u in (rng.normal(size=(5, 7)), np.linspace(-30.0, 30.0, 61)):
        expect_close(ex.gelu(u), F.gelu(_t(u), approximate="tanh").numpy(), what=f"gelu(u), u of shape {u.shape}",
                     how="torch.nn.functional.gelu(u, approximate='tanh'), float64", rtol=1e-12, atol=1e-12,
                     inputs={"u": u})


def test_gelu_backward(ex, rng):
    for u in (rng.normal(scale=2.0, size=(4, 6)), np.linspace(-6.0, 6.0, 25)):
        dout = rng.normal(size=u.shape)
        leaf = _t(u, True)
        (F.gelu(leaf, approximate="tanh") * _t(dout)).sum().backward()
        got = ex.gelu_backward(dout, u)
        expect_close(got, leaf.grad.numpy(), what=f"gelu_backward(dout, u), u of shape {u.shape}",
                     how="torch autograd of sum(F.gelu(u, approximate='tanh') * dout)", rtol=1e-10, atol=1e-12,
                     inputs={"dout": dout, "u": u})
        gelu = lambda v: np.sum(0.5 * v * (1 + np.tanh(np.sqrt(2 / np.pi) * (v + 0.044715 * v ** 3))) * dout)  # noqa: E731
        expect_close(got, central_difference(gelu, u), what=f"gelu_backward(dout, u), u of shape {u.shape}",
                     how="central_difference of sum(gelu(u) * dout), gelu written in NumPy", rtol=1e-6, atol=1e-8,
                     inputs={"dout": dout, "u": u})


def test_zero_sublayers_give_identity(ex, rng):
    p = _params(rng, 8, 32)
    for name in ("Wo", "bo", "W2", "b2"):
        p[name] = np.zeros_like(p[name])
    x = rng.normal(size=(2, 3, 8))
    out, _ = ex.block_forward(x, p, 2)
    expect_close(out, x, what="out with Wo, bo, W2, b2 all zero", how="by hand: both sub-layers add zero to the "
                 "residual stream, so out = x", rtol=0, atol=1e-12, inputs={"x": x, **p})


def test_forward_matches_torch_block(ex, rng):
    for n, t, d, heads, hidden in CASES:
        p, x = _params(rng, d, hidden), rng.normal(size=(n, t, d))
        out, cache = ex.block_forward(x, p, heads)
        with torch.no_grad():
            want = _torch_block(_torch_modules(p, heads), _t(x)).numpy()
        expect_close(out, want, what=f"out for (N, T, D, heads, hidden) = {(n, t, d, heads, hidden)}",
                     how=TORCH_BLOCK, rtol=1e-9, atol=1e-10, inputs={"x": x, "num_heads": heads, **p})
    expect(isinstance(cache, (tuple, list, dict)), "the cache must be plain data", got=type(cache).__name__)


def test_backward_matches_torch_autograd(ex, rng):
    for n, t, d, heads, hidden in CASES:
        p, x, dout = _params(rng, d, hidden), rng.normal(size=(n, t, d)), rng.normal(size=(n, t, d))
        _, cache = ex.block_forward(x, p, heads)
        result = ex.block_backward(dout, cache)
        expect(isinstance(result, (tuple, list)) and len(result) == 2 and isinstance(result[1], dict),
               "block_backward must return (dx, grads), grads a dict", got=type(result).__name__)
        m, leaf = _torch_modules(p, heads), _t(x, True)
        (_torch_block(m, leaf) * _t(dout)).sum().backward()
        want = {"x": leaf.grad.numpy(), **_torch_grads(m)}
        got = {"x": result[0], **result[1]}
        for name in want:
            expect_close(got.get(name), want[name], what=f"d{name} for (N, T, D, heads, hidden) = {(n, t, d, heads, hidden)}",
                         how="torch autograd of sum(out * dout) through " + TORCH_BLOCK, rtol=1e-8, atol=1e-10,
                         inputs={"x": x, "dout": dout, "num_heads": heads})


def test_backward_matches_central_difference(ex, rng):
    for n, t, d, heads, hidden in ((2, 3, 4, 2, 8), (1, 2, 6, 3, 6)):
        p, x, dout = _params(rng, d, hidden), rng.normal(size=(n, t, d)), rng.normal(size=(n, t, d))
        _, cache = ex.block_forward(x, p, heads)
        dx, grads = ex.block_backward(dout, cache)
        args, got = {"x": x, **p}, {"x": dx, **grads}
        for name in args:
            def loss(value, name=name):
                varied = {**args, name: value}
                return np.sum(_numpy_block(varied["x"], varied, heads) * dout)
            expect_close(got.get(name), central_difference(loss, args[name]),
                         what=f"d{name} for (N, T, D, heads, hidden) = {(n, t, d, heads, hidden)}",
                         how="central_difference of L = sum(out * dout), the block re-implemented in NumPy "
                             "(layer norms by hand, a loop over the heads)", rtol=1e-6, atol=1e-8,
                         inputs={"x": x, "dout": dout, "num_heads": heads})
