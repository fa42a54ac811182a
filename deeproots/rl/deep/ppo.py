"""Proximal Policy Optimization with the clipped objective and GAE, on vectorised environments.

Schulman et al. 2017, "Proximal Policy Optimization Algorithms", eq. (7) (clipped surrogate) and
Schulman et al. 2016, "High-Dimensional Continuous Control Using Generalized Advantage
Estimation", eq. (16) (GAE); CS285 (Levine) lecture 9. Implementation details follow Huang et al.
2022, "The 37 Implementation Details of PPO" (ICLR blog track) and Stable-Baselines3; the default
preset is RL-Zoo's CartPole-v1 one (8 envs x 32 steps, 20 epochs, gamma 0.98, lambda 0.8,
learning rate and clip range annealed linearly to 0 from 1e-3 and 0.2).

Episodes cut by a time limit (truncated, not terminated) are bootstrapped with the value of the
last observation, as SB3 does; episodes that terminate are not.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.distributions import Categorical

from deeproots.errors import DeeprootsError
from deeproots.rl.deep.common import (
    EpisodeTracker,
    RunContext,
    final_observations,
    greedy_actions,
    make_vector_env,
    mlp,
)
from deeproots.rl.deep.hyperparams import check_params
from deeproots.rl.deep.losses import clipped_policy_loss, normalize, ppo_diagnostics, value_loss
from deeproots.rl.deep.returns import compute_gae, next_state_values

NAME = "ppo"


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch, NumPy and the environments; same seed, same run."""
    total_timesteps: int = 100_000
    """Environment steps to train for, summed over all vectorised envs."""
    n_envs: int = 8
    """Environments stepped together (SyncVectorEnv) to collect each rollout."""
    n_steps: int = 32
    """Steps per environment per rollout; a rollout holds n_envs * n_steps transitions."""
    batch_size: int = 256
    """Minibatch size for the gradient steps on a rollout."""
    n_epochs: int = 20
    """Passes over each rollout (it is reused: the clipping keeps the policy close to the one that collected it)."""
    gamma: float = 0.98
    """Discount factor."""
    gae_lambda: float = 0.8
    """GAE's lambda: 0 is the one-step TD advantage (low variance, biased), 1 is Monte Carlo."""
    learning_rate: float = 1e-3
    """Adam's step size at the start."""
    anneal_lr: bool = True
    """Decrease the learning rate linearly to 0 over training."""
    clip_range: float = 0.2
    """epsilon of the clipped objective: the probability ratio is kept inside [1-eps, 1+eps]."""
    anneal_clip: bool = True
    """Decrease the clip range linearly to 0 over training (RL-Zoo's lin_0.2)."""
    clip_value: bool = False
    """Also clip the value update to clip_range around the old values (PPO2's value clipping)."""
    normalize_advantage: bool = True
    """Standardise advantages per minibatch."""
    ent_coef: float = 0.0
    """Weight of the entropy bonus."""
    vf_coef: float = 0.5
    """Weight of the value loss."""
    max_grad_norm: float = 0.5
    """Gradients are rescaled to at most this global norm."""
    hidden_sizes: tuple[int, ...] = (64, 64)
    """Hidden layer widths of the (separate) policy and value networks."""


QUICK = Params()
"""The laptop preset and the default: the values above, set to solve CartPole-v1 on 2 CPU cores (benchmarks/rl_cartpole.py)."""
SMOKE = Params(total_timesteps=1024, n_envs=4, n_steps=32, batch_size=64, n_epochs=2)
"""A seconds-long smoke run: every code path, no learning to speak of (``rl train --smoke``, tests)."""


def validate(params: Params) -> None:
    check_params(params)
    if params.batch_size > params.n_envs * params.n_steps:
        raise DeeprootsError(
            f"batch_size must be at most n_envs * n_steps = {params.n_envs * params.n_steps}, got {params.batch_size}"
        )


