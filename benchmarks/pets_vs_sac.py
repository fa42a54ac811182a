"""PETS against SAC, same run: environment steps (and wall-clock) to a greedy mean return of the env's mark.

Two tasks (--env): Pendulum-v1 (mark -200) and InvertedPendulum-v5 (MuJoCo, mark 950 of 1000).

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

InvertedPendulum-v5 (needs `pip install mujoco`): both are judged by the same N-episode greedy
mean (--eval-episodes, default 5), no screen; PETS after every training episode (it has
--pets-steps, default 5000, to get there), SAC every --eval-every steps with SB3's default
hyper-parameters (learning_rate 3e-4; deeproots' SAC otherwise has SB3's defaults), up to
--sac-steps. A falling PETS policy ends its evaluation episodes early, so judging after every
episode is affordable; a balancing one plans 1000 steps per episode.

    python benchmarks/pets_vs_sac.py [--env Pendulum-v1] [--seeds 1,2,3] [--sac-steps 20000]
    python benchmarks/pets_vs_sac.py --env InvertedPendulum-v5 --seeds 1 --eval-episodes 5
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

ENV, MARK = "Pendulum-v1", -200.0  # set by main() from --env
SETTINGS = {
    # env: mark, PETS (screen, full, screen mark, overrides), SAC (screen, full, overrides), SB3 fallback lr
    "Pendulum-v1": dict(mark=-200.0, pets=(2, 20, -300.0, {}), sac=(10, 100, {}), sb3_lr=1e-3),
    "InvertedPendulum-v5": dict(mark=950.0, pets=(0, 5, None, {}), sac=(0, 5, {"learning_rate": 3e-4}), sb3_lr=3e-4),
}


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
        mean = MARK
        if self.screen:
            mean = float(evaluate(act_greedy, ENV, episodes=self.screen, seed=20_000 + self.seed).mean())
        if mean >= self.screen_mark:
            mean = float(evaluate(act_greedy, ENV, episodes=self.full, seed=30_000 + self.seed).mean())
            if mean >= MARK:
                self.solved_at = (step, started - self.started - self.eval_seconds, mean)
        self.history.append((step, round(mean, 1)))
        print(f"  evaluation at step {step}: mean {mean:.1f} ({time.perf_counter() - started:.0f} s)", flush=True)
        self.eval_seconds += time.perf_counter() - started
        return self.solved_at is not None


def run_pets(seed: int, settings: dict, total: int | None) -> Judge:
    screen, full, screen_mark, overrides = settings["pets"]
    judge = Judge(seed, screen=screen, full=full, screen_mark=MARK if screen_mark is None else screen_mark)
    overrides = {**overrides, "seed": seed, **({"total_timesteps": total} if total else {})}
    with tempfile.TemporaryDirectory() as root:
        train("pets", ENV, root=Path(root), overrides=overrides, eval_episodes=1,
              progress=lambda info: judge.check(info["step"], info["act_greedy"]))
    return judge


def run_sac(seed: int, total: int, eval_every: int, settings: dict) -> tuple[Judge, str]:
    screen, full, overrides = settings["sac"]
    judge = Judge(seed, screen=screen, full=full, screen_mark=MARK)
    if importlib.util.find_spec("deeproots.rl.deep.sac") is not None:
        next_eval = [eval_every]

        def progress(info):
            if info["step"] < next_eval[0]:
                return False
            while next_eval[0] <= info["step"]:
                next_eval[0] += eval_every
            return judge.check(info["step"], info["act_greedy"])

        with tempfile.TemporaryDirectory() as root:
            train("sac", ENV, root=Path(root), overrides={**overrides, "seed": seed, "total_timesteps": total}, eval_episodes=1,
                  progress=progress)
        return judge, f"deeproots sac {overrides or '(QUICK)'}"
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
    model = SAC("MlpPolicy", make_vec_env(ENV, n_envs=1, seed=seed), learning_rate=settings["sb3_lr"], seed=seed, device="cpu", verbose=0)
    model.learn(total_timesteps=total, callback=Stop())
    return judge, f"SB3 SAC (learning_rate {settings['sb3_lr']})"


def describe(judge: Judge) -> str:
    if judge.solved_at is None:
        return f"never reached {MARK} (evaluations: {judge.history})"
    steps, seconds, mean = judge.solved_at
    return f"reached {MARK} at {steps:>6} steps, {seconds:7.1f} s train time (eval mean {mean:.1f}); evaluations {judge.history}"


def main() -> None:
    global ENV, MARK
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default="Pendulum-v1", choices=sorted(SETTINGS))
    parser.add_argument("--eval-episodes", type=int, default=None, help="InvertedPendulum-v5: N of the judge (default 5)")
    parser.add_argument("--pets-set", action="append", default=[], metavar="K=V",
                        help="override a PETS parameter, e.g. --pets-set horizon=30 --pets-set 'hidden_sizes=(128, 128)'")
    parser.add_argument("--pets-steps", type=int, default=None, help="PETS total_timesteps (default: 5000 on InvertedPendulum-v5, QUICK's otherwise)")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--sac-steps", type=int, default=20_000)
    parser.add_argument("--eval-every", type=int, default=1000)
    parser.add_argument("--learners", default="pets,sac", help="run only one of them with pets or sac (no ratio then)")
    args = parser.parse_args()
    ENV, settings = args.env, dict(SETTINGS[args.env])
    MARK = settings["mark"]
    pets_steps = args.pets_steps or (5000 if ENV == "InvertedPendulum-v5" else None)
    if args.eval_episodes and not settings["pets"][0]:  # no screen: N is the judge's episodes for both
        settings["pets"] = (0, args.eval_episodes, *settings["pets"][2:])
        settings["sac"] = (0, args.eval_episodes, settings["sac"][2])
    if args.pets_set:
        from deeproots.runs.overrides import parse_settings
        screen, full, screen_mark, overrides = settings["pets"]
        settings["pets"] = (screen, full, screen_mark, {**overrides, **parse_settings(args.pets_set, "--pets-set")})
    print(f"{ENV}: mark {MARK}; PETS judge {settings['pets'][:3]}, SAC judge {settings['sac'][:2]} (screen, full episodes); PETS overrides {settings['pets'][3]}", flush=True)
    torch.set_num_threads(1)
    torch.optim.Adam(torch.nn.Linear(1, 1).parameters())  # pay torch._dynamo's import before either clock
    import stable_baselines3  # noqa: F401
    ratios = []
    for seed in [int(value) for value in args.seeds.split(",")]:
        pets = sac = None
        if "pets" in args.learners:
            pets = run_pets(seed, settings, pets_steps)
            print(f"seed {seed} PETS: {describe(pets)}", flush=True)
        if "sac" in args.learners:
            sac, name = run_sac(seed, args.sac_steps, args.eval_every, settings)
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
