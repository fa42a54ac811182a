"""SAC's critic: the soft Q target with clipped double-Q, the critic loss and Polyak averaging.

Source: Haarnoja, Zhou, Hartikainen, Tucker, Ha, Tan, Kumar, Zhu, Gupta, Abbeel & Levine
(2018), "Soft Actor-Critic Algorithms and Applications", §4-5 (eq. 2-3: the soft Bellman
backup, V(s') = E_{a' ~ pi}[Q(s', a') - alpha log pi(a'|s')]; eq. 5: the target network
Q_theta-bar updated by an exponential moving average; §5: the minimum of two Q-functions);
Fujimoto, van Hoof & Meger (2018), "Addressing Function Approximation Error in
Actor-Critic Methods" (TD3), §4.2 (clipped double Q-learning); Sergey Levine, CS285 HW3
(the SAC part); CleanRL's sac_continuous_action.py.
https://arxiv.org/abs/1812.05905

For a minibatch of B transitions (s, a, r, s', terminated, truncated), with two critics
Q1, Q2, their target copies Q1', Q2' and the CURRENT policy pi:

    a' ~ pi(. | s')               a fresh sample at s' (not the replayed action a)
    y  = r + gamma (1 - terminated) (min(Q1'(s', a'), Q2'(s', a')) - alpha log pi(a'|s'))

- The min of two estimates counters the upward bias of maximising over noisy critics.
- The entropy term enters with a minus sign: - alpha log pi is the entropy bonus.
- Only a true termination stops the bootstrap. A time-limit truncation is not terminal: the
  state s' still has a future, so y bootstraps as usual (truncated is in the batch only so
  you can ignore it).
- y is a regression label: it must carry no gradient (compute it under torch.no_grad()),
  neither into the target critics nor into the policy.

    critic_loss = mean((Q1(s, a) - y)^2) + mean((Q2(s, a) - y)^2)

trains the ONLINE critics towards y computed with the TARGET critics. After each gradient
step the target critics trail the online ones (Polyak averaging, eq. 5 of the paper):

    theta' <- tau theta + (1 - tau) theta'      (tau small, e.g. 0.005; in place, no gradient)

Shapes: batch is a dict of float64 tensors: "obs" (B, obs_dim), "actions" (B, act_dim),
"rewards" (B,), "next_obs" (B, obs_dim), "terminated" (B,), "truncated" (B,) (0.0 or 1.0).
policy(obs) -> (actions (B, act_dim) in (-1, 1), log_probs (B,)): each call draws fresh noise,
so call it once per target. A QNetwork q(obs, actions) -> (B,).
  soft_q_target(batch, policy, q1_target, q2_target, alpha, gamma) -> y (B,), no grad
  critic_loss(batch, policy, q1, q2, q1_target, q2_target, alpha, gamma) -> 0-d tensor
  soft_update(target, online, tau) -> None (updates target's parameters in place)

Tiny example (gamma = 0.9, alpha = 0.2), one transition with r = 1, not terminated, and at s'
the sampled a' has Q1' = 3, Q2' = 2, log pi(a'|s') = -1: y = 1 + 0.9 (min(3, 2) + 0.2) = 2.98.
If it were terminated: y = 1. Polyak with tau = 0.1: theta' = 0, theta = 1 -> theta' = 0.1.
"""
import math

import torch
from torch import nn
from torch.nn import functional as F


def _init(module: nn.Module, seed: int) -> None:
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(0.5 * torch.randn(p.shape, generator=generator, dtype=p.dtype))


class QNetwork(nn.Module):
    """Q(s, a): an MLP on [s, a] with one tanh hidden layer; forward -> (B,)."""

    def __init__(self, obs_dim: int, act_dim: int, hidden: int = 16, seed: int = 0):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(obs_dim + act_dim, hidden), nn.Tanh(), nn.Linear(hidden, 1)).double()
        _init(self, seed)

    def forward(self, obs: torch.Tensor, actions: torch.Tensor) -> torch.Tensor:
        return self.net(torch.cat([obs, actions], dim=-1)).squeeze(-1)


class TanhGaussianPolicy(nn.Module):
    """pi(a|s): a = tanh(u), u ~ N(mean(s), std(s)^2); forward -> (actions, log_probs)."""

    def __init__(self, obs_dim: int, act_dim: int, hidden: int = 16, seed: int = 0):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(obs_dim, hidden), nn.Tanh(), nn.Linear(hidden, 2 * act_dim)).double()
        _init(self, seed)
        self.noise = torch.Generator().manual_seed(seed + 1)

    def forward(self, obs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mean, log_std = self.net(obs).chunk(2, dim=-1)
        std = log_std.clamp(-5.0, 2.0).exp()
        u = mean + std * torch.randn(mean.shape, generator=self.noise, dtype=mean.dtype)
        log_prob = torch.distributions.Normal(mean, std).log_prob(u) - 2.0 * (math.log(2.0) - u - F.softplus(-2.0 * u))
        return torch.tanh(u), log_prob.sum(dim=-1)


def soft_q_target(batch: dict, policy: nn.Module, q1_target: nn.Module, q2_target: nn.Module,
                  alpha: float, gamma: float) -> torch.Tensor:
    """Return y = r + gamma (1 - terminated) (min(Q1', Q2')(s', a') - alpha log pi(a'|s')), a' ~ pi(s')."""
    # TODO: under torch.no_grad(): sample (a', log pi) from the policy at next_obs, evaluate
    # both target critics there, take the min, subtract alpha log pi, mask by terminated only.
    ### BEGIN SOLUTION
    with torch.no_grad():
        next_actions, next_log_probs = policy(batch["next_obs"])
        q1_next = q1_target(batch["next_obs"], next_actions)
        q2_next = q2_target(batch["next_obs"], next_actions)
        soft_value = torch.min(q1_next, q2_next) - alpha * next_log_probs
        target = batch["rewards"] + gamma * (1.0 - batch["terminated"]) * soft_value
    return target
    ### END SOLUTION


def critic_loss(batch: dict, policy: nn.Module, q1: nn.Module, q2: nn.Module, q1_target: nn.Module,
                q2_target: nn.Module, alpha: float, gamma: float) -> torch.Tensor:
    """Return mean((Q1(s, a) - y)^2) + mean((Q2(s, a) - y)^2), y from the target critics."""
    # TODO: y = soft_q_target(...) with the TARGET critics; regress both ONLINE critics on it.
    ### BEGIN SOLUTION
    target = soft_q_target(batch, policy, q1_target, q2_target, alpha, gamma)
    loss_1 = F.mse_loss(q1(batch["obs"], batch["actions"]), target)
    loss_2 = F.mse_loss(q2(batch["obs"], batch["actions"]), target)
    return loss_1 + loss_2
    ### END SOLUTION


def soft_update(target: nn.Module, online: nn.Module, tau: float) -> None:
    """Move every target parameter in place: theta' <- tau theta + (1 - tau) theta'."""
    # TODO: under torch.no_grad(), zip the two parameters() lists and update each target tensor.
    ### BEGIN SOLUTION
    with torch.no_grad():
        for target_param, online_param in zip(target.parameters(), online.parameters()):
            target_param.copy_(tau * online_param + (1.0 - tau) * target_param)
    ### END SOLUTION
