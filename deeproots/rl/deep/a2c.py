"""Advantage actor-critic (A2C, the synchronous variant of A3C) on vectorised environments.

Mnih et al. 2016, "Asynchronous Methods for Deep Reinforcement Learning", Algorithm S3; CS285
(Levine) lecture 6. Each update uses n_steps from each of n_envs environments: advantages are
n-step returns minus V (GAE with lambda = 1, Schulman et al. 2016), one gradient step with RMSprop
on policy loss + value loss - entropy bonus, as in Stable-Baselines3's A2C. The default preset is
RL-Zoo's CartPole-v1 one (8 envs, 5 steps, lr 7e-4, 5e5 steps) with the learning rate annealed
linearly to 0 so that training ends on a settled policy.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.distributions import Categorical

from deeproots.rl.deep.common import (
    EpisodeTracker,
    RunContext,
    final_observations,
    greedy_actions,
    make_vector_env,
    mlp,
)
from deeproots.rl.deep.hyperparams import check_params
from deeproots.rl.deep.losses import normalize
from deeproots.rl.deep.returns import compute_gae, next_state_values

NAME = "a2c"


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch, NumPy and the environments; same seed, same run."""
    total_timesteps: int = 500_000
    """Environment steps to train for, summed over all vectorised envs."""
    n_envs: int = 8
    """Environments stepped together (SyncVectorEnv)."""
    n_steps: int = 5
    """Steps per environment per update (the n of the n-step return)."""
    gamma: float = 0.99
    """Discount factor."""
    gae_lambda: float = 1.0
    """GAE's lambda; 1 gives plain n-step returns minus the baseline."""
    learning_rate: float = 7e-4
    """RMSprop's step size at the start."""
    anneal_lr: bool = True
    """Decrease the learning rate linearly to 0 over training."""
    ent_coef: float = 0.0
    """Weight of the entropy bonus."""
    vf_coef: float = 0.5
    """Weight of the value loss."""
    max_grad_norm: float = 0.5
    """Gradients are rescaled to at most this global norm."""
    normalize_advantage: bool = False
    """Standardise the advantages of each update (SB3's A2C does not)."""
    hidden_sizes: tuple[int, ...] = (64, 64)
    """Hidden layer widths of the (separate) policy and value networks."""


QUICK = Params()
"""The laptop preset and the default: the values above, set to solve CartPole-v1 on 2 CPU cores (benchmarks/rl_cartpole.py)."""
SMOKE = Params(total_timesteps=1000, n_envs=4)
"""A seconds-long smoke run: every code path, no learning to speak of (``rl train --smoke``, tests)."""


def validate(params: Params) -> None:
    check_params(params)


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Train; returns {"act_greedy", "step"}. ctx supplies the device, logger, checkpoints and resume state."""
    device, logger = ctx.device, ctx.logger
    torch.manual_seed(params.seed)
    step = ctx.start_step
    envs, observations = make_vector_env(env_id, params.n_envs, params.seed + step)
    obs_dim, n_actions = envs.single_observation_space.shape[0], int(envs.single_action_space.n)
    actor = mlp([obs_dim, *params.hidden_sizes, n_actions], out_gain=0.01).to(device)
    critic = mlp([obs_dim, *params.hidden_sizes, 1], out_gain=1.0).to(device)
    parameters = [*actor.parameters(), *critic.parameters()]
    optimizer = torch.optim.RMSprop(parameters, lr=params.learning_rate, alpha=0.99, eps=1e-5)
    if ctx.resume_state is not None:
        actor.load_state_dict(ctx.resume_state["actor"])
        critic.load_state_dict(ctx.resume_state["critic"])
        optimizer.load_state_dict(ctx.resume_state["optimizer"])
        ctx.restore_rng()

    act_greedy = greedy_actions(actor, device)

    def snapshot() -> dict:
        return {"step": step, "actor": actor.state_dict(), "critic": critic.state_dict(), "optimizer": optimizer.state_dict()}

    def value_of(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return critic(torch.as_tensor(batch, device=device)).squeeze(-1).cpu().numpy()

    T, N = params.n_steps, params.n_envs
    tracker = EpisodeTracker(N)
    logger.speed(step)
    updates = 0
    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            if params.anneal_lr:
                for group in optimizer.param_groups:
                    group["lr"] = params.learning_rate * (1.0 - step / params.total_timesteps)
            # ---- collect n_steps from each env (no gradient: the loss recomputes on the batch)
            batch_obs = np.zeros((T, N, obs_dim), np.float32)
            batch_actions = np.zeros((T, N), np.int64)
            rewards_, terminated_, ended_ = (np.zeros((T, N), np.float32) for _ in range(3))
            next_values = np.zeros((T, N), np.float32)
            for t in range(T):
                with torch.no_grad():
                    actions = Categorical(logits=actor(torch.as_tensor(observations, device=device))).sample().cpu().numpy()
                batch_obs[t], batch_actions[t] = observations, actions
                next_observations, rewards, terminated, truncated, info = envs.step(actions)
                ended = np.logical_or(terminated, truncated)
                rewards_[t], terminated_[t], ended_[t] = rewards, terminated, ended
                if ended.any():  # bootstrap truncated episodes from their true last observation
                    next_values[t, ended] = value_of(final_observations(next_observations, ended, info)[ended])
                logger.episodes(step + (t + 1) * N, tracker.update(rewards, ended))
                observations = next_observations.astype(np.float32)
            step += T * N

            # ---- one gradient step on policy loss + value loss - entropy
            obs_tensor = torch.as_tensor(batch_obs.reshape(T * N, obs_dim), device=device)
            values = critic(obs_tensor).squeeze(-1)
            values_np = values.detach().cpu().numpy().reshape(T, N)
            next_values = next_state_values(values_np, value_of(observations), next_values, ended_)
            advantages = compute_gae(rewards_, values_np, next_values, terminated_, ended_, params.gamma, params.gae_lambda)
            returns = torch.as_tensor((advantages + values_np).reshape(-1), dtype=torch.float32, device=device)
            advantage = torch.as_tensor(advantages.reshape(-1), dtype=torch.float32, device=device)
            if params.normalize_advantage:
                advantage = normalize(advantage)
            distribution = Categorical(logits=actor(obs_tensor))
            log_probs = distribution.log_prob(torch.as_tensor(batch_actions.reshape(-1), device=device))
            policy_loss = -(advantage * log_probs).mean()
            value_loss = ((returns - values) ** 2).mean()
            entropy = distribution.entropy().mean()
            loss = policy_loss + params.vf_coef * value_loss - params.ent_coef * entropy
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, params.max_grad_norm)
            optimizer.step()
            updates += 1
            if updates % 10 == 0:  # logging every update would make the curves longer than the run is interesting
                logger.log(step, policy_loss=policy_loss.item(), value_loss=value_loss.item(), entropy=entropy.item())
                logger.speed(step)
            ctx.maybe_checkpoint(step, snapshot)
            if ctx.report(step, act_greedy):
                break
    envs.close()
    ctx.save_checkpoint(snapshot())
    return {"act_greedy": act_greedy, "step": step}
