"""Sampling the next token: temperature, top-k and nucleus (top-p) filtering.

Source: Holtzman, Buys, Du, Forbes & Choi, "The Curious Case of Neural Text Degeneration",
ICLR 2020, §3.1 (nucleus sampling); Fan, Lewis & Dauphin 2018 (top-k sampling); Karpathy's
nanoGPT model.generate (temperature, then top-k, then softmax and torch.multinomial).
https://arxiv.org/abs/1904.09751

A language model gives logits (N, V): one row of scores over the V tokens of the
vocabulary for each of N sequences. Sampling from softmax(logits) as is lets the long tail
of unlikely tokens in; greedy argmax repeats itself. The usual knobs, applied in THIS order:

1. Temperature T > 0: z = logits / T. T < 1 sharpens, T > 1 flattens, T = 1 changes
   nothing. T = 0 means greedy: filtered_probs returns the one-hot of the argmax of each
   row (the first index on ties, as torch.argmax), and top_k / top_p are then irrelevant.
2. Top-k (top_k = None, or >= V, keeps everything): keep the tokens whose z is >= the k-th
   largest z of the row (ties with the k-th value are all kept, as nanoGPT does); the others
   get probability 0. Dividing by T > 0 keeps the order, so top-k keeps the same tokens
   before or after the temperature.
3. p = softmax of the kept z (renormalised over the kept tokens).
4. Top-p (top_p = None, or >= 1.0, keeps everything), on p from step 3: the nucleus is the
   SMALLEST set of most probable tokens whose total mass is >= top_p. Sort p descending,
   p_(1) >= p_(2) >= ...; token (j) is needed when the mass BEFORE it, p_(1) + ... +
   p_(j-1), is < top_p (so the boundary token, the one whose mass crosses top_p, IS
   included, and the most probable token always is). Let t be the smallest needed
   probability: keep every token with p >= t (ties with the boundary token are kept too).
   This set depends on the temperature (T reshapes p), so the nucleus must be chosen after it.
5. Zero the rest and renormalise: probs = p * keep / sum(p * keep) over each row.

Shapes: logits (N, V) float; temperature a float >= 0; top_k an int >= 1 or None; top_p a
float in (0, 1] or None. top_p_mask(probs (N, V), top_p) -> bool (N, V) (step 4's keep);
filtered_probs(...) -> (N, V) float, every row summing to 1; sample_next(...) -> (N,) int64
token ids, one draw per row from filtered_probs with torch.multinomial(..., generator=generator)
so that a seeded torch.Generator makes the draw reproducible.

Tiny example: logits = log([0.5, 0.25, 0.125, 0.125]), T = 1.
    top_p = 0.7: masses before each sorted token 0, 0.5, 0.75, ...: tokens 0 and 1 are
        needed (0.5 < 0.7), so probs = [2/3, 1/3, 0, 0].
    top_p = 0.8: tokens 0, 1, 2 are needed (0.75 < 0.8); token 3 ties token 2 (0.125) and is
        kept too: probs = [0.5, 0.25, 0.125, 0.125].
    top_k = 1: probs = [1, 0, 0, 0]. T = 0: [1, 0, 0, 0].
"""
from __future__ import annotations

import torch


def top_p_mask(probs: torch.Tensor, top_p: float) -> torch.Tensor:
    """Bool (N, V): the nucleus of each row of probs (boundary token and its ties included)."""
    # TODO: sort descending, cumulative sums; a token is needed when the mass before it is < top_p;
    # TODO: t = the smallest needed probability of each row; keep probs >= t.
    ### BEGIN SOLUTION
    sorted_probs = torch.sort(probs, dim=-1, descending=True).values
    cumulative = torch.cumsum(sorted_probs, dim=-1)
    needed = (cumulative - sorted_probs) < top_p
    threshold = torch.where(needed, sorted_probs, torch.full_like(sorted_probs, float("inf")))
    threshold = threshold.amin(dim=-1, keepdim=True)
    return probs >= threshold
    ### END SOLUTION


def filtered_probs(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
                   top_p: float | None = None) -> torch.Tensor:
    """(N, V) probabilities after temperature, top-k and top-p, each row renormalised."""
    # TODO: T == 0 -> one-hot argmax; else z = logits / T; top-k on z (-inf below the k-th value);
    # TODO: softmax; top-p via top_p_mask; zero the rest and divide by the row sums.
    ### BEGIN SOLUTION
    if temperature == 0:
        return torch.nn.functional.one_hot(logits.argmax(dim=-1), logits.shape[-1]).to(logits.dtype)
    z = logits / temperature
    if top_k is not None and top_k < z.shape[-1]:
        kth = torch.topk(z, top_k, dim=-1).values[:, -1:]
        z = z.masked_fill(z < kth, float("-inf"))
    probs = torch.softmax(z, dim=-1)
    if top_p is not None and top_p < 1.0:
        keep = top_p_mask(probs, top_p)
        probs = torch.where(keep, probs, torch.zeros_like(probs))
        probs = probs / probs.sum(dim=-1, keepdim=True)
    return probs
    ### END SOLUTION


def sample_next(logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None,
                top_p: float | None = None, generator: torch.Generator | None = None) -> torch.Tensor:
    """(N,) int64: one token id per row, drawn from filtered_probs with the given generator."""
    # TODO: torch.multinomial(filtered_probs(...), num_samples=1, generator=generator), then drop the last axis.
    ### BEGIN SOLUTION
    probs = filtered_probs(logits, temperature, top_k, top_p)
    return torch.multinomial(probs, num_samples=1, generator=generator).squeeze(-1)
    ### END SOLUTION
