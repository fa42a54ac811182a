"""Our PPO and DQN against Stable-Baselines3's, same RL-Zoo hyper-parameters, same run: time and steps to solve CartPole-v1.

Each learner is evaluated every --eval-every env steps (the first chance after it) with the same
greedy evaluation (deeproots.rl.deep.common.evaluate): 10 screening episodes, and when their mean
reaches 475 the full 100; the run counts as solved at the first evaluation whose 100-episode mean
is >= 475. Reported: env steps and training wall-clock seconds until then, from making the envs
and the model (evaluation time is excluded for both; one-off imports are paid before either clock), and the ratios ours / SB3 (below 1: ours needs less). Runs that never reach
475 within the RL-Zoo budget (PPO 1e5, DQN 5e4 steps) say so.

RL-Zoo CartPole-v1 hyper-parameters (rl-baselines3-zoo hyperparams/ppo.yml, dqn.yml):
  PPO: 8 envs, n_steps 32, batch 256, gae_lambda 0.8, gamma 0.98, n_epochs 20, ent_coef 0,
       learning rate lin_0.001, clip lin_0.2, 1e5 steps
  DQN: lr 2.3e-3, batch 64, buffer 1e5, learning_starts 1000, gamma 0.99, target_update_interval 10,
       train_freq 256, gradient_steps 128, exploration_fraction 0.16, final_eps 0.04, [256, 256], 5e4 steps

    python benchmarks/rl_vs_sb3.py [--seed 1] [--eval-every 2500] [--algos ppo,dqn]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from deeproots.rl.deep.common import evaluate
from deeproots.runs.device import choose_device
from deeproots.rl.train import train

SOLVED = 475.0


class Judge:
    """Evaluates a greedy policy at step milestones; remembers the first step and train time at which it solved."""

    def __init__(self, eval_every: int, seed: int):
        self.eval_every, self.seed = eval_every, seed
        self.next_eval = eval_every
        self.started = time.perf_counter()
        self.eval_seconds = 0.0
        self.solved_at: tuple[int, float, float] | None = None  # (steps, train seconds, mean return)
        self.last_mean = float("nan")

    def check(self, step: int, act_greedy) -> bool:
        """True once solved (the learner should stop)."""
        if self.solved_at is not None:
            return True
        if step < self.next_eval:
            return False
        while self.next_eval <= step:
            self.next_eval += self.eval_every
        eval_started = time.perf_counter()
        screen = evaluate(act_greedy, "CartPole-v1", episodes=10, seed=20_000 + self.seed)
        mean = float(screen.mean())
        if mean >= SOLVED:
            mean = float(evaluate(act_greedy, "CartPole-v1", episodes=100, seed=30_000 + self.seed).mean())
        self.last_mean = mean
        self.eval_seconds += time.perf_counter() - eval_started
        if mean >= SOLVED:
            self.solved_at = (step, time.perf_counter() - self.started - self.eval_seconds, mean)
            return True
        return False


def run_ours(algo: str, seed: int, eval_every: int) -> Judge:
    judge = Judge(eval_every, seed)
    with tempfile.TemporaryDirectory() as root:
        train(algo, root=Path(root), overrides={"seed": seed}, eval_episodes=1,
              progress=lambda info: judge.check(info["step"], info["act_greedy"]))
    return judge


def run_sb3(algo: str, seed: int, eval_every: int) -> Judge:
    from stable_baselines3 import DQN, PPO
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.env_util import make_vec_env

    judge = Judge(eval_every, seed)

    class Stop(BaseCallback):
        def _on_step(self) -> bool:
            policy = self.model.policy
            act = lambda obs: policy.predict(obs, deterministic=True)[0]
            return not judge.check(self.model.num_timesteps, act)

    judge.started = time.perf_counter()  # like ours: the clock includes making the envs and the model
    if algo == "ppo":
        env = make_vec_env("CartPole-v1", n_envs=8, seed=seed)
        model = PPO(
            "MlpPolicy", env, n_steps=32, batch_size=256, gae_lambda=0.8, gamma=0.98, n_epochs=20, ent_coef=0.0,
            learning_rate=lambda remaining: 1e-3 * remaining, clip_range=lambda remaining: 0.2 * remaining,
            seed=seed, device="cpu", verbose=0,
        )
        total = 100_000
    else:
        env = make_vec_env("CartPole-v1", n_envs=1, seed=seed)
        model = DQN(
            "MlpPolicy", env, learning_rate=2.3e-3, batch_size=64, buffer_size=100_000, learning_starts=1000, gamma=0.99,
            target_update_interval=10, train_freq=256, gradient_steps=128, exploration_fraction=0.16,
            exploration_final_eps=0.04, policy_kwargs=dict(net_arch=[256, 256]), seed=seed, device="cpu", verbose=0,
        )
        total = 50_000
    model.learn(total_timesteps=total, callback=Stop())
    return judge


def describe(judge: Judge) -> str:
    if judge.solved_at is None:
        return f"not solved (last eval mean {judge.last_mean:.1f})"
    steps, seconds, mean = judge.solved_at
    return f"solved at {steps:>6} steps, {seconds:6.1f} s train time (eval mean {mean:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--eval-every", type=int, default=2500)
    parser.add_argument("--algos", default="ppo,dqn")
    args = parser.parse_args()
    choose_device()  # same thread count for both libraries
    # One-off imports are paid before either clock starts: the first torch optimiser imports
    # torch._dynamo (about 1.5 s), which would otherwise be charged to whichever library runs first.
    import torch
    from stable_baselines3 import DQN, PPO  # noqa: F401

    torch.optim.Adam(torch.nn.Linear(1, 1).parameters())
    for algo in [name.strip() for name in args.algos.split(",")]:
        ours = run_ours(algo, args.seed, args.eval_every)
        print(f"ours {algo:4}: {describe(ours)}", flush=True)
        theirs = run_sb3(algo, args.seed, args.eval_every)
        print(f"SB3  {algo:4}: {describe(theirs)}", flush=True)
        if ours.solved_at and theirs.solved_at:
            step_ratio = ours.solved_at[0] / theirs.solved_at[0]
            time_ratio = ours.solved_at[1] / theirs.solved_at[1]
            print(f"ratio {algo} ours/SB3: steps {step_ratio:.2f}, wall-clock {time_ratio:.2f}", flush=True)


if __name__ == "__main__":
    main()
