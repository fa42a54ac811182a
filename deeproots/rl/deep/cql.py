"""Conservative Q-Learning, CQL(H) on SAC: push Q down on actions the data do not contain.

Kumar, Zhou, Tucker & Levine 2020, "Conservative Q-Learning for Offline Reinforcement Learning"
(NeurIPS, arXiv 2006.04779), §3.2 eq. (4) (CQL(H)) and §4 / Appendix F (the practical version);
CS285 (Levine) lecture 16 and HW5's offline part.

SAC's critics, trained offline, would over-value actions the data never tried (their errors are
never corrected) and the actor would exploit exactly those. CQL(H) adds to each critic's Bellman
loss

    alpha * ( log sum_a exp Q(s, a)  -  Q(s, a_data) ),

a soft maximum of Q over all actions pushed down and Q at the data's action pushed up, so the
learned Q is a lower bound off the data (Theorem 3.2). The log-sum-exp over a continuous action
space is estimated by importance sampling, as in the authors' code (min_q_version 3): N uniform
actions (density 2^-|A| on [-1, 1]^|A|) and N actions of the current policy at s and at s', each
term minus its log density. The actor and the temperature are SAC's (sac.py; Haarnoja et al. 2018).

Defaults: the paper's MuJoCo ones where they apply (critic lr 3e-4, policy lr 1e-4, alpha = 5 as
min_q_weight in the code, N = 10, Polyak 0.005, no entropy term in the target); left out: the
first 40k BC steps of the actor and the Lagrangian variant. ``total_timesteps`` counts gradient steps.
"""
from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from deeproots.rl.deep import offline_data
from deeproots.rl.deep.offline_common import Data, TwinQ, evaluate_and_log
from deeproots.rl.deep.common import RunContext, mlp, numpy_rng_state, polyak_update, restore_numpy_rng, squashed_log_prob
from deeproots.rl.deep.hyperparams import check_params

ACTIONS = "continuous"
DEFAULT_ENV = "Pendulum-v1"


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch and the minibatch sampler; same seed, same run."""
    total_timesteps: int = 50_000
    """Gradient steps (offline: no env step is taken while training)."""
    dataset: str = "medium-replay"
    """Which D4RL-style mixture to learn from (random, medium, medium-replay, expert, medium-expert) or an .npz path."""
    dataset_dir: str = "runs/offline"
    """Where the mixtures were saved (offline_data.build writes <dir>/<env>/<mixture>.npz)."""
    learning_rate: float = 3e-4
    """Adam's step size for the critics (CQL paper, Appendix F)."""
    policy_learning_rate: float = 1e-4
    """Adam's step size for the actor and the temperature (CQL paper: 1e-4 for the policy)."""
    batch_size: int = 256
    """Transitions per gradient step."""
    gamma: float = 0.99
    """Discount factor."""
    cql_alpha: float = 5.0
    """Weight of the conservative term (min_q_weight in the authors' code, MuJoCo)."""
    n_action_samples: int = 10
    """N actions per source (uniform, pi(s), pi(s')) in the log-sum-exp estimate (the authors' code)."""
    tau: float = 0.005
    """Polyak rate of the target critics."""
    hidden_sizes: tuple[int, ...] = (256, 256)
    """Hidden widths of the critics and the actor (ReLU)."""
    eval_every: int = 5_000
    """Gradient steps between greedy evaluations logged as episodic_return and normalized_score."""
    eval_episodes: int = 10
    """Episodes per periodic evaluation (train.py's final evaluation plays 100)."""


QUICK = Params()
"""The default: 5e4 gradient steps on medium-replay."""
SMOKE = Params(total_timesteps=60, batch_size=32, hidden_sizes=(32, 32), n_action_samples=3, eval_every=30,
               eval_episodes=1)
"""Seconds: every code path, no learning to speak of."""


def validate(params: Params) -> None:
    check_params(params)


