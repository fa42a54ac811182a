"""Checks for rotary position embeddings (references: the complex-number form computed here,
each interleaved pair x[2i] + j x[2i+1] times exp(j pos theta_i), as in Llama's
apply_rotary_emb; torch autograd of that complex form (view_as_complex, torch.polar) and
central differences for the backward pass; norm preservation; the relative-position property
<R(m) q, R(n) k> = f(m - n); a hand case)."""
import numpy as np
import torch

from deeproots.grading.checks import central_difference, expect_close

COMPLEX = ("the complex form: z_i = x[2i] + j x[2i+1], z_i * exp(j * positions[t] * theta_i), "
           "theta_i = 10000^(-2i / d), real and imaginary parts back into columns 2i and 2i+1")
CASES = [(1, 1, 2), (2, 3, 4), (3, 5, 8), (1, 7, 16), (4, 2, 6)]


def _theta(d):
    return 10000.0 ** (-2.0 * np.arange(d // 2) / d)


def _complex_rotary(x, positions):
    z = x[..., 0::2] + 1j * x[..., 1::2]
    z = z * np.exp(1j * np.asarray(positions, dtype=float)[:, None] * _theta(x.shape[-1]))
    out = np.empty(x.shape)
    out[..., 0::2], out[..., 1::2] = z.real, z.imag
    return out


def _torch_rotary(x, positions):
    n, t, d = x.shape
    z = torch.view_as_complex(x.reshape(n, t, d // 2, 2))
    angles = torch.tensor(np.asarray(positions, dtype=float)[:, None] * _theta(d))
    return torch.view_as_real(z * torch.polar(torch.ones_like(angles), angles)).reshape(n, t, d)


def _problem(rng, n, t, d):
    return rng.normal(size=(n, t, d)), rng.integers(0, 2048, size=t)


def test_hand_example(ex, rng):
    x, positions = np.array([[[1.0, 0.0], [1.0, 0.0], [0.0, 2.0]]]), np.array([0, 1, 2])
    want = np.array([[[1.0, 0.0], [np.cos(1.0), np.sin(1.0)], [-2 * np.sin(2.0), 2 * np.cos(2.0)]]])
    expect_close(ex.apply_rotary(x, positions), want, what="apply_rotary(x, [0, 1, 2]) with d = 2",
                 how="by hand: theta_0 = 1; (1, 0) turned by 0 and by 1 radian, (0, 2) turned by 2 radians",
                 rtol=1e-12, atol=1e-12, inputs={"x": x, "positions": positions})


def test_matches_complex_form(ex, rng):
    for n, t, d in CASES:
        x, positions = _problem(rng, n, t, d)
        expect_close(ex.apply_rotary(x, positions), _complex_rotary(x, positions),
                     what=f"apply_rotary for (N, T, d) = {(n, t, d)}", how=COMPLEX, rtol=1e-9, atol=1e-10,
                     inputs={"x": x, "positions": positions})
    x = rng.normal(size=(2, 3, 4))
    positions = np.array([0, 1, 2])
    expect_close(ex.apply_rotary(x, positions), _complex_rotary(x, positions), what="apply_rotary, positions 0, 1, 2",
                 how=COMPLEX, rtol=1e-12, atol=1e-12, inputs={"x": x, "positions": positions})


def test_norms_preserved(ex, rng):
    x, positions = _problem(rng, 3, 6, 8)
    out = np.asarray(ex.apply_rotary(x, positions), dtype=float)
    expect_close(np.linalg.norm(out, axis=-1), np.linalg.norm(x, axis=-1), what="||out[n, t]|| for every token",
                 how="a rotation preserves lengths: np.linalg.norm(x, axis=-1)", rtol=1e-10, atol=1e-12,
                 inputs={"x": x, "positions": positions})


def test_scores_depend_on_offset_only(ex, rng):
    d = 16
    q, k = rng.normal(size=(1, 1, d)), rng.normal(size=(1, 1, d))
    for m, n in ((0, 0), (3, 7), (10, 2), (100, 37)):
        reference = float(np.sum(np.asarray(ex.apply_rotary(q, np.array([0])), dtype=float)
                                 * np.asarray(ex.apply_rotary(k, np.array([n - m])), dtype=float)))
        for shift in (0, 5, 1000):
            score = float(np.sum(np.asarray(ex.apply_rotary(q, np.array([m + shift])), dtype=float)
                                 * np.asarray(ex.apply_rotary(k, np.array([n + shift])), dtype=float)))
            expect_close(score, reference, what=f"<R({m + shift}) q, R({n + shift}) k>",
                         how=f"your <R(0) q, R({n - m}) k>: the score must depend on n - m only",
                         rtol=1e-9, atol=1e-10, inputs={"q": q, "k": k})


def test_backward_matches_torch_autograd(ex, rng):
    for n, t, d in CASES:
        x, positions = _problem(rng, n, t, d)
        dout = rng.normal(size=(n, t, d))
        leaf = torch.tensor(x, requires_grad=True)
        (_torch_rotary(leaf, positions) * torch.tensor(dout)).sum().backward()
        expect_close(ex.apply_rotary_backward(dout, positions), leaf.grad.numpy(),
                     what=f"dx for (N, T, d) = {(n, t, d)}",
                     how="torch autograd of sum(out * dout), out from torch.view_as_complex(x pairs) * "
                         "torch.polar(1, positions * theta), float64", rtol=1e-9, atol=1e-10,
                     inputs={"dout": dout, "positions": positions})


def test_backward_matches_central_difference(ex, rng):
    for n, t, d in CASES[:4]:
        x, positions = _problem(rng, n, t, d)
        dout = rng.normal(size=(n, t, d))
        expect_close(ex.apply_rotary_backward(dout, positions),
                     central_difference(lambda v: np.sum(_complex_rotary(v, positions) * dout), x),
                     what=f"dx for (N, T, d) = {(n, t, d)}",
                     how="central_difference of L = sum(out * dout), out from the NumPy complex form",
                     rtol=1e-6, atol=1e-8, inputs={"dout": dout, "positions": positions})
