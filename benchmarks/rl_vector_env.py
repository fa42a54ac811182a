"""Environment steps per second: ``VectorGridworld`` (N copies stepped with NumPy arrays) against
the same gridworld stepped one copy at a time through ``gymnasium.make`` (the registered
single ``gymnasium.Env``, with Gymnasium's default wrappers), measured in the same run.

Both step N copies of the windy gridworld (Sutton & Barto Example 6.5) under the same
pre-drawn uniformly random actions (drawing is not timed for either); both reset a copy when it
reaches the goal. Threads are pinned to 1 (OMP/MKL/OpenBLAS) so this measures one core.
Goal: vector >= 1,000,000 steps/s at 256 envs. Each figure is the best of --repeats timings
(the machine may be shared and noisy).

    python benchmarks/rl_vector_env.py [--envs 256] [--steps 2000] [--kind windy] [--repeats 3]
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import gymnasium as gym  # noqa: E402
import numpy as np  # noqa: E402

from deeproots.rl.envs.vector import VectorGridworld  # noqa: E402  (also registers the single envs)

GYM_IDS = {"windy": "deeproots/WindyGridworld-v0", "cliff": "deeproots/CliffWalking-v0"}


def best_time(fn, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envs", type=int, default=256)
    parser.add_argument("--steps", type=int, default=2000, help="vector steps (each steps every env once)")
    parser.add_argument("--single-steps", type=int, default=200, help="rounds for the one-at-a-time baseline")
    parser.add_argument("--kind", choices=sorted(GYM_IDS), default="windy")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    n = args.envs
    actions = np.random.default_rng(0).integers(0, 4, size=(args.steps, n))

    vector = VectorGridworld(n, kind=args.kind)
    vector.reset(seed=0)

    def run_vector():
        for t in range(args.steps):
            vector.step(actions[t])

    singles = [gym.make(GYM_IDS[args.kind]) for _ in range(n)]
    for i, env in enumerate(singles):
        env.reset(seed=i)
    single_actions = actions[: args.single_steps].tolist()

    def run_single():
        for row in single_actions:
            for env, action in zip(singles, row):
                _, _, terminated, truncated, _ = env.step(action)
                if terminated or truncated:
                    env.reset()

    vector_rate = args.steps * n / best_time(run_vector, args.repeats)
    single_rate = args.single_steps * n / best_time(run_single, args.repeats)
    print(f"{args.kind} gridworld, {n} envs, numpy {np.__version__}, gymnasium {gym.__version__}, 1 thread")
    print(f"  VectorGridworld (NumPy, all envs per call)   {vector_rate:>14,.0f} env steps/s")
    print(f"  gymnasium.make single env, one at a time     {single_rate:>14,.0f} env steps/s")
    print(f"ratio vector / single: {vector_rate / single_rate:.1f}x   (goal: vector >= 1,000,000 steps/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
