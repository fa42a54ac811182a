"""Reference solution: rewards-to-go, the REINFORCE surrogate loss, a tiny actor-critic."""
import torch


def rewards_to_go(rewards: torch.Tensor, dones: torch.Tensor, gamma: float) -> torch.Tensor:
    to_go = torch.zeros_like(rewards)
    running = 0.0
    for t in reversed(range(rewards.shape[0])):
        if dones[t]:
            running = 0.0  # t ends an episode: nothing after it belongs to t's episode
        running = rewards[t] + gamma * running
        to_go[t] = running
    return to_go


def reinforce_loss(log_probs: torch.Tensor, returns: torch.Tensor,
                   baseline: torch.Tensor) -> torch.Tensor:
    return -(log_probs * (returns - baseline.detach())).mean()


def policy_gradients(theta: torch.Tensor, w: torch.Tensor, obs: torch.Tensor, actions: torch.Tensor,
                     rewards: torch.Tensor, dones: torch.Tensor,
                     gamma: float) -> tuple[torch.Tensor, torch.Tensor]:
    theta = theta.detach().clone().requires_grad_(True)
    w = w.detach().clone().requires_grad_(True)
    log_pi = torch.log_softmax(obs @ theta, dim=1)
    log_probs = log_pi[torch.arange(obs.shape[0]), actions]
    values = obs @ w
    returns = rewards_to_go(rewards, dones, gamma)
    loss = reinforce_loss(log_probs, returns, values) + 0.5 * ((values - returns) ** 2).mean()
    loss.backward()
    return theta.grad, w.grad
