"""Checks for the Crafter score (references: Hafner 2022 eq. 1 by hand for all-0, all-100
and one-at-100; scipy.stats.gmean(1 + s) - 1 for random rates; success rates recounted
episode by episode in plain Python)."""
import numpy as np
from scipy.stats import gmean

from deeproots.grading.checks import expect_close, expect_equal

ACHIEVEMENTS = [
    "collect_coal", "collect_diamond", "collect_drink", "collect_iron", "collect_sapling",
    "collect_stone", "collect_wood", "defeat_skeleton", "defeat_zombie", "eat_cow", "eat_plant",
    "make_iron_pickaxe", "make_iron_sword", "make_stone_pickaxe", "make_stone_sword",
    "make_wood_pickaxe", "make_wood_sword", "place_furnace", "place_plant", "place_stone",
    "place_table", "wake_up",
]


def _random_counts(rng, episodes, achievements):
    """Easy achievements unlocked often and several times, hard ones rarely."""
    difficulty = rng.uniform(0.0, 1.0, size=achievements)
    unlocked = rng.random((episodes, achievements)) < difficulty
    return unlocked * rng.integers(1, 6, size=(episodes, achievements))


def _reference_rates(counts):
    episodes, achievements = counts.shape
    rates = np.zeros(achievements)
    for k in range(achievements):
        rates[k] = 100.0 * sum(1 for e in range(episodes) if counts[e, k] >= 1) / episodes
    return rates


def test_score_by_hand(ex, rng):
    expect_close(ex.crafter_score(np.zeros(22)), 0.0, what="crafter_score(all 22 rates 0 %)",
                 how="by hand: exp(mean(ln 1)) - 1 = 0", rtol=0, atol=1e-12)
    expect_close(ex.crafter_score(np.full(22, 100.0)), 100.0, what="crafter_score(all 22 rates 100 %)",
                 how="by hand: exp(ln 101) - 1 = 100", rtol=1e-12, atol=1e-10)
    one = np.zeros(22)
    one[6] = 100.0
    expect_close(ex.crafter_score(one), np.exp(np.log(101.0) / 22) - 1, what="crafter_score(one rate 100 %, 21 at 0 %)",
                 how="by hand: exp(ln(101) / 22) - 1 = 0.2334 (an arithmetic mean would give 4.55)",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.crafter_score(np.array([100.0, 0.0])), np.sqrt(101.0) - 1, what="crafter_score([100, 0])",
                 how="by hand: sqrt(101 * 1) - 1", rtol=1e-12, atol=1e-12)


def test_score_random(ex, rng):
    for k in (1, 3, 22):
        rates = 100.0 * rng.random(k) ** 3  # many small rates, as in real agents
        expect_close(ex.crafter_score(rates), gmean(1.0 + rates) - 1.0, what=f"crafter_score for {k} random rates",
                     how="scipy.stats.gmean(1 + rates) - 1", rtol=1e-10, atol=1e-12, inputs={"rates": rates})


def test_success_rates_by_hand(ex, rng):
    counts = np.array([[0, 3], [1, 0], [0, 0], [2, 1]])
    expect_close(ex.success_rates(counts), np.array([50.0, 50.0]), what="success_rates([[0, 3], [1, 0], [0, 0], [2, 1]])",
                 how="by hand: each unlocked in 2 of 4 episodes (3 unlocks in one episode count once)",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.success_rates(np.array([[5, 0, 1]])), np.array([100.0, 0.0, 100.0]),
                 what="success_rates of one episode [[5, 0, 1]]", how="by hand: percent, not a fraction",
                 rtol=1e-12, atol=1e-12)


def test_success_rates_random(ex, rng):
    for episodes, achievements in [(1, 22), (10, 22), (137, 22), (25, 5), (3, 8)]:
        counts = _random_counts(rng, episodes, achievements)
        expect_close(ex.success_rates(counts), _reference_rates(counts),
                     what=f"success_rates for {episodes} episodes x {achievements} achievements",
                     how="100 * (episodes with count >= 1) / episodes, counted in plain Python",
                     rtol=1e-12, atol=1e-10, inputs={"counts": counts})


def test_unlock_counts_from_infos(ex, rng):
    counts = _random_counts(rng, 6, 22)
    episodes = []
    for row in counts:
        info = {name: int(c) for name, c in zip(ACHIEVEMENTS, row)}
        for name in [n for n, c in info.items() if c == 0][:3]:
            del info[name]  # missing names mean 0
        episodes.append(info)
    names = list(reversed(ACHIEVEMENTS))  # the column order is the order of names, not of the dicts
    got = ex.unlock_counts(episodes, names)
    expect_equal(np.asarray(got), counts[:, ::-1], what="unlock_counts(6 episode dicts, names reversed)",
                 how="counts[e, k] = episodes[e].get(names[k], 0)", inputs={"episodes": episodes})


def test_whole_pipeline(ex, rng):
    counts = _random_counts(rng, 40, 22)
    episodes = [{name: int(c) for name, c in zip(ACHIEVEMENTS, row)} for row in counts]
    rates = ex.success_rates(ex.unlock_counts(episodes, ACHIEVEMENTS))
    expect_close(ex.crafter_score(rates), gmean(1.0 + _reference_rates(counts)) - 1.0,
                 what="crafter_score(success_rates(unlock_counts(40 episodes)))",
                 how="scipy.stats.gmean(1 + rates) - 1 with rates recounted in plain Python",
                 rtol=1e-10, atol=1e-12, inputs={"counts": counts})
