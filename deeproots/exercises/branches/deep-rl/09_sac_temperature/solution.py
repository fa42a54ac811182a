"""SAC's automatic temperature: the loss on log alpha and the entropy target.

Source: Haarnoja, Zhou, Hartikainen, Tucker, Ha, Tan, Kumar, Zhu, Gupta, Abbeel & Levine
(2018), "Soft Actor-Critic Algorithms and Applications", §5 "Automating Entropy Adjustment
for Maximum Entropy RL" (eq. 18: J(alpha) = E_{a ~ pi}[-alpha log pi(a|s) - alpha H-bar])
and §6 (target entropy H-bar = -dim(A)); Sergey Levine, CS285 HW3 (SAC, the automatic
temperature); CleanRL's sac_continuous_action.py (--autotune).
https://arxiv.org/abs/1812.05905

The temperature alpha weighs the entropy bonus. Instead of tuning it by hand, SAC constrains
the policy's entropy to stay near a target H-bar and learns alpha as a Lagrange multiplier:

    J(alpha) = mean_i [ -alpha (log pi(a_i|s_i) + H-bar) ],   H-bar = -|A| (the action dimension)

with a_i sampled from the current policy. The learned parameter is log alpha, and
alpha = exp(log alpha) (so alpha stays positive whatever the step does; a gradient step on
alpha itself can drive it below 0). The log-probs are data here, not something to change: use
(log pi + H-bar).detach(), or the temperature loss would send gradient into the policy.

The sign tells the story: dJ/d(log alpha) = -alpha mean(log pi + H-bar) = alpha (H - H-bar),
with H = -mean(log pi) the entropy estimate. Entropy above the target -> positive gradient ->
gradient descent lowers alpha (less pressure to explore); below the target -> alpha rises.

Shapes: log_alpha a 0-d float64 tensor; log_probs (B,) float64; target_entropy a float.
  default_target_entropy(action_dim) -> float, -action_dim
  temperature_loss(log_alpha, log_probs, target_entropy) -> 0-d tensor
  temperature_gradient(log_alpha, log_probs, target_entropy) -> d loss / d log_alpha (0-d), by autograd
  temperature_update(log_alpha, log_probs, target_entropy, lr) -> float: one gradient-descent
      step on log alpha, log_alpha - lr * d loss / d log_alpha (log_alpha given as a float)

Tiny example: log_alpha = log 2, log_probs [-1, -3], target -1: mean(log pi + H-bar) =
mean([-2, -4]) = -3, loss = -2 * (-3) = 6, gradient -alpha * (-3) = 6 > 0: the entropy
estimate 2 is above the target -1, so alpha goes down. temperature_update(log 2, ..., lr=0.1)
-> log 2 - 0.6.
"""
import torch


def default_target_entropy(action_dim: int) -> float:
    """Return the heuristic target entropy -|A|."""
    # TODO: one line.
    ### BEGIN SOLUTION
    return -float(action_dim)
    ### END SOLUTION


def temperature_loss(log_alpha: torch.Tensor, log_probs: torch.Tensor, target_entropy: float) -> torch.Tensor:
    """Return mean(-exp(log_alpha) * (log_probs + target_entropy)), the log-probs detached."""
    # TODO: alpha = log_alpha.exp(); the log-probs (plus the target) are constants.
    ### BEGIN SOLUTION
    return -(log_alpha.exp() * (log_probs + target_entropy).detach()).mean()
    ### END SOLUTION


def temperature_gradient(log_alpha: torch.Tensor, log_probs: torch.Tensor, target_entropy: float) -> torch.Tensor:
    """Return d temperature_loss / d log_alpha, computed by autograd."""
    # TODO: a leaf copy of log_alpha with requires_grad, temperature_loss(...).backward(), .grad.
    ### BEGIN SOLUTION
    leaf = log_alpha.detach().clone().requires_grad_(True)
    temperature_loss(leaf, log_probs, target_entropy).backward()
    return leaf.grad
    ### END SOLUTION


def temperature_update(log_alpha: float, log_probs: torch.Tensor, target_entropy: float, lr: float) -> float:
    """Return log_alpha after one gradient-descent step on temperature_loss (in log alpha)."""
    # TODO: temperature_gradient at torch.tensor(log_alpha, dtype=torch.float64), one SGD step.
    ### BEGIN SOLUTION
    grad = temperature_gradient(torch.tensor(log_alpha, dtype=torch.float64), log_probs, target_entropy)
    return float(log_alpha - lr * grad)
    ### END SOLUTION
