"""REINFORCE (Monte Carlo policy gradient) with a learned value baseline.

Williams 1992, "Simple statistical gradient-following algorithms for connectionist reinforcement
learning", Machine Learning 8; Sutton & Barto 2nd ed., §13.4 "REINFORCE with Baseline"; CS285
(Levine) lecture 5. Whole episodes are played with the current policy; every step t gets the
reward-to-go G_t = sum_k gamma^k r_{t+k}, and the policy ascends mean[(G_t - V(s_t)) grad log pi(a_t|s_t)]
while V regresses onto G_t. Subtracting V changes no expectation, only the variance (S&B eq. 13.11).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.distributions import Categorical

from deeproots.rl.deep.common import (
    EpisodeTracker,
    RunContext,
    greedy_actions,
    make_vector_env,
    mlp,
)
from deeproots.rl.deep.hyperparams import check_params
from deeproots.rl.deep.losses import normalize
from deeproots.rl.deep.returns import rewards_to_go

NAME = "reinforce"


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch, NumPy and the environment; same seed, same run."""
    total_timesteps: int = 200_000
    """Environment steps to train for (training stops at the first episode boundary after it)."""
    episodes_per_update: int = 4
    """Whole episodes collected with the current policy before each gradient step."""
    gamma: float = 0.99
    """Discount factor of the reward-to-go."""
    learning_rate: float = 2e-3
    """Adam's step size for the policy at the start."""
    value_learning_rate: float = 5e-3
    """Adam's step size for the value baseline."""
    anneal_lr: bool = True
    """Decrease both learning rates linearly to 0 over training."""
    normalize_advantage: bool = True
    """Standardise G_t - V(s_t) over each batch (a further variance reduction)."""
    ent_coef: float = 0.0
    """Weight of the entropy bonus."""
    hidden_sizes: tuple[int, ...] = (64, 64)
    """Hidden layer widths of the policy and value networks."""


QUICK = Params()
"""The laptop preset and the default: the values above, set to solve CartPole-v1 on 2 CPU cores (benchmarks/rl_cartpole.py)."""
SMOKE = Params(total_timesteps=800, episodes_per_update=2)
"""A seconds-long smoke run: every code path, no learning to speak of (``rl train --smoke``, tests)."""


def validate(params: Params) -> None:
    check_params(params)


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Train; returns {"act_greedy", "step"}. ctx supplies the device, logger, checkpoints and resume state."""
    device, logger = ctx.device, ctx.logger
    torch.manual_seed(params.seed)
    step = ctx.start_step
    envs, observations = make_vector_env(env_id, 1, params.seed + step)
    obs_dim, n_actions = envs.single_observation_space.shape[0], int(envs.single_action_space.n)
    policy = mlp([obs_dim, *params.hidden_sizes, n_actions], out_gain=0.01).to(device)
    value = mlp([obs_dim, *params.hidden_sizes, 1], out_gain=1.0).to(device)
    policy_optimizer = torch.optim.Adam(policy.parameters(), lr=params.learning_rate)
    value_optimizer = torch.optim.Adam(value.parameters(), lr=params.value_learning_rate)
    if ctx.resume_state is not None:
        policy.load_state_dict(ctx.resume_state["policy"])
        value.load_state_dict(ctx.resume_state["value"])
        policy_optimizer.load_state_dict(ctx.resume_state["policy_optimizer"])
        value_optimizer.load_state_dict(ctx.resume_state["value_optimizer"])
        ctx.restore_rng()

    act_greedy = greedy_actions(policy, device)

    def snapshot() -> dict:
        return {
            "step": step, "policy": policy.state_dict(), "value": value.state_dict(),
            "policy_optimizer": policy_optimizer.state_dict(), "value_optimizer": value_optimizer.state_dict(),
        }

    tracker = EpisodeTracker(1)
    logger.speed(step)
    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            # ---- play episodes_per_update whole episodes with the current policy
            batch_obs, batch_actions, batch_returns = [], [], []
            episode_obs, episode_actions, episode_rewards = [], [], []
            finished = 0
            while finished < params.episodes_per_update and step < params.total_timesteps:
                with torch.no_grad():
                    action = Categorical(logits=policy(torch.as_tensor(observations, device=device))).sample().cpu().numpy()
                episode_obs.append(observations[0])
                episode_actions.append(action[0])
                observations, rewards, terminated, truncated, _ = envs.step(action)
                observations = observations.astype(np.float32)
                episode_rewards.append(rewards[0])
                step += 1
                ended = np.logical_or(terminated, truncated)
                logger.episodes(step, tracker.update(rewards, ended))
                if ended[0]:
                    # a time-limit truncation is treated as the end: REINFORCE has no critic to bootstrap with
                    batch_obs += episode_obs
                    batch_actions += episode_actions
                    batch_returns.append(rewards_to_go(np.array(episode_rewards), params.gamma))
                    episode_obs, episode_actions, episode_rewards = [], [], []
                    finished += 1
            if finished < params.episodes_per_update:
                break  # the budget ran out mid-batch: no update on a partial batch

            # ---- one gradient step for the policy, one for the baseline
            fraction_left = 1.0 - step / params.total_timesteps if params.anneal_lr else 1.0
            policy_optimizer.param_groups[0]["lr"] = params.learning_rate * max(fraction_left, 0.0)
            value_optimizer.param_groups[0]["lr"] = params.value_learning_rate * max(fraction_left, 0.0)
            obs_tensor = torch.as_tensor(np.array(batch_obs), device=device)
            returns = torch.as_tensor(np.concatenate(batch_returns), dtype=torch.float32, device=device)
            values = value(obs_tensor).squeeze(-1)
            advantage = returns - values.detach()
            if params.normalize_advantage:
                advantage = normalize(advantage)
            distribution = Categorical(logits=policy(obs_tensor))
            log_probs = distribution.log_prob(torch.as_tensor(np.array(batch_actions), device=device))
            entropy = distribution.entropy().mean()
            policy_loss = -(advantage * log_probs).mean() - params.ent_coef * entropy
            value_loss = ((returns - values) ** 2).mean()
            policy_optimizer.zero_grad()
            policy_loss.backward()
            policy_optimizer.step()
            value_optimizer.zero_grad()
            value_loss.backward()
            value_optimizer.step()
            logger.log(step, policy_loss=policy_loss.item(), value_loss=value_loss.item(), entropy=entropy.item())
            logger.speed(step)
            ctx.maybe_checkpoint(step, snapshot)
            if ctx.report(step, act_greedy):
                break
    envs.close()
    ctx.save_checkpoint(snapshot())
    return {"act_greedy": act_greedy, "step": step}
