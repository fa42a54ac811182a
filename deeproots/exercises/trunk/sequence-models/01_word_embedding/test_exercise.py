"""Checks for the word embedding (references: torch.nn.functional.embedding in float64 for
the forward pass, torch autograd through it and central differences of a NumPy lookup for
the backward pass, and a hand-worked case with a repeated word)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, T, V, D): one word, one sequence, N != T both ways, a small vocabulary (many
# repeats), a vocabulary larger than the batch (unused words).
SHAPES = [(1, 1, 3, 2), (1, 5, 4, 3), (2, 3, 5, 4), (4, 2, 3, 5), (6, 7, 4, 2), (3, 4, 20, 3)]


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _problem(rng, n, steps, vocab, d):
    x = rng.integers(0, vocab, size=(n, steps))
    return x, rng.normal(size=(vocab, d))


def test_hand_example(ex, rng):
    W = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
    x = np.array([[0, 2, 0]])
    out, cache = ex.word_embedding_forward(x, W)
    expect_close(out, np.array([[[0.0, 1.0], [4.0, 5.0], [0.0, 1.0]]]), what="out",
                 how="by hand: rows 0, 2, 0 of W", rtol=0, atol=0, inputs={"x": x, "W": W})
    dW = ex.word_embedding_backward(np.ones((1, 3, 2)), cache)
    expect_close(dW, np.array([[2.0, 2.0], [0.0, 0.0], [1.0, 1.0]]), what="dW with dout all ones",
                 how="by hand: word 0 appears twice (1 + 1), word 1 never, word 2 once",
                 rtol=0, atol=1e-12, inputs={"x": x, "W": W})


def test_forward_matches_torch(ex, rng):
    for shape in SHAPES:
        x, W = _problem(rng, *shape)
        out, _ = ex.word_embedding_forward(x, W)
        expect_close(out, F.embedding(torch.from_numpy(x), _t(W)).numpy(),
                     what=f"out for (N, T, V, D) = {shape}",
                     how="torch.nn.functional.embedding(x, W), float64", rtol=0, atol=0,
                     inputs={"x": x, "W": W})


def test_cache_is_plain_data(ex, rng):
    _, cache = ex.word_embedding_forward(*_problem(rng, 2, 3, 4, 2))
    expect(isinstance(cache, (tuple, list, dict)),
           "the cache must be plain data: e.g. the tuple (x, V)", got=type(cache).__name__)


def test_backward_matches_torch_autograd(ex, rng):
    for n, steps, vocab, d in SHAPES:
        x, W = _problem(rng, n, steps, vocab, d)
        dout = rng.normal(size=(n, steps, d))
        _, cache = ex.word_embedding_forward(x, W)
        dW = ex.word_embedding_backward(dout, cache)
        leaf = _t(W, True)
        (F.embedding(torch.from_numpy(x), leaf) * _t(dout)).sum().backward()
        expect_close(dW, leaf.grad.numpy(), what=f"dW for (N, T, V, D) = {(n, steps, vocab, d)}",
                     how="torch autograd of sum(F.embedding(x, W) * dout), float64 "
                         "(repeated words add up; unused words get zero rows)",
                     rtol=1e-12, atol=1e-12, inputs={"x": x, "W": W, "dout": dout})


def test_backward_matches_central_difference(ex, rng):
    for n, steps, vocab, d in SHAPES[:4]:
        x, W = _problem(rng, n, steps, vocab, d)
        dout = rng.normal(size=(n, steps, d))
        _, cache = ex.word_embedding_forward(x, W)
        dW = ex.word_embedding_backward(dout, cache)
        expect_close(dW, central_difference(lambda v: np.sum(v[x] * dout), W),
                     what=f"dW for (N, T, V, D) = {(n, steps, vocab, d)}",
                     how="central_difference of L = sum(W[x] * dout) over W", rtol=1e-6, atol=1e-8,
                     inputs={"x": x, "W": W, "dout": dout})


def test_one_word_repeated_everywhere(ex, rng):
    x = np.full((3, 4), 2)
    W = rng.normal(size=(5, 3))
    dout = rng.normal(size=(3, 4, 3))
    _, cache = ex.word_embedding_forward(x, W)
    dW = ex.word_embedding_backward(dout, cache)
    want = np.zeros((5, 3))
    want[2] = dout.sum(axis=(0, 1))
    expect_close(dW, want, what="dW when every position holds word 2",
                 how="closed form: row 2 is the sum of dout over all N * T positions, the other rows 0 "
                     "(dW[x] += dout keeps only one of the 12 gradients: use np.add.at)",
                 rtol=1e-12, atol=1e-12, inputs={"x": x, "W": W, "dout": dout})


def test_unused_last_words_keep_the_vocabulary_size(ex, rng):
    x = np.array([[0, 1], [1, 0]])
    W = rng.normal(size=(6, 2))
    _, cache = ex.word_embedding_forward(x, W)
    dW = ex.word_embedding_backward(np.ones((2, 2, 2)), cache)
    want = np.zeros((6, 2))
    want[:2] = 2.0
    expect_close(dW, want, what="dW when only words 0 and 1 of V = 6 appear",
                 how="by hand: dW has W's shape (V, D) = (6, 2); rows 0 and 1 get 2, rows 2-5 get 0 "
                     "(take V from W, not from x.max() + 1)",
                 rtol=0, atol=1e-12, inputs={"x": x, "W": W})
