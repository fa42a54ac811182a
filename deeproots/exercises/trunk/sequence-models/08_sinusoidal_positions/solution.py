"""Sinusoidal positional encodings: the sin/cos table of "Attention Is All You Need".

Source: Vaswani et al., "Attention Is All You Need" (NeurIPS 2017), §3.5 (positional
encoding); Stanford CS231n, assignment 3 "Transformer_Captioning.ipynb"
(cs231n/transformer_layers.py: PositionalEncoding).
https://arxiv.org/abs/1706.03762

The idea. Attention treats its inputs as a set: shuffle the tokens and each output moves
with its token, unchanged. To tell positions apart, a (T, d) table PE is added to the
(N, T, d) token embeddings (x + PE[None]). Vaswani et al. use, for position pos = 0, 1, ...,
T - 1 and pair index i = 0, 1, ...:

    PE[pos, 2i]     = sin(pos * w_i)          w_i = 1 / 10000^(2i / d)
    PE[pos, 2i + 1] = cos(pos * w_i)          (the SAME frequency as column 2i)

So columns 0 and 1 oscillate fastest (w_0 = 1, a period of 2 pi positions) and the
frequencies fall geometrically to about 1/10000 for the last pair. The exponent is 2i/d
with i the PAIR index (the even column 2i), not the column index.

Why it helps: for a fixed offset k, each pair (PE[pos + k, 2i], PE[pos + k, 2i + 1]) is the
pair at pos rotated by the angle k * w_i, whatever pos is:

    [sin((pos + k) w)]   [ cos(k w)   sin(k w)] [sin(pos w)]
    [cos((pos + k) w)] = [-sin(k w)   cos(k w)] [cos(pos w)]

so PE[pos + k] is a fixed linear map of PE[pos]: relative positions are easy to read.

Odd d. The pairs stop at the last even column: with d = 5 the columns are
sin w_0, cos w_0, sin w_1, cos w_1, sin w_2, i.e. the last column is a sine with no cosine
partner (w_i still uses the true d in 2i/d). Even d is the usual case.

sinusoidal_positions(T, d) returns the (T, d) float table, positions counted from 0.
Everything is NumPy.
Do not use: torch.*.

Tiny example: T = 2, d = 4 gives w = [1, 1/100] and
PE = [[0, 1, 0, 1],
      [sin 1, cos 1, sin 0.01, cos 0.01]] = [[0, 1, 0, 1], [0.84147, 0.54030, 0.0099998, 0.99995]].
"""
import numpy as np


def sinusoidal_positions(T: int, d: int) -> np.ndarray:
    """Return the (T, d) table PE[pos, 2i] = sin(pos * w_i), PE[pos, 2i + 1] = cos(pos * w_i)."""
    # TODO: angles = positions (T, 1) times the ceil(d / 2) frequencies; sines in even columns, cosines in odd ones.
    ### BEGIN SOLUTION
    positions = np.arange(T)[:, None]
    i = np.arange((d + 1) // 2)
    angles = positions / 10000.0 ** (2 * i / d)
    pe = np.zeros((T, d))
    pe[:, 0::2] = np.sin(angles)
    pe[:, 1::2] = np.cos(angles[:, : d // 2])
    return pe
    ### END SOLUTION
