"""The loss pieces shared by the actor-critic algorithms: advantage normalisation and PPO's objective.

PPO's clipped surrogate is Schulman et al. 2017, eq. (7); the clipped value loss is PPO2's (Huang et
al. 2022, "The 37 Implementation Details of PPO", detail #9); the KL estimator is Schulman's
"Approximating KL divergence" (2020), k3. deep/ppo.py (CartPole) and crafter/ppo.py (pixels) use
the same functions, so the same formula is written once.
"""
from __future__ import annotations

import torch


def normalize(advantages: torch.Tensor) -> torch.Tensor:
    """Standardised advantages (mean 0, std 1); a single advantage is left as it is."""
    if len(advantages) <= 1:
        return advantages
    return (advantages - advantages.mean()) / (advantages.std() + 1e-8)


def clipped_policy_loss(new_log_prob, old_log_prob, advantages, clip_range: float) -> torch.Tensor:
    """PPO's clipped surrogate, negated to be minimised: mean of max(-A r, -A clip(r, 1-eps, 1+eps))."""
    ratio = torch.exp(new_log_prob - old_log_prob)
    unclipped = -advantages * ratio
    clipped = -advantages * torch.clamp(ratio, 1.0 - clip_range, 1.0 + clip_range)
    return torch.max(unclipped, clipped).mean()


def value_loss(values, old_values, returns, clip_range: float | None = None) -> torch.Tensor:
    """Mean squared error of the values; with clip_range, PPO2's pessimistic max over the clipped update."""
    if clip_range is None:
        return ((values - returns) ** 2).mean()
    values_clipped = old_values + torch.clamp(values - old_values, -clip_range, clip_range)
    return torch.max((values - returns) ** 2, (values_clipped - returns) ** 2).mean()


@torch.no_grad()
def ppo_diagnostics(new_log_prob, old_log_prob, clip_range: float) -> tuple[float, float]:
    """(approx_kl, clip_fraction) of one minibatch: the low-variance, always non-negative KL estimator
    mean((r - 1) - log r), and the share of ratios outside [1-eps, 1+eps]."""
    log_ratio = new_log_prob - old_log_prob
    ratio = log_ratio.exp()
    approx_kl = ((ratio - 1) - log_ratio).mean().item()
    clip_fraction = ((ratio - 1.0).abs() > clip_range).float().mean().item()
    return approx_kl, clip_fraction
