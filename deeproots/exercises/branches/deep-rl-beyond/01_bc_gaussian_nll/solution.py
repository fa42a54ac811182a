"""Behaviour cloning with a diagonal-Gaussian policy: the negative log-likelihood of the expert.

Source: Sergey Levine, CS285 lecture 2 "Supervised Learning of Behaviors" and homework 1
(behaviour cloning: an MLP policy whose mean comes from the network and whose log standard
deviation is a learned, state-independent parameter, trained by maximum likelihood on the
expert's (observation, action) pairs); Goodfellow, Bengio & Courville §5.5.1 (conditional
log-likelihood and mean squared error).
https://rail.eecs.berkeley.edu/deeprlcourse/

The policy pi_theta(a | s) = N(a; mu_theta(s), diag(sigma^2)) with sigma = exp(log_std), where
mu_theta is an MLP and log_std a parameter of shape (act_dim,) shared by every state.
Behaviour cloning maximises the expert's log-likelihood, i.e. minimises, over a batch of N pairs,

    NLL = (1/N) sum_n sum_d [ (a_nd - mu_nd)^2 / (2 sigma_d^2) + log sigma_d + (1/2) log(2 pi) ]

(a sum over the action dimensions: the log-density of a diagonal Gaussian; a MEAN over the
batch, so the loss does not grow with N). The log sigma term is what stops sigma from growing
without bound; with a fixed sigma the loss is the mean squared error up to scale and a constant.
At the optimum sigma_d^2 is the mean squared residual of dimension d.

Write:
  GaussianPolicy(obs_dim, act_dim, hidden=32): an nn.Module with
      self.mean_net: nn.Sequential(Linear(obs_dim, hidden), Tanh, Linear(hidden, hidden), Tanh,
                                   Linear(hidden, act_dim))
      self.log_std: nn.Parameter of shape (act_dim,), initialised to zeros (sigma = 1)
      forward(obs (N, obs_dim)) -> (mean (N, act_dim), log_std (N, act_dim), log_std broadcast)
  gaussian_nll(mean (N, D), log_std (D,) or (N, D), actions (N, D)) -> 0-d tensor, the NLL above
  train_bc(obs (N, obs_dim), actions (N, act_dim), steps, lr, seed, hidden=32) -> GaussianPolicy:
      torch.manual_seed(seed) BEFORE building the policy; Adam on ALL its parameters (log_std
      included); full-batch steps: zero_grad, loss = gaussian_nll(*policy(obs), actions),
      backward, step. Return the trained policy.
All tensors are float32 (the default dtype of nn.Linear).

Tiny example: mean 0, log_std 0, action 1 (N = D = 1): NLL = 1/2 + (1/2) log(2 pi) ~ 1.4189;
with log_std = log 2 instead: 1/8 + log 2 + (1/2) log(2 pi) ~ 1.7371.

Do not use: torch.distributions.*, torch.nn.functional.gaussian_nll_loss, torch.nn.GaussianNLLLoss.
"""
import math

import torch
from torch import nn


class GaussianPolicy(nn.Module):
    """pi(a | s) = N(mean_net(s), diag(exp(log_std))^2) with a state-independent log_std."""

    def __init__(self, obs_dim: int, act_dim: int, hidden: int = 32):
        super().__init__()
        # TODO: self.mean_net (Linear, Tanh, Linear, Tanh, Linear) and self.log_std, a learned
        # nn.Parameter of zeros of shape (act_dim,).
        ### BEGIN SOLUTION
        self.mean_net = nn.Sequential(nn.Linear(obs_dim, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                                      nn.Linear(hidden, act_dim))
        self.log_std = nn.Parameter(torch.zeros(act_dim))
        ### END SOLUTION

    def forward(self, obs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Return (mean, log_std), both (N, act_dim)."""
        # TODO: the mean from the network; log_std expanded to the mean's shape.
        ### BEGIN SOLUTION
        mean = self.mean_net(obs)
        return mean, self.log_std.expand_as(mean)
        ### END SOLUTION


def gaussian_nll(mean: torch.Tensor, log_std: torch.Tensor, actions: torch.Tensor) -> torch.Tensor:
    """Return the batch mean of -log N(actions; mean, diag(exp(log_std))^2)."""
    # TODO: the squared standardised residual, log sigma and (1/2) log(2 pi), summed over the
    # action dimensions, averaged over the batch.
    ### BEGIN SOLUTION
    std = torch.exp(log_std)
    per_dim = 0.5 * ((actions - mean) / std) ** 2 + log_std + 0.5 * math.log(2 * math.pi)
    return per_dim.sum(dim=-1).mean()
    ### END SOLUTION


def train_bc(obs: torch.Tensor, actions: torch.Tensor, steps: int, lr: float, seed: int,
             hidden: int = 32) -> GaussianPolicy:
    """Fit a GaussianPolicy to the expert pairs by full-batch Adam on gaussian_nll."""
    # TODO: seed, build, Adam over policy.parameters(), `steps` full-batch updates.
    ### BEGIN SOLUTION
    torch.manual_seed(seed)
    policy = GaussianPolicy(obs.shape[1], actions.shape[1], hidden)
    optimizer = torch.optim.Adam(policy.parameters(), lr=lr)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = gaussian_nll(*policy(obs), actions)
        loss.backward()
        optimizer.step()
    return policy
    ### END SOLUTION
