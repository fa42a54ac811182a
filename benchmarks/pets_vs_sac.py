"""PETS against SAC on Pendulum-v1, same run: environment steps (and wall-clock) to a greedy mean return of -200.

PETS is deeproots.rl.deep.pets with its QUICK preset (a planning episode between model fits), judged
at the end of every episode. SAC is deeproots.rl.deep.sac when this tree has it, otherwise
Stable-Baselines3's SAC with RL-Zoo's Pendulum-v1 hyper-parameters (rl-baselines3-zoo
hyperparams/sac.yml: learning_rate 1e-3, everything else SB3's default, 20000 steps), judged every
1000 steps.

The judge (the same greedy evaluation, deeproots.rl.deep.common.evaluate, for both): a cheap screen
first, then the full evaluation whose mean must reach -200. SAC: screen 10 episodes, full 100.
PETS: screen 2 planning episodes (mean >= -300), full 20 planning episodes, not 100: every PETS
action is a CEM optimisation (about 50 ms on one thread), so 100 episodes would take tens of
minutes per check. Steps: at the first evaluation that passes. Wall-clock: training seconds until
then, evaluation time excluded for both, one-off imports paid before either clock.

    python benchmarks/pets_vs_sac.py [--seeds 1,2,3] [--sac-steps 20000]
"""
from __future__ import annotations

import argparse
import importlib.util
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from deeproots.rl.deep.common import evaluate
from deeproots.rl.train import train

ENV, MARK = "Pendulum-v1", -200.0


class Judge:
    def __init__(self, seed: int, screen: int, full: int, screen_mark: float):
        self.seed, self.screen, self.full, self.screen_mark = seed, screen, full, screen_mark
        self.started = time.perf_counter()
        self.eval_seconds = 0.0
        self.solved_at: tuple[int, float, float] | None = None
        self.history: list[tuple[int, float]] = []

    def check(self, step: int, act_greedy) -> bool:
        if self.solved_at is not None:
            return True
        started = time.perf_counter()
        mean = float(evaluate(act_greedy, ENV, episodes=self.screen, seed=20_000 + self.seed).mean())
        if mean >= self.screen_mark:
            mean = float(evaluate(act_greedy, ENV, episodes=self.full, seed=30_000 + self.seed).mean())
            if mean >= MARK:
                self.solved_at = (step, started - self.started - self.eval_seconds, mean)
        self.history.append((step, round(mean, 1)))
        print(f"  evaluation at step {step}: mean {mean:.1f} ({time.perf_counter() - started:.0f} s)", flush=True)
        self.eval_seconds += time.perf_counter() - started
        return self.solved_at is not None


def run_pets(seed: int) -> Judge:
    judge = Judge(seed, screen=2, full=20, screen_mark=-300.0)
    with tempfile.TemporaryDirectory() as root:
        train("pets", ENV, root=Path(root), overrides={"seed": seed}, eval_episodes=1,
              progress=lambda info: judge.check(info["step"], info["act_greedy"]))
    return judge


def run_sac(seed: int, total: int, eval_every: int) -> tuple[Judge, str]:
    judge = Judge(seed, screen=10, full=100, screen_mark=MARK)
    if importlib.util.find_spec("deeproots.rl.deep.sac") is not None:
        next_eval = [eval_every]

        def progress(info):
            if info["step"] < next_eval[0]:
                return False
            while next_eval[0] <= info["step"]:
                next_eval[0] += eval_every
            return judge.check(info["step"], info["act_greedy"])

        with tempfile.TemporaryDirectory() as root:
            train("sac", ENV, root=Path(root), overrides={"seed": seed, "total_timesteps": total}, eval_episodes=1,
                  progress=progress)
        return judge, "deeproots sac"
    from stable_baselines3 import SAC
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.env_util import make_vec_env

    class Stop(BaseCallback):
        def _on_step(self) -> bool:
            if self.model.num_timesteps % eval_every:
                return True
            act = lambda obs: self.model.policy.predict(obs, deterministic=True)[0]
            return not judge.check(self.model.num_timesteps, act)

    judge.started = time.perf_counter()
    model = SAC("MlpPolicy", make_vec_env(ENV, n_envs=1, seed=seed), learning_rate=1e-3, seed=seed, device="cpu", verbose=0)
    model.learn(total_timesteps=total, callback=Stop())
    return judge, "SB3 SAC (RL-Zoo Pendulum-v1)"


def describe(judge: Judge) -> str:
    if judge.solved_at is None:
        return f"never reached {MARK} (evaluations: {judge.history})"
    steps, seconds, mean = judge.solved_at
    return f"reached {MARK} at {steps:>6} steps, {seconds:7.1f} s train time (eval mean {mean:.1f}); evaluations {judge.history}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--sac-steps", type=int, default=20_000)
    parser.add_argument("--eval-every", type=int, default=1000)
    parser.add_argument("--learners", default="pets,sac", help="run only one of them with pets or sac (no ratio then)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.optim.Adam(torch.nn.Linear(1, 1).parameters())  # pay torch._dynamo's import before either clock
    import stable_baselines3  # noqa: F401
    ratios = []
    for seed in [int(value) for value in args.seeds.split(",")]:
        pets = sac = None
        if "pets" in args.learners:
            pets = run_pets(seed)
            print(f"seed {seed} PETS: {describe(pets)}", flush=True)
        if "sac" in args.learners:
            sac, name = run_sac(seed, args.sac_steps, args.eval_every)
            print(f"seed {seed} {name}: {describe(sac)}", flush=True)
        if pets and sac and pets.solved_at and sac.solved_at:
            ratio = sac.solved_at[0] / pets.solved_at[0]
            ratios.append(ratio)
            print(f"seed {seed} ratio SAC/PETS: steps {ratio:.1f}x, wall-clock {sac.solved_at[1] / pets.solved_at[1]:.2f}x",
                  flush=True)
    if ratios:
        print(f"steps ratio SAC/PETS over {len(ratios)} seed(s) where both reached {MARK}: "
              f"mean {np.mean(ratios):.1f}x, min {np.min(ratios):.1f}x (claim: >= 10x)", flush=True)


if __name__ == "__main__":
    main()
