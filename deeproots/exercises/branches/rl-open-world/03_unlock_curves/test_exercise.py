"""Checks for unlock curves and the score over seeds (references: hand-worked tiny logs;
the buckets and rates recounted episode by episode in plain Python with math.ceil; the
package's own deeproots.rl.crafter.score (success_rates, crafter_score: Hafner 2022's
formula) per run; statistics.mean and statistics.pstdev over the runs, as np.nanmean /
np.nanstd in the crafter analysis scripts)."""
import math
import statistics

import numpy as np

from deeproots.grading.checks import expect, expect_close
from deeproots.rl.crafter.score import ACHIEVEMENTS, crafter_score, success_rates


def _training_log(rng, skill, total_steps, achievements=22):
    """One run: episodes of random length; achievement k unlocks more often as training goes on."""
    difficulty = np.linspace(0.2, 4.0, achievements)
    steps, counts, t = [], [], 0
    while t < total_steps:
        t += int(rng.integers(50, 400))
        progress = skill * t / total_steps
        p = 1.0 / (1.0 + np.exp(difficulty * 3.0 - 6.0 * progress))
        unlocked = rng.random(achievements) < p
        steps.append(t)
        counts.append(unlocked * rng.integers(1, 5, size=achievements))
    return np.array(steps), np.array(counts)


def _reference_curves(steps, counts, bucket, budget):
    buckets = budget // bucket
    hits = [[0] * counts.shape[1] for _ in range(buckets)]
    sizes = [0] * buckets
    for step, row in zip(steps.tolist(), counts.tolist()):
        b = math.ceil(step / bucket) - 1  # (b * bucket, (b + 1) * bucket]
        if 0 <= b < buckets:
            sizes[b] += 1
            for k, c in enumerate(row):
                hits[b][k] += 1 if c >= 1 else 0
    return np.array([[100.0 * h / sizes[b] if sizes[b] else np.nan for h in hits[b]] for b in range(buckets)])


def _reference_run_score(steps, counts, budget):
    episodes = [frozenset(name for name, c in zip(ACHIEVEMENTS, row) if c >= 1)
                for step, row in zip(steps.tolist(), counts.tolist()) if step <= budget]
    return crafter_score(success_rates(episodes))


def test_curves_by_hand(ex, rng):
    steps = np.array([4, 10, 13, 20, 35])
    counts = np.array([[0], [2], [1], [0], [1]])
    expect_close(ex.unlock_curves(steps, counts, 10, 30), np.array([[50.0], [50.0], [np.nan]]),
                 what="unlock_curves(steps [4, 10, 13, 20, 35], counts [0, 2, 1, 0, 1], bucket 10, budget 30)",
                 how="by hand: (0, 10] = {4, 10} -> 1 of 2; (10, 20] = {13, 20} -> 1 of 2; (20, 30] empty -> NaN; "
                     "the episode ending at 35 is past the budget", rtol=1e-12, atol=1e-12)
    steps = np.array([3, 5, 6, 9])
    counts = np.array([[1, 0], [0, 0], [3, 1], [0, 4]])
    expect_close(ex.unlock_curves(steps, counts, 3, 9), np.array([[100.0, 0.0], [50.0, 50.0], [0.0, 100.0]]),
                 what="unlock_curves(steps [3, 5, 6, 9], counts [[1, 0], [0, 0], [3, 1], [0, 4]], bucket 3, budget 9)",
                 how="by hand: (0, 3] = {3}; (3, 6] = {5, 6}; (6, 9] = {9}; 3 or 4 unlocks count once",
                 rtol=1e-12, atol=1e-12)


def test_curves_against_loops(ex, rng):
    for skill, total, bucket, budget in [(1.0, 20_000, 1_000, 20_000), (2.0, 12_000, 500, 10_000),
                                         (0.5, 6_000, 100, 5_000), (1.5, 3_000, 3_000, 3_000)]:
        steps, counts = _training_log(rng, skill, total)
        expect_close(ex.unlock_curves(steps, counts, bucket, budget), _reference_curves(steps, counts, bucket, budget),
                     what=f"unlock_curves of a {len(steps)}-episode log, bucket {bucket}, budget {budget}",
                     how="each episode put in bucket ceil(step / bucket) - 1 and counted in plain Python "
                         "(count >= 1 once per episode; NaN for an empty bucket)",
                     rtol=1e-12, atol=1e-10, inputs={"steps": steps})


