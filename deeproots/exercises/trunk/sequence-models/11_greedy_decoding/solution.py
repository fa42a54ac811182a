"""Greedy decoding: a captioning RNN writes a caption one word at a time.

Source: Stanford CS231n, assignment 3 "RNN_Captioning.ipynb" (cs231n/classifiers/rnn.py:
CaptioningRNN.sample, test-time sampling); Goodfellow, Bengio & Courville, Deep Learning
§10.2.3 (an RNN that feeds its own output back as its next input) and §10.2.4 (modelling
sequences conditioned on a context, here the image features).
https://cs231n.github.io/assignments2024/assignment3/

The model (given below, already trained: you only decode). The vocabulary numbers the
words 0 .. V-1, with three special tokens: NULL = 0 (<NULL>, padding), START = 1
(<START>) and END = 2 (<END>). params is a dict of arrays:

    h0     = initial_state(features, params)   = features @ W_proj + b_proj     (N, H)
    x      = embed(words, params)              = W_embed[words]                  (N, Wd)
    next_h = rnn_step(x, prev_h, params)       = tanh(x @ Wx + prev_h @ Wh + b)  (N, H)
    scores = vocab_scores(h, params)           = h @ W_vocab + b_vocab           (N, V)

Greedy decoding. At training time the RNN reads the true caption; at test time there is
none, so it feeds back its own best guess:

    h = initial_state(features);  word = START for every sequence
    for t = 0 .. max_length - 1:
        h    = rnn_step(embed(word), h)
        word = argmax over the vocabulary of vocab_scores(h)      (one word per sequence)
        captions[:, t] = word

The output does not include <START>: captions[:, 0] is the first generated word, the one
chosen after reading <START>. Stopping: once a sequence has emitted <END>, that <END> is
kept at its position and every later position of that sequence is <NULL> (the other
sequences go on). A sequence that never emits <END> has max_length words.

sample(features, params, max_length) returns captions, an integer array (N, max_length).
Shapes: features (N, F); params["W_proj"] (F, H), ["b_proj"] (H,), ["W_embed"] (V, Wd),
["Wx"] (Wd, H), ["Wh"] (H, H), ["b"] (H,), ["W_vocab"] (H, V), ["b_vocab"] (V,).

Write it in NumPy, using the given functions.
Do not use: torch.*.

Tiny example: V = H = Wd = 4, W_embed = I, Wh = 0, b = 0, W_vocab = I, b_vocab = 0, and Wx
sends word 1 (<START>) to 3, word 3 to 2 (<END>), word 2 to 3 and word 0 to 0 (a 0/1
matrix times 2). Then scores = tanh(2 * Wx[word]) and the next word is the image of the
current one: <START> -> 3 -> <END>, so with max_length = 5 the caption is [3, 2, 0, 0, 0].
"""
import numpy as np

NULL, START, END = 0, 1, 2


def initial_state(features: np.ndarray, params: dict) -> np.ndarray:
    """The first hidden state (N, H), projected from the image features (N, F)."""
    return features @ params["W_proj"] + params["b_proj"]


def embed(words: np.ndarray, params: dict) -> np.ndarray:
    """The word vectors (N, Wd) of the integer words (N,)."""
    return params["W_embed"][words]


def rnn_step(x: np.ndarray, prev_h: np.ndarray, params: dict) -> np.ndarray:
    """One vanilla RNN step: tanh(x @ Wx + prev_h @ Wh + b), shape (N, H)."""
    return np.tanh(x @ params["Wx"] + prev_h @ params["Wh"] + params["b"])


def vocab_scores(h: np.ndarray, params: dict) -> np.ndarray:
    """The scores (N, V) of every word of the vocabulary."""
    return h @ params["W_vocab"] + params["b_vocab"]


def sample(features: np.ndarray, params: dict, max_length: int) -> np.ndarray:
    """Return captions (N, max_length): greedy words after <START>, <NULL> after each sequence's <END>."""
    # TODO: h from the features, word = START; each step: rnn_step, argmax of the scores, record;
    # pad with NULL the positions after a sequence has emitted END.
    ### BEGIN SOLUTION
    n = features.shape[0]
    captions = np.full((n, max_length), NULL, dtype=np.int64)
    done = np.zeros(n, dtype=bool)
    h = initial_state(features, params)
    word = np.full(n, START)
    for t in range(max_length):
        h = rnn_step(embed(word, params), h, params)
        word = np.argmax(vocab_scores(h, params), axis=1)
        captions[:, t] = np.where(done, NULL, word)
        done |= word == END
    return captions
    ### END SOLUTION
