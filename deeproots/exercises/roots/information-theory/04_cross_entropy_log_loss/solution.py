"""Cross-entropy as a classifier's loss: log-loss, one-hot targets and maximum likelihood.

Source: Goodfellow, Bengio & Courville, Deep Learning §3.13 ("Information theory":
cross-entropy H(P, Q) = H(P) + D_KL(P || Q)) and §5.5 ("Maximum likelihood estimation":
minimising the cross-entropy between the empirical distribution and the model);
Cover & Thomas §2.3. Builds on 02_kl_divergence, which wrote H(p, q) for one pair of
distributions; here the distributions are the rows of a classifier's output.
https://www.deeplearningbook.org/

A classifier gives each of N examples a row of predicted probabilities over C classes,
Q of shape (N, C) (rows sum to 1, e.g. predict_proba or a softmax). The true labels are
y of shape (N,), integers in 0..C-1. The log-loss (negative log-likelihood, in nats) is

    log_loss(y, Q) = -(1/N) sum_i ln Q[i, y[i]]

Write the target of example i as a distribution over classes: the one-hot row
P[i] = e_{y[i]}. Then -ln Q[i, y[i]] = -sum_c P[i, c] ln Q[i, c] = H(P[i], Q[i]), so

    log_loss(y, Q) = cross_entropy_loss(one_hot(y, C), Q)
    cross_entropy_loss(P, Q) = (1/N) sum_i H(P[i], Q[i]) = (1/N) sum_i [H(P[i]) + D(P[i] || Q[i])]

With soft targets (label smoothing, distillation) P[i] is any distribution and H(P[i]) > 0.
With one predicted distribution q for every example (Q = np.tile(q, (N, 1))), the log-loss
is the cross-entropy of the EMPIRICAL label distribution p_hat (class frequencies):

    log_loss(y, tile(q)) = -sum_c p_hat[c] ln q[c] = H(p_hat, q) = H(p_hat) + D(p_hat || q)

which is smallest, and equal to H(p_hat), exactly at q = p_hat (Gibbs' inequality): the
maximum-likelihood categorical model is the class frequencies (Goodfellow §5.5).

Zeros: terms with P[i, c] = 0 are 0 whatever Q is. A true class given probability 0
costs +inf: return np.inf (use np.errstate(divide="ignore") around the log). This is
not what sklearn.metrics.log_loss does: it clips Q to [eps, 1 - eps] (eps the machine
epsilon) so that its loss stays finite, about 36 nats per such example.

Shapes:
  one_hot(y, num_classes)              y (N,) int -> (N, C) float, row i = e_{y[i]}
  log_loss(y, Q)                       y (N,) int, Q (N, C) -> float (nats)
  cross_entropy_loss(P, Q)             P, Q (N, C) -> float (nats), mean over the N rows
  empirical_distribution(y, num_classes)  -> (C,) float: fraction of labels equal to c,
                                          0 for classes that never occur
Do not modify the inputs. No Python loop over examples is needed: pick the true-class
entries with fancy indexing, Q[np.arange(N), y].

Tiny example: y = [0, 1], Q = [[0.5, 0.5], [0.2, 0.8]]
    log_loss = -(ln 0.5 + ln 0.8) / 2 = (0.6931 + 0.2231) / 2 = 0.4581
    one_hot([0, 1], 2) = [[1, 0], [0, 1]]; cross_entropy_loss of it with Q is 0.4581 too
    empirical_distribution([0, 1, 1, 3], 4) = [0.25, 0.5, 0, 0.25]
"""
import numpy as np


def one_hot(y, num_classes):
    """Return the (N, C) float array whose row i is 1 at column y[i] and 0 elsewhere."""
    # TODO: rows of the identity matrix np.eye(num_classes), picked by y.
    ### BEGIN SOLUTION
    return np.eye(num_classes)[np.asarray(y)]
    ### END SOLUTION


def log_loss(y, Q):
    """Return -(1/N) sum_i ln Q[i, y[i]] in nats (inf if a true class has probability 0)."""
    # TODO: Q[np.arange(N), y], log, mean, negate.
    ### BEGIN SOLUTION
    Q = np.asarray(Q, dtype=float)
    n = Q.shape[0]
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log(Q[np.arange(n), y])))
    ### END SOLUTION


def cross_entropy_loss(P, Q):
    """Return the mean over rows of H(P[i], Q[i]) = -sum_c P[i, c] ln Q[i, c] (0 where P = 0)."""
    # TODO: mask P > 0; terms -P ln Q there and 0 elsewhere; sum over classes, mean over rows.
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=float)
    Q = np.asarray(Q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(P > 0, -P * np.log(Q), 0.0)
    return float(terms.sum(axis=1).mean())
    ### END SOLUTION


def empirical_distribution(y, num_classes):
    """Return the class frequencies of the labels y, shape (num_classes,)."""
    # TODO: count each class (np.bincount with minlength) and divide by N.
    ### BEGIN SOLUTION
    y = np.asarray(y)
    return np.bincount(y, minlength=num_classes) / y.size
    ### END SOLUTION
