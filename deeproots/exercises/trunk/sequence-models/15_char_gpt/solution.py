"""A character-level GPT trained on Tiny Shakespeare.

Source: Karpathy's nanoGPT (model.py; config/train_shakespeare_char.py) and the lecture
"Let's build GPT: from scratch, in code, spelled out"; Radford et al. 2019 (GPT-2: pre-LN
blocks, a final LayerNorm); Vaswani et al. 2017 §3 (the Transformer).
https://github.com/karpathy/nanoGPT

The data: Tiny Shakespeare, 1,115,394 characters, 65 distinct. The check encodes it with
the sorted characters (id = position in sorted(set(text))), keeps the first 90% for you
(train_ids, a 1-D int64 tensor) and the last 10% for itself, as nanoGPT does.

The model, GPT(config), config a dict with vocab_size V, block_size T_max, n_layer, n_head,
n_embd C and dropout (a probability):
    idx (B, T) int64, T <= block_size  ->  logits (B, T, V), logits[b, t] scoring idx[b, t + 1]
    x = wte(idx) + wpe(arange(T))           token + position embeddings, (B, T, C), then dropout
    n_layer times:                          pre-LN residual blocks
        x = x + attn(ln_1(x))               causal self-attention, n_head heads of C / n_head
        x = x + mlp(ln_2(x))                Linear(C, 4C), GELU, Linear(4C, C)
    logits = lm_head(ln_f(x))               LayerNorm, then Linear(C, V) (tied to wte or not)
Attention: q, k, v from one Linear(C, 3C), split into heads (B, n_head, T, hs);
softmax((q k^T) / sqrt(hs) with the future masked to -inf) v, heads merged, Linear(C, C);
dropout on the attention weights and after each residual branch. Causal: position t sees
positions 0..t only, so changing idx[:, t'] never changes logits[:, :t'].
Initialise as nanoGPT: every Linear and Embedding weight ~ Normal(0, 0.02), biases 0
(LayerNorm stays 1 and 0): the logits start near 0, so the loss at init is about ln V.
Keep the config on the model, self.config = dict(config) (estimate_loss reads block_size).

estimate_loss(model, ids, starts): the mean cross-entropy of next-character prediction over
the windows x = ids[s : s + T_max], y = ids[s + 1 : s + T_max + 1] (targets shifted by ONE)
for each s in starts, computed with model.eval() under torch.no_grad() (dropout off), then
model.train() again. Returns a float (nats per character).

train_char_gpt(train_ids, config, steps, seed) -> dict state_dict. config also holds
batch_size and lr. torch.manual_seed(seed), then build GPT(config); AdamW(lr, betas=(0.9,
0.99)); a torch.Generator seeded with seed draws each batch: batch_size random starts i in
[0, len - T_max - 1], x = ids[i : i + T_max], y = ids[i + 1 : i + T_max + 1]. Each step:
zero the gradients, F.cross_entropy(logits.view(-1, V), y.view(-1)), backward, step.
Return dict(model.state_dict()). The check trains with block_size 32, 2 blocks, 4 heads,
64 dims, batch 32, lr 3e-3 for 800 steps (about 15 s on one core), loads the state_dict into
a fresh GPT(config), measures the validation loss itself and asks for at least 0.3 nats/char
below a count-based bigram model (which sees one character of context; this model sees 32).

Tiny example: V = 65, B = 2, T = 8: logits (2, 8, 65); at init the loss is about
ln 65 = 4.17 nats; a bigram model reaches about 2.5 on the validation text, and nanoGPT's
small CPU model about 1.9 after 2,000 steps.

Do not use: torch.nn.MultiheadAttention, torch.nn.TransformerEncoderLayer,
torch.nn.TransformerEncoder.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention: (B, T, C) -> (B, T, C)."""

    def __init__(self, config: dict):
        super().__init__()
        # TODO: self.c_attn = Linear(C, 3C), self.c_proj = Linear(C, C), two nn.Dropout, and a
        # TODO: (block_size, block_size) lower-triangular bool mask: self.register_buffer("mask", ...).
        ### BEGIN SOLUTION
        C, T = config["n_embd"], config["block_size"]
        self.n_head = config["n_head"]
        self.c_attn = nn.Linear(C, 3 * C)
        self.c_proj = nn.Linear(C, C)
        self.attn_dropout = nn.Dropout(config["dropout"])
        self.resid_dropout = nn.Dropout(config["dropout"])
        self.register_buffer("mask", torch.ones(T, T, dtype=torch.bool).tril(), persistent=False)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # TODO: q, k, v as (B, n_head, T, hs); masked scaled scores; softmax; dropout; @ v; merge; c_proj.
        ### BEGIN SOLUTION
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(k.shape[-1])
        att = att.masked_fill(~self.mask[:T, :T], float("-inf"))
        att = self.attn_dropout(torch.softmax(att, dim=-1))
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_dropout(self.c_proj(y))
        ### END SOLUTION


