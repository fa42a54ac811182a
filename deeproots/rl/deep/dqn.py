"""Deep Q-Network with a replay buffer, a target network and optional double-DQN targets.

Mnih et al. 2015, "Human-level control through deep reinforcement learning", Nature 518,
Algorithm 1; double DQN from van Hasselt, Guez & Silver 2016, "Deep Reinforcement Learning with
Double Q-learning", eq. (4); CS285 (Levine) lectures 7-8. The loss is the Huber loss and the
gradient norm is clipped to 10, as in Stable-Baselines3. The default preset is RL-Zoo's
CartPole-v1 one (lr 2.3e-3, batch 64, 128 gradient steps every 256 env steps, target copied every
10 env steps, epsilon 1 -> 0.04 over the first 16% of training, [256, 256] network, 5e4 steps).

A time-limit truncation is not a terminal state, so its target still bootstraps from the final
observation; only `terminated` transitions have target r.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from deeproots.rl.deep.common import (
    EpisodeTracker,
    RunContext,
    final_observations,
    greedy_actions,
    linear_schedule,
    make_vector_env,
    mlp,
    numpy_rng_state,
    restore_numpy_rng,
)
from deeproots.rl.deep.hyperparams import check_params
from deeproots.rl.deep.replay import ReplayBuffer, td_target

NAME = "dqn"


@dataclass(frozen=True)
class Params:
    seed: int = 1
    """Seeds torch, NumPy and the environment; same seed, same run."""
    total_timesteps: int = 50_000
    """Environment steps to train for."""
    learning_rate: float = 2.3e-3
    """Adam's step size."""
    buffer_size: int = 100_000
    """Transitions kept in the replay buffer (the oldest are overwritten)."""
    learning_starts: int = 1_000
    """Env steps of pure exploration before the first gradient step."""
    batch_size: int = 64
    """Transitions sampled from the buffer per gradient step."""
    gamma: float = 0.99
    """Discount factor."""
    train_freq: int = 256
    """Env steps between training phases."""
    gradient_steps: int = 128
    """Gradient steps per training phase."""
    target_update_interval: int = 10
    """Env steps between copies of the online network into the target network."""
    exploration_fraction: float = 0.16
    """Fraction of training over which epsilon falls linearly from initial_eps to final_eps."""
    initial_eps: float = 1.0
    """Epsilon at the start."""
    final_eps: float = 0.04
    """Epsilon after the decay."""
    double_dqn: bool = False
    """Pick the next action with the online network and value it with the target network (van Hasselt 2016)."""
    max_grad_norm: float = 10.0
    """Gradients are rescaled to at most this global norm."""
    hidden_sizes: tuple[int, ...] = (256, 256)
    """Hidden layer widths of the Q-network (ReLU)."""


QUICK = Params()
"""The laptop preset and the default: the values above, set to solve CartPole-v1 on 2 CPU cores (benchmarks/rl_cartpole.py)."""
SMOKE = Params(total_timesteps=1500, learning_starts=200, train_freq=64, gradient_steps=8, buffer_size=2000)
"""A seconds-long smoke run: every code path, no learning to speak of (``rl train --smoke``, tests)."""


def validate(params: Params) -> None:
    check_params(params, batch_size=(1, 1e6, "[]"))


def train(params: Params, env_id: str, ctx: RunContext) -> dict:
    """Train; returns {"act_greedy", "step"}. ctx supplies the device, logger, checkpoints and resume state."""
    device, logger = ctx.device, ctx.logger
    torch.manual_seed(params.seed)
    rng = np.random.default_rng(params.seed)
    step = ctx.start_step
    envs, observations = make_vector_env(env_id, 1, params.seed + step)
    obs_dim, n_actions = envs.single_observation_space.shape[0], int(envs.single_action_space.n)
    q_network = mlp([obs_dim, *params.hidden_sizes, n_actions], torch.nn.ReLU, out_gain=None).to(device)
    target_network = mlp([obs_dim, *params.hidden_sizes, n_actions], torch.nn.ReLU, out_gain=None).to(device)
    target_network.load_state_dict(q_network.state_dict())
    optimizer = torch.optim.Adam(q_network.parameters(), lr=params.learning_rate)
    buffer = ReplayBuffer(params.buffer_size, obs_dim)
    if ctx.resume_state is not None:
        q_network.load_state_dict(ctx.resume_state["q_network"])
        target_network.load_state_dict(ctx.resume_state["target_network"])
        optimizer.load_state_dict(ctx.resume_state["optimizer"])
        buffer.load_state_dict(ctx.resume_state["buffer"])
        rng = restore_numpy_rng(ctx.resume_state["numpy_rng"])
        ctx.restore_rng()

    act_greedy = greedy_actions(q_network, device)

    def snapshot() -> dict:
        return {
            "step": step, "q_network": q_network.state_dict(), "target_network": target_network.state_dict(),
            "optimizer": optimizer.state_dict(), "buffer": buffer.state_dict(), "numpy_rng": numpy_rng_state(rng),
        }

    tracker = EpisodeTracker(1)
    decay_steps = params.exploration_fraction * params.total_timesteps
    logger.speed(step)
    with ctx.saving_on_interrupt(snapshot):
        while step < params.total_timesteps:
            epsilon = linear_schedule(params.initial_eps, params.final_eps, step / decay_steps if decay_steps else 1.0)
            if rng.random() < epsilon:
                actions = np.array([rng.integers(n_actions)])
            else:
                actions = act_greedy(observations)
            next_observations, rewards, terminated, truncated, info = envs.step(actions)
            ended = np.logical_or(terminated, truncated)
            real_next = final_observations(next_observations, ended, info)
            buffer.add(observations[0], actions[0], rewards[0], real_next[0], float(terminated[0]))
            observations = next_observations.astype(np.float32)
            step += 1
            logger.episodes(step, tracker.update(rewards, ended))

            if step > params.learning_starts and step % params.train_freq == 0:
                losses, q_values = [], []
                for _ in range(params.gradient_steps):
                    obs, act, rew, nxt, term = buffer.sample(params.batch_size, rng, device)
                    target = td_target(rew, nxt, term, params.gamma, q_network, target_network, params.double_dqn)
                    q_taken = q_network(obs).gather(1, act.unsqueeze(1)).squeeze(1)
                    loss = F.smooth_l1_loss(q_taken, target)
                    optimizer.zero_grad()
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(q_network.parameters(), params.max_grad_norm)
                    optimizer.step()
                    losses.append(loss.item())
                    q_values.append(q_taken.mean().item())
                logger.log(step, q_loss=float(np.mean(losses)), q_value=float(np.mean(q_values)), epsilon=epsilon)
                logger.speed(step)
                if ctx.report(step, act_greedy):
                    break
            if step % params.target_update_interval == 0:
                target_network.load_state_dict(q_network.state_dict())
            ctx.maybe_checkpoint(step, snapshot)
    envs.close()
    ctx.save_checkpoint(snapshot())
    return {"act_greedy": act_greedy, "step": step}
