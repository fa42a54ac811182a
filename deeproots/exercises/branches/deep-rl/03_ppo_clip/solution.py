"""Reference solution: PPO's clipped surrogate, value loss and entropy bonus."""
import torch


def clip_loss(new_log_probs: torch.Tensor, old_log_probs: torch.Tensor, advantages: torch.Tensor,
              clip_eps: float) -> torch.Tensor:
    ratio = torch.exp(new_log_probs - old_log_probs)
    clipped = torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps)
    return -torch.min(ratio * advantages, clipped * advantages).mean()


def value_loss(values: torch.Tensor, returns: torch.Tensor) -> torch.Tensor:
    return 0.5 * ((values - returns) ** 2).mean()


def ppo_loss(new_log_probs: torch.Tensor, old_log_probs: torch.Tensor, advantages: torch.Tensor,
             values: torch.Tensor, returns: torch.Tensor, entropy: torch.Tensor, clip_eps: float,
             vf_coef: float, ent_coef: float) -> torch.Tensor:
    policy = clip_loss(new_log_probs, old_log_probs, advantages, clip_eps)
    return policy + vf_coef * value_loss(values, returns) - ent_coef * entropy.mean()


def clip_loss_gradient(new_log_probs: torch.Tensor, old_log_probs: torch.Tensor,
                       advantages: torch.Tensor, clip_eps: float) -> torch.Tensor:
    leaf = new_log_probs.detach().clone().requires_grad_(True)
    clip_loss(leaf, old_log_probs, advantages, clip_eps).backward()
    return leaf.grad
