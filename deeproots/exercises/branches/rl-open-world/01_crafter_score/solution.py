"""The Crafter score: per-achievement success rates and their geometric mean.

Source: Danijar Hafner (2022), "Benchmarking the Spectrum of Agent Capabilities" (the
Crafter benchmark), ICLR 2022: the 22 achievements, and the evaluation protocol's
"Success rates" and "Score" paragraphs (S = exp(1/N sum_i ln(1 + s_i)) - 1 with s_i in
percent); the reported scores put a random agent near 1.6 % and human experts near 50.5 %.
https://arxiv.org/abs/2109.06780

Crafter has no single reward to compare agents by: its 22 achievements (collect wood, place
a table, make a wood pickaxe, ..., collect a diamond) span a wide range of difficulty. The
success rate of achievement i is the share of episodes, in percent, in which it was
unlocked at least once:

    s_i = 100 * (number of episodes with at least one unlock of i) / (number of episodes)

and the score is a geometric mean of the success rates, shifted by one so that rates of 0
are allowed:

    S = exp( (1/N) sum_i ln(1 + s_i) ) - 1            N = number of achievements (22)

The geometric mean rewards progress on the rare, hard achievements: going from 0 % to 1 %
on diamonds moves the score as much as going from 1 % to 3 % elsewhere, and an arithmetic
mean would be dominated by the easy ones. All 0 % gives S = 0, all 100 % gives S = 100.

Crafter reports, at the end of an episode, info["achievements"]: a dict from achievement
name to the number of times it was unlocked in that episode (zeros included; here some
names may also be missing, which means 0). The 22 names, in Crafter's order:
collect_coal, collect_diamond, collect_drink, collect_iron, collect_sapling, collect_stone,
collect_wood, defeat_skeleton, defeat_zombie, eat_cow, eat_plant, make_iron_pickaxe,
make_iron_sword, make_stone_pickaxe, make_stone_sword, make_wood_pickaxe, make_wood_sword,
place_furnace, place_plant, place_stone, place_table, wake_up.

Shapes:
  unlock_counts(episodes: list of E dicts name -> int, names: list of K str) -> (E, K) int array
  success_rates(counts (E, K) int)  -> (K,) float, percent in [0, 100]
  crafter_score(rates (K,) float, percent) -> float in [0, 100]

Tiny example: counts [[0, 3], [1, 0], [0, 0], [2, 1]] (4 episodes, 2 achievements):
rates = [50, 50] (unlocked in 2 of 4 episodes each; the 3 unlocks in episode 0 count once),
score = exp((ln 51 + ln 51) / 2) - 1 = 50. Rates [100, 0]: score = sqrt(101 * 1) - 1 = 9.05.

Write the geometric mean with np.log and np.exp.

Do not use: scipy.stats.gmean.
"""
import numpy as np


def unlock_counts(episodes: list, names: list) -> np.ndarray:
    """Return the (E, K) array of unlock counts, column k for names[k], missing names as 0."""
    # TODO: one row per episode dict, episode.get(name, 0) for each name.
    ### BEGIN SOLUTION
    return np.array([[episode.get(name, 0) for name in names] for episode in episodes], dtype=np.int64)
    ### END SOLUTION


def success_rates(counts: np.ndarray) -> np.ndarray:
    """Return the percentage of episodes in which each achievement was unlocked at least once."""
    # TODO: (counts > 0), averaged over the episodes (axis 0), times 100.
    ### BEGIN SOLUTION
    return 100.0 * (counts > 0).mean(axis=0)
    ### END SOLUTION


def crafter_score(rates: np.ndarray) -> float:
    """Return exp(mean(ln(1 + rates))) - 1 for success rates in percent."""
    # TODO: np.log1p / np.exp, or np.log(1 + rates); mind it is a geometric mean.
    ### BEGIN SOLUTION
    return float(np.exp(np.mean(np.log(1.0 + rates))) - 1.0)
    ### END SOLUTION
