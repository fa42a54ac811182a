"""Checks for the replay buffer (references: a plain Python list of every transition added,
whose last `capacity` entries are what the buffer must hold; a chi-square goodness-of-fit
bound from scipy.stats.chi2 for uniform sampling; the exact probability that a batch drawn with
replacement holds a repeated transition, with a scipy.stats.binom bound; worked examples by hand)."""
import math

import numpy as np
from scipy.stats import binom, chi2

from deeproots.grading.checks import expect, expect_close, expect_equal

KEYS = ("obs", "actions", "rewards", "next_obs", "dones")


def _transitions(rng, count, obs_shape):
    """Transition i has action i (an id to find it back); pixel-like values exact in float32."""
    out = []
    for i in range(count):
        obs = rng.integers(0, 256, size=obs_shape).astype(float)
        next_obs = rng.integers(0, 256, size=obs_shape).astype(float)
        out.append((obs, i, float(rng.integers(-8, 9)) / 4.0, next_obs, bool(rng.random() < 0.2)))
    return out


def _fill(ex, capacity, obs_shape, seed, transitions):
    buffer = ex.ReplayBuffer(capacity, tuple(obs_shape), seed)
    for obs, action, reward, next_obs, done in transitions:
        buffer.add(obs, action, reward, next_obs, done)
    return buffer


def _check_batch(batch, transitions, capacity, batch_size, obs_shape, label):
    expect(isinstance(batch, dict) and all(key in batch for key in KEYS),
           f"{label}: sample must return a dict with keys {KEYS}", got=batch)
    for key in KEYS:
        shape = (batch_size, *obs_shape) if key in ("obs", "next_obs") else (batch_size,)
        expect_equal(np.asarray(batch[key]).shape, shape, what=f"{label}: shape of sample()['{key}']",
                     how="(batch_size, *obs_shape) for observations, (batch_size,) otherwise")
    held = set(range(max(0, len(transitions) - capacity), len(transitions)))
    ids = np.asarray(batch["actions"]).astype(int)
    expect(set(ids.tolist()) <= held, f"{label}: sampled a transition the buffer should not hold "
           "(overwritten, or an empty row)", sampled_actions=np.unique(ids), held_actions=sorted(held))
    obs, action, reward, next_obs, done = (np.array(column) for column in zip(*[transitions[i] for i in ids]))
    for key, want in [("obs", obs), ("rewards", reward), ("next_obs", next_obs), ("dones", done.astype(float))]:
        expect_close(np.asarray(batch[key], dtype=float), want, what=f"{label}: sample()['{key}'] row by row",
                     how="the transition whose action id is in the same row", rtol=0, atol=1e-6)
    return ids


def test_hand_example_wrap_around(ex, rng):
    transitions = [(np.array([float(i)]), i, 10.0 * i, np.array([i + 1.0]), i == 4) for i in range(5)]
    buffer = _fill(ex, 3, (1,), 0, transitions)
    expect_equal(len(buffer), 3, what="len(buffer) after 5 adds to capacity 3", how="by hand: min(5, 3)")
    ids = _check_batch(buffer.sample(300), transitions, 3, 300, (1,), "capacity 3 after 5 adds")
    expect_equal(sorted(set(ids.tolist())), [2, 3, 4], what="transitions seen in 300 samples",
                 how="by hand: the last three (2, 3, 4); missing one has probability 3 (2/3)^300 ~ 1e-52")


def test_before_the_buffer_is_full(ex, rng):
    transitions = _transitions(rng, 4, (2, 3))
    buffer = _fill(ex, 10, (2, 3), 1, transitions)
    expect_equal(len(buffer), 4, what="len(buffer) after 4 adds to capacity 10", how="the number of adds")
    ids = _check_batch(buffer.sample(200), transitions, 10, 200, (2, 3), "capacity 10 after 4 adds")
    expect_equal(sorted(set(ids.tolist())), [0, 1, 2, 3], what="transitions seen in 200 samples",
                 how="every one of the 4 stored (missing one has probability ~ 4 (3/4)^200); never an empty row")


