"""Inverted dropout: forward (train and test mode) and backward pass.

Source: Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov, "Dropout: A Simple Way
to Prevent Neural Networks from Overfitting", JMLR 15 (2014), §4 and §10; Stanford CS231n,
assignment 2 "Dropout.ipynb" (cs231n/layers.py: dropout_forward, dropout_backward) and
lecture notes "Neural Networks Part 2", section "Dropout" (inverted dropout); Goodfellow,
Bengio & Courville, Deep Learning §7.12.
https://jmlr.org/papers/v15/srivastava14a.html

The idea. During training every unit is switched off (set to zero) independently with
probability p, so the network cannot rely on any single unit: it trains an ensemble of
thinned networks that share weights. At test time nothing is dropped. "Inverted" dropout
divides the surviving units by 1 - p during training, so that every unit keeps its
expected value, E[out] = x, and the test-time layer is simply the identity.

Convention: p is the probability of DROPPING a unit, as in torch.nn.functional.dropout
and torch.nn.Dropout. (Careful: CS231n's dropout_param["p"] is the probability of KEEPING
a unit; in that notation mask = (rand < p) / p. Not here.)

    train:  mask = keep / (1 - p),  keep[i] = 1 with probability 1 - p, else 0
            out  = x * mask
    test:   out  = x
    backward (train): dx = dout * mask        backward (test): dx = dout

dropout_param is a plain dict: "p" (float, 0 <= p < 1), "mode" ("train" or "test") and,
in train mode, "seed" (an int). Draw the mask exactly like this, so that the checks can
rebuild it from the seed:

    rng = np.random.default_rng(dropout_param["seed"])
    keep = rng.random(x.shape) >= p        # True with probability 1 - p

(rng.random(x.shape) < 1 - p is accepted too.) The same seed gives the same mask, a new
seed a new one: a training loop passes a fresh seed at every step.

The cache carries what backward needs: keep the mask in it, with the mode, as plain data
(for example cache = (dropout_param, mask), mask a NumPy array, or None in test mode).
Backward must use the same mask as the forward pass that made the cache: a unit that was
dropped gets no gradient.

Write the layer yourself.
Do not use: torch.*.

Shapes: x has any shape (N, D) or (N, C, H, W) ...; out, mask, dout and dx have x's shape.
Do not modify x in place.

Tiny example: x = [[1, 2, 3, 4]], p = 0.5, mode "train": each out entry is either 0 or
2 * x, e.g. out = [[2, 0, 6, 0]] if units 1 and 3 survive; then dout = [[1, 1, 1, 1]] gives
dx = [[2, 0, 2, 0]]. In test mode out = x and dx = dout.
"""
import numpy as np


def dropout_forward(x: np.ndarray, dropout_param: dict) -> tuple[np.ndarray, tuple]:
    """Return (out, cache): inverted dropout of x with drop probability dropout_param["p"]."""
    # TODO: train: draw keep from np.random.default_rng(seed), mask = keep / (1 - p), out = x * mask;
    # test: out = x. Put the mode and the mask in the cache.
    ### BEGIN SOLUTION
    p, mode = dropout_param["p"], dropout_param["mode"]
    if mode == "train":
        rng = np.random.default_rng(dropout_param["seed"])
        keep = rng.random(x.shape) >= p
        mask = keep / (1.0 - p)
        out = x * mask
    elif mode == "test":
        mask = None
        out = x.copy()
    else:
        raise ValueError(f"unknown dropout mode {mode!r}")
    return out, (dropout_param, mask)
    ### END SOLUTION


def dropout_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Return dx: dout times the forward pass's mask (train mode), or dout itself (test mode)."""
    # TODO: unpack the cache; multiply by the very same mask in train mode.
    ### BEGIN SOLUTION
    dropout_param, mask = cache
    if dropout_param["mode"] == "train":
        return dout * mask
    return dout
    ### END SOLUTION
