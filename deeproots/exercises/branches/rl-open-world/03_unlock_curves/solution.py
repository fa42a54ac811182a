"""Unlock curves over training, and the Crafter score reported over seeds.

Source: Danijar Hafner (2022), "Benchmarking the Spectrum of Agent Capabilities" (Crafter),
ICLR 2022: §3 (evaluation: success rates and the score within a budget of 1M environment
steps), §4 and its figures (success rates of every achievement over training; scores as the
mean and standard deviation over random seeds), and the analysis scripts of the crafter
repository (per seed: percent = 100 * mean(count >= 1) over the run's episodes within the
budget; the score per seed; then np.nanmean and np.nanstd over seeds; curves binned over
environment steps with buckets (start, stop]).
https://arxiv.org/abs/2109.06780

A training log of one run (one seed) is a list of finished episodes: the environment step at
which episode e ended, steps[e] (counted over the whole run, so increasing, >= 1), and its
achievement unlock counts, counts[e, k] (exercise crafter-score turns Crafter's
info["achievements"] dicts into such a table).

Unlock curves (step buckets, as the paper's figures): with borders 0, w, 2w, ..., budget,
bucket b holds the episodes that ENDED in (b w, (b + 1) w] (an episode ending exactly at
b w belongs to bucket b - 1), and

    rates[b, k] = 100 * (episodes of bucket b with counts[e, k] >= 1) / (episodes of bucket b)

NaN for a bucket with no episode (long episodes can leave a bucket empty). The score curve
applies the Crafter score to every row: score[b] = exp(mean_k ln(1 + rates[b, k])) - 1
(NaN rows give NaN).

The number a paper reports: for each run r, the success rates over ALL its episodes that
ended within the budget (steps <= budget), its score S_r; then the mean and the standard
deviation of S_1 .. S_R over the R runs. Use the population standard deviation (ddof = 0,
np.nanstd as in the crafter scripts). Pitfall: pooling the episodes of all runs and scoring
them once is not that number: the geometric mean of pooled rates rewards runs that unlock
DIFFERENT achievements (run 1 only A, run 2 only B: each run scores sqrt(101) - 1 = 9.05,
the pool 50), and it has no spread over seeds at all.

Shapes:
  unlock_curves(steps (E,) int, counts (E, K) int, bucket int, budget int) -> (B, K) float,
      B = budget // bucket (budget is a multiple of bucket), percent or NaN
  score_curve(rates (B, K) float) -> (B,) float
  run_score(steps (E,) int, counts (E, K) int, budget int) -> float
  score_over_runs(runs: list of (steps, counts), budget int) -> (mean float, std float)

Tiny example: steps [4, 10, 13, 20, 35], one achievement, counts [[0], [2], [1], [0], [1]],
bucket 10, budget 30: buckets (0, 10] = episodes 0, 1 -> 50 %; (10, 20] = 2, 3 -> 50 %;
(20, 30] empty -> NaN; the episode ending at 35 is past the budget. run_score = 2 unlocking
episodes of 4 within the budget -> rate 50, score 50.
"""
import numpy as np


def unlock_curves(steps: np.ndarray, counts: np.ndarray, bucket: int, budget: int) -> np.ndarray:
    """Return (budget // bucket, K) success rates in percent per step bucket (lo, hi], NaN if empty."""
    # TODO: a bucket index per episode, then 100 * mean(counts > 0) over each bucket's episodes.
    ### BEGIN SOLUTION
    steps = np.asarray(steps)
    counts = np.asarray(counts)
    borders = np.arange(0, budget + 1, bucket)
    index = (steps - 1) // bucket  # bucket b holds end steps in (b * bucket, (b + 1) * bucket]
    rates = np.full((len(borders) - 1, counts.shape[1]), np.nan)
    for b in range(len(borders) - 1):
        mask = index == b
        if mask.any():
            rates[b] = 100.0 * (counts[mask] > 0).mean(axis=0)
    return rates
    ### END SOLUTION


def score_curve(rates: np.ndarray) -> np.ndarray:
    """Return the Crafter score of every row of rates (B, K); NaN rows give NaN."""
    # TODO: the geometric mean of 1 + rates along the achievements, minus 1.
    ### BEGIN SOLUTION
    return np.exp(np.mean(np.log(1.0 + rates), axis=1)) - 1.0
    ### END SOLUTION


def run_score(steps: np.ndarray, counts: np.ndarray, budget: int) -> float:
    """Return the Crafter score of one run over its episodes that ended at a step <= budget."""
    # TODO: keep the episodes within the budget, success rates, geometric mean.
    ### BEGIN SOLUTION
    steps = np.asarray(steps)
    counts = np.asarray(counts)
    keep = steps <= budget
    rates = 100.0 * (counts[keep] > 0).mean(axis=0)
    return float(np.exp(np.mean(np.log(1.0 + rates))) - 1.0)
    ### END SOLUTION


def score_over_runs(runs: list, budget: int) -> tuple:
    """Return (mean, population std) over runs of each run's own Crafter score."""
    # TODO: one run_score per run, then mean and std (ddof = 0).
    ### BEGIN SOLUTION
    scores = np.array([run_score(steps, counts, budget) for steps, counts in runs])
    return float(scores.mean()), float(scores.std())
    ### END SOLUTION
