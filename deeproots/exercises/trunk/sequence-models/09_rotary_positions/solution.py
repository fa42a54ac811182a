"""Rotary position embeddings (RoPE): rotate pairs of features by an angle set by the position.

Source: Su et al., "RoFormer: Enhanced Transformer with Rotary Position Embedding" (2021),
§3.2-3.4, equations 13-16 and 34 (the sparse form of the rotation); Meta's Llama, model.py
(apply_rotary_emb, the same interleaved pairs written with complex numbers).
https://arxiv.org/abs/2104.09864

The idea. Instead of adding a position table to the embeddings (the sinusoidal exercise),
RoPE rotates the query and key vectors just before attention, by angles proportional to
their positions. A rotation preserves lengths, and the dot product of a query rotated for
position m with a key rotated for position n depends on m - n only:

    <R(m) q, R(n) k> = <q, R(n - m) k>      (rotations compose: R(m)^T R(n) = R(n - m))

so attention scores see relative positions for free.

The rotation. d is even; features are taken in INTERLEAVED pairs (x0, x1), (x2, x3), ...
as in the paper's equation 34, and pair i turns by the angle m * theta_i, with

    theta_i = 10000^(-2i / d),    i = 0 .. d/2 - 1

    out[2i]     = x[2i] cos(m theta_i) - x[2i + 1] sin(m theta_i)
    out[2i + 1] = x[2i] sin(m theta_i) + x[2i + 1] cos(m theta_i)

that is, the complex number x[2i] + j x[2i + 1] multiplied by exp(j m theta_i). (Some code,
GPT-NeoX and Hugging Face's rotate_half, pairs feature i with feature i + d/2 instead: the
same idea on a permuted vector, but not this exercise's convention.)

apply_rotary(x, positions): x (N, T, d), positions (T,) integers (token t of every sequence
sits at positions[t]); returns (N, T, d), x unchanged. The layer has no parameters, so its
backward only maps dout to dx: each pair was multiplied by a rotation matrix R, so dx = R^T
dout, and R^T is the rotation by the opposite angle. apply_rotary_backward(dout, positions)
returns dx (N, T, d); write it with apply_rotary.

Everything is NumPy.
Do not use: torch.*.

Tiny example: d = 2 (theta_0 = 1), x = [[[1, 0], [1, 0], [0, 2]]], positions = [0, 1, 2]:
out = [[[1, 0], [cos 1, sin 1], [-2 sin 2, 2 cos 2]]]. With d = 4, theta = [1, 0.01].
"""
import numpy as np


def apply_rotary(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Return x (N, T, d) with each interleaved pair (x[2i], x[2i+1]) of token t rotated by positions[t] * theta_i."""
    # TODO: angles (T, d/2) = positions[:, None] * theta; rotate the even/odd feature pairs with cos and sin.
    ### BEGIN SOLUTION
    d = x.shape[-1]
    theta = 10000.0 ** (-2 * np.arange(d // 2) / d)
    angles = np.asarray(positions, dtype=float)[:, None] * theta
    cos, sin = np.cos(angles), np.sin(angles)
    first, second = slice(0, None, 2), slice(1, None, 2)
    out = np.empty(x.shape)
    out[..., first] = x[..., first] * cos - x[..., second] * sin
    out[..., second] = x[..., first] * sin + x[..., second] * cos
    return out
    ### END SOLUTION


def apply_rotary_backward(dout: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Return dx (N, T, d): dout rotated back, by -positions[t] * theta_i."""
    # TODO: the transpose of a rotation is the rotation by the opposite angle.
    ### BEGIN SOLUTION
    return apply_rotary(dout, -np.asarray(positions))
    ### END SOLUTION
