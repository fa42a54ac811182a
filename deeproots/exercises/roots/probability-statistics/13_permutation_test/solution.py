"""A two-sample permutation test: are two groups' means different, or is it chance?

Source: MIT 18.05 (Orloff & Bloom) classes 17-20 on null hypothesis significance testing
(the null distribution, p-values, two-sided tests, two-sample comparisons); Efron &
Tibshirani, An Introduction to the Bootstrap, chapter 15 "Permutation tests"; Good,
Permutation, Parametric, and Bootstrap Tests of Hypotheses, chapter 3.
https://ocw.mit.edu/courses/18-05-introduction-to-probability-and-statistics-spring-2014/

Null hypothesis H0: both samples come from the same distribution. Then the group labels
carry no information: every way of splitting the pooled N = n_x + n_y values into a group of
n_x and a group of n_y was equally likely to be the one we saw. So the null distribution of
the statistic

    d = mean(x) - mean(y)

is obtained by shuffling the labels: pool the data, permute them at random, call the first
n_x values "x" and the rest "y", and recompute d. Repeat n_permutations times.

Two-sided p-value: the fraction of shuffles at least as extreme as the observed d, counting
the observed labelling itself as one more shuffle (this "+1" keeps p > 0 and makes the test
valid: P(p <= alpha) <= alpha under H0):

    p = (#{ |d*| >= |d_observed| } + 1) / (n_permutations + 1)

Shapes: x is (n_x,), y is (n_y,) float arrays with n_x, n_y >= 1; n_permutations, seed ints.
  permutation_null(x, y, n_permutations, seed)  -> (n_permutations,) array of d* values
  permutation_pvalue(x, y, n_permutations, seed) -> float in (0, 1]
Make the generator with rng = np.random.default_rng(seed) and shuffle all the rows at once:
rng.permuted(a, axis=1) shuffles each row of a 2-D array a independently, so tile the pooled
data into an (n_permutations, N) array first (or argsort an (n_permutations, N) array of
rng.random numbers to get one permutation per row). A Python loop over shuffles is slow.

Tiny example: x = [1, 2, 3], y = [4, 5, 6]: d = 2 - 5 = -3. Of the C(6, 3) = 20 equally
likely splits, only the observed one and its mirror image ({4, 5, 6} as "x") reach |d*| = 3,
so the exact p-value is 2/20 = 0.1, and with many random shuffles p comes out close to 0.1.
If x = [1.5] and y = [7.0], every shuffle has |d*| = 5.5: p = 1 (one value per group can
never show a difference).

Shuffle yourself: scipy.stats.permutation_test is what the checks compare you with.
Do not use: scipy.stats.permutation_test.
"""
import numpy as np


def permutation_null(x: np.ndarray, y: np.ndarray, n_permutations: int, seed: int) -> np.ndarray:
    """Return mean(x*) - mean(y*) for n_permutations random relabellings of the pooled data."""
    # TODO: pool, tile, shuffle every row, split each row after n_x values.
    ### BEGIN SOLUTION
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    pooled = np.concatenate([x, y])
    rng = np.random.default_rng(seed)
    shuffled = rng.permuted(np.tile(pooled, (n_permutations, 1)), axis=1)
    return shuffled[:, : x.size].mean(axis=1) - shuffled[:, x.size :].mean(axis=1)
    ### END SOLUTION


def permutation_pvalue(x: np.ndarray, y: np.ndarray, n_permutations: int, seed: int) -> float:
    """Return the two-sided permutation p-value (count + 1) / (n_permutations + 1)."""
    # TODO: count the shuffles with |d*| >= |d_observed|.
    ### BEGIN SOLUTION
    observed = np.mean(x) - np.mean(y)
    null = permutation_null(x, y, n_permutations, seed)
    count = np.sum(np.abs(null) >= np.abs(observed))
    return float((count + 1) / (n_permutations + 1))
    ### END SOLUTION
