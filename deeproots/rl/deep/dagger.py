"""DAgger, dataset aggregation (Ross, Gordon & Bagnell 2011, AISTATS, §3, Algorithm 3.1; CS285 HW1, part 2).

Start as behaviour cloning on a first share of the budget (the expert's own episodes: the paper's
beta_1 = 1), then for each of ``n_iterations`` rounds: roll out the current *learner* (beta = 0, the
paper's "simple choice" beta_i = 0 for i >= 2, which CS285 HW1 uses too; beta > 0 lets the expert act
at each step with probability beta), label every state visited with the *expert's* action, add them
to the one aggregated dataset and refit (warm start). Labels used = env steps = ``total_timesteps``,
the same budget behaviour cloning (bc.py) spends on the expert's own states.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from deeproots.errors import DeeprootsError
from deeproots.rl.deep import imitation
from deeproots.rl.deep.common import RunContext

NAME = "dagger"
ACTIONS = "any"  # Discrete actions (CartPole-v1) or continuous ones: whichever env has a shipped expert
"""train.py accepts continuous-action envs; the code handles CartPole-v1 (discrete) too, when called directly."""
DEFAULT_ENV = "Pendulum-v1"
check_env = imitation.expert_for  # raises DeeprootsError for an env without a shipped expert
"""Where compounding errors show: see benchmarks/dagger_vs_bc.py."""


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch, NumPy and the environment; same seed, same run."""
    total_timesteps: int = 1000
    """The expert-label budget, shared by the first expert episodes and the learner's rollouts."""
    initial_fraction: float = 0.5
    """Share of the budget spent on the expert's own episodes (the first, behaviour-cloning fit)."""
    n_iterations: int = 5
    """DAgger rounds after the first fit; they split the rest of the budget evenly."""
    beta: float = 0.0
    """Probability that the expert, not the learner, acts at each step of a DAgger rollout (0: pure learner)."""
    learning_rate: float = 1e-3
    """Adam's step size."""
    batch_size: int = 100
    """State-action pairs per gradient step (CS285 HW1's train_batch_size)."""
    gradient_steps: int = 1000
    """Adam steps per fit (warm-started), 6000 in all over the default 6 fits, as bc.py's one fit."""
    hidden_sizes: tuple[int, ...] = (64, 64)
    """Hidden layer widths of the policy MLP (tanh), CS285 HW1's 2 x 64."""


QUICK = Params()
"""The default: 1000 expert labels, half from the expert's episodes, half over 5 DAgger rounds."""
SMOKE = Params(total_timesteps=100, n_iterations=2, gradient_steps=10, hidden_sizes=(16,))
"""A seconds-long smoke run: every code path, no learning to speak of."""


def validate(params: Params) -> None:
    imitation.check_common(params, initial_fraction=(0, 1, "(]"), n_iterations=(0, 1e4, "[]"), beta=(0, 1, "[]"))
    if round(params.initial_fraction * params.total_timesteps) < 1:
        raise DeeprootsError(f"initial_fraction * total_timesteps must give at least one expert label, got "
                             f"{params.initial_fraction} * {params.total_timesteps}")


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """BC on the first share, then DAgger rounds; returns {"act_greedy", "step", "expert_labels"}."""
    ctx.device = torch.device("cpu")  # CPU by design: deeproots.runs.device.CPU_BY_DESIGN
    initial = round(params.initial_fraction * params.total_timesteps)
    return imitation.run(params, env_id, ctx, imitation.Schedule(initial, params.n_iterations, params.beta))
