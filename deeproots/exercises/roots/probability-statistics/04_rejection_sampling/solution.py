"""Reference solution: rejection sampling with a uniform proposal."""
import numpy as np


def accept(u, fx, M, a, b):
    return np.asarray(u) <= np.asarray(fx) * (b - a) / M


def rejection_sample(target_pdf, a, b, M, n, seed):
    rng = np.random.default_rng(seed)
    kept = []
    n_kept = n_proposed = n_accepted = 0
    while n_kept < n:
        x = a + (b - a) * rng.random(2 * n)
        u = rng.random(2 * n)
        accepted = x[accept(u, target_pdf(x), M, a, b)]
        n_proposed += x.size
        n_accepted += accepted.size
        kept.append(accepted)
        n_kept += accepted.size
    samples = np.concatenate(kept)[:n]
    return samples, n_accepted / n_proposed
