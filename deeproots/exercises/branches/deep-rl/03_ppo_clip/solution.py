"""The PPO clipped surrogate objective, with the value loss and the entropy bonus.

Source: Schulman, Wolski, Dhariwal, Radford & Klimov (2017), "Proximal Policy Optimization
Algorithms", §3 (eq. 7, the clipped objective L^CLIP, and Figure 1: where the clip is
active for A > 0 and A < 0) and §5 (eq. 9, L^{CLIP+VF+S}); Sergey Levine, CS285 lecture 9
"Advanced Policy Gradients" (the importance-sampled surrogate, staying close to the old
policy). Implementation details as in CleanRL's ppo.py.
https://arxiv.org/abs/1707.06347

With the probability ratio between the new policy and the one that collected the data,

    r_t = pi_new(a_t | s_t) / pi_old(a_t | s_t) = exp(log pi_new - log pi_old)

PPO maximises  L^CLIP = mean_t min(r_t A_t, clip(r_t, 1 - eps, 1 + eps) A_t).
The min makes it a pessimistic bound: a change that looks good (A > 0 and r > 1 + eps, or
A < 0 and r < 1 - eps) earns nothing beyond the clip and gives no gradient, while a change
that looks bad is never clipped away. We minimise losses, so the policy loss is -L^CLIP.

The full loss of one PPO minibatch (eq. 9, signs for minimisation):

    loss = -L^CLIP + vf_coef * 0.5 * mean((V(s_t) - R_t)^2) - ent_coef * mean(entropy_t)

Shapes (torch tensors, float64): new_log_probs, old_log_probs, advantages, values, returns,
entropy are all (N,); clip_eps, vf_coef, ent_coef are floats. The losses are 0-d tensors.
  clip_loss(new_log_probs, old_log_probs, advantages, clip_eps)         -> -L^CLIP
  value_loss(values, returns)                                           -> 0.5 mean((V - R)^2)
  ppo_loss(new_log_probs, old_log_probs, advantages, values, returns, entropy,
           clip_eps, vf_coef, ent_coef)                                 -> the full loss
  clip_loss_gradient(new_log_probs, old_log_probs, advantages, clip_eps) -> d clip_loss / d new_log_probs (N,)
For clip_loss_gradient make a leaf (new_log_probs.detach().clone().requires_grad_(True)),
call your clip_loss, backward, return the leaf's .grad.

Tiny examples with eps = 0.2, one sample each (loss = -objective):
  r = 0.5, A = +1: min(0.5, 0.8) = 0.5      -> loss -0.5, gradient -r A = -0.5
  r = 1.5, A = +1: min(1.5, 1.2) = 1.2      -> loss -1.2, gradient 0 (clipped)
  r = 0.5, A = -1: min(-0.5, -0.8) = -0.8   -> loss  0.8, gradient 0 (clipped)
  r = 1.5, A = -1: min(-1.5, -1.2) = -1.5   -> loss  1.5, gradient -r A = 1.5
"""
import torch


def clip_loss(new_log_probs: torch.Tensor, old_log_probs: torch.Tensor, advantages: torch.Tensor,
              clip_eps: float) -> torch.Tensor:
    """Return -mean(min(r A, clip(r, 1 - eps, 1 + eps) A)) with r = exp(new - old)."""
    # TODO: ratio, the two terms, torch.min, mean, minus sign.
    ### BEGIN SOLUTION
    ratio = torch.exp(new_log_probs - old_log_probs)
    clipped = torch.clamp(ratio, 1 - clip_eps, 1 + clip_eps)
    return -torch.min(ratio * advantages, clipped * advantages).mean()
    ### END SOLUTION


def value_loss(values: torch.Tensor, returns: torch.Tensor) -> torch.Tensor:
    """Return 0.5 * mean((values - returns) ** 2)."""
    # TODO: one line.
    ### BEGIN SOLUTION
    return 0.5 * ((values - returns) ** 2).mean()
    ### END SOLUTION


def ppo_loss(new_log_probs: torch.Tensor, old_log_probs: torch.Tensor, advantages: torch.Tensor,
             values: torch.Tensor, returns: torch.Tensor, entropy: torch.Tensor, clip_eps: float,
             vf_coef: float, ent_coef: float) -> torch.Tensor:
    """Return clip_loss + vf_coef * value_loss - ent_coef * mean(entropy)."""
    # TODO: combine the three terms (the entropy is a bonus: it lowers the loss).
    ### BEGIN SOLUTION
    policy = clip_loss(new_log_probs, old_log_probs, advantages, clip_eps)
    return policy + vf_coef * value_loss(values, returns) - ent_coef * entropy.mean()
    ### END SOLUTION


def clip_loss_gradient(new_log_probs: torch.Tensor, old_log_probs: torch.Tensor,
                       advantages: torch.Tensor, clip_eps: float) -> torch.Tensor:
    """Return d clip_loss / d new_log_probs, computed by autograd."""
    # TODO: a leaf copy of new_log_probs with requires_grad, clip_loss(...).backward(), .grad.
    ### BEGIN SOLUTION
    leaf = new_log_probs.detach().clone().requires_grad_(True)
    clip_loss(leaf, old_log_probs, advantages, clip_eps).backward()
    return leaf.grad
    ### END SOLUTION
