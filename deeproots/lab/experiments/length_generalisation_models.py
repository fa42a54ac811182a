"""Sequence models of the sequence lab: RNN, LSTM and a transformer encoder with a choice of positions.

All read a whole input (the task's x, then |y| empty tokens) and return logits (batch, |y|, classes)
at the last ``out_len`` positions, as in Delétang et al. (2023): no autoregression, the answer is read
from the empty tokens.

Transformer position encodings (``pe``):

- "sin": sinusoidal positions added to the token embeddings (Vaswani et al. 2017);
- "none": no positions at all: the encoder is then permutation-equivariant (a test checks it);
- "nope_causal": no positions, causal attention mask (each position sees only its past: the mask
  itself carries order, Kazemnejad et al. 2023);
- "alibi": no added positions, an attention bias -m_h |i - j| per head (Press et al. 2022, the
  symmetric form for an encoder);
- "random": sinusoidal encodings of a sorted random subset of positions 0..max_position-1, drawn per
  batch in training and in evaluation (Ruoss et al. 2023, "randomized positional encodings");
- "abacus": the addition experiment's digit positions (McLeish et al. 2024): a learned embedding of
  each token's index inside its number (``positions`` given by the caller), with a random offset in
  training.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

ENCODINGS = ("sin", "none", "nope_causal", "alibi", "random", "abacus")


class Recurrent(nn.Module):
    """An Elman RNN (tanh) or an LSTM, one layer, then a linear read-out at the last ``out_len`` steps."""

    def __init__(self, kind: str, vocab: int, classes: int, hidden: int):
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden)
        self.core = {"rnn": nn.RNN, "lstm": nn.LSTM}[kind](hidden, hidden, batch_first=True)
        self.head = nn.Linear(hidden, classes)

    def forward(self, tokens: torch.Tensor, out_len: int, positions: torch.Tensor | None = None) -> torch.Tensor:
        states, _ = self.core(self.embed(tokens))
        return self.head(states[:, -out_len:])


def sinusoids(positions: torch.Tensor, width: int) -> torch.Tensor:
    """Sinusoidal encodings (..., width) of integer positions (Vaswani et al. 2017)."""
    frequencies = torch.exp(torch.arange(0, width, 2, device=positions.device) * (-math.log(10000.0) / width))
    angles = positions.float()[..., None] * frequencies
    return torch.cat([angles.sin(), angles.cos()], -1)


class Block(nn.Module):
    """Pre-norm self-attention and MLP with residual connections."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.qkv, self.out = nn.Linear(width, 3 * width), nn.Linear(width, width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, h: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
        b, t, w = h.shape
        q, k, v = self.qkv(self.norm1(h)).view(b, t, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        attended = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
        h = h + self.out(attended.transpose(1, 2).reshape(b, t, w))
        return h + self.mlp(self.norm2(h))


class Transformer(nn.Module):
    """A transformer encoder (pre-norm blocks) with one of ``ENCODINGS``."""

    def __init__(self, vocab: int, classes: int, width: int = 64, layers: int = 2, heads: int = 4,
                 pe: str = "sin", max_position: int = 512):
        super().__init__()
        if pe not in ENCODINGS:
            raise ValueError(f"pe must be one of {ENCODINGS} (got {pe!r})")
        self.pe, self.width, self.heads, self.max_position = pe, width, heads, max_position
        self.embed = nn.Embedding(vocab, width)
        self.abacus = nn.Embedding(max_position, width) if pe == "abacus" else None
        self.blocks = nn.ModuleList(Block(width, heads) for _ in range(layers))
        self.norm = nn.LayerNorm(width)
        self.head = nn.Linear(width, classes)
        slopes = torch.tensor([2.0 ** (-8.0 * (i + 1) / heads) for i in range(heads)])
        self.register_buffer("slopes", slopes, persistent=False)

    def position_codes(self, t: int, device) -> torch.Tensor:
        if self.pe == "random":  # a sorted random subset of the long range, drawn per batch (Ruoss et al.)
            if t > self.max_position:
                raise ValueError(f"sequence of {t} tokens is longer than max_position={self.max_position}")
            picked = torch.randperm(self.max_position, device=device)[:t].sort().values
            return sinusoids(picked, self.width)
        return sinusoids(torch.arange(t, device=device), self.width)

    def bias(self, t: int, device) -> torch.Tensor | None:
        if self.pe == "nope_causal":
            return torch.ones(t, t, dtype=torch.bool, device=device).tril()
        if self.pe == "alibi":
            distance = (torch.arange(t, device=device)[None] - torch.arange(t, device=device)[:, None]).abs()
            return -self.slopes[:, None, None] * distance  # (heads, t, t), broadcast over the batch
        return None

    def forward(self, tokens: torch.Tensor, out_len: int, positions: torch.Tensor | None = None) -> torch.Tensor:
        t = tokens.shape[1]
        h = self.embed(tokens)
        if self.pe in ("sin", "random"):
            h = h + self.position_codes(t, tokens.device)
        elif self.pe == "abacus":
            if positions is None:
                raise ValueError("abacus encodings need the digit positions")
            h = h + self.abacus(positions.clamp(max=self.max_position - 1))
        bias = self.bias(t, tokens.device)
        for block in self.blocks:
            h = block(h, bias)
        return self.head(self.norm(h[:, -out_len:]))


def make_model(name: str, vocab: int, classes: int, width: int, layers: int, max_position: int = 512) -> nn.Module:
    """"rnn", "lstm" or "transformer-<pe>" (e.g. "transformer-sin")."""
    if name in ("rnn", "lstm"):
        return Recurrent(name, vocab, classes, width)
    if name.startswith("transformer-"):
        return Transformer(vocab, classes, width=width, layers=layers, pe=name.removeprefix("transformer-"),
                           max_position=max_position)
    raise ValueError(f"unknown model {name!r}")
