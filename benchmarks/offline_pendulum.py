"""IQL against behaviour cloning on D4RL-style Pendulum-v1 datasets made by our own SAC, same run.

1. Build the mixtures (deeproots.rl.deep.offline_data.build; Fu et al. 2020 §5): random (uniform
   actions), expert (SAC's full RL-Zoo budget), medium (a second SAC run, learning rate 1e-4,
   checked every 50 env steps and stopped when its greedy return crosses a third of the way from
   random to expert), medium-replay (that run's whole replay buffer), medium-expert (50/50). ``--source scripted`` uses the hand-written controller instead
   of SAC (offline_data.stand_in_family): the test fixture, for when SAC is unavailable or too slow.
2. For each dataset and seed, train IQL and offline BC for the same number of gradient steps
   through deeproots.rl.train.train and evaluate the greedy policy over 100 episodes.
3. Print mean returns, D4RL-normalised scores (against the dataset family's own random and expert
   returns) and IQL - BC, beside the IQL paper's D4RL MuJoCo numbers for the same mixture
   (different environment, for orientation only).

    python benchmarks/offline_pendulum.py [--source sac|scripted] [--seeds 3] [--steps 10000]
        [--datasets medium-replay,medium,medium-expert] [--hidden 128] [--root runs/offline_bench]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from deeproots.rl.deep import offline_data
from deeproots.rl.train import train

ENV = "Pendulum-v1"

# Kostrikov, Nair & Levine, "Offline RL with Implicit Q-Learning", ICLR 2022 (arXiv 2110.06169), Table 1:
# IQL's D4RL -v2 MuJoCo normalised scores, as quoted ("Official Scores") in fuyw/jrlzoo iql/README.md.
# The paper's BC column is not printed: it could not be checked against a source in this session.
PAPER = {
    "medium-replay": {"halfcheetah": 44.2, "hopper": 94.7, "walker2d": 73.8},
    "medium": {"halfcheetah": 47.4, "hopper": 66.2, "walker2d": 78.3},
    "medium-expert": {"halfcheetah": 86.7, "hopper": 91.5, "walker2d": 109.6},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("sac", "scripted"), default="sac")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=10_000, help="gradient steps per IQL / BC run")
    parser.add_argument("--datasets", default="medium-replay,medium,medium-expert")
    parser.add_argument("--hidden", type=int, default=128, help="hidden width of IQL's and BC's 2-layer networks")
    parser.add_argument("--transitions", type=int, default=20_000, help="transitions per policy dataset")
    parser.add_argument("--sac-steps", type=int, default=20_000, help="env steps of the expert SAC run")
    parser.add_argument("--algos", default="iql,bc-offline", help="offline learners; bc-offline is the baseline")
    parser.add_argument("--check-every", type=int, default=50,
                        help="env steps between the medium run's greedy checks (Pendulum's SAC jumps from ~-900 to ~-250 "
                             "within 250 steps even at the medium run's lr 1e-4, offline_data.MEDIUM_SAC)")
    parser.add_argument("--reuse-expert", action="store_true",
                        help="keep random.npz and expert.npz already under --root and rebuild only the medium run")
    parser.add_argument("--root", default="runs/offline_bench")
    args = parser.parse_args()
    torch.set_num_threads(1)
    root = Path(args.root) / args.source

    started = time.perf_counter()
    if not args.reuse_expert and all(offline_data.path_for(ENV, name, root).is_file() for name in offline_data.MIXTURES):
        family = {name: offline_data.load(name, ENV, root) for name in offline_data.MIXTURES}
        print(f"datasets: loaded from {root}")
    elif args.source == "sac":
        family = offline_data.build(ENV, root, seed=1, n_steps=args.transitions,
                                    sac_overrides={"total_timesteps": args.sac_steps}, check_every=args.check_every,
                                    reuse_expert=args.reuse_expert)
    else:
        family = offline_data.stand_in_family(ENV, args.transitions, seed=1)
        for name, data in family.items():
            data.save(offline_data.path_for(ENV, name, root))
    print(f"datasets ({args.source}, {time.perf_counter() - started:.0f} s):")
    for name, data in family.items():
        returns = data.episode_returns()
        print(f"  {name:14s} {len(data):6d} transitions {len(returns):4d} episodes  mean return {returns.mean():8.1f}"
              f"  normalised {data.score(returns.mean()):6.1f}")
    ref = family["random"]
    print(f"  references: random {ref.random_return:.1f}, expert {ref.expert_return:.1f}")

    overrides = {"dataset_dir": str(root), "total_timesteps": args.steps, "hidden_sizes": (args.hidden, args.hidden),
                 "eval_every": args.steps, "eval_episodes": 10}
    print(f"\nIQL vs BC, {args.steps} gradient steps, hidden {args.hidden}x{args.hidden}, greedy 100-episode returns")
    summary = {}
    with tempfile.TemporaryDirectory() as runs:
        for dataset in args.datasets.split(","):
            scores = {algo: [] for algo in args.algos.split(",")}
            for seed in range(1, args.seeds + 1):
                for algo in scores:
                    clock = time.perf_counter()
                    metrics, _ = train(algo, ENV, overrides={**overrides, "dataset": dataset, "seed": seed},
                                       root=Path(runs), eval_episodes=100)
                    score = float(ref.score(metrics["eval_mean_return"]))
                    scores[algo].append(score)
                    print(f"  {dataset:14s} seed {seed} {algo:10s} return {metrics['eval_mean_return']:8.1f} ± "
                          f"{metrics['eval_std_return']:6.1f}  normalised {score:6.1f}  ({time.perf_counter() - clock:.0f} s)",
                          flush=True)
            summary[dataset] = scores
            bc = np.array(scores["bc-offline"])
            for algo in scores:
                if algo != "bc-offline":
                    ours = np.array(scores[algo])
                    print(f"  {dataset}: {algo.upper()} {ours.mean():.1f} ± {ours.std():.1f}, BC {bc.mean():.1f} ± "
                          f"{bc.std():.1f}, {algo.upper()} - BC {ours.mean() - bc.mean():+.1f} (ahead in "
                          f"{int((ours > bc).sum())}/{len(ours)} seeds)", flush=True)

    print(f"\nSummary ({args.source} datasets, Pendulum-v1, D4RL-normalised, mean ± std over {args.seeds} seeds):")
    algos = args.algos.split(",")
    print(f"{'dataset':15s} " + " ".join(f"{algo:>14s}" for algo in algos)
          + " | IQL paper Table 1, IQL on D4RL -v2: different environment (MuJoCo), for orientation only")
    for dataset, scores in summary.items():
        paper = ", ".join(f"{env} {q:.1f}" for env, q in PAPER.get(dataset, {}).items())
        cells = " ".join(f"{np.mean(scores[algo]):7.1f} ± {np.std(scores[algo]):4.1f}" for algo in algos)
        print(f"{dataset:15s} {cells} | {paper}")
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
