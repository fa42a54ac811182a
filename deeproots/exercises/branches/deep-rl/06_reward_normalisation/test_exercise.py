"""Checks for running statistics, reward scaling and advantage standardisation (references:
np.mean / np.var of every row seen so far (no merging formula), the discounted returns
rebuilt by an explicit per-environment loop over the whole history, np.std for the
advantages; worked examples by hand)."""
import numpy as np

from deeproots.grading.checks import expect, expect_close


def test_running_stats_hand_example(ex, rng):
    rms = ex.RunningMeanStd(())
    rms.update(np.array([1.0, 3.0]))
    expect_close(rms.mean, 2.0, what="mean after update([1, 3])", how="by hand", rtol=1e-12, atol=1e-12)
    expect_close(rms.var, 1.0, what="var after update([1, 3])", how="by hand: ((1-2)^2 + (3-2)^2) / 2",
                 rtol=1e-12, atol=1e-12)
    rms.update(np.array([5.0]))
    expect_close(rms.mean, 3.0, what="mean after update([1, 3]) then update([5])", how="by hand: (1+3+5)/3",
                 rtol=1e-12, atol=1e-12)
    expect_close(rms.var, 8.0 / 3.0, what="var after update([1, 3]) then update([5])",
                 how="by hand: np.var([1, 3, 5]) = (4 + 0 + 4) / 3 (the between-means term matters here)",
                 rtol=1e-12, atol=1e-12)
    expect_close(rms.count, 3.0, what="count after 2 + 1 rows", how="by hand", rtol=0, atol=1e-12)


def test_running_stats_match_all_data(ex, rng):
    # Batches of varied sizes (1 row included) and offsets, scalar and vector statistics.
    for shape in [(), (3,), (2, 4)]:
        rms = ex.RunningMeanStd(shape)
        seen = []
        for step, n in enumerate([1, 5, 2, 17, 1, 40, 3]):
            batch = rng.normal(loc=rng.normal(scale=5.0, size=shape), scale=rng.uniform(0.5, 3.0), size=(n, *shape))
            rms.update(batch)
            seen.append(batch)
            everything = np.concatenate(seen, axis=0)
            expect_close(rms.mean, everything.mean(axis=0), what=f"mean, shape {shape}, after {step + 1} updates",
                         how="np.mean over axis 0 of every row seen so far", rtol=1e-9, atol=1e-10)
            expect_close(rms.var, everything.var(axis=0), what=f"var, shape {shape}, after {step + 1} updates",
                         how="np.var (ddof = 0) over axis 0 of every row seen so far", rtol=1e-9, atol=1e-10,
                         inputs={"batch sizes so far": [len(b) for b in seen]})
            expect_close(rms.count, float(len(everything)), what=f"count, shape {shape}", how="rows seen",
                         rtol=0, atol=1e-9)


def test_running_stats_large_offset(ex, rng):
    # Data far from 0 with a small spread: the merge must stay accurate.
    rms = ex.RunningMeanStd(())
    seen = []
    for n in [10, 1, 30, 7]:
        batch = 1e4 + rng.normal(size=n)
        rms.update(batch)
        seen.append(batch)
    everything = np.concatenate(seen)
    expect_close(rms.var, everything.var(), what="var of data around 1e4 with std 1", how="np.var of all rows",
                 rtol=1e-6, atol=1e-8)


def _reference_scaled(rewards, dones, gamma, eps=1e-8):
    """The discounted return of each env rebuilt from its episode's rewards, np.var of all."""
    steps, num_envs = rewards.shape
    all_returns, scaled = [], np.zeros_like(rewards)
    episode_start = np.zeros(num_envs, dtype=int)
    for t in range(steps):
        for e in range(num_envs):
            ret = sum(gamma ** (t - k) * rewards[k, e] for k in range(episode_start[e], t + 1))
            all_returns.append(ret)
        scaled[t] = rewards[t] / np.sqrt(np.var(all_returns) + eps)
        episode_start[dones[t]] = t + 1
    return scaled


