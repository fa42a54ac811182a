"""RND vs plain epsilon-greedy DQN on SparseMountainCar-v0: who finds the sparse reward within the same budget?

The same agent (deeproots.rl.deep.rnd, its QUICK preset) is run twice per seed on the same number of
env steps: with the RND bonus (beta = QUICK.intrinsic_coef) and with beta = 0, which is plain epsilon-greedy DQN
(same networks, same epsilon schedule 1 -> 0.05, same updates; only the novelty bonus is off).
SparseMountainCar-v0 pays 1 on reaching the flag and 0 otherwise (deeproots/rl/deep/sparse_mountain_car.py).

Reported per run: the first env step at which the sparse reward was received ("never" if not), the
number of training episodes that reached the flag, and the success rate over 100 evaluation episodes
after training (the mean return, since a return is 1 or 0) of two greedy policies: argmax Q_E (the
exploitation policy, what ``deeproots rl train rnd`` evaluates) and argmax Q_E + beta Q_I (the
behaviour policy without epsilon; the same policy when beta = 0). The claim
checked: RND finds the reward on every seed and epsilon-greedy on none within the same budget; also
printed: whether RND found it first on every seed.

    python benchmarks/rnd_vs_epsilon_greedy.py [--seeds 1,2,3] [--steps 30000] [--jobs 2]
"""
from __future__ import annotations

import argparse
import multiprocessing
import time

import numpy as np
import torch


def one_run(job: tuple[int, float, int]) -> dict:
    seed, beta, steps = job
    torch.set_num_threads(1)
    from deeproots.rl.deep import common, rnd

    params = rnd.Params(**{**common.params_dict(rnd.QUICK), "seed": seed, "intrinsic_coef": beta, "total_timesteps": steps,
                           "hidden_sizes": rnd.QUICK.hidden_sizes, "rnd_hidden_sizes": rnd.QUICK.rnd_hidden_sizes})
    rnd.validate(params)
    common.seed_everything(seed)  # as deeproots.rl.train.train does
    ctx = common.RunContext(algorithm="rnd", params=params, env_id=rnd.DEFAULT_ENV, run_path=None)
    started = time.perf_counter()
    result = rnd.train(params, rnd.DEFAULT_ENV, ctx)
    seconds = time.perf_counter() - started
    returns = [value for _, value in ctx.logger.series.get("episodic_return", [])]
    greedy = common.evaluate(result["act_greedy"], rnd.DEFAULT_ENV, episodes=100, seed=10_000 + seed)
    combined = common.evaluate(result["act_combined"], rnd.DEFAULT_ENV, episodes=100, seed=10_000 + seed)
    row = {"seed": seed, "beta": beta, "first": result["first_reward_step"], "rewarded": int(np.sum(np.array(returns) > 0)),
           "episodes": len(returns), "success": float(greedy.mean()), "combined": float(combined.mean()), "seconds": seconds}
    print(f"  seed {seed} beta {beta:g}: first reward at step {row['first'] or 'never'}, {row['rewarded']}/{row['episodes']} "
          f"rewarded episodes, greedy success {row['success']:.2f} (argmax Q_E), {row['combined']:.2f} "
          f"(argmax Q_E + beta Q_I) ({seconds:.0f} s)", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--steps", type=int, default=30_000)
    parser.add_argument("--jobs", type=int, default=2, help="runs in parallel processes (one thread each)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    from deeproots.rl.deep import rnd

    seeds = [int(s) for s in args.seeds.split(",")]
    agents = {"RND (beta=%g)" % rnd.QUICK.intrinsic_coef: rnd.QUICK.intrinsic_coef, "epsilon-greedy (beta=0)": 0.0}
    jobs = [(seed, beta, args.steps) for seed in seeds for beta in agents.values()]
    print(f"SparseMountainCar-v0, {args.steps} env steps per run, seeds {seeds}, QUICK preset of deeproots.rl.deep.rnd",
          flush=True)
    with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        rows = pool.map(one_run, jobs, chunksize=1)

    print(f"\n{'agent':<26}{'seed':>5}{'first reward step':>19}{'rewarded eps':>14}{'greedy Q_E':>12}{'greedy Q_E+bQ_I':>17}")
    found = {}
    for name, beta in agents.items():
        for row in (r for r in rows if r["beta"] == beta):
            print(f"{name:<26}{row['seed']:>5}{str(row['first'] or 'never'):>19}"
                  f"{row['rewarded']:>7}/{row['episodes']:<6}{row['success']:>12.2f}{row['combined']:>17.2f}")
        found[name] = sum(r["first"] is not None for r in rows if r["beta"] == beta)
    names = list(agents)
    print(f"\nfound the sparse reward within {args.steps} steps: {names[0]} {found[names[0]]}/{len(seeds)} seeds, "
          f"{names[1]} {found[names[1]]}/{len(seeds)} seeds")
    earlier = all(r["first"] is not None and (e["first"] is None or r["first"] < e["first"])
                  for r, e in zip((r for r in rows if r["beta"] == agents[names[0]]), (r for r in rows if r["beta"] == 0.0)))
    print(f"RND found it first (or alone) on every seed: {'yes' if earlier else 'no'}")
    strong = found[names[0]] == len(seeds) and found[names[1]] == 0
    print("claim (RND finds it on every seed, epsilon-greedy on none within the same budget): "
          + ("HOLDS" if strong else "DOES NOT HOLD"))


if __name__ == "__main__":
    main()
