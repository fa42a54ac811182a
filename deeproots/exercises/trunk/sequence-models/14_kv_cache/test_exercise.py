"""Checks for the KV cache (references: weights drawn here and loaded into the learner's GPT;
the expected logits, keys and values come from a functional GPT written here from torch
primitives (F.layer_norm, F.linear, F.gelu, F.scaled_dot_product_attention with is_causal=True
over the WHOLE sequence), i.e. full recomputation, in float64; greedy generation replayed here
by full recomputation)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import expect, expect_close, expect_equal, expect_raises

V, BLOCK, LAYERS, HEADS, EMBD = 11, 12, 2, 2, 8
TOL = dict(rtol=1e-9, atol=1e-10)  # float64 throughout: cached and full differ only by rounding
HOW = ("full recomputation in the check: a functional GPT (F.layer_norm, F.linear, F.gelu, "
       "F.scaled_dot_product_attention(is_causal=True)) over the whole sequence, float64, the same weights")


def _weights(rng):
    """nanoGPT's parameter names and shapes, random float64 values (LayerNorm gains near 1)."""
    def normal(*shape, scale=0.4):
        return torch.tensor(rng.normal(scale=scale, size=shape))
    w = {"wte.weight": normal(V, EMBD, scale=1.0), "wpe.weight": normal(BLOCK, EMBD, scale=1.0)}
    for i in range(LAYERS):
        p = f"h.{i}."
        for ln in ("ln_1", "ln_2"):
            w[p + ln + ".weight"], w[p + ln + ".bias"] = 1.0 + normal(EMBD, scale=0.2), normal(EMBD, scale=0.2)
        w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"] = normal(3 * EMBD, EMBD), normal(3 * EMBD, scale=0.2)
        w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"] = normal(EMBD, EMBD), normal(EMBD, scale=0.2)
        w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"] = normal(4 * EMBD, EMBD), normal(4 * EMBD, scale=0.2)
        w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"] = normal(EMBD, 4 * EMBD, scale=0.2), normal(EMBD, scale=0.2)
    w["ln_f.weight"], w["ln_f.bias"] = 1.0 + normal(EMBD, scale=0.2), normal(EMBD, scale=0.2)
    w["lm_head.weight"] = normal(V, EMBD)
    return w


def _model(ex, w):
    model = ex.GPT(ex.GPTConfig(vocab_size=V, block_size=BLOCK, n_layer=LAYERS, n_head=HEADS, n_embd=EMBD))
    model.double()
    model.load_state_dict(w)
    model.eval()
    return model


