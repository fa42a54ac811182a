"""The contrastive loss of SimCLR (NT-Xent, an InfoNCE loss): forward and backward in NumPy.

Source: Chen, Kornblith, Norouzi & Hinton, "A Simple Framework for Contrastive Learning of
Visual Representations" (ICML 2020), §2.1, eq. 1 and Algorithm 1; van den Oord, Li &
Vinyals, "Representation Learning with Contrastive Predictive Coding" (2018), §2.3 (InfoNCE).
https://arxiv.org/abs/2002.05709

Each of N examples is augmented twice; the network embeds the 2N views as the rows of
z (2N, D), ordered so that rows 0..N-1 are the first views and rows N..2N-1 the second:
row i and row i + N are two views of the same example. The positive of row i is
p(i) = (i + N) mod 2N; the other 2N - 2 rows are its negatives.

    u_i     = z_i / ||z_i||                          (unit vectors: cosine similarity)
    s_ik    = u_i . u_k / tau                        (2N, 2N), tau the temperature
    l_i     = -s_{i,p(i)} + log sum_{k != i} exp(s_ik)
    loss    = (1 / 2N) sum_i l_i                      (a float)

The self-similarity s_ii = 1 / tau is always the largest entry and is excluded from the
sum (k != i): set it to -inf, or mask it, before the log-sum-exp. Each l_i is a
cross-entropy over the 2N - 1 other rows with the positive as the label. Small tau makes
the logits large (tau = 0.001 gives logits up to 1000): subtract each row's max before
exponentiating.

Backward. With P the row-wise softmax of the masked s (P_ii = 0) and Y the one-hot
positives (Y_{i,p(i)} = 1), ds = (P - Y) / (2N); s = u u^T / tau is symmetric in u, so

    du = (ds + ds^T) @ u / tau
    dz_i = (du_i - u_i (u_i . du_i)) / ||z_i||       (the unit-normalisation's backward)

nt_xent(z, temperature) returns (loss, cache), the cache plain data (a tuple of arrays);
nt_xent_backward(cache) returns dz (2N, D) = dloss/dz.

Write it in NumPy.
Do not use: torch.*.

Tiny example: N = 2, z = [[1, 0], [0, 1], [1, 0], [0, 1]], tau = 1: row 0's positive is
row 2 (similarity 1), its negatives rows 1 and 3 (similarity 0), so l_0 = -1 +
log(e^0 + e^1 + e^0) = log(2 + e) - 1 = 0.5514, and by symmetry loss = 0.5514. With N = 1
every row's only other row is its positive: loss = 0. As tau grows all logits tend to 0
and the loss tends to log(2N - 1).
"""
import numpy as np


def nt_xent(z: np.ndarray, temperature: float) -> tuple[float, tuple]:
    """Return (loss, cache): the NT-Xent loss of 2N views z (2N, D), views i and i + N paired."""
    # TODO: normalise rows, similarities / temperature, mask the diagonal, stable log-sum-exp per row,
    # minus the positive's logit, mean over the 2N rows.
    ### BEGIN SOLUTION
    two_n = z.shape[0]
    n = two_n // 2
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    u = z / norms
    logits = u @ u.T / temperature
    np.fill_diagonal(logits, -np.inf)
    positives = (np.arange(two_n) + n) % two_n
    top = logits.max(axis=1, keepdims=True)
    exp = np.exp(logits - top)
    log_sum = np.log(exp.sum(axis=1)) + top[:, 0]
    loss = float(np.mean(log_sum - logits[np.arange(two_n), positives]))
    probs = exp / exp.sum(axis=1, keepdims=True)
    return loss, (u, norms, probs, positives, temperature)
    ### END SOLUTION


def nt_xent_backward(cache: tuple) -> np.ndarray:
    """Return dz (2N, D), the gradient of the loss with respect to z."""
    # TODO: ds = (P - Y) / 2N; du = (ds + ds.T) @ u / tau; back through u = z / ||z||.
    ### BEGIN SOLUTION
    u, norms, probs, positives, temperature = cache
    two_n = u.shape[0]
    ds = probs.copy()
    ds[np.arange(two_n), positives] -= 1.0
    ds /= two_n
    du = (ds + ds.T) @ u / temperature
    return (du - u * np.sum(du * u, axis=1, keepdims=True)) / norms
    ### END SOLUTION
