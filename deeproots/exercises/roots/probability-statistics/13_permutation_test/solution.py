"""Reference solution: the two-sample permutation test of equal means."""
import numpy as np


def permutation_null(x: np.ndarray, y: np.ndarray, n_permutations: int, seed: int) -> np.ndarray:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    pooled = np.concatenate([x, y])
    rng = np.random.default_rng(seed)
    shuffled = rng.permuted(np.tile(pooled, (n_permutations, 1)), axis=1)
    return shuffled[:, : x.size].mean(axis=1) - shuffled[:, x.size :].mean(axis=1)


def permutation_pvalue(x: np.ndarray, y: np.ndarray, n_permutations: int, seed: int) -> float:
    observed = np.mean(x) - np.mean(y)
    null = permutation_null(x, y, n_permutations, seed)
    count = np.sum(np.abs(null) >= np.abs(observed))
    return float((count + 1) / (n_permutations + 1))
