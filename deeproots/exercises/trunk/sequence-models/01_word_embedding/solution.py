"""Word embeddings: the lookup table that turns word indices into vectors, and its gradient.

Source: Stanford CS231n, assignment 3 "RNN_Captioning.ipynb" (cs231n/rnn_layers.py:
word_embedding_forward, word_embedding_backward); Goodfellow, Bengio & Courville, Deep
Learning §12.4.2 (word embeddings) and chapter 10 (sequence modelling).
https://cs231n.github.io/assignments2024/assignment3/

The idea. A vocabulary of V words is numbered 0 .. V-1. An embedding gives each word a
learned vector of size D: the rows of a matrix W (V, D). A minibatch of N sequences of T
words is an integer array x (N, T); its embedding is the (N, T, D) array

    out[n, t, :] = W[x[n, t], :]

(the same as multiplying a one-hot row by W, without building the one-hots).

Backward. Given dout = dL/dout (N, T, D), row v of dW collects the gradient of every
position where word v was used:

    dW[v, :] = sum over all (n, t) with x[n, t] == v of dout[n, t, :]

so dW (V, D) is zero for words that do not appear, and a word that appears k times gets
the sum of k gradients. The pitfall: dW[x] += dout does NOT accumulate repeats (NumPy's
fancy-index assignment writes each repeated row once, the last value winning); use
np.add.at(dW, x, dout), which does. There is no gradient for x (integer indices).

Shapes: x (N, T) integers in [0, V), W (V, D); word_embedding_forward returns
(out (N, T, D), cache), the cache plain data, e.g. (x, V); word_embedding_backward(dout,
cache) returns dW (V, D). V comes from the cache (some words may never appear in x).

Write the lookup yourself, in NumPy.
Do not use: torch.*.

Tiny example: V = 3, D = 2, W = [[0, 1], [2, 3], [4, 5]], x = [[0, 2, 0]] (N = 1, T = 3):
out = [[[0, 1], [4, 5], [0, 1]]]. With dout all ones, dW = [[2, 2], [0, 0], [1, 1]]: word
0 appears twice, word 1 never.
"""
import numpy as np


def word_embedding_forward(x: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Return (out, cache) with out[n, t] = W[x[n, t]], out of shape (N, T, D)."""
    # TODO: index the rows of W by x; cache x and the vocabulary size.
    ### BEGIN SOLUTION
    out = W[x]
    return out, (x, W.shape[0])
    ### END SOLUTION


def word_embedding_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Return dW (V, D): each row the sum of dout over the positions where its word appears."""
    # TODO: zeros (V, D), then add every dout[n, t] into row x[n, t] (repeats must add up).
    ### BEGIN SOLUTION
    x, vocab_size = cache
    dW = np.zeros((vocab_size, dout.shape[-1]))
    np.add.at(dW, x, dout)
    return dW
    ### END SOLUTION
