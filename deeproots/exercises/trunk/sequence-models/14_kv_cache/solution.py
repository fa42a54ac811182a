"""A key-value cache for a tiny GPT: incremental decoding without recomputation.

Source: Karpathy's nanoGPT model.py (the model below is its GPT without dropout); Pope et
al., "Efficiently Scaling Transformer Inference", MLSys 2023, §2 (the KV cache); Vaswani et
al. 2017 §3.2 (scaled dot-product attention). https://github.com/karpathy/nanoGPT

Generating with GPT.forward recomputes every position at every step: O(T^2) work per token.
But a causal model never lets an earlier position see a later one, so the keys and values
of the tokens already seen never change. Keep them (the cache) and, for the new tokens only,
compute q, k, v, append k and v to the cache, and attend from the new queries to ALL keys.

Shapes (B batch, T_past cached positions, T_new new tokens, nh heads, hs = n_embd / nh):
    idx (B, T_new) int64 new token ids;
    cache: None (nothing seen yet) or a list with one (k, v) per block, k and v (B, nh, T_past, hs);
    forward_with_cache(model, idx, cache) -> (logits (B, T_new, V), new_cache) where new_cache
        holds (B, nh, T_past + T_new, hs) keys and values: torch.cat along dim=2, the TIME axis;
    attend_with_cache(attn, x, past) -> (y (B, T_new, C), (k, v) with T_past + T_new positions);
    generate_with_cache(model, idx (B, T), max_new_tokens) -> (B, T + max_new_tokens) int64.

What must be right:
1. Positions: the new tokens sit at T_past, ..., T_past + T_new - 1, so their position
   embeddings are model.wpe(torch.arange(T_past, T_past + T_new)), not arange(T_new).
   T_past + T_new > config.block_size raises ValueError (wpe has block_size rows).
2. The mask: new query i (absolute position T_past + i) may see keys 0 .. T_past + i, i.e.
   the (T_new, T_past + T_new) boolean mask torch.ones(...).tril(diagonal=T_past). The mask
   is aligned to the BOTTOM-right: F.scaled_dot_product_attention(..., is_causal=True) aligns
   it to the top-left when T_new != T_past + T_new, which is wrong here.
3. Everything else is exactly GPT.forward: x = wte(idx) + wpe(pos); per block
   x = x + attn(ln_1(x)) (attention with the cache), x = x + mlp(ln_2(x)); logits =
   lm_head(ln_f(x)). Attention softmax((q k^T) / sqrt(hs)) v, heads merged, c_proj.
So forward_with_cache(model, idx[:, :t], None) and then one token at a time must give, at
every step, the logits model(idx[:, :t + 1])[:, -1] of the full recomputation.
generate_with_cache is greedy: feed the prompt once, then append argmax of the LAST logits
and feed only that token with the cache, max_new_tokens times (under torch.no_grad()).

Tiny example: block_size 8, a prompt of 3 tokens: the prompt pass caches (B, nh, 3, hs)
keys; the next token uses wpe row 3 and its mask row is [1, 1, 1, 1] over the 4 keys; a
chunk of 2 tokens after 3 cached has the mask [[1, 1, 1, 1, 0], [1, 1, 1, 1, 1]].
"""
from __future__ import annotations

import math
import torch
import torch.nn.functional as F  # noqa: F401 - F.scaled_dot_product_attention, if you want it
from torch import nn


class GPTConfig:
    """The sizes: vocabulary, context length (block_size), blocks, heads, embedding width."""

    def __init__(self, vocab_size: int = 65, block_size: int = 32, n_layer: int = 2, n_head: int = 2,
                 n_embd: int = 32):
        self.vocab_size, self.block_size = vocab_size, block_size
        self.n_layer, self.n_head, self.n_embd = n_layer, n_head, n_embd


class CausalSelfAttention(nn.Module):
    def __init__(self, config: GPTConfig):
        super().__init__()
        assert config.n_embd % config.n_head == 0
        self.n_head = config.n_head
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd)
        self.c_proj = nn.Linear(config.n_embd, config.n_embd)

    def qkv(self, x: torch.Tensor):
        """(B, T, C) -> q, k, v, each (B, nh, T, hs)."""
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        return [t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v)]

    def merge(self, y: torch.Tensor) -> torch.Tensor:
        """(B, nh, T, hs) -> c_proj of the heads side by side, (B, T, C)."""
        B, nh, T, hs = y.shape
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, nh * hs))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        q, k, v = self.qkv(x)
        T = x.shape[1]
        att = (q @ k.transpose(-2, -1)) / math.sqrt(k.shape[-1])
        mask = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
        att = att.masked_fill(~mask, float("-inf"))
        return self.merge(torch.softmax(att, dim=-1) @ v)


