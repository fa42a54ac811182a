"""Surprisal and entropy, in bits and in nats.

Source: Cover & Thomas, Elements of Information Theory §2.1 ("Entropy"); MacKay,
Information Theory, Inference, and Learning Algorithms §2.4 ("Definition of entropy and
related functions"); Shannon (1948), "A Mathematical Theory of Communication", §6.
https://onlinelibrary.wiley.com/doi/book/10.1002/047174882X

The surprisal (self-information) of an outcome of probability p is

    I(p) = -log_b(p) = -ln(p) / ln(b)

1 bit (b = 2) for a fair coin's heads, 3 bits for one outcome out of 8 equally likely;
1 nat is the unit for b = e. A sure outcome (p = 1) carries 0; an impossible one (p = 0)
would be infinitely surprising: I(0) = inf.

The entropy of a distribution p = (p_1, ..., p_K) is the expected surprisal:

    H(p) = sum_k p_k I(p_k) = -sum_k p_k log_b(p_k)

with the convention 0 * log 0 = 0 (the limit of p log p as p -> 0): outcomes that never
happen contribute nothing. Computing p * np.log(p) at p = 0 gives 0 * (-inf) = nan, so
mask the zeros (np.where, or a boolean index) before taking the log.
Changing the base only rescales: H in bits = H in nats / ln 2.

Shapes:
  surprisal(p, base): p is a float or float array with entries in [0, 1]; returns the
      same shape (inf where p == 0).
  entropy(P, axis, base): P is a 2-D (or 1-D) float array whose slices along `axis`
      are probability distributions (nonnegative, summing to 1). For P of shape (m, K)
      and axis=1 (or -1) the result has shape (m,): one entropy per row; for axis=0 it
      has shape (K,): one entropy per column. base is 2 for bits, np.e for nats.

Tiny example:
    surprisal(0.5, base=2) = 1;  surprisal(0.125, base=2) = 3
    entropy([0.5, 0.5], base=2) = 1 bit;   entropy([0.5, 0.5], base=np.e) = ln 2 = 0.693 nats
    entropy([1, 0, 0], base=2) = 0        (needs 0 log 0 = 0)
    entropy([[0.5, 0.5], [1.0, 0.0], [0.25, 0.75]], axis=1, base=2) = [1, 0, 0.811]
"""
import numpy as np


def surprisal(p, base=2.0):
    """Return -log_base(p) elementwise (inf where p == 0)."""
    # TODO: -ln(p) / ln(base); silence the divide warning at p == 0 with np.errstate.
    ### BEGIN SOLUTION
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return -np.log(p) / np.log(base)
    ### END SOLUTION


def entropy(P, axis=-1, base=2.0):
    """Return the entropy of each distribution along `axis` of P, with 0 log 0 = 0."""
    # TODO: p * ln(p) where p > 0, 0 elsewhere; sum along axis; negate; divide by ln(base).
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    positive = P > 0
    p_log_p = np.where(positive, P * np.log(np.where(positive, P, 1.0)), 0.0)
    return -p_log_p.sum(axis=axis) / np.log(base)
    ### END SOLUTION
