"""behaviour-cloning's kit: the expert's labels and CartPole-v1, both counted (``ctx.kit``).

The budget (``ctx.steps``) is in **expert labels**: ``expert_demonstrations(ctx, n)`` (the
expert's own rollouts) and ``expert_actions(ctx, observations)`` (labels for states of your
choosing: DAgger) count one per label. ``ctx.make_env(n_envs)`` gives CartPole-v1 to roll out
your own policy; its steps are capped separately at ``ENV_STEPS_PER_LABEL`` per label of the
budget (past it: ``BudgetExhausted``), so the environment alone cannot replace the expert.
The learner's file may not import ``gymnasium``, ``deeproots.rl`` or the expert itself.
"""
from __future__ import annotations

import numpy as np

from deeproots.projects.behaviour_cloning.expert import expert as _expert
from deeproots.projects.dqn.kit import Env

ENV_STEPS_PER_LABEL = 10
MAX_BATCH = 100_000


class BudgetExhausted(Exception):
    """The environment-step cap is spent. The grader knows an exception by this name: like the
    label budget's own, it ends training and the run is scored on its last checkpoint."""


class _EnvSteps:
    """Counts environment steps against their own cap (a multiple of the label budget)."""

    def __init__(self, ctx):
        self.cap = None if ctx.steps is None else ENV_STEPS_PER_LABEL * ctx.steps
        self.used = 0

    def count(self, n: int = 1) -> None:
        if self.cap is not None and self.used + n > self.cap:
            raise BudgetExhausted(f"the cap of {self.cap:,} environment steps is spent")
        self.used += n


def _env_steps(ctx) -> _EnvSteps:
    if getattr(ctx, "_bc_env_steps", None) is None:
        ctx._bc_env_steps = _EnvSteps(ctx)
    return ctx._bc_env_steps


def _next_seed(ctx) -> int:
    """An environment seed (an int) from the context's seed stream."""
    return int(ctx.next_seed().generate_state(1)[0] % 2**31)


def env_steps_left(ctx) -> int | None:
    """How many environment steps ``make_env``'s environments may still take."""
    counter = _env_steps(ctx)
    return None if counter.cap is None else counter.cap - counter.used


def make_env(ctx, n_envs: int = 1) -> Env:
    """CartPole-v1 (``n_envs`` copies), the same environment as the dqn project's; its steps
    count against the environment-step cap, not against the labels."""
    return Env(_env_steps(ctx), n_envs, seed=_next_seed(ctx))


def expert_demonstrations(ctx, n_steps: int) -> tuple[np.ndarray, np.ndarray]:
    """The expert playing ``n_steps`` steps of CartPole-v1 (fresh episodes, its own environment):
    observations (n_steps, 4) float32 and the expert's actions (n_steps,) int64, in order.
    Counts ``n_steps`` labels."""
    n_steps = int(n_steps)
    if not 1 <= n_steps <= MAX_BATCH:
        raise ValueError(f"n_steps must be between 1 and {MAX_BATCH} (got {n_steps})")
    ctx.count(n_steps)
    env, policy = Env(_Free(), 1, seed=_next_seed(ctx)), _expert()
    observations, actions = np.zeros((n_steps, 4), np.float32), np.zeros(n_steps, np.int64)
    observation = env.reset()
    for t in range(n_steps):
        observations[t], actions[t] = observation[0], policy.act(observation)[0]
        observation, *_ = env.step(actions[t:t + 1])
    env.close()
    return observations, actions


def expert_actions(ctx, observations) -> np.ndarray:
    """The expert's action (n,) int64 for each of ``observations`` (n, 4). Counts n labels."""
    observations = np.asarray(observations, np.float32)
    if observations.ndim != 2 or observations.shape[1] != 4 or not 1 <= len(observations) <= MAX_BATCH:
        raise ValueError(f"observations must have shape (n, 4) with 1 <= n <= {MAX_BATCH} "
                         f"(got {observations.shape})")
    if not np.all(np.isfinite(observations)):
        raise ValueError("observations contain NaN or infinity")
    ctx.count(len(observations))
    return _expert().act(observations)


class _Free:
    """The expert's own environment steps are paid for by its labels."""

    def count(self, n: int = 1) -> None:
        pass
