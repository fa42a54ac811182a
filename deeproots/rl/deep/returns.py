"""Returns and advantages, shared by every policy-gradient algorithm (REINFORCE, A2C, both PPOs).

Each function takes NumPy arrays or torch tensors of shape (T, n_envs) and gives back the same
kind: the CartPole algorithms work on NumPy rollouts, Crafter's PPO keeps its rollout on the device.
"""
from __future__ import annotations

import numpy as np
import torch


def rewards_to_go(rewards: np.ndarray, gamma: float) -> np.ndarray:
    """G_t = r_t + gamma * G_{t+1} over one whole episode (Sutton & Barto eq. 3.9)."""
    returns = np.zeros(len(rewards), dtype=np.float64)
    running = 0.0
    for t in reversed(range(len(rewards))):
        running = rewards[t] + gamma * running
        returns[t] = running
    return returns


def next_state_values(values, last_values, final_values, episode_end):
    """V(s_{t+1}) for each step of a rollout of shape (T, n_envs).

    values[t] is V(s_t) and last_values V of the observations after the rollout's last step, so for a
    step that did not end an episode V(s_{t+1}) is the next step's values[t + 1]. Where an episode
    ended, the next observation is already a new episode's first (SAME_STEP autoreset): there the
    value is final_values[t], V of the episode's true last observation (used to bootstrap a time-limit
    truncation; ignored by compute_gae where the episode terminated).
    """
    if isinstance(values, torch.Tensor):
        following = torch.cat([values[1:], last_values[None]], dim=0)
        return torch.where(episode_end > 0, final_values, following)
    following = np.concatenate([values[1:], last_values[None]], axis=0)
    return np.where(episode_end > 0, final_values, following)


def compute_gae(rewards, values, next_values, terminated, episode_end, gamma: float, lam: float):
    """Generalized advantage estimates for a rollout of shape (T, n_envs) (Schulman et al. 2016, eq. 16).

    delta_t = r_t + gamma * V(s'_t) * (1 - terminated_t) - V(s_t)
    A_t     = delta_t + gamma * lam * (1 - episode_end_t) * A_{t+1}

    next_values[t] is V of the true next observation (the final one where an episode ended), so a
    time-limit truncation bootstraps while the recursion still stops at every episode end.
    NumPy inputs sum in float64; tensors keep their dtype and device.
    """
    if isinstance(values, torch.Tensor):
        advantages = torch.zeros_like(values)
        running = torch.zeros_like(values[0])
    else:
        advantages = np.zeros_like(values, dtype=np.float64)
        running = np.zeros(values.shape[1:], dtype=np.float64)
    for t in reversed(range(len(rewards))):
        delta = rewards[t] + gamma * next_values[t] * (1.0 - terminated[t]) - values[t]
        running = delta + gamma * lam * (1.0 - episode_end[t]) * running
        advantages[t] = running
    return advantages