class MLP(nn.Module):
    def __init__(self, config: GPTConfig):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.c_proj(self.gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, config: GPTConfig):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd)
        self.mlp = MLP(config)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    """nanoGPT without dropout: token + position embeddings, pre-LN blocks, final LN, head."""

    def __init__(self, config: GPTConfig):
        super().__init__()
        self.config = config
        self.wte = nn.Embedding(config.vocab_size, config.n_embd)
        self.wpe = nn.Embedding(config.block_size, config.n_embd)
        self.h = nn.ModuleList([Block(config) for _ in range(config.n_layer)])
        self.ln_f = nn.LayerNorm(config.n_embd)
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """Full recomputation: idx (B, T) -> logits (B, T, vocab_size)."""
        T = idx.shape[1]
        if T > self.config.block_size:
            raise ValueError(f"sequence of length {T} > block_size {self.config.block_size}")
        x = self.wte(idx) + self.wpe(torch.arange(T, device=idx.device))
        for block in self.h:
            x = block(x)
        return self.lm_head(self.ln_f(x))


def attend_with_cache(attn: CausalSelfAttention, x: torch.Tensor, past):
    """Attention of the new positions x (B, T_new, C) over past + new keys: (y, (k, v))."""
    # TODO: q, k, v = attn.qkv(x); prepend the past k, v on the time axis (dim=2);
    # TODO: scores (q k^T) / sqrt(hs), bottom-right causal mask tril(diagonal=T_past), softmax, @ v, attn.merge.
    ### BEGIN SOLUTION
    q, k, v = attn.qkv(x)
    if past is not None:
        k = torch.cat((past[0], k), dim=2)
        v = torch.cat((past[1], v), dim=2)
    t_new, t_total = q.shape[2], k.shape[2]
    mask = torch.ones(t_new, t_total, dtype=torch.bool, device=x.device).tril(diagonal=t_total - t_new)
    att = (q @ k.transpose(-2, -1)) / math.sqrt(k.shape[-1])
    att = att.masked_fill(~mask, float("-inf"))
    y = torch.softmax(att, dim=-1) @ v
    return attn.merge(y), (k, v)
    ### END SOLUTION


def forward_with_cache(model: GPT, idx: torch.Tensor, cache=None):
    """Logits (B, T_new, V) of the new tokens idx and the cache extended by them."""
    # TODO: T_past from the cache (0 if None); ValueError past block_size; positions T_past..;
    # TODO: the blocks with attend_with_cache (one (k, v) per block), ln_f, lm_head.
    ### BEGIN SOLUTION
    t_past = 0 if cache is None else cache[0][0].shape[2]
    t_new = idx.shape[1]
    if t_past + t_new > model.config.block_size:
        raise ValueError(f"{t_past} cached + {t_new} new positions > block_size {model.config.block_size}")
    pos = torch.arange(t_past, t_past + t_new, device=idx.device)
    x = model.wte(idx) + model.wpe(pos)
    new_cache = []
    for layer, block in enumerate(model.h):
        past = None if cache is None else cache[layer]
        y, present = attend_with_cache(block.attn, block.ln_1(x), past)
        new_cache.append(present)
        x = x + y
        x = x + block.mlp(block.ln_2(x))
    return model.lm_head(model.ln_f(x)), new_cache
    ### END SOLUTION


@torch.no_grad()
def generate_with_cache(model: GPT, idx: torch.Tensor, max_new_tokens: int) -> torch.Tensor:
    """Greedy decoding with the cache: idx (B, T) -> (B, T + max_new_tokens)."""
    # TODO: feed the prompt once; then append the argmax of the last logits and feed only that token.
    ### BEGIN SOLUTION
    logits, cache = forward_with_cache(model, idx, None)
    for step in range(max_new_tokens):
        next_id = logits[:, -1, :].argmax(dim=-1, keepdim=True)
        idx = torch.cat((idx, next_id), dim=1)
        if step + 1 < max_new_tokens:
            logits, cache = forward_with_cache(model, next_id, cache)
    return idx
    ### END SOLUTION