def _reference(w, idx):
    """Full recomputation: (logits (B, T, V), [(k, v) (B, nh, T, hs) per block])."""
    idx = torch.as_tensor(idx)
    B, T = idx.shape
    x = w["wte.weight"][idx] + w["wpe.weight"][:T]
    kv = []
    for i in range(LAYERS):
        p = f"h.{i}."
        h = F.layer_norm(x, (EMBD,), w[p + "ln_1.weight"], w[p + "ln_1.bias"])
        q, k, v = F.linear(h, w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"]).split(EMBD, dim=2)
        q, k, v = (t.view(B, T, HEADS, EMBD // HEADS).transpose(1, 2) for t in (q, k, v))
        kv.append((k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, T, EMBD)
        x = x + F.linear(y, w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"])
        h = F.layer_norm(x, (EMBD,), w[p + "ln_2.weight"], w[p + "ln_2.bias"])
        h = F.gelu(F.linear(h, w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"]))
        x = x + F.linear(h, w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"])
    x = F.layer_norm(x, (EMBD,), w["ln_f.weight"], w["ln_f.bias"])
    return F.linear(x, w["lm_head.weight"]), kv


def _tokens(rng, b, t):
    return torch.tensor(rng.integers(0, V, size=(b, t)), dtype=torch.int64)


def _check_cache(cache, expected_kv, what):
    expect(isinstance(cache, (list, tuple)) and len(cache) == LAYERS,
           f"{what}: the cache must be a list with one (k, v) per block ({LAYERS} blocks)", got=type(cache).__name__)
    for i, ((k, v), (k_ref, v_ref)) in enumerate(zip(cache, expected_kv)):
        for name, got, want in (("k", k, k_ref), ("v", v, v_ref)):
            expect_close(got, want.numpy(), what=f"{what}: cached {name} of block {i} (B, nh, T, hs)",
                         how="the keys/values of every position so far, " + HOW, **TOL)


def test_prompt_pass_matches_full_forward(ex, rng):
    w = _weights(rng)
    model = _model(ex, w)
    for b, t in [(1, 1), (3, 5), (2, BLOCK)]:
        idx = _tokens(rng, b, t)
        expected, kv = _reference(w, idx)
        expect_close(model(idx), expected.numpy(), what=f"the given GPT.forward on (B, T) = {(b, t)}",
                     how=HOW + " (the given model code must stay as given)", **TOL)
        logits, cache = ex.forward_with_cache(model, idx, None)
        expect_close(logits, expected.numpy(), what=f"forward_with_cache(model, idx {(b, t)}, None) logits",
                     how=HOW, **TOL, inputs={"idx": idx.numpy()})
        _check_cache(cache, kv, f"prompt of {(b, t)}")


def test_one_token_at_a_time_matches_full(ex, rng):
    w = _weights(rng)
    model = _model(ex, w)
    for b, prompt in [(1, 1), (3, 4), (2, 7)]:
        idx = _tokens(rng, b, BLOCK)  # decode up to the context limit
        logits, cache = ex.forward_with_cache(model, idx[:, :prompt], None)
        for t in range(prompt, BLOCK):
            logits, cache = ex.forward_with_cache(model, idx[:, t:t + 1], cache)
            expected, kv = _reference(w, idx[:, :t + 1])
            expect_close(logits, expected[:, -1:].numpy(), what=f"logits of token {t} fed alone after {t} cached "
                         f"(B = {b}, prompt {prompt})", how=HOW + ": the last position of model(idx[:, :t + 1])",
                         **TOL, inputs={"idx": idx[:, :t + 1].numpy()})
        _check_cache(cache, kv, f"after decoding to block_size = {BLOCK} (B = {b}, prompt {prompt})")


def test_chunks_after_a_cache(ex, rng):
    # several new tokens at once after a cache: the mask must be aligned bottom-right
    w = _weights(rng)
    model = _model(ex, w)
    for b, chunks in [(2, [3, 2, 4, 3]), (1, [1, 5, 6])]:
        idx = _tokens(rng, b, sum(chunks))
        cache, start = None, 0
        for size in chunks:
            logits, cache = ex.forward_with_cache(model, idx[:, start:start + size], cache)
            expected, _ = _reference(w, idx[:, :start + size])
            expect_close(logits, expected[:, start:].numpy(), what=f"logits of a chunk of {size} tokens after "
                         f"{start} cached (B = {b})", how=HOW + " (new query i may see keys 0 .. T_past + i)",
                         **TOL, inputs={"idx": idx[:, :start + size].numpy()})
            start += size


def test_context_limit(ex, rng):
    model = _model(ex, _weights(rng))
    _, cache = ex.forward_with_cache(model, _tokens(rng, 1, BLOCK - 1), None)
    expect_raises(lambda: ex.forward_with_cache(model, _tokens(rng, 1, 2), cache), ValueError,
                  what=f"forward_with_cache with {BLOCK - 1} cached + 2 new tokens", why=f" (block_size = {BLOCK})")
    expect_raises(lambda: ex.forward_with_cache(model, _tokens(rng, 1, BLOCK + 1), None), ValueError,
                  what=f"forward_with_cache with {BLOCK + 1} new tokens", why=f" (block_size = {BLOCK})")


def test_generate_matches_full_greedy(ex, rng):
    w = _weights(rng)
    model = _model(ex, w)
    for b, prompt in [(1, 1), (3, 3)]:
        idx = _tokens(rng, b, prompt)
        expected = idx.clone()
        for _ in range(BLOCK - prompt):
            logits, _ = _reference(w, expected)
            expected = torch.cat((expected, logits[:, -1].argmax(dim=-1, keepdim=True)), dim=1)
        got = ex.generate_with_cache(model, idx, BLOCK - prompt)
        expect_equal(np.asarray(got), expected.numpy(), what=f"generate_with_cache(model, prompt {(b, prompt)}, "
                     f"{BLOCK - prompt})", how="greedy decoding replayed in the check: argmax of the last logits of "
                     "the full recomputation, appended, to block_size", inputs={"prompt": idx.numpy()})
