"""Mutual information: how much knowing X tells about Y.

Source: Cover & Thomas, Elements of Information Theory §2.4 ("Relationship between entropy
and mutual information", Theorem 2.4.1) and §2.6 (I(X; Y) >= 0); MacKay, Information
Theory, Inference, and Learning Algorithms §8.1; Church & Hanks (1990) for pointwise
mutual information. Builds on 02_kl_divergence and 03_joint_conditional_entropy (same
convention: a joint table P of shape (m, n), ROWS INDEX X, COLUMNS INDEX Y).
https://onlinelibrary.wiley.com/doi/book/10.1002/047174882X

The mutual information is the KL divergence between the joint distribution and the
product of its marginals, i.e. how far X and Y are from independent:

    I(X; Y) = sum_{x,y} p(x, y) log( p(x, y) / (p(x) p(y)) ) = D( p(x, y) || p(x) p(y) )
            = H(X) + H(Y) - H(X, Y) = H(Y) - H(Y | X) = H(X) - H(X | Y)

with p(x) = P.sum(axis=1) and p(y) = P.sum(axis=0). The log inside the sum is the
pointwise mutual information, PMI(x, y) = log p(x, y) / (p(x) p(y)) (the "association"
of a word pair in NLP): positive when x and y occur together more often than chance.
I(X; Y) is its average under p(x, y). Properties: I >= 0, with I = 0 exactly when X and Y
are independent (P = np.outer(p_x, p_y)); symmetric, I(X; Y) = I(Y; X) (transpose P);
I(X; X) = H(X) (a diagonal table), and I <= min(H(X), H(Y)).

Zeros: cells with p(x, y) = 0 contribute 0 to I (0 log 0 = 0) and have PMI = -inf (never
seen together). Mask them (np.where, np.errstate) instead of letting 0 * (-inf) = nan in.
Logs are to `base` (2: bits, the default; np.e: nats). sklearn.metrics.mutual_info_score
computes the same quantity, in nats, from two label arrays: it first builds the table of
counts of each (x, y) pair, divided by the number of pairs: the empirical joint table.

Shapes:
  joint_table(x, y, num_x, num_y) x, y (N,) int labels in 0..num_x-1 and 0..num_y-1 ->
                                  (num_x, num_y) float: P[a, b] = #{i : x[i] = a, y[i] = b} / N
  pointwise_mutual_information(P, base) P (m, n) -> (m, n) float, -inf where P == 0
  mutual_information(P, base)     P (m, n) -> float
P is nonnegative and sums to 1; m, n >= 1. Do not modify the inputs.

Tiny example (bits): P = [[1/2, 0], [1/4, 1/4]]: p_x = [1/2, 1/2], p_y = [3/4, 1/4].
    PMI = [[log2((1/2) / (3/8)), -inf], [log2((1/4) / (3/8)), log2((1/4) / (1/8))]]
        = [[0.415, -inf], [-0.585, 1]]
    I = 1/2 * 0.415 + 1/4 * (-0.585) + 1/4 * 1 = 0.311 bits
      = H(X) + H(Y) - H(X, Y) = 1 + 0.811 - 1.5.
    P = [[1/2, 0], [0, 1/2]] (Y = X, a fair bit): I = H(X) = 1 bit.
    joint_table([0, 0, 1, 1], [0, 1, 1, 1], 2, 2) = [[1/4, 1/4], [0, 1/2]].
"""
import numpy as np


def joint_table(x, y, num_x, num_y):
    """Return the empirical joint table (num_x, num_y): the fraction of pairs equal to (a, b)."""
    # TODO: count the pairs (np.add.at on a zero table, or np.bincount of x * num_y + y), divide by N.
    ### BEGIN SOLUTION
    x, y = np.asarray(x), np.asarray(y)
    counts = np.zeros((num_x, num_y))
    np.add.at(counts, (x, y), 1.0)
    return counts / x.size
    ### END SOLUTION


def pointwise_mutual_information(P, base=2.0):
    """Return log(p(x, y) / (p(x) p(y))) for every cell, -inf where p(x, y) = 0."""
    # TODO: marginals p_x (rows) and p_y (columns); np.outer(p_x, p_y); log of the ratio where P > 0.
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    p_x, p_y = P.sum(axis=1), P.sum(axis=0)
    independent = np.outer(p_x, p_y)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.where(P > 0, np.log(P / independent), -np.inf)
    return pmi / np.log(base)
    ### END SOLUTION


def mutual_information(P, base=2.0):
    """Return I(X; Y) = sum p(x, y) PMI(x, y) over the cells with p(x, y) > 0."""
    # TODO: weight the PMI by P on the support P > 0 and sum.
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    pmi = pointwise_mutual_information(P, base)
    return float(np.sum(P[P > 0] * pmi[P > 0]))
    ### END SOLUTION
