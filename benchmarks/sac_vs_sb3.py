"""Our SAC against Stable-Baselines3's, same RL-Zoo hyper-parameters, same run: steps and time to solve Pendulum-v1.

Each learner is evaluated every --eval-every env steps with the same greedy evaluation
(deeproots.rl.deep.common.evaluate; ours: tanh(mean) rescaled, SB3: predict(deterministic=True)):
10 screening episodes, and when their mean reaches -200 the full 100; the run counts as solved at
the first evaluation whose 100-episode mean is >= -200 (deeproots' Pendulum-v1 mark, see
deeproots.rl.train.REWARD_THRESHOLDS), and the learner stops there. Reported per seed: env steps and
training wall-clock and process CPU seconds until then, from making the env and the model (evaluation
time excluded for both; one-off imports paid before either clock; on a shared machine the CPU time is
the steadier of the two), and the ratios ours / SB3 (below 1: ours needs
less). A learner that never reaches -200 within RL-Zoo's 20000 steps says so.

RL-Zoo Pendulum-v1 SAC (rl-baselines3-zoo hyperparams/sac.yml): n_timesteps 2e4, learning_rate 1e-3,
everything else SB3 2.9's SAC defaults (buffer 1e6, batch 256, tau 0.005, gamma 0.99,
learning_starts 100, train_freq 1, gradient_steps 1, ent_coef auto, net_arch [256, 256]).

    python benchmarks/sac_vs_sb3.py [--seeds 1,2,3] [--eval-every 1000]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from deeproots.rl.deep.common import evaluate
from deeproots.rl.train import train

ENV, SOLVED, BUDGET = "Pendulum-v1", -200.0, 20_000


class Judge:
    """Evaluates a greedy policy at step milestones; remembers the first step and train time at which it solved."""

    def __init__(self, eval_every: int, seed: int):
        self.eval_every, self.seed = eval_every, seed
        self.next_eval = eval_every
        self.started, self.cpu_started = time.perf_counter(), time.process_time()
        self.eval_seconds, self.eval_cpu = 0.0, 0.0
        self.solved_at: tuple[int, float, float] | None = None  # (steps, train seconds, 100-episode mean)
        self.cpu_seconds = float("nan")  # process CPU time to solve: less disturbed than wall-clock on a shared machine
        self.last_mean = float("nan")
        self.best_full = float("-inf")
        self.curve: list[tuple[int, float]] = []

    def check(self, step: int, act_greedy) -> bool:
        """True once solved (the learner should stop)."""
        if self.solved_at is not None:
            return True
        if step < self.next_eval:
            return False
        while self.next_eval <= step:
            self.next_eval += self.eval_every
        eval_started, eval_cpu = time.perf_counter(), time.process_time()
        mean = float(evaluate(act_greedy, ENV, episodes=10, seed=20_000 + self.seed).mean())
        if mean >= SOLVED:
            mean = float(evaluate(act_greedy, ENV, episodes=100, seed=30_000 + self.seed).mean())
            self.best_full = max(self.best_full, mean)
        self.last_mean = mean
        self.curve.append((step, round(mean, 1)))
        self.eval_seconds += time.perf_counter() - eval_started
        self.eval_cpu += time.process_time() - eval_cpu
        if mean >= SOLVED:
            self.solved_at = (step, time.perf_counter() - self.started - self.eval_seconds, mean)
            self.cpu_seconds = time.process_time() - self.cpu_started - self.eval_cpu
            return True
        return False


def run_ours(seed: int, eval_every: int) -> Judge:
    judge = Judge(eval_every, seed)
    with tempfile.TemporaryDirectory() as root:
        train("sac", ENV, root=Path(root), overrides={"seed": seed}, eval_episodes=1, checkpoint_every=10**9,
              progress=lambda info: judge.check(info["step"], info["act_greedy"]))
    return judge


def run_sb3(seed: int, eval_every: int) -> Judge:
    from stable_baselines3 import SAC
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.env_util import make_vec_env

    judge = Judge(eval_every, seed)

    class Stop(BaseCallback):
        def _on_step(self) -> bool:
            policy = self.model.policy
            act = lambda obs: policy.predict(obs, deterministic=True)[0]
            return not judge.check(self.model.num_timesteps, act)

    judge.started, judge.cpu_started = time.perf_counter(), time.process_time()  # like ours: the clock includes making the env and the model
    env = make_vec_env(ENV, n_envs=1, seed=seed)
    model = SAC("MlpPolicy", env, learning_rate=1e-3, buffer_size=1_000_000, learning_starts=100, batch_size=256,
                tau=0.005, gamma=0.99, train_freq=1, gradient_steps=1, ent_coef="auto",
                policy_kwargs=dict(net_arch=[256, 256]), seed=seed, device="cpu", verbose=0)
    model.learn(total_timesteps=BUDGET, callback=Stop())
    return judge


def describe(judge: Judge) -> str:
    if judge.solved_at is None:
        return f"not solved in {BUDGET} steps (last eval mean {judge.last_mean:.1f}; evals {judge.curve})"
    steps, seconds, mean = judge.solved_at
    return f"solved at {steps:>6} steps, {seconds:6.1f} s train time, {judge.cpu_seconds:6.1f} s CPU (100-episode mean {mean:.1f}; evals {judge.curve})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--eval-every", type=int, default=1000)
    parser.add_argument("--only", choices=["ours", "sb3", "both"], default="both")
    args = parser.parse_args()
    import torch
    from stable_baselines3 import SAC  # noqa: F401  (one-off import cost paid before either clock)

    torch.set_num_threads(1)  # same thread count for both libraries
    torch.optim.Adam(torch.nn.Linear(1, 1).parameters())
    seeds = [int(seed) for seed in args.seeds.split(",")]
    results = {"ours": [], "SB3": []}
    for seed in seeds:
        for name, runner in (("ours", run_ours), ("SB3", run_sb3)):
            if args.only not in ("both", name.lower()):
                continue
            judge = runner(seed, args.eval_every)
            results[name].append(judge)
            print(f"seed {seed} {name:4}: {describe(judge)}", flush=True)
        if args.only == "both":
            ours, theirs = results["ours"][-1], results["SB3"][-1]
            if ours.solved_at and theirs.solved_at:
                print(f"seed {seed} ratio ours/SB3: steps {ours.solved_at[0] / theirs.solved_at[0]:.2f}, "
                      f"wall-clock {ours.solved_at[1] / theirs.solved_at[1]:.2f}, "
                      f"CPU time {ours.cpu_seconds / theirs.cpu_seconds:.2f}", flush=True)
    for name, judges in results.items():
        if not judges:
            continue
        solved = [judge for judge in judges if judge.solved_at]
        means = [f"{judge.solved_at[2]:.1f}" for judge in solved]
        line = f"{name}: solved on {len(solved)} of {len(judges)} seeds (100-episode means {', '.join(means) or '-'})"
        if solved:
            line += (f"; median steps {np.median([j.solved_at[0] for j in solved]):.0f}, "
                     f"median train s {np.median([j.solved_at[1] for j in solved]):.1f}")
        print(line, flush=True)
    if args.only == "both" and all(j.solved_at for j in results["ours"] + results["SB3"]):
        steps = np.mean([o.solved_at[0] / t.solved_at[0] for o, t in zip(results["ours"], results["SB3"])])
        clock = np.mean([o.solved_at[1] / t.solved_at[1] for o, t in zip(results["ours"], results["SB3"])])
        cpu = np.mean([o.cpu_seconds / t.cpu_seconds for o, t in zip(results["ours"], results["SB3"])])
        print(f"mean ratio ours/SB3 over seeds: steps {steps:.2f}, wall-clock {clock:.2f}, CPU time {cpu:.2f}", flush=True)


if __name__ == "__main__":
    main()
