"""Behaviour cloning on an offline dataset: the baseline every offline-RL method must beat.

Maximum likelihood of the dataset's actions under a Gaussian policy (Pomerleau 1989; CS285 lecture
2 and HW1; in the offline-RL papers "BC" is this same regression, e.g. Kostrikov et al. 2022 Table 1,
Fu et al. 2020 §6). It is IQL's policy extraction (iql.py) with every weight 1: it copies the
average behaviour of the data, good and bad alike, so it scores about as well as the data's mix.

The pieces it shares with IQL and CQL live in offline_common.py: the Gaussian policy, action scaling to
[-1, 1], batches from the dataset and the periodic greedy evaluation that logs D4RL's normalised score.

``total_timesteps`` counts gradient steps (no env step is taken while training); the env is only
played to evaluate. ``dataset`` names a mixture built by ``python -m deeproots.rl.deep.offline_data``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from deeproots.rl.deep.common import RunContext, numpy_rng_state, restore_numpy_rng
from deeproots.rl.deep.offline_common import GaussianPolicy, evaluate_and_log, greedy_policy, load_data
from deeproots.rl.deep.hyperparams import check_params

ACTIONS = "continuous"
DEFAULT_ENV = "Pendulum-v1"


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch and the minibatch sampler; same seed, same run."""
    total_timesteps: int = 20_000
    """Gradient steps (offline: no env step is taken while training). BC on Pendulum's 3-d states settles well before 2e4."""
    dataset: str = "medium-replay"
    """Which D4RL-style mixture to learn from (random, medium, medium-replay, expert, medium-expert) or an .npz path."""
    dataset_dir: str = "runs/offline"
    """Where the mixtures were saved (offline_data.build writes <dir>/<env>/<mixture>.npz)."""
    learning_rate: float = 3e-4
    """Adam's step size (the IQL paper's actor learning rate, kept equal so BC and IQL differ only by the weights)."""
    batch_size: int = 256
    """Transitions per gradient step (IQL paper, Appendix B)."""
    hidden_sizes: tuple[int, ...] = (256, 256)
    """Hidden widths of the policy (ReLU), as in IQL's MuJoCo networks."""
    eval_every: int = 5_000
    """Gradient steps between greedy evaluations logged as episodic_return and normalized_score."""
    eval_episodes: int = 10
    """Episodes per periodic evaluation, 0 for none (train.py's final evaluation plays 100)."""


QUICK = Params()
"""The default: 2e4 gradient steps on medium-replay."""
SMOKE = Params(total_timesteps=60, batch_size=32, hidden_sizes=(32, 32), eval_every=30, eval_episodes=1)
"""Seconds: every code path, no learning to speak of."""


def validate(params) -> None:
    check_params(params)


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Fit the policy to the dataset's actions; returns {"act_greedy", "step": gradient steps}."""
    device, logger = ctx.device, ctx.logger
    torch.manual_seed(params.seed)
    rng = np.random.default_rng(params.seed)
    dataset, data = load_data(params, env_id, device)
    policy = GaussianPolicy(data.obs_dim, data.act_dim, params.hidden_sizes).to(device)
    optimizer = torch.optim.Adam(policy.parameters(), lr=params.learning_rate)
    step = ctx.start_step
    if ctx.resume_state is not None:
        policy.load_state_dict(ctx.resume_state["policy"])
        optimizer.load_state_dict(ctx.resume_state["optimizer"])
        rng = restore_numpy_rng(ctx.resume_state["numpy_rng"])
        ctx.restore_rng()
    act_greedy = greedy_policy(policy, data, device)

    def snapshot() -> dict:
        return {"step": step, "policy": policy.state_dict(), "optimizer": optimizer.state_dict(),
                "numpy_rng": numpy_rng_state(rng)}

    logger.speed(step)
    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            obs, actions, *_ = data.sample(params.batch_size, rng)
            loss = -policy.log_prob(obs, actions).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
            if step % params.eval_every == 0 or step == params.total_timesteps:
                logger.log(step, policy_loss=loss.item())
                if evaluate_and_log(ctx, step, act_greedy, dataset, params):
                    break
            ctx.maybe_checkpoint(step, snapshot)
    ctx.save_checkpoint(snapshot())
    return {"act_greedy": act_greedy, "step": step}
