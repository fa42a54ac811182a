"""The value-based pieces that DQN (dqn.py) and RND on DQN (rnd.py) share: the replay buffer and the
(double-)DQN target, written once so that neither algorithm imports the other.

Mnih et al. 2015, "Human-level control through deep reinforcement learning", Algorithm 1 (experience
replay, the target network); van Hasselt, Guez & Silver 2016, eq. (4) (double DQN).
"""
from __future__ import annotations

import numpy as np
import torch


def td_target(rewards, next_observations, terminated, gamma: float, q_network, target_network, double: bool) -> torch.Tensor:
    """r + gamma * (1 - terminated) * Q_target(s', a*), a* = argmax Q_target (DQN) or argmax Q_online (double DQN)."""
    with torch.no_grad():
        next_target_q = target_network(next_observations)
        if double:
            best = q_network(next_observations).argmax(dim=1, keepdim=True)
        else:
            best = next_target_q.argmax(dim=1, keepdim=True)
        next_value = next_target_q.gather(1, best).squeeze(1)
        return rewards + gamma * (1.0 - terminated) * next_value


class ReplayBuffer:
    """A ring buffer of (obs, action, reward, next_obs, terminated), sampled uniformly."""

    def __init__(self, size: int, obs_dim: int):
        self.observations = np.zeros((size, obs_dim), dtype=np.float32)
        self.next_observations = np.zeros((size, obs_dim), dtype=np.float32)
        self.actions = np.zeros(size, dtype=np.int64)
        self.rewards = np.zeros(size, dtype=np.float32)
        self.terminated = np.zeros(size, dtype=np.float32)
        self.size, self.position, self.full = size, 0, False

    def add(self, obs, action, reward, next_obs, terminated) -> None:
        i = self.position
        self.observations[i], self.actions[i], self.rewards[i] = obs, action, reward
        self.next_observations[i], self.terminated[i] = next_obs, terminated
        self.position = (i + 1) % self.size
        self.full = self.full or self.position == 0

    def __len__(self) -> int:
        return self.size if self.full else self.position

    def sample(self, batch_size: int, rng: np.random.Generator, device) -> tuple[torch.Tensor, ...]:
        index = rng.integers(0, len(self), size=batch_size)
        as_tensor = lambda array: torch.as_tensor(array[index], device=device)
        return tuple(map(as_tensor, (self.observations, self.actions, self.rewards, self.next_observations, self.terminated)))

    def state_dict(self) -> dict:
        n = len(self)
        return {
            "arrays": {name: torch.from_numpy(getattr(self, name)[:n].copy()) for name in
                       ("observations", "next_observations", "actions", "rewards", "terminated")},
            "position": self.position, "full": self.full,
        }

    def load_state_dict(self, state: dict) -> None:
        for name, tensor in state["arrays"].items():
            getattr(self, name)[: len(tensor)] = tensor.numpy()
        self.position, self.full = int(state["position"]), bool(state["full"])
