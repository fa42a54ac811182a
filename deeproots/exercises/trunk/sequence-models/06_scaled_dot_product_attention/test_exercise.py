"""Checks for scaled dot-product attention (references: torch.nn.functional.
scaled_dot_product_attention in float64 with a boolean attn_mask or is_causal=True for the
forward pass, torch autograd through it and central differences of a NumPy re-implementation
for the backward pass, np.tril and a loop for the masks, and a hand-worked case)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import central_difference, expect, expect_close, expect_equal

# (N, Tq, Tk, d, dv): one query and one key, self-attention, Tq != Tk both ways, N = 1.
SHAPES = [(1, 1, 1, 4, 3), (2, 3, 3, 4, 5), (3, 2, 5, 8, 4), (1, 6, 2, 3, 2), (4, 4, 4, 2, 6)]
SDPA = "torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=mask) in float64"


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _sdpa(q, k, v, mask=None, is_causal=False):
    attn_mask = None if mask is None else torch.from_numpy(np.asarray(mask, dtype=bool))
    with torch.no_grad():
        return F.scaled_dot_product_attention(_t(q), _t(k), _t(v), attn_mask=attn_mask,
                                              is_causal=is_causal).numpy()


def _qkv(rng, n, tq, tk, d, dv, scale=1.0):
    return (rng.normal(scale=scale, size=(n, tq, d)), rng.normal(scale=scale, size=(n, tk, d)),
            rng.normal(size=(n, tk, dv)))


def _random_mask(rng, n, tq, tk):
    """A random (N, Tq, Tk) mask with at least one allowed key in every row."""
    mask = rng.random((n, tq, tk)) < 0.5
    mask[np.arange(n)[:, None], np.arange(tq)[None, :], rng.integers(0, tk, size=(n, tq))] = True
    return mask


def _masks(rng, n, tq, tk):
    """None, a padding mask (N, 1, Tk) built here, a random (N, Tq, Tk) mask and a shared (1, Tq, Tk) one."""
    lengths = rng.integers(1, tk + 1, size=n)
    padding = (np.arange(tk)[None, :] < lengths[:, None])[:, None, :]
    return [("no mask", None), (f"padding mask, lengths {lengths.tolist()}", padding),
            ("random (N, Tq, Tk) mask", _random_mask(rng, n, tq, tk)),
            ("random (1, Tq, Tk) mask", _random_mask(rng, 1, tq, tk))]


def _numpy_attention(q, k, v, mask):
    scores = np.einsum("nid,njd->nij", q, k) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    e = np.exp(scores - scores.max(axis=2, keepdims=True))
    return np.einsum("nij,njv->niv", e / e.sum(axis=2, keepdims=True), v)


def test_causal_mask(ex, rng):
    for T in (1, 2, 3, 6):
        expect_equal(np.asarray(ex.causal_mask(T)), np.tril(np.ones((T, T), dtype=bool))[None],
                     what=f"causal_mask({T})", how="np.tril(np.ones((T, T), dtype=bool))[None]: "
                     "True where key j <= query i", inputs={"T": T})


def test_padding_mask(ex, rng):
    for lengths, tk in (([1, 2], 3), ([3], 3), ([2, 5, 1, 4], 5)):
        want = np.zeros((len(lengths), 1, tk), dtype=bool)
        for n, length in enumerate(lengths):
            want[n, 0, :length] = True
        expect_equal(np.asarray(ex.padding_mask(np.array(lengths), tk)), want,
                     what=f"padding_mask({lengths}, {tk})",
                     how="a loop: mask[n, 0, :lengths[n]] = True", inputs={"lengths": lengths, "Tk": tk})


def test_forward_hand_example(ex, rng):
    q = np.array([[[2.0 * np.log(3.0), 0.0, 0.0, 0.0]]])
    k = np.array([[[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]])
    v = np.array([[[4.0, 0.0], [0.0, 8.0]]])
    inputs = {"q": q, "k": k, "v": v}
    out, _ = ex.attention_forward(q, k, v, None)
    expect_close(out, np.array([[[3.0, 2.0]]]), what="out (no mask)",
                 how="by hand: scores = [2 ln 3 / sqrt(4), 0] = [ln 3, 0], weights = [3/4, 1/4], "
                     "out = 3/4 [4, 0] + 1/4 [0, 8]", rtol=1e-12, atol=1e-12, inputs=inputs)
    mask = np.array([[[True, False]]])
    out, _ = ex.attention_forward(q, k, v, mask)
    expect_close(out, np.array([[[4.0, 0.0]]]), what="out with mask [[[True, False]]]",
                 how="by hand: the second key is masked, so all the weight goes to the first",
                 rtol=1e-12, atol=1e-12, inputs={**inputs, "mask": mask})


def test_forward_matches_sdpa(ex, rng):
    for shape in SHAPES:
        q, k, v = _qkv(rng, *shape)
        for label, mask in _masks(rng, shape[0], shape[1], shape[2]):
            out, cache = ex.attention_forward(q, k, v, mask)
            expect_close(out, _sdpa(q, k, v, mask), what=f"out for (N, Tq, Tk, d, dv) = {shape}, {label}",
                         how=SDPA + " (True = may attend)", rtol=1e-9, atol=1e-12,
                         inputs={"q": q, "k": k, "v": v, "mask": mask})
    expect(isinstance(cache, (tuple, list, dict)), "the cache must be plain data (a tuple of arrays)",
           got=type(cache).__name__)


def test_causal_matches_sdpa_is_causal(ex, rng):
    for n, T, d, dv in ((1, 1, 4, 2), (2, 4, 4, 3), (3, 6, 8, 5)):
        q, k, v = _qkv(rng, n, T, T, d, dv)
        inputs = {"q": q, "k": k, "v": v}
        out, _ = ex.attention_forward(q, k, v, ex.causal_mask(T))
        want = _sdpa(q, k, v, is_causal=True)
        expect_close(out, want, what=f"out with mask = causal_mask({T}), (N, T, d, dv) = {(n, T, d, dv)}",
                     how="torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True), float64",
                     rtol=1e-9, atol=1e-12, inputs=inputs)
        lengths = rng.integers(1, T + 1, size=n)
        both = ex.padding_mask(lengths, T) & ex.causal_mask(T)
        reference = (np.arange(T)[None, :] < lengths[:, None])[:, None, :] & np.tril(np.ones((T, T), dtype=bool))
        expect_close(ex.attention_forward(q, k, v, both)[0], _sdpa(q, k, v, reference),
                     what=f"out with padding_mask({lengths.tolist()}, {T}) & causal_mask({T})",
                     how=SDPA + ", mask = (j < lengths[n]) & (j <= i) built in the check",
                     rtol=1e-9, atol=1e-12, inputs={**inputs, "lengths": lengths})


def test_large_magnitudes(ex, rng):
    # Scores of order 1e4: np.exp overflows without the max-shift.
    for n, tq, tk, d, dv in ((2, 3, 4, 8, 3), (1, 5, 5, 4, 2)):
        q, k, v = _qkv(rng, n, tq, tk, d, dv, scale=100.0)
        for label, mask in _masks(rng, n, tq, tk)[:3]:
            out, _ = ex.attention_forward(q, k, v, mask)
            expect_close(out, _sdpa(q, k, v, mask), what=f"out for q, k ~ N(0, 100^2), {label}",
                         how=SDPA + " (torch's softmax is max-shifted)", rtol=1e-7, atol=1e-9,
                         inputs={"q": q, "k": k, "v": v, "mask": mask})


def _backward_cases(rng):
    for shape in SHAPES:
        q, k, v = _qkv(rng, *shape)
        for label, mask in _masks(rng, shape[0], shape[1], shape[2])[:3]:
            yield shape, label, (q, k, v), mask, rng.normal(size=(shape[0], shape[1], shape[4]))


def test_backward_matches_torch_autograd(ex, rng):
    for shape, label, args, mask, dout in _backward_cases(rng):
        _, cache = ex.attention_forward(*args, mask)
        grads = ex.attention_backward(dout, cache)
        expect(isinstance(grads, (tuple, list)) and len(grads) == 3,
               "attention_backward must return the tuple (dq, dk, dv)", got=type(grads).__name__)
        leaves = [_t(a, True) for a in args]
        attn_mask = None if mask is None else torch.from_numpy(mask)
        out = F.scaled_dot_product_attention(*leaves, attn_mask=attn_mask)
        (out * _t(dout)).sum().backward()
        for name, got, leaf in zip(("dq", "dk", "dv"), grads, leaves):
            expect_close(got, leaf.grad.numpy(), what=f"{name} for (N, Tq, Tk, d, dv) = {shape}, {label}",
                         how="torch autograd of sum(out * dout), out from " + SDPA, rtol=1e-8, atol=1e-10,
                         inputs={"q": args[0], "k": args[1], "v": args[2], "mask": mask, "dout": dout})


def test_backward_matches_central_difference(ex, rng):
    for shape, label, args, mask, dout in _backward_cases(rng):
        _, cache = ex.attention_forward(*args, mask)
        grads = ex.attention_backward(dout, cache)
        for index, (name, got) in enumerate(zip(("dq", "dk", "dv"), grads)):
            def loss(value, index=index):
                varied = list(args)
                varied[index] = value
                return np.sum(_numpy_attention(*varied, mask) * dout)
            expect_close(got, central_difference(loss, args[index]),
                         what=f"{name} for (N, Tq, Tk, d, dv) = {shape}, {label}",
                         how="central_difference of L = sum(out * dout), out from a NumPy einsum "
                             "re-implementation of masked softmax attention", rtol=1e-6, atol=1e-8,
                         inputs={"q": args[0], "k": args[1], "v": args[2], "mask": mask, "dout": dout})