class Block(nn.Module):
    """Pre-LN block: x + attn(ln_1(x)), then x + mlp(ln_2(x))."""

    def __init__(self, config: dict):
        super().__init__()
        # TODO: ln_1, attn, ln_2 and mlp = Sequential(Linear(C, 4C), GELU(), Linear(4C, C), Dropout).
        ### BEGIN SOLUTION
        C = config["n_embd"]
        self.ln_1 = nn.LayerNorm(C)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(C)
        self.mlp = nn.Sequential(nn.Linear(C, 4 * C), nn.GELU(), nn.Linear(4 * C, C), nn.Dropout(config["dropout"]))
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # TODO: the two residual branches.
        ### BEGIN SOLUTION
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))
        ### END SOLUTION


class GPT(nn.Module):
    """Token + position embeddings, n_layer blocks, final LayerNorm, linear head."""

    def __init__(self, config: dict):
        super().__init__()
        # TODO: self.config = dict(config); wte, wpe, dropout, the blocks (nn.ModuleList), ln_f, lm_head;
        # TODO: then the nanoGPT init.
        ### BEGIN SOLUTION
        self.config = dict(config)
        C = config["n_embd"]
        self.wte = nn.Embedding(config["vocab_size"], C)
        self.wpe = nn.Embedding(config["block_size"], C)
        self.drop = nn.Dropout(config["dropout"])
        self.blocks = nn.ModuleList([Block(config) for _ in range(config["n_layer"])])
        self.ln_f = nn.LayerNorm(C)
        self.lm_head = nn.Linear(C, config["vocab_size"], bias=False)
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if isinstance(module, nn.Linear) and module.bias is not None:
                nn.init.zeros_(module.bias)
        ### END SOLUTION

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """idx (B, T) int64 -> logits (B, T, vocab_size)."""
        # TODO: embeddings (positions 0..T-1), dropout, blocks, ln_f, lm_head.
        ### BEGIN SOLUTION
        T = idx.shape[1]
        x = self.wte(idx) + self.wpe(torch.arange(T, device=idx.device))
        x = self.drop(x)
        for block in self.blocks:
            x = block(x)
        return self.lm_head(self.ln_f(x))
        ### END SOLUTION


def estimate_loss(model: GPT, ids: torch.Tensor, starts) -> float:
    """Mean next-character cross-entropy over the windows at starts, in eval mode."""
    # TODO: model.eval(); no_grad; x = ids[s:s+T], y = ids[s+1:s+T+1] stacked; cross-entropy; model.train().
    ### BEGIN SOLUTION
    T = model.config["block_size"]
    model.eval()
    with torch.no_grad():
        x = torch.stack([ids[s:s + T] for s in starts])
        y = torch.stack([ids[s + 1:s + T + 1] for s in starts])
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
    model.train()
    return float(loss)
    ### END SOLUTION


def train_char_gpt(train_ids: torch.Tensor, config: dict, steps: int, seed: int = 0) -> dict:
    """Train GPT(config) for steps AdamW steps on random windows; return dict(state_dict)."""
    # TODO: seed, model, AdamW, a seeded Generator; each step a batch of shifted windows,
    # TODO: zero_grad, cross-entropy, backward, step.
    ### BEGIN SOLUTION
    torch.manual_seed(seed)
    model = GPT(config)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=config["lr"], betas=(0.9, 0.99))
    generator = torch.Generator().manual_seed(seed)
    T, B = config["block_size"], config["batch_size"]
    offsets = torch.arange(T)
    for _ in range(steps):
        starts = torch.randint(len(train_ids) - T - 1, (B, 1), generator=generator)
        x = train_ids[starts + offsets]
        y = train_ids[starts + offsets + 1]
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return dict(model.state_dict())
    ### END SOLUTION
