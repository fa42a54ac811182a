"""Behaviour cloning: supervised learning on a shipped expert's own episodes (CS285 HW1, part 1).

CS285 (Levine) lecture 2; Ross, Gordon & Bagnell 2011, AISTATS, §2 (the supervised approach and
its O(T^2 eps) compounding error, Theorem 2.1). The expert plays ``total_timesteps`` steps of whole
episodes; every state gets the expert's action as its label; a policy is fitted by maximum
likelihood (Gaussian NLL for continuous actions, cross-entropy for discrete). The shared pieces
(experts, policy, loss, loop) are in imitation.py; DAgger (dagger.py) spends the same budget.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from deeproots.rl.deep import imitation
from deeproots.rl.deep.common import RunContext

NAME = "bc"
ACTIONS = "any"  # Discrete actions (CartPole-v1) or continuous ones: whichever env has a shipped expert
"""train.py accepts continuous-action envs; the code handles CartPole-v1 (discrete) too, when called
directly (benchmarks/dagger_vs_bc.py does)."""
DEFAULT_ENV = "Pendulum-v1"
check_env = imitation.expert_for  # raises DeeprootsError for an env without a shipped expert
"""Where compounding errors show: see benchmarks/dagger_vs_bc.py."""


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch, NumPy and the environment; same seed, same run."""
    total_timesteps: int = 1000
    """The expert-label budget: the expert plays this many env steps, each one a labelled state."""
    learning_rate: float = 1e-3
    """Adam's step size."""
    batch_size: int = 100
    """State-action pairs per gradient step (CS285 HW1's train_batch_size)."""
    gradient_steps: int = 6000
    """Adam steps on the dataset: as many in all as DAgger's default takes over its 6 fits, so the two
    differ in which states are labelled, not in how long they train."""
    hidden_sizes: tuple[int, ...] = (64, 64)
    """Hidden layer widths of the policy MLP (tanh), CS285 HW1's 2 x 64."""


QUICK = Params()
"""The default: 1000 expert labels (five Pendulum-v1 episodes)."""
SMOKE = Params(total_timesteps=100, gradient_steps=20, hidden_sizes=(16,))
"""A seconds-long smoke run: every code path, no learning to speak of."""


def validate(params: Params) -> None:
    imitation.check_common(params)


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Clone the expert on `total_timesteps` of its own labels; returns {"act_greedy", "step", "expert_labels"}."""
    ctx.device = torch.device("cpu")  # CPU by design: deeproots.runs.device.CPU_BY_DESIGN
    return imitation.run(params, env_id, ctx, imitation.Schedule(initial_labels=params.total_timesteps))
