"""Checks for greedy decoding (references: a greedy decode written here with torch ops in
float64 (torch.tanh, torch.argmax, torch.where), and two hand-worked models whose captions
follow from their 0/1 weights)."""
import numpy as np
import torch

from deeproots.grading.checks import expect, expect_equal

NULL, START, END = 0, 1, 2
# (N, F, Wd, H, V, max_length): one sequence, max_length = 1, N > V, a larger vocabulary.
SHAPES = [(1, 3, 2, 4, 5, 6), (3, 4, 3, 5, 6, 1), (1, 2, 2, 3, 4, 1), (4, 2, 3, 3, 5, 7),
          (6, 5, 4, 6, 8, 10), (8, 3, 2, 4, 3, 5), (5, 4, 3, 5, 7, 12)]
HOW = ("a greedy decode with torch ops, float64: h = features @ W_proj + b_proj, word = <START>; each step "
       "h = tanh(W_embed[word] @ Wx + h @ Wh + b), word = argmax(h @ W_vocab + b_vocab, dim=1), "
       "written at position t, <NULL> after the sequence's <END>")


def _model(rng, f, wd, h, v):
    """A random captioning model; <END> scores 1 lower so that captions end at various lengths."""
    return {"W_proj": rng.normal(size=(f, h)), "b_proj": rng.normal(scale=0.5, size=h),
            "W_embed": rng.normal(size=(v, wd)), "Wx": rng.normal(scale=1.5, size=(wd, h)),
            "Wh": rng.normal(scale=1.0 / np.sqrt(h), size=(h, h)), "b": rng.normal(scale=0.5, size=h),
            "W_vocab": rng.normal(scale=2.0, size=(h, v)), "b_vocab": rng.normal(scale=0.5, size=v) - np.eye(v)[END]}


def _torch_decode(features, params, max_length):
    p = {name: torch.tensor(value, dtype=torch.float64) for name, value in params.items()}
    n = features.shape[0]
    h = torch.tensor(features, dtype=torch.float64) @ p["W_proj"] + p["b_proj"]
    word = torch.full((n,), START, dtype=torch.long)
    captions = torch.full((n, max_length), NULL, dtype=torch.long)
    ended = torch.zeros(n, dtype=torch.bool)
    for t in range(max_length):
        h = torch.tanh(p["W_embed"][word] @ p["Wx"] + h @ p["Wh"] + p["b"])
        word = torch.argmax(h @ p["W_vocab"] + p["b_vocab"], dim=1)
        captions[:, t] = torch.where(ended, torch.full_like(word, NULL), word)
        ended |= word == END
    return captions.numpy()


def _sample(ex, features, params, max_length):
    captions = ex.sample(features, params, max_length)
    array = np.asarray(captions)
    expect(array.dtype.kind in "iu", "sample must return an integer array of word indices (N, max_length)",
           got=captions)
    return array


def test_hand_example_start_and_end(ex, rng):
    follow = np.zeros((4, 4))
    for word, nxt in ((0, 0), (1, 3), (2, 3), (3, 2)):
        follow[word, nxt] = 1.0
    params = {"W_proj": np.zeros((2, 4)), "b_proj": np.zeros(4), "W_embed": np.eye(4), "Wx": 2.0 * follow,
              "Wh": np.zeros((4, 4)), "b": np.zeros(4), "W_vocab": np.eye(4), "b_vocab": np.zeros(4)}
    features = rng.normal(size=(1, 2))
    expect_equal(_sample(ex, features, params, 5), np.array([[3, 2, 0, 0, 0]]), what="captions",
                 how="by hand: scores = tanh(2 * Wx[word]) pick the image of the word: <START> (1) -> 3 -> "
                     "<END> (2); the <END> is kept, then <NULL> (0); <START> itself is not written",
                 inputs={"features": features, "params": params, "max_length": 5})


def test_hand_example_features_pick_the_first_word(ex, rng):
    params = {"W_proj": np.eye(4), "b_proj": np.zeros(4), "W_embed": np.eye(4), "Wx": np.zeros((4, 4)),
              "Wh": np.eye(4), "b": np.zeros(4), "W_vocab": np.eye(4), "b_vocab": np.zeros(4)}
    features = np.array([[0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 1.0, 0.0]])
    expect_equal(_sample(ex, features, params, 4), np.array([[3, 3, 3, 3], [2, 0, 0, 0]]), what="captions",
                 how="by hand: Wx = 0 and Wh = W_proj = W_vocab = I, so h = tanh(...tanh(features)) and the word "
                     "is always argmax(features): 3 for sequence 0 (never ends), <END> at once for sequence 1 "
                     "(then <NULL>; sequence 0 goes on)",
                 inputs={"features": features, "params": params, "max_length": 4})


def test_matches_torch_greedy_decode(ex, rng):
    for n, f, wd, h, v, max_length in SHAPES:
        params = _model(rng, f, wd, h, v)
        features = rng.normal(size=(n, f))
        expect_equal(_sample(ex, features, params, max_length), _torch_decode(features, params, max_length),
                     what=f"captions for (N, F, Wd, H, V, max_length) = {(n, f, wd, h, v, max_length)}",
                     how=HOW, inputs={"features": features, "params": params, "max_length": max_length})


def test_captions_shape(ex, rng):
    params = _model(rng, 3, 2, 4, 6)
    features = rng.normal(size=(3, 3))
    captions = _sample(ex, features, params, 2)
    expect(captions.shape == (3, 2), "captions must have shape (N, max_length) = (3, 2)", got=captions.shape)
