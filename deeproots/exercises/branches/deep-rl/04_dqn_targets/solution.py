"""Reference solution: DQN / double-DQN targets and the Huber TD loss."""
import torch


def dqn_targets(rewards: torch.Tensor, next_q_target: torch.Tensor, dones: torch.Tensor,
                gamma: float) -> torch.Tensor:
    best_next = next_q_target.max(dim=1).values
    target = rewards + gamma * (1.0 - dones) * best_next
    return target.detach()  # a regression label: no gradient may flow into the target net


def double_dqn_targets(rewards: torch.Tensor, next_q_online: torch.Tensor, next_q_target: torch.Tensor,
                       dones: torch.Tensor, gamma: float) -> torch.Tensor:
    best_actions = next_q_online.argmax(dim=1)
    evaluated = next_q_target.gather(1, best_actions[:, None]).squeeze(1)
    target = rewards + gamma * (1.0 - dones) * evaluated
    return target.detach()


def td_loss(q_values: torch.Tensor, actions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    taken = q_values.gather(1, actions[:, None]).squeeze(1)
    error = taken - targets.detach()
    huber = torch.where(error.abs() <= 1.0, 0.5 * error ** 2, error.abs() - 0.5)
    return huber.mean()


def td_loss_gradient(q_values: torch.Tensor, actions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    leaf = q_values.detach().clone().requires_grad_(True)
    td_loss(leaf, actions, targets).backward()
    return leaf.grad
