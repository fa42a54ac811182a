"""Checks for sinusoidal positional encodings (references: the formula of Vaswani et al.
§3.5 evaluated entry by entry with math.sin / math.cos in a loop, the rotation identity
sin((p + k) w) = ..., a least-squares fit showing PE[pos + k] is one linear map of PE[pos],
and hand values)."""
import math

import numpy as np

from deeproots.grading.checks import expect, expect_close


def _formula(T, d):
    table = np.zeros((T, d))
    for pos in range(T):
        for j in range(d):
            angle = pos / 10000.0 ** (2 * (j // 2) / d)
            table[pos, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    return table


def _table(ex, T, d):
    pe = np.asarray(ex.sinusoidal_positions(T, d), dtype=float)
    expect(pe.shape == (T, d), f"sinusoidal_positions({T}, {d}) must have shape (T, d) = {(T, d)}", got=pe.shape)
    return pe


def test_hand_values(ex, rng):
    want = np.array([[0.0, 1.0, 0.0, 1.0], [math.sin(1.0), math.cos(1.0), math.sin(0.01), math.cos(0.01)]])
    expect_close(ex.sinusoidal_positions(2, 4), want, what="sinusoidal_positions(2, 4)",
                 how="by hand: w = [1, 10000^(-2/4)] = [1, 0.01]; row 0 is sin 0, cos 0; row 1 is "
                     "sin 1, cos 1, sin 0.01, cos 0.01", rtol=1e-12, atol=1e-12, inputs={"T": 2, "d": 4})
    expect_close(ex.sinusoidal_positions(1, 3), np.array([[0.0, 1.0, 0.0]]), what="sinusoidal_positions(1, 3)",
                 how="by hand: position 0 gives sin 0 = 0 in even columns and cos 0 = 1 in odd ones",
                 rtol=0, atol=1e-15, inputs={"T": 1, "d": 3})


def test_matches_formula(ex, rng):
    for T, d in ((1, 2), (5, 4), (7, 1), (10, 5), (50, 16), (33, 33), (100, 64)):
        expect_close(_table(ex, T, d), _formula(T, d), what=f"sinusoidal_positions({T}, {d})",
                     how="a loop over entries: angle = pos / 10000^(2 (j // 2) / d), math.sin for even "
                         "columns j, math.cos for odd ones (odd d: the last column is a sine)",
                     rtol=1e-10, atol=1e-12, inputs={"T": T, "d": d})


def test_offset_is_a_rotation_per_pair(ex, rng):
    T, d = 64, 16
    pe = _table(ex, T, d)
    w = 1.0 / 10000.0 ** (2 * np.arange(d // 2) / d)
    for k in (1, 3, 10):
        c, s = np.cos(k * w), np.sin(k * w)
        sines, cosines = pe[:-k, 0::2], pe[:-k, 1::2]
        rotated = np.empty((T - k, d))
        rotated[:, 0::2] = c * sines + s * cosines
        rotated[:, 1::2] = -s * sines + c * cosines
        expect_close(pe[k:], rotated, what=f"PE[pos + {k}] for pos = 0 .. {T - k - 1} (d = {d})",
                     how=f"each pair (PE[pos, 2i], PE[pos, 2i + 1]) rotated by the angle {k} * w_i with "
                         "[[cos, sin], [-sin, cos]], w_i = 10000^(-2i / d)", rtol=1e-9, atol=1e-10,
                     inputs={"T": T, "d": d, "k": k})


def test_offset_is_one_linear_map(ex, rng):
    # Without assuming the frequencies: one (d, d) matrix M must map every PE[pos] to PE[pos + k].
    T, d, k = 80, 8, 5
    pe = _table(ex, T, d)
    M, *_ = np.linalg.lstsq(pe[:-k], pe[k:], rcond=None)
    residual = float(np.max(np.abs(pe[:-k] @ M - pe[k:])))
    expect(residual < 1e-8, f"PE[pos + {k}] should be one fixed linear map of PE[pos] for every pos "
           "(each (sin, cos) pair rotates by a fixed angle); the best least-squares map leaves a residual",
           max_residual=residual, how="np.linalg.lstsq(PE[:-k], PE[k:]) over all positions, T = 80, d = 8")
