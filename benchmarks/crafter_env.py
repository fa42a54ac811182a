"""Crafter environment benchmark: wrapper overhead, reset time with/without Numba, steps/s, and the
random agent's Crafter score over many episodes (Hafner 2021, Table 1: 1.6 ± 0.0 %).

    .venv/bin/python benchmarks/crafter_env.py                 # everything, ~5 min on 2 idle cores
    .venv/bin/python benchmarks/crafter_env.py --skip-score    # timings only, ~2 min
    .venv/bin/python benchmarks/crafter_env.py --score-episodes 2000 --json out.json  # ~8 more min

Overhead: raw ``crafter.Env`` and our ``CrafterEnv`` play the same seeds with the same action
sequences, interleaved episode by episode (raw, wrapped, wrapped, raw, ...) so that load from other
processes hits both alike, timed in CPU seconds of this process. (Raw Crafter is not
deterministic — see ``deeproots/rl/crafter/env.py`` — so its episodes may drift from ours after a
few hundred steps; the per-step times are compared, not the episodes.)

Reset time: ``opensimplex`` compiles its noise with Numba when it can import it; the "without"
figure comes from a child process in which ``import numba`` fails.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
import time

import numpy as np

RESET_PROBE = textwrap.dedent("""
    import sys, time, json
    if sys.argv[1] == "python":
        sys.modules["numba"] = None  # opensimplex then falls back to its pure-Python noise
    import numpy as np
    from deeproots.rl.crafter.env import CrafterEnv, noise_backend
    env = CrafterEnv(seed=0)
    env.reset(seed=0)  # first reset: Numba loads or compiles its cache
    times = []
    for seed in range(1, 1 + int(sys.argv[2])):
        start = time.process_time()
        env.reset(seed=seed)
        times.append(time.process_time() - start)
    env.reset(seed=123)
    world = env.crafter_env._world._mat_map
    print(json.dumps({"backend": noise_backend(), "mean_s": float(np.mean(times)), "min_s": float(np.min(times)),
                      "world_123": world.tolist()}))
