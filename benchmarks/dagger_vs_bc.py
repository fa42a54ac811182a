"""DAgger against behaviour cloning with the same number of expert labels (CS285 HW1's comparison).

For each task, seed and label budget: behaviour cloning (deeproots.rl.deep.bc) and DAgger
(deeproots.rl.deep.dagger) at their default hyper-parameters with ``total_timesteps`` = the budget,
each evaluated greedily over 100 episodes (deeproots.rl.deep.common.evaluate, the seeds train.py
uses), beside the shipped expert on the same evaluation seeds. Printed: the mean return per
budget (mean over seeds, and each seed), DAgger - BC per budget with its spread over seeds, and the
expert's mark. The claim checked (Ross et al. 2011 §5; CS285 HW1): DAgger beats BC at the same
budget on at least one task, on every seed.

    python benchmarks/dagger_vs_bc.py [--envs Pendulum-v1,CartPole-v1] [--seeds 1,2,3] [--budgets 200,500,1000,2000]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from deeproots.rl.deep import bc, dagger, imitation
from deeproots.rl.deep.common import RunContext, evaluate, seed_everything

ALGOS = {"bc": bc, "dagger": dagger}


def measure(algo: str, env_id: str, seed: int, budget: int, episodes: int) -> tuple[float, int, float]:
    """(greedy mean return, expert labels used, seconds) for one run."""
    module = ALGOS[algo]
    params = module.Params(**{**module.QUICK.__dict__, "seed": seed, "total_timesteps": budget})
    module.validate(params)
    seed_everything(seed)
    ctx = RunContext(algorithm=algo, params=params, env_id=env_id)
    started = time.perf_counter()
    result = module.train(params, env_id, ctx)
    returns = evaluate(result["act_greedy"], env_id, episodes=episodes, seed=10_000 + seed)
    return float(returns.mean()), int(result["expert_labels"]), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envs", default="Pendulum-v1,CartPole-v1")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--budgets", default="200,500,1000,2000")
    parser.add_argument("--episodes", type=int, default=100)
    args = parser.parse_args()
    torch.set_num_threads(1)
    seeds = [int(s) for s in args.seeds.split(",")]
    budgets = [int(b) for b in args.budgets.split(",")]
    for env_id in args.envs.split(","):
        expert = imitation.expert_for(env_id)
        expert_means = [float(evaluate(expert, env_id, episodes=args.episodes, seed=10_000 + s).mean()) for s in seeds]
        print(f"\n== {env_id}: expert greedy mean return {np.mean(expert_means):.1f} "
              f"(per seed {', '.join(f'{m:.1f}' for m in expert_means)}; {args.episodes} episodes each)", flush=True)
        table = {}
        for budget in budgets:
            for algo in ALGOS:
                for seed in seeds:
                    mean, labels, seconds = measure(algo, env_id, seed, budget, args.episodes)
                    assert labels == budget, (algo, labels, budget)
                    table[algo, budget, seed] = mean
                    print(f"  {algo:6s} budget {budget:5d} seed {seed}: {mean:8.1f}  ({labels} labels, {seconds:.0f} s)", flush=True)
        print(f"\n{env_id}: greedy mean return over {args.episodes} episodes (mean over seeds {seeds}; per seed)")
        print(f"{'labels':>7} | {'BC':>8} | {'DAgger':>8} | {'DAgger-BC':>9} | {'min diff':>8} | {'wins':>4} | per seed BC / DAgger")
        for budget in budgets:
            b = np.array([table["bc", budget, s] for s in seeds])
            d = np.array([table["dagger", budget, s] for s in seeds])
            per_seed = "; ".join(f"{x:.0f} / {y:.0f}" for x, y in zip(b, d))
            print(f"{budget:7d} | {b.mean():8.1f} | {d.mean():8.1f} | {(d - b).mean():9.1f} | {(d - b).min():8.1f} | "
                  f"{int((d > b).sum())}/{len(seeds)} | {per_seed}")
        print(f"expert: {np.mean(expert_means):.1f}; DAgger/BC as fractions of the expert's return are meaningful only "
              f"for positive returns (CartPole); Pendulum's are costs (closer to 0 is better).", flush=True)


if __name__ == "__main__":
    main()
