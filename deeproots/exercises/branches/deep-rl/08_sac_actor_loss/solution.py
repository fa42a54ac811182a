"""SAC's actor: the reparameterised tanh-Gaussian policy, its log-probability, the actor loss.

Source: Haarnoja, Zhou, Abbeel & Levine (2018), "Soft Actor-Critic: Off-Policy Maximum
Entropy Deep Reinforcement Learning with a Stochastic Actor", §4.2 (eq. 11-13: the
reparameterisation a = f(eps; s) and the policy objective) and Appendix C (eq. 21:
"Enforcing action bounds", the tanh squashing and its change of variables); Haarnoja et al.
(2018), "Soft Actor-Critic Algorithms and Applications" (arXiv 1812.05905), eq. 7-9; Sergey
Levine, CS285 HW3 (the SAC actor); OpenAI Spinning Up's SAC (the stable log-det form).
https://arxiv.org/abs/1801.01290

The policy head outputs mean mu(s) and log_std(s) (B, A). With noise eps ~ N(0, I):

    u = mu + exp(log_std) * eps           (reparameterised: a differentiable function of mu, log_std)
    a = tanh(u)                           (actions in (-1, 1))
    log pi(a|s) = sum_j [ log N(u_j; mu_j, std_j^2) - log(1 - tanh(u_j)^2) ]

log N(u; mu, std^2) = -0.5 ((u - mu) / std)^2 - log std - 0.5 log(2 pi). The second term is
the change of variables through tanh: d tanh(u) / du = 1 - tanh(u)^2. At |u| of 10 or more
tanh(u) rounds to +-1 in floating point, so 1 - tanh(u)^2 is 0 (or off by orders of magnitude)
and the common patch log(1 - a^2 + 1e-6) is wrong by several nats. Use the identity

    log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2 u))

exactly: it stays accurate for every u (softplus(x) = log(1 + e^x), F.softplus).

The actor minimises (eq. 12 with the clipped double-Q, alpha the temperature)

    J_pi = mean_i [ alpha log pi(a_i|s_i) - min(Q1(s_i, a_i), Q2(s_i, a_i)) ],   a_i = tanh(u_i)

The gradient reaches mu and log_std two ways: through log pi, and through the action into
the critics (dQ/da da/dmu): that second path is the reparameterisation trick and the whole
point. Sampling with .sample(), or detaching the action, silently cuts it: the loss value
is unchanged, only the gradient is wrong.

Shapes (float64 tensors): mean, log_std, eps (B, A); obs (B, obs_dim); q1, q2 QNetworks,
q(obs, actions) -> (B,); alpha a float.
  tanh_gaussian_sample(mean, log_std, eps) -> (actions (B, A), log_probs (B,))
  actor_loss(obs, mean, log_std, eps, q1, q2, alpha) -> 0-d tensor (differentiable in mean, log_std)
  actor_loss_gradient(obs, mean, log_std, eps, q1, q2, alpha) -> (d loss / d mean, d loss / d log_std),
      both (B, A), by autograd on leaf copies of mean and log_std.

Tiny example: mean 0, log_std 0, eps 0 (one action dim): u = 0, a = 0, log pi = log N(0; 0, 1)
- log(1) = -0.5 log(2 pi) = -0.9189. At u = 20 (mean 20, log_std 0, eps 0): log(1 - tanh^2)
= 2 (log 2 - 20 - softplus(-40)) = -38.61, so log pi = -0.9189 + 38.61 = 37.69.

Do not use: torch.distributions.TanhTransform, torch.distributions.transforms.TanhTransform,
torch.distributions.TransformedDistribution,
torch.distributions.transformed_distribution.TransformedDistribution.
"""
import math

import torch
from torch import nn
from torch.nn import functional as F


class QNetwork(nn.Module):
    """Q(s, a): an MLP on [s, a] with one tanh hidden layer; forward -> (B,)."""

    def __init__(self, obs_dim: int, act_dim: int, hidden: int = 16, seed: int = 0):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(obs_dim + act_dim, hidden), nn.Tanh(), nn.Linear(hidden, 1)).double()
        generator = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for p in self.parameters():
                p.copy_(0.5 * torch.randn(p.shape, generator=generator, dtype=p.dtype))

    def forward(self, obs: torch.Tensor, actions: torch.Tensor) -> torch.Tensor:
        return self.net(torch.cat([obs, actions], dim=-1)).squeeze(-1)


def tanh_gaussian_sample(mean: torch.Tensor, log_std: torch.Tensor,
                         eps: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Return a = tanh(mean + exp(log_std) eps) and log pi(a) summed over the action dims."""
    # TODO: u by reparameterisation; the Gaussian log-density of u; subtract the stable
    # log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)); sum over the last axis.
    ### BEGIN SOLUTION
    std = torch.exp(log_std)
    u = mean + std * eps
    gaussian = -0.5 * ((u - mean) / std) ** 2 - log_std - 0.5 * math.log(2.0 * math.pi)
    log_det = 2.0 * (math.log(2.0) - u - F.softplus(-2.0 * u))
    return torch.tanh(u), (gaussian - log_det).sum(dim=-1)
    ### END SOLUTION


def actor_loss(obs: torch.Tensor, mean: torch.Tensor, log_std: torch.Tensor, eps: torch.Tensor,
               q1: nn.Module, q2: nn.Module, alpha: float) -> torch.Tensor:
    """Return mean(alpha log pi(a|s) - min(Q1, Q2)(s, a)) with a the reparameterised sample."""
    # TODO: sample with tanh_gaussian_sample (keep the graph!), min of the two critics, mean.
    ### BEGIN SOLUTION
    actions, log_probs = tanh_gaussian_sample(mean, log_std, eps)
    q_min = torch.min(q1(obs, actions), q2(obs, actions))
    return (alpha * log_probs - q_min).mean()
    ### END SOLUTION


def actor_loss_gradient(obs: torch.Tensor, mean: torch.Tensor, log_std: torch.Tensor, eps: torch.Tensor,
                        q1: nn.Module, q2: nn.Module, alpha: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (d actor_loss / d mean, d actor_loss / d log_std), computed by autograd."""
    # TODO: leaf copies of mean and log_std with requires_grad, actor_loss(...).backward(), their .grad.
    ### BEGIN SOLUTION
    mean = mean.detach().clone().requires_grad_(True)
    log_std = log_std.detach().clone().requires_grad_(True)
    actor_loss(obs, mean, log_std, eps, q1, q2, alpha).backward()
    return mean.grad, log_std.grad
    ### END SOLUTION