def test_reward_scaler_hand_example(ex, rng):
    scaler = ex.RewardScaler(2, 0.5)
    got = scaler.scale(np.array([1.0, 3.0]), np.array([False, True]))
    expect_close(got, np.array([1.0, 3.0]) / np.sqrt(1.0 + 1e-8), what="first scale([1, 3], [False, True])",
                 how="by hand: returns [1, 3], np.var = 1", rtol=1e-12, atol=1e-12)
    expect_close(scaler.returns, np.array([1.0, 0.0]), what="returns after the first step",
                 how="by hand: env 1's episode ended, its return is reset to 0", rtol=0, atol=1e-12)
    got = scaler.scale(np.array([2.0, 0.0]), np.array([False, False]))
    expect_close(got, np.array([2.0, 0.0]) / np.sqrt(np.var([1.0, 3.0, 2.5, 0.0]) + 1e-8),
                 what="second scale([2, 0], [False, False])",
                 how="by hand: returns [0.5 * 1 + 2, 0.5 * 0 + 0] = [2.5, 0]; np.var([1, 3, 2.5, 0]) = 1.421875",
                 rtol=1e-12, atol=1e-12)


def test_reward_scaler_rollout(ex, rng):
    for num_envs, steps, gamma in [(1, 30, 0.99), (4, 25, 0.9), (3, 40, 0.5)]:
        rewards = rng.normal(loc=1.0, scale=2.0, size=(steps, num_envs))
        dones = rng.random((steps, num_envs)) < 0.15
        want = _reference_scaled(rewards, dones, gamma)
        scaler = ex.RewardScaler(num_envs, gamma)
        got = np.stack([scaler.scale(rewards[t], dones[t]) for t in range(steps)])
        expect_close(got, want, what=f"scaled rewards of a rollout, num_envs = {num_envs}, gamma = {gamma}",
                     how="r_t / sqrt(np.var(every discounted return so far) + 1e-8), each return summed "
                         "from its own episode's start (episodes end at dones)", rtol=1e-8, atol=1e-10,
                     inputs={"rewards": rewards, "dones": dones})
        expect(bool(np.all(np.sign(got) == np.sign(rewards))),
               "a scaled reward changed sign: reward scaling divides by a std, it must not subtract a mean",
               rewards=rewards, scaled=got)


def test_standardize_hand_example(ex, rng):
    got = ex.standardize_advantages(np.array([1.0, 2.0, 3.0, 6.0]))
    expect_close(got, np.array([-2.0, -1.0, 0.0, 3.0]) / (np.sqrt(3.5) + 1e-8),
                 what="standardize_advantages([1, 2, 3, 6])",
                 how="by hand: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5", rtol=1e-12, atol=1e-12)


def test_standardize_random(ex, rng):
    for n in [2, 5, 64, 1000]:
        adv = rng.normal(loc=rng.normal(scale=3.0), scale=rng.uniform(0.1, 10.0), size=n)
        got = ex.standardize_advantages(adv)
        expect_close(got, (adv - np.mean(adv)) / (np.std(adv) + 1e-8), what=f"standardize_advantages, N = {n}",
                     how="(a - np.mean(a)) / (np.std(a) + 1e-8), ddof = 0", rtol=1e-10, atol=1e-12,
                     inputs={"advantages": adv})


def test_standardize_degenerate(ex, rng):
    got = ex.standardize_advantages(np.full(8, 2.5))
    expect_close(got, np.zeros(8), what="standardize_advantages of 8 equal values (std 0)",
                 how="0 / (0 + 1e-8) = 0: the eps keeps it finite", rtol=0, atol=1e-12)
    got = ex.standardize_advantages(np.array([2.5]))
    expect_close(got, np.zeros(1), what="standardize_advantages of one value", how="0 / (0 + 1e-8)",
                 rtol=0, atol=1e-12)
    tiny = np.array([-1e-8, 1e-8])  # std 1e-8, comparable to eps: where the eps goes matters
    expect_close(ex.standardize_advantages(tiny), tiny / (1e-8 + 1e-8), what="standardize_advantages([-1e-8, 1e-8])",
                 how="by hand: std 1e-8, so a / (1e-8 + 1e-8) = [-0.5, 0.5] (sqrt(var + eps) would give ~1e-4)",
                 rtol=1e-9, atol=1e-12)