""")


def reset_times(resets: int) -> dict:
    results = {}
    for backend in ("numba", "python"):
        out = subprocess.run([sys.executable, "-c", RESET_PROBE, backend, str(resets)], capture_output=True, text=True, check=True)
        results[backend] = json.loads(out.stdout.strip().splitlines()[-1])
    same_world = results["numba"].pop("world_123") == results["python"].pop("world_123")
    return {"numba": results["numba"], "python": results["python"], "speedup": results["python"]["mean_s"] / results["numba"]["mean_s"],
            "same_world_both_backends": same_world}


def overhead(episodes: int, max_steps: int) -> dict:
    import crafter

    from deeproots.rl.crafter.env import CrafterEnv

    raw_time = wrapped_time = 0.0
    raw_steps = wrapped_steps = 0
    same_length = 0

    def play_raw(seed: int, actions: np.ndarray) -> tuple[float, int]:
        env = crafter.Env(seed=seed)
        env.reset()
        start = time.process_time()
        for n, action in enumerate(actions, 1):
            _, _, done, _ = env.step(int(action))
            if done:
                break
        return time.process_time() - start, n

    def play_wrapped(seed: int, actions: np.ndarray) -> tuple[float, int]:
        env = CrafterEnv(seed=seed)
        env.reset(seed=seed)
        start = time.process_time()
        for n, action in enumerate(actions, 1):
            _, _, terminated, truncated, _ = env.step(int(action))
            if terminated or truncated:
                break
        return time.process_time() - start, n

    for seed in range(episodes):
        actions = np.random.default_rng(seed).integers(0, 17, size=max_steps)
        order = (play_raw, play_wrapped) if seed % 2 == 0 else (play_wrapped, play_raw)
        lengths = {}
        for play in order:
            seconds, steps = play(seed, actions)
            lengths[play] = steps
            if play is play_raw:
                raw_time, raw_steps = raw_time + seconds, raw_steps + steps
            else:
                wrapped_time, wrapped_steps = wrapped_time + seconds, wrapped_steps + steps
        same_length += lengths[play_raw] == lengths[play_wrapped]
    raw_per_step, wrapped_per_step = raw_time / raw_steps, wrapped_time / wrapped_steps
    return {"episodes": episodes, "raw_steps": raw_steps, "wrapped_steps": wrapped_steps,
            "raw_steps_per_cpu_second": 1 / raw_per_step, "wrapped_steps_per_cpu_second": 1 / wrapped_per_step,
            "overhead_percent": 100 * (wrapped_per_step / raw_per_step - 1),
            "episodes_of_equal_length": same_length}


def vector_rate(num_envs: int, steps: int) -> dict:
    from deeproots.rl.crafter.env import CrafterVecEnv

    envs = CrafterVecEnv(num_envs, seed=0)
    envs.reset(seed=0)
    rng = np.random.default_rng(0)
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(steps):
        envs.step(rng.integers(0, 17, size=num_envs))
    return {"num_envs": num_envs, "steps": steps * num_envs,
            "steps_per_second": steps * num_envs / (time.perf_counter() - start),
            "steps_per_cpu_second": steps * num_envs / (time.process_time() - cpu)}


def random_score(episodes: int, blocks: tuple[int, ...]) -> dict:
    """The random agent over ``episodes`` episodes (seeds 0..episodes-1, as in the test), and, per
    block size n, the mean and spread of the score over disjoint blocks of n episodes: what an
    n-episode estimate (like the test's) can be expected to give. Small blocks score lower on
    average, not only noisier: an achievement rarer than 1/n is mostly absent from a block."""
    from deeproots.rl.crafter.agents import RandomAgent, play_episodes
    from deeproots.rl.crafter.score import bootstrap_score_std, evaluate_episodes

    rollout = play_episodes(RandomAgent(0), episodes, seed=0)
    result = evaluate_episodes(rollout.episodes)
    by_block = {}
    for n in blocks:
        scores = [evaluate_episodes(rollout.episodes[i:i + n]).score for i in range(0, episodes - n + 1, n)]
        if scores:
            by_block[n] = {"blocks": len(scores), "mean": float(np.mean(scores)),
                           "std": float(np.std(scores, ddof=1)) if len(scores) > 1 else float("nan"),
                           "first": scores[0]}
    return {"episodes": episodes, "score": result.score, "bootstrap_std": bootstrap_score_std(rollout.episodes),
            "return_mean": result.return_mean, "return_std": result.return_std, "length_mean": result.length_mean,
            "success_rates": result.success_rates, "steps_per_second": rollout.steps_per_second, "by_block": by_block}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overhead-episodes", type=int, default=12)
    parser.add_argument("--max-steps", type=int, default=400, help="steps per overhead episode at most")
    parser.add_argument("--resets", type=int, default=5)
    parser.add_argument("--score-episodes", type=int, default=1000)
    parser.add_argument("--blocks", type=int, nargs="+", default=[25, 50, 100, 200, 500])
    parser.add_argument("--skip-score", action="store_true")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    results = {"reset": reset_times(args.resets)}
    r = results["reset"]
    print(f"reset: {r['numba']['mean_s'] * 1000:.0f} ms with Numba noise, {r['python']['mean_s'] * 1000:.0f} ms without "
          f"({r['speedup']:.1f}x); same world from both: {r['same_world_both_backends']}")
    results["overhead"] = o = overhead(args.overhead_episodes, args.max_steps)
    print(f"step: raw crafter {o['raw_steps_per_cpu_second']:.0f} steps/CPU-s, CrafterEnv {o['wrapped_steps_per_cpu_second']:.0f}; "
          f"wrapper overhead {o['overhead_percent']:+.1f}% (target <= 5%)")
    results["vector"] = v = vector_rate(8, 200)
    print(f"CrafterVecEnv(8): {v['steps_per_second']:.0f} steps/s wall, {v['steps_per_cpu_second']:.0f} steps/CPU-s")
    if not args.skip_score:
        results["random"] = s = random_score(args.score_episodes, tuple(args.blocks))
        print(f"random agent, {s['episodes']} episodes: score {s['score']:.2f}% (bootstrap std {s['bootstrap_std']:.2f}), "
              f"return {s['return_mean']:.2f} ± {s['return_std']:.2f}, {s['steps_per_second']:.0f} steps/s; "
              f"paper: 1.6 ± 0.0 %, return 2.1 ± 1.3")
        for n, b in s["by_block"].items():
            print(f"  blocks of {n:4d} episodes ({b['blocks']:3d} blocks): score mean {b['mean']:.2f}, std {b['std']:.2f}, "
                  f"first block {b['first']:.2f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
