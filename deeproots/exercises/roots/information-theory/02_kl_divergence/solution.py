"""KL divergence and cross-entropy.

Source: Cover & Thomas, Elements of Information Theory §2.3 ("Relative entropy and mutual
information") and Theorem 2.6.3 (information inequality); MacKay, Information Theory,
Inference, and Learning Algorithms §2.6 (Gibbs' inequality); Goodfellow, Bengio &
Courville, Deep Learning §3.13.
https://onlinelibrary.wiley.com/doi/book/10.1002/047174882X

For distributions p and q over the same K outcomes (natural logs throughout: nats):

    KL divergence  D(p || q) = sum_k p_k ln(p_k / q_k)
    cross-entropy  H(p, q)   = -sum_k p_k ln(q_k)
    entropy        H(p)      = -sum_k p_k ln(p_k)
    and            H(p, q)   = H(p) + D(p || q)

Conventions (limits of the terms, Cover & Thomas §2.3):
    p_k = 0:             the term is 0, whatever q_k is (0 ln(0/q) = 0, 0 ln 0 = 0)
    p_k > 0 and q_k = 0: the term is +inf, so D(p || q) = H(p, q) = inf (return np.inf):
                         q says impossible what p says happens.
Properties: D(p || q) >= 0 (Gibbs' inequality), with equality exactly when p == q; and
D is not symmetric: D(p || q) != D(q || p) in general, so it is not a distance.
Cross-entropy is the loss of classification: with p one-hot on the true class c,
H(p, q) = -ln q_c, the negative log-likelihood.

Shapes: p and q are float arrays of the same shape, 1-D (K,) or 2-D; the distributions
lie along `axis` (default the last). The result has the shape of p with `axis` removed:
a float for 1-D inputs, (m,) for (m, K) inputs with axis=-1, (K,) for axis=0.
Compute the terms with np.where on the mask p > 0 (inside np.errstate(divide="ignore",
invalid="ignore") to silence the warnings of the masked-out entries), then sum along axis.

Tiny example: p = [0.5, 0.5], q = [0.9, 0.1]
    D(p || q) = 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1) = -0.2939 + 0.8047 = 0.5108
    D(q || p) = 0.9 ln(0.9/0.5) + 0.1 ln(0.1/0.5) =  0.5290 - 0.1609 = 0.3681
    H(p, q)   = -0.5 ln 0.9 - 0.5 ln 0.1 = 1.2040 = ln 2 + 0.5108
    D([0.5, 0.5, 0] || [0.5, 0.25, 0.25]) = 0.5 ln 2 = 0.3466  (finite: p puts nothing on the 0)
    D([0.5, 0.5] || [1.0, 0.0]) = inf
"""
import numpy as np


def kl_divergence(p, q, axis=-1):
    """Return D(p || q) = sum p ln(p / q) along axis, in nats (0 where p = 0, inf where q = 0 < p)."""
    # TODO: mask p > 0; terms p * ln(p / q) there and 0 elsewhere; sum along axis.
    ### BEGIN SOLUTION
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    support = p > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(support, p * np.log(p / q), 0.0)
    return terms.sum(axis=axis)
    ### END SOLUTION


def cross_entropy(p, q, axis=-1):
    """Return H(p, q) = -sum p ln(q) along axis, in nats (0 where p = 0, inf where q = 0 < p)."""
    # TODO: mask p > 0; terms -p * ln(q) there and 0 elsewhere; sum along axis.
    ### BEGIN SOLUTION
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    support = p > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(support, -p * np.log(q), 0.0)
    return terms.sum(axis=axis)
    ### END SOLUTION