# --------------------------------------------------------------------------- training


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Train; returns {"act_greedy", "step"}. ctx supplies the device, logger, checkpoints and resume state."""
    device, logger = ctx.device, ctx.logger
    torch.manual_seed(params.seed)
    step = ctx.start_step
    envs, observations = make_vector_env(env_id, params.n_envs, params.seed + step)
    obs_dim, n_actions = envs.single_observation_space.shape[0], int(envs.single_action_space.n)
    actor = mlp([obs_dim, *params.hidden_sizes, n_actions], out_gain=0.01).to(device)
    critic = mlp([obs_dim, *params.hidden_sizes, 1], out_gain=1.0).to(device)
    optimizer = torch.optim.Adam([*actor.parameters(), *critic.parameters()], lr=params.learning_rate, eps=1e-5)
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
    buffer_obs = np.zeros((T, N, obs_dim), dtype=np.float32)
    buffer_actions = np.zeros((T, N), dtype=np.int64)
    buffer_log_probs, buffer_values = np.zeros((T, N), np.float32), np.zeros((T, N), np.float32)
    buffer_rewards, buffer_next_values = np.zeros((T, N), np.float32), np.zeros((T, N), np.float32)
    buffer_terminated, buffer_ended = np.zeros((T, N), np.float32), np.zeros((T, N), np.float32)
    tracker = EpisodeTracker(N)
    logger.speed(step)

    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            remaining = 1.0 - step / params.total_timesteps
            learning_rate = params.learning_rate * (remaining if params.anneal_lr else 1.0)
            clip_range = params.clip_range * (remaining if params.anneal_clip else 1.0)
            for group in optimizer.param_groups:
                group["lr"] = learning_rate

            # ---- collect a rollout of T steps in each of the N envs
            for t in range(T):
                with torch.no_grad():
                    obs_tensor = torch.as_tensor(observations, device=device)
                    distribution = Categorical(logits=actor(obs_tensor))
                    actions = distribution.sample()
                    buffer_log_probs[t] = distribution.log_prob(actions).cpu().numpy()
                    buffer_values[t] = critic(obs_tensor).squeeze(-1).cpu().numpy()
                buffer_obs[t], buffer_actions[t] = observations, actions.cpu().numpy()
                next_observations, rewards, terminated, truncated, info = envs.step(buffer_actions[t])
                ended = np.logical_or(terminated, truncated)
                buffer_rewards[t], buffer_terminated[t], buffer_ended[t] = rewards, terminated, ended
                if ended.any():  # V of the true last observation; SAME_STEP already reset those envs
                    real_next = final_observations(next_observations, ended, info)
                    buffer_next_values[t, ended] = value_of(real_next[ended])
                logger.episodes(step + (t + 1) * N, tracker.update(rewards, ended))
                observations = next_observations.astype(np.float32)
            step += T * N
            buffer_next_values[:] = next_state_values(buffer_values, value_of(observations), buffer_next_values, buffer_ended)
            advantages = compute_gae(
                buffer_rewards, buffer_values, buffer_next_values, buffer_terminated, buffer_ended,
                params.gamma, params.gae_lambda,
            )
            returns = advantages + buffer_values

            # ---- n_epochs passes of minibatch gradient steps on the rollout
            flat = lambda array: torch.as_tensor(array.reshape(T * N, *array.shape[2:]), device=device)
            b_obs, b_actions, b_old_log_probs = flat(buffer_obs), flat(buffer_actions), flat(buffer_log_probs)
            b_advantages, b_returns = flat(advantages.astype(np.float32)), flat(returns.astype(np.float32))
            b_old_values = flat(buffer_values)
            stats = {"policy_loss": [], "value_loss": [], "entropy": [], "approx_kl": [], "clip_fraction": []}
            for _ in range(params.n_epochs):
                order = torch.randperm(T * N, device=device)
                for start in range(0, T * N, params.batch_size):
                    index = order[start : start + params.batch_size]
                    distribution = Categorical(logits=actor(b_obs[index]))
                    new_log_probs = distribution.log_prob(b_actions[index])
                    advantage = normalize(b_advantages[index]) if params.normalize_advantage else b_advantages[index]
                    policy_loss = clipped_policy_loss(new_log_probs, b_old_log_probs[index], advantage, clip_range)
                    values = critic(b_obs[index]).squeeze(-1)
                    v_loss = value_loss(values, b_old_values[index], b_returns[index], clip_range if params.clip_value else None)
                    entropy = distribution.entropy().mean()
                    loss = policy_loss + params.vf_coef * v_loss - params.ent_coef * entropy
                    optimizer.zero_grad()
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_([*actor.parameters(), *critic.parameters()], params.max_grad_norm)
                    optimizer.step()
                    approx_kl, clip_fraction = ppo_diagnostics(new_log_probs, b_old_log_probs[index], clip_range)
                    stats["approx_kl"].append(approx_kl)
                    stats["clip_fraction"].append(clip_fraction)
                    stats["policy_loss"].append(policy_loss.item())
                    stats["value_loss"].append(v_loss.item())
                    stats["entropy"].append(entropy.item())
            logger.log(step, learning_rate=learning_rate, **{name: float(np.mean(v)) for name, v in stats.items()})
            logger.speed(step)
            ctx.maybe_checkpoint(step, snapshot)
            if ctx.report(step, act_greedy):
                break
    envs.close()
    ctx.save_checkpoint(snapshot())
    return {"act_greedy": act_greedy, "step": step}
