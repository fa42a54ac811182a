"""Checks for the masked temporal softmax loss (references: torch.nn.functional.cross_entropy
with reduction='none', times the mask, summed, divided by N, in float64; torch autograd and
central differences for dx; a hand-worked case; logits of size 1e3 for stability)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, T, V): one token, one sequence, one time step, N != T both ways, a bigger vocabulary.
SHAPES = [(1, 1, 3), (1, 5, 4), (4, 1, 3), (2, 3, 5), (5, 2, 4), (3, 6, 10)]
HOW = ("torch: F.cross_entropy(x.reshape(N*T, V), y.reshape(N*T), reduction='none') "
       "* mask.reshape(N*T), summed, / N (float64)")


def _problem(rng, n, steps, vocab, scale=1.0):
    x = rng.normal(scale=scale, size=(n, steps, vocab))
    y = rng.integers(0, vocab, size=(n, steps))
    mask = rng.random(size=(n, steps)) < 0.6
    mask[0, 0] = True                   # at least one position counts
    if n * steps > 1:
        mask.flat[-1] = False           # and at least one is padding
    return x, y, mask


def _torch_loss(x, y, mask, grad=False):
    n, steps, vocab = x.shape
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=grad)
    per_token = F.cross_entropy(xt.reshape(n * steps, vocab), torch.from_numpy(y.reshape(-1)).long(),
                                reduction="none")
    loss = (per_token * torch.from_numpy(mask.reshape(-1)).double()).sum() / n
    if grad:
        loss.backward()
        return loss.item(), xt.grad.numpy()
    return loss.item()


def _numpy_loss(x, y, mask):
    shifted = x - x.max(axis=2, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))
    picked = np.take_along_axis(log_p, y[:, :, None], axis=2)[:, :, 0]
    return -np.sum(picked * mask) / x.shape[0]


def _call(ex, x, y, mask):
    result = ex.temporal_softmax_loss(x, y, mask)
    expect(isinstance(result, (tuple, list)) and len(result) == 2,
           "temporal_softmax_loss must return the tuple (loss, dx)", got=type(result).__name__)
    return result


def test_hand_example(ex, rng):
    x, y, mask = np.zeros((1, 2, 2)), np.array([[0, 1]]), np.array([[True, False]])
    loss, dx = _call(ex, x, y, mask)
    inputs = {"x": x, "y": y, "mask": mask}
    expect_close(loss, np.log(2.0), what="loss", how="by hand: only step 0 counts, -log(1/2) / N with N = 1",
                 rtol=1e-12, atol=1e-12, inputs=inputs)
    expect_close(dx, np.array([[[-0.5, 0.5], [0.0, 0.0]]]), what="dx",
                 how="by hand: (p - e_y) / N at step 0, zero at the masked-out step 1",
                 rtol=1e-12, atol=1e-12, inputs=inputs)


def test_divides_by_number_of_sequences(ex, rng):
    x, y, mask = np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int), np.array([[True, True, True], [True, False, False]])
    loss, _ = _call(ex, x, y, mask)
    expect_close(loss, 4 * np.log(4.0) / 2, what="loss with 4 unmasked positions in N = 2 sequences of T = 3",
                 how="by hand: each unmasked position costs log V = log 4; the sum is divided by N = 2 "
                     "(not by N * T = 6, not by the 4 unmasked positions)",
                 rtol=1e-12, atol=1e-12, inputs={"x": x, "y": y, "mask": mask})


def test_loss_matches_torch(ex, rng):
    for shape in SHAPES:
        x, y, mask = _problem(rng, *shape)
        loss, _ = _call(ex, x, y, mask)
        expect_close(loss, _torch_loss(x, y, mask), what=f"loss for (N, T, V) = {shape}", how=HOW,
                     rtol=1e-10, atol=1e-12, inputs={"x": x, "y": y, "mask": mask})


def test_dx_matches_torch_autograd(ex, rng):
    for shape in SHAPES:
        x, y, mask = _problem(rng, *shape)
        _, dx = _call(ex, x, y, mask)
        expect_close(dx, _torch_loss(x, y, mask, grad=True)[1], what=f"dx for (N, T, V) = {shape}",
                     how="torch autograd of the loss " + HOW + " (masked-out positions get zero gradient)",
                     rtol=1e-9, atol=1e-12, inputs={"x": x, "y": y, "mask": mask})


def test_dx_matches_central_difference(ex, rng):
    for shape in SHAPES[:5]:
        x, y, mask = _problem(rng, *shape)
        _, dx = _call(ex, x, y, mask)
        expect_close(dx, central_difference(lambda v: _numpy_loss(v, y, mask), x), what=f"dx for (N, T, V) = {shape}",
                     how="central_difference of the masked loss written with a stable NumPy log-softmax",
                     rtol=1e-6, atol=1e-8, inputs={"x": x, "y": y, "mask": mask})


def test_large_logits_are_stable(ex, rng):
    for shape in [(2, 3, 5), (1, 4, 6)]:
        x, y, mask = _problem(rng, *shape, scale=1e3)
        loss, dx = _call(ex, x, y, mask)
        want_loss, want_dx = _torch_loss(x, y, mask, grad=True)
        inputs = {"x": x, "y": y, "mask": mask}
        expect_close(loss, want_loss, what=f"loss for logits of size ~1e3, (N, T, V) = {shape}",
                     how=HOW + "; exp overflows without the max shift, log(softmax) gives log(0)",
                     rtol=1e-10, atol=1e-9, inputs=inputs)
        expect_close(dx, want_dx, what=f"dx for logits of size ~1e3, (N, T, V) = {shape}",
                     how="torch autograd of " + HOW, rtol=1e-9, atol=1e-12, inputs=inputs)


def test_all_masked_out(ex, rng):
    x, y, _ = _problem(rng, 2, 3, 4)
    mask = np.zeros((2, 3), dtype=bool)
    loss, dx = _call(ex, x, y, mask)
    inputs = {"x": x, "y": y, "mask": mask}
    expect_close(loss, 0.0, what="loss when every position is padding", how="nothing counts: 0",
                 rtol=0, atol=1e-12, inputs=inputs)
    expect_close(dx, np.zeros_like(x), what="dx when every position is padding", how="nothing counts: zeros",
                 rtol=0, atol=1e-12, inputs=inputs)