def test_wrap_around_several_times(ex, rng):
    for capacity, count, obs_shape, batch_size in [(7, 30, (4,), 64), (5, 5, (3, 2, 2), 16),
                                                  (1, 6, (2,), 8), (16, 40, (3,), 128)]:
        transitions = _transitions(rng, count, obs_shape)
        buffer = _fill(ex, capacity, obs_shape, 2, transitions)
        expect_equal(len(buffer), min(count, capacity), what=f"len(buffer) after {count} adds to capacity {capacity}",
                     how="min(adds, capacity)")
        _check_batch(buffer.sample(batch_size), transitions, capacity, batch_size, obs_shape,
                     f"capacity {capacity} after {count} adds")


def test_sampling_is_uniform(ex, rng):
    capacity, count, draws = 10, 23, 5000
    transitions = _transitions(rng, count, (1,))
    buffer = _fill(ex, capacity, (1,), 3, transitions)
    ids = _check_batch(buffer.sample(draws), transitions, capacity, draws, (1,), "uniformity batch")
    counts = np.bincount(ids - (count - capacity), minlength=capacity)
    expected = draws / capacity
    statistic = float(np.sum((counts - expected) ** 2 / expected))
    bound = float(chi2.ppf(1 - 1e-6, df=capacity - 1))
    expect(statistic <= bound, "sample() is not uniform over the stored transitions: the chi-square "
           f"statistic {statistic:.1f} exceeds {bound:.1f} (a uniform sampler exceeds it once in a million)",
           counts_per_stored_transition=counts, expected_each=expected)


def test_seeded_and_reproducible(ex, rng):
    transitions = _transitions(rng, 15, (2,))
    first = _fill(ex, 8, (2,), 123, transitions).sample(50)
    second = _fill(ex, 8, (2,), 123, transitions).sample(50)
    other = _fill(ex, 8, (2,), 124, transitions).sample(50)
    expect_equal(np.asarray(second["actions"]), np.asarray(first["actions"]),
                 what="samples of two buffers built with seed 123 and fed the same data",
                 how="the same seed must give the same draws (rng = np.random.default_rng(seed) in __init__)")
    expect(not np.array_equal(np.asarray(other["actions"]), np.asarray(first["actions"])),
           "buffers with seeds 123 and 124 sampled the same 50 transitions: is the seed used?",
           seed_123=np.asarray(first["actions"]), seed_124=np.asarray(other["actions"]))


def test_sampling_is_with_replacement(ex, rng):
    # Batches of 6 from 10 stored transitions. Drawn uniformly WITH replacement, a batch has all
    # 6 distinct with probability 10 * 9 * 8 * 7 * 6 * 5 / 10^6 = 0.1512 (the birthday problem),
    # so about 85 % of batches repeat a transition; a sampler without replacement never does.
    capacity, count, batch_size, batches = 10, 17, 6, 300
    transitions = _transitions(rng, count, (1,))
    buffer = _fill(ex, capacity, (1,), 4, transitions)
    p_repeat = 1.0 - math.perm(capacity, batch_size) / capacity ** batch_size
    with_repeat = 0
    for _ in range(batches):
        ids = np.asarray(buffer.sample(batch_size)["actions"]).astype(int)
        with_repeat += int(len(np.unique(ids)) < batch_size)
    low, high = binom.interval(1 - 2e-6, batches, p_repeat)
    expect(low <= with_repeat <= high,
           f"{with_repeat} of {batches} batches of {batch_size} (from {capacity} stored transitions) repeat a "
           f"transition; sampling with replacement repeats in {batches * p_repeat:.0f} on average (each batch "
           f"with probability 1 - 10!/(4! 10^6) = {p_repeat:.4f}), between {low:.0f} and {high:.0f} but once in a "
           "million. Draw indices with rng.integers(0, size, batch_size), not without replacement",
           batches_with_a_repeat=with_repeat, expected=batches * p_repeat)
