"""Train every deep-RL algorithm with its default preset on CartPole-v1; print greedy eval return and wall time.

CartPole-v1 counts as solved at a mean return >= 475 over 100 episodes (its Gymnasium
reward_threshold). Each run writes its report under --root (default /tmp/deeproots-bench).

    python benchmarks/rl_cartpole.py [--algos ppo,dqn,a2c,reinforce] [--seeds 1] [--root DIR]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from deeproots.rl.train import ALGORITHMS, train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--algos", default="ppo,dqn,a2c,reinforce")
    parser.add_argument("--seeds", default="1", help="comma-separated seeds, e.g. 1,2,3")
    parser.add_argument("--root", type=Path, default=Path("/tmp/deeproots-bench"))
    args = parser.parse_args()
    algos = [name.strip() for name in args.algos.split(",") if name.strip()]
    seeds = [int(seed) for seed in args.seeds.split(",")]
    print(f"{'algo':10} {'seed':>4} {'env steps':>9} {'eval mean':>9} {'eval min':>8} {'solved':>6} {'train s':>8} {'total s':>8}")
    solved = {algo: 0 for algo in algos}
    for algo in algos:
        if algo not in ALGORITHMS:
            raise SystemExit(f"unknown algorithm {algo!r}; allowed: {', '.join(ALGORITHMS)}")
        for seed in seeds:
            started = time.perf_counter()
            metrics, _ = train(algo, root=args.root, overrides={"seed": seed})
            total = time.perf_counter() - started
            solved[algo] += metrics["solved"]
            print(
                f"{algo:10} {seed:>4} {metrics['env_steps']:>9} {metrics['eval_mean_return']:>9.1f} "
                f"{metrics['eval_min_return']:>8.0f} {str(metrics['solved']):>6} {metrics['train_wall_time_s']:>8.1f} {total:>8.1f}",
                flush=True,
            )
    print("solved: " + ", ".join(f"{algo} {count}/{len(seeds)} seeds" for algo, count in solved.items()))


if __name__ == "__main__":
    main()