class TanhGaussianActor(torch.nn.Module):
    """SAC's actor: a = tanh(u), u ~ N(mean(s), std(s)^2), with the change-of-variables log-density."""

    def __init__(self, obs_dim: int, act_dim: int, hidden_sizes: tuple[int, ...]):
        super().__init__()
        self.body = mlp([obs_dim, *hidden_sizes, 2 * act_dim], torch.nn.ReLU, out_gain=1e-2)

    def sample(self, obs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mean, log_std = self.body(obs).chunk(2, dim=-1)
        log_std = log_std.clamp(-20.0, 2.0)
        pre_tanh = torch.distributions.Normal(mean, log_std.exp()).rsample()
        action = torch.tanh(pre_tanh)
        log_prob = squashed_log_prob(mean, log_std, pre_tanh)  # log N(u) - sum log(1 - tanh(u)^2)
        return action, log_prob

    def greedy(self, obs: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.body(obs).chunk(2, dim=-1)[0])


def conservative_penalty(q_fn, obs, next_obs, actions, actor, n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The CQL(H) term per critic: mean over s of logsumexp_a Q(s, a) (importance-sampled) - Q(s, a_data)."""
    batch, act_dim = actions.shape
    repeat = lambda x: x.repeat_interleave(n, dim=0)
    obs_n, next_n = repeat(obs), repeat(next_obs)
    uniform = torch.empty(batch * n, act_dim, device=obs.device).uniform_(-1.0, 1.0)
    with torch.no_grad():  # the penalty trains the critics only; the actor has its own loss
        current, current_logp = actor.sample(obs_n)
        following, following_logp = actor.sample(next_n)
    uniform_logp = torch.full((batch * n,), act_dim * math.log(0.5), device=obs.device)
    penalties = []
    data_q = q_fn(obs, actions)
    for index in range(2):
        terms = [(q_fn(obs_n, sampled)[index] - logp).view(batch, n)
                 for sampled, logp in ((uniform, uniform_logp), (current, current_logp), (following, following_logp))]
        penalties.append((torch.logsumexp(torch.cat(terms, dim=1), dim=1) - data_q[index]).mean())
    return penalties[0], penalties[1]


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Train the critics (Bellman + CQL(H)) and the SAC actor on the dataset; returns {"act_greedy", "step"}."""
    device, logger = ctx.device, ctx.logger
    torch.manual_seed(params.seed)
    rng = np.random.default_rng(params.seed)
    dataset = offline_data.load(params.dataset, env_id, params.dataset_dir)
    data = Data(dataset, device)
    q = TwinQ(data.obs_dim, data.act_dim, params.hidden_sizes).to(device)
    q_target = copy.deepcopy(q).requires_grad_(False)
    actor = TanhGaussianActor(data.obs_dim, data.act_dim, params.hidden_sizes).to(device)
    log_alpha = torch.zeros(1, device=device, requires_grad=True)
    optimizers = {"q": torch.optim.Adam(q.parameters(), lr=params.learning_rate),
                  "actor": torch.optim.Adam(actor.parameters(), lr=params.policy_learning_rate),
                  "alpha": torch.optim.Adam([log_alpha], lr=params.policy_learning_rate)}
    target_entropy = -float(data.act_dim)
    step = ctx.start_step
    if ctx.resume_state is not None:
        for name, net in (("q", q), ("q_target", q_target), ("actor", actor)):
            net.load_state_dict(ctx.resume_state[name])
        with torch.no_grad():
            log_alpha.copy_(ctx.resume_state["log_alpha"])
        for name, optimizer in optimizers.items():
            optimizer.load_state_dict(ctx.resume_state[f"{name}_optimizer"])
        rng = restore_numpy_rng(ctx.resume_state["numpy_rng"])
        ctx.restore_rng()

    def act_greedy(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            scaled = actor.greedy(torch.as_tensor(batch, dtype=torch.float32, device=device)).cpu().numpy()
        return data.to_env(scaled).astype(np.float32)

    def snapshot() -> dict:
        nets = {name: net.state_dict() for name, net in (("q", q), ("q_target", q_target), ("actor", actor))}
        opts = {f"{name}_optimizer": optimizer.state_dict() for name, optimizer in optimizers.items()}
        return {"step": step, **nets, **opts, "log_alpha": log_alpha.detach().clone(), "numpy_rng": numpy_rng_state(rng)}

    def descend(name: str, loss: torch.Tensor) -> None:
        optimizers[name].zero_grad()
        loss.backward()
        optimizers[name].step()

    logger.speed(step)
    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            obs, actions, rewards, next_obs, terminated = data.sample(params.batch_size, rng)
            # 1. SAC's actor and temperature
            new_actions, log_prob = actor.sample(obs)
            alpha = log_alpha.detach().exp()
            policy_loss = (alpha * log_prob - torch.min(*q(obs, new_actions))).mean()
            descend("actor", policy_loss)
            descend("alpha", -(log_alpha * (log_prob.detach() + target_entropy)).mean())
            # 2. critics: Bellman error (no entropy in the target, as the authors' code) + CQL(H)
            with torch.no_grad():
                next_actions, _ = actor.sample(next_obs)
                backup = rewards + params.gamma * (1.0 - terminated) * torch.min(*q_target(next_obs, next_actions))
            q1, q2 = q(obs, actions)
            bellman = F.mse_loss(q1, backup) + F.mse_loss(q2, backup)
            penalty1, penalty2 = conservative_penalty(q, obs, next_obs, actions, actor, params.n_action_samples)
            q_loss = bellman + params.cql_alpha * (penalty1 + penalty2)
            descend("q", q_loss)
            polyak_update(q, q_target, params.tau)
            step += 1
            if step % params.eval_every == 0 or step == params.total_timesteps:
                logger.log(step, q_loss=bellman.item(), cql_penalty=(penalty1 + penalty2).item() / 2,
                           policy_loss=policy_loss.item(), q_value=q1.mean().item(), alpha=alpha.item())
                if evaluate_and_log(ctx, step, act_greedy, dataset, params):
                    break
            ctx.maybe_checkpoint(step, snapshot)
    ctx.save_checkpoint(snapshot())
    return {"act_greedy": act_greedy, "step": step}