def test_score_curve(ex, rng):
    steps, counts = _training_log(rng, 1.5, 30_000)
    rates = _reference_curves(steps, counts, 250, 30_000)  # some buckets are empty
    expect(np.isnan(rates[:, 0]).any(), "the test log should have an empty bucket (test bug)")
    want = np.array([np.nan if np.isnan(row).any() else crafter_score(row) for row in rates])
    expect_close(ex.score_curve(rates), want, what="score_curve of a (120, 22) curve with empty buckets",
                 how="deeproots.rl.crafter.score.crafter_score row by row; NaN for an empty bucket",
                 rtol=1e-10, atol=1e-10)
    expect_close(ex.score_curve(np.array([[100.0, 0.0], [99.0, 99.0]])), np.array([np.sqrt(101.0) - 1.0, 99.0]),
                 what="score_curve([[100, 0], [99, 99]])", how="by hand: sqrt(101 * 1) - 1 and 100 - 1",
                 rtol=1e-12, atol=1e-12)


def test_run_score(ex, rng):
    steps, counts = _training_log(rng, 1.0, 20_000)
    budget = int(steps[len(steps) // 2])  # an episode ends exactly at the budget: it counts
    expect_close(ex.run_score(steps, counts, budget), _reference_run_score(steps, counts, budget),
                 what=f"run_score of a {len(steps)}-episode log, budget {budget} (an episode ends exactly there)",
                 how="deeproots.rl.crafter.score: success_rates of the episodes with step <= budget, crafter_score",
                 rtol=1e-10, atol=1e-10, inputs={"steps": steps})
    expect_close(ex.run_score(np.array([4, 10, 13, 20, 35]), np.array([[0], [2], [1], [0], [1]]), 30), 50.0,
                 what="run_score(steps [4, 10, 13, 20, 35], counts [0, 2, 1, 0, 1], budget 30)",
                 how="by hand: 2 of the 4 episodes within the budget unlock it -> 50 %, score 50",
                 rtol=1e-12, atol=1e-12)


def test_over_runs_by_hand(ex, rng):
    run_a = (np.array([5, 10]), np.array([[1, 0], [2, 0]]))  # only achievement A
    run_b = (np.array([7, 10]), np.array([[0, 1], [0, 3]]))  # only achievement B
    mean, std = ex.score_over_runs([run_a, run_b], 10)
    expect_close([mean, std], [np.sqrt(101.0) - 1.0, 0.0],
                 what="score_over_runs: run 1 unlocks only A, run 2 only B (both always)",
                 how="by hand: each run's rates are [100, 0] or [0, 100], score sqrt(101) - 1 = 9.05, spread 0; "
                     "pooling the 4 episodes would give rates [50, 50] and a score of 50",
                 rtol=1e-12, atol=1e-12)
    good = (np.array([3]), np.array([[1]]))
    bad = (np.array([3]), np.array([[0]]))
    mean, std = ex.score_over_runs([good, bad], 5)
    expect_close([mean, std], [50.0, 50.0], what="score_over_runs: one run at 100 %, one at 0 % (one achievement)",
                 how="by hand: scores 100 and 0, mean 50, population std 50 (ddof = 0; the sample std would be 70.7)",
                 rtol=1e-12, atol=1e-12)


def test_over_runs_against_reference(ex, rng):
    for skills, budget in [((0.6, 1.0, 1.8, 2.5), 15_000), ((1.0, 1.2, 3.0), 9_000)]:
        runs = [_training_log(rng, skill, budget + 2_000) for skill in skills]
        scores = [_reference_run_score(steps, counts, budget) for steps, counts in runs]
        mean, std = ex.score_over_runs(runs, budget)
        expect_close([mean, std], [statistics.mean(scores), statistics.pstdev(scores)],
                     what=f"score_over_runs of {len(runs)} runs, budget {budget}",
                     how="one deeproots.rl.crafter.score.crafter_score per run (its own episodes with step <= budget), "
                         "then statistics.mean and statistics.pstdev over the runs",
                     rtol=1e-10, atol=1e-10, inputs={"run scores": np.array(scores)})
