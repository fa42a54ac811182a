"""What the offline algorithms share (bc_offline.py, iql.py, cql.py), so that none imports another:
the dataset as tensors with actions scaled to [-1, 1], the Gaussian policy (tanh mean, state-independent
log std, as in the IQL code's GaussianPolicy for MuJoCo), its greedy action in the env's units, and the
periodic greedy evaluation that logs D4RL's normalised score, and the twin Q-networks.
"""
from __future__ import annotations

import numpy as np
import torch

from deeproots.rl.deep import offline_data
from deeproots.rl.deep.common import RunContext, evaluate, mlp


class Data:
    """The dataset as tensors, actions scaled to [-1, 1] with the env's bounds, sampled uniformly."""

    def __init__(self, dataset: offline_data.Dataset, device, reward_scale: float = 1.0):
        import gymnasium as gym

        space = gym.make(dataset.env_id).action_space
        self.low, self.high = space.low.astype(np.float32), space.high.astype(np.float32)
        scaled = 2.0 * (dataset.actions - self.low) / (self.high - self.low) - 1.0
        as_tensor = lambda array: torch.as_tensor(np.asarray(array, dtype=np.float32), device=device)
        self.tensors = tuple(map(as_tensor, (dataset.observations, np.clip(scaled, -1.0, 1.0),
                                             dataset.rewards * reward_scale, dataset.next_observations,
                                             dataset.terminated)))
        self.obs_dim, self.act_dim = dataset.observations.shape[1], scaled.shape[1]

    def __len__(self) -> int:
        return len(self.tensors[0])

    def sample(self, batch_size: int, rng: np.random.Generator) -> tuple[torch.Tensor, ...]:
        index = torch.as_tensor(rng.integers(0, len(self), size=batch_size))
        return tuple(tensor[index] for tensor in self.tensors)

    def to_env(self, scaled: np.ndarray) -> np.ndarray:
        return self.low + (np.clip(scaled, -1.0, 1.0) + 1.0) * 0.5 * (self.high - self.low)


class GaussianPolicy(torch.nn.Module):
    """N(tanh(mlp(s)), exp(log_std)^2) with a learned state-independent log std (IQL code, MuJoCo setting)."""

    def __init__(self, obs_dim: int, act_dim: int, hidden_sizes: tuple[int, ...]):
        super().__init__()
        self.mean = mlp([obs_dim, *hidden_sizes, act_dim], torch.nn.ReLU, out_gain=1e-2)
        self.log_std = torch.nn.Parameter(torch.zeros(act_dim))

    def log_prob(self, obs: torch.Tensor, actions: torch.Tensor) -> torch.Tensor:
        std = self.log_std.clamp(-5.0, 2.0).exp()  # the IQL code's bounds keep the likelihood finite
        return torch.distributions.Normal(torch.tanh(self.mean(obs)), std).log_prob(actions).sum(-1)

    def greedy(self, obs: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.mean(obs))


def greedy_policy(policy: GaussianPolicy, data: Data, device):
    """act_greedy(batch of obs) -> env actions: the policy's mean, mapped back to the env's bounds."""
    def act_greedy(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            scaled = policy.greedy(torch.as_tensor(batch, dtype=torch.float32, device=device)).cpu().numpy()
        return data.to_env(scaled).astype(np.float32)

    return act_greedy


def evaluate_and_log(ctx: RunContext, step: int, act_greedy, dataset: offline_data.Dataset, params) -> bool:
    """Play the greedy policy, log its return and D4RL score, tell the progress callback; True = stop."""
    if params.eval_episodes == 0:  # no periodic evaluation: train.py's final one still plays 100 episodes
        ctx.logger.speed(step)
        return ctx.report(step, act_greedy)
    returns = evaluate(act_greedy, dataset.env_id, episodes=params.eval_episodes, seed=20_000 + params.seed)
    # logged as episodic_return so train.py's learning-curve chart draws it (x: gradient steps)
    ctx.logger.log(step, episodic_return=float(returns.mean()), normalized_score=float(dataset.score(returns.mean())))
    ctx.logger.speed(step)
    return ctx.report(step, act_greedy)


def load_data(params, env_id: str, device, reward_scale: float | None = None) -> tuple[offline_data.Dataset, Data]:
    dataset = offline_data.load(params.dataset, env_id, params.dataset_dir)
    if reward_scale is None:
        reward_scale = 1.0
    return dataset, Data(dataset, device, reward_scale)


class TwinQ(torch.nn.Module):
    """Two Q-networks on (state, action), as IQL and CQL both use them (clipped double-Q)."""

    def __init__(self, obs_dim: int, act_dim: int, hidden_sizes: tuple[int, ...]):
        super().__init__()
        self.q1 = mlp([obs_dim + act_dim, *hidden_sizes, 1], torch.nn.ReLU)
        self.q2 = mlp([obs_dim + act_dim, *hidden_sizes, 1], torch.nn.ReLU)

    def forward(self, obs: torch.Tensor, actions: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        pair = torch.cat([obs, actions], dim=-1)
        return self.q1(pair).squeeze(-1), self.q2(pair).squeeze(-1)
