"""DQN and double-DQN targets with terminal masking, and the Huber TD loss.

Source: Mnih et al. (2015), "Human-level control through deep reinforcement learning",
Nature 518 (Methods: the target network Q^-, y = r + gamma max_a' Q^-(s', a'), y = r at a
terminal step, and "error clipping" of the TD error to [-1, 1], i.e. the Huber loss);
van Hasselt, Guez & Silver (2016), "Deep Reinforcement Learning with Double Q-learning",
AAAI, §3-4 (eq. 4: the online network picks a', the target network evaluates it);
Sergey Levine, CS285 lectures 7 "Value Function Methods" and 8 "Deep RL with Q-Functions"
(target networks, overestimation and double Q-learning).
https://www.nature.com/articles/nature14236

A minibatch of B transitions (s, a, r, s', done) and Q-values over A actions. The targets

    DQN:        y = r + gamma * (1 - done) * max_a' Q_target(s', a')
    double DQN: a* = argmax_a' Q_online(s', a'),   y = r + gamma * (1 - done) * Q_target(s', a*)

The max of noisy estimates is biased upwards; double DQN decouples choosing the action
(online net) from evaluating it (target net). A terminal s' has no future: y = r.

The target is a fixed regression label, not a prediction to improve: it must not receive
gradient. The Q-values it is built from may come from a network with requires_grad (the
target net's parameters, or the online net's in double DQN), so both target functions return
a tensor cut from the graph (.detach(), or compute it under torch.no_grad()): requires_grad
False. td_loss also treats targets as constants (targets.detach()), so the gradient of the
loss never reaches the network that produced them.

The TD loss regresses Q_online(s, a) of the action actually taken onto y with the Huber
loss (delta = 1), the mean over the batch of

    huber(x) = 0.5 x^2 if |x| <= 1, else |x| - 0.5,     x = Q(s, a) - y

Its gradient is the TD error clipped to [-1, 1]: large errors do not blow up the update.
PyTorch's Huber losses compute it; here you write it, with torch.where it is one line.

Shapes (torch tensors): rewards, dones (B,) float64 (dones 0.0 or 1.0); next_q_online,
next_q_target, q_values (B, A) float64; actions (B,) int64; targets (B,) float64.
  dqn_targets(rewards, next_q_target, dones, gamma)                       -> y (B,)
  double_dqn_targets(rewards, next_q_online, next_q_target, dones, gamma) -> y (B,)
  td_loss(q_values, actions, targets)                                     -> 0-d tensor
  td_loss_gradient(q_values, actions, targets) -> d td_loss / d q_values (B, A), by autograd

Tiny example (gamma = 0.9): rewards [1, 0], dones [0, 1], next_q_target [[1, 3], [2, 0]]
-> DQN y = [1 + 0.9 * 3, 0] = [3.7, 0]. With next_q_online [[5, 0], [0, 1]]: a* = [0, 1]
-> double DQN y = [1 + 0.9 * 1, 0] = [1.9, 0]. td_loss([[0, 2], [1, 1]], [1, 0], [2.5, 4]):
x = [-0.5, -3] -> (0.125 + 2.5) / 2 = 1.3125; gradient [[0, -0.25], [-0.5, 0]].

Do not use: torch.nn.functional.smooth_l1_loss, torch.nn.functional.huber_loss,
torch.nn.SmoothL1Loss, torch.nn.HuberLoss.
"""
import torch


def dqn_targets(rewards: torch.Tensor, next_q_target: torch.Tensor, dones: torch.Tensor,
                gamma: float) -> torch.Tensor:
    """Return r + gamma * (1 - done) * max over actions of Q_target(s', .), detached."""
    # TODO: max over the action axis (dim=1), mask terminal steps, cut it from the graph.
    ### BEGIN SOLUTION
    best_next = next_q_target.max(dim=1).values
    target = rewards + gamma * (1.0 - dones) * best_next
    return target.detach()  # a regression label: no gradient may flow into the target net
    ### END SOLUTION


def double_dqn_targets(rewards: torch.Tensor, next_q_online: torch.Tensor, next_q_target: torch.Tensor,
                       dones: torch.Tensor, gamma: float) -> torch.Tensor:
    """Return r + gamma * (1 - done) * Q_target(s', argmax_a Q_online(s', a)), detached."""
    # TODO: argmax with the online net, gather that action's value from the target net, detach.
    ### BEGIN SOLUTION
    best_actions = next_q_online.argmax(dim=1)
    evaluated = next_q_target.gather(1, best_actions[:, None]).squeeze(1)
    target = rewards + gamma * (1.0 - dones) * evaluated
    return target.detach()
    ### END SOLUTION


def td_loss(q_values: torch.Tensor, actions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Return the mean Huber loss (delta = 1) of Q(s, a) - y over the batch (y a constant)."""
    # TODO: pick Q(s, a) of the taken actions, then the Huber loss of the difference, mean.
    ### BEGIN SOLUTION
    taken = q_values.gather(1, actions[:, None]).squeeze(1)
    error = taken - targets.detach()
    huber = torch.where(error.abs() <= 1.0, 0.5 * error ** 2, error.abs() - 0.5)
    return huber.mean()
    ### END SOLUTION


def td_loss_gradient(q_values: torch.Tensor, actions: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Return d td_loss / d q_values, computed by autograd."""
    # TODO: a leaf copy of q_values with requires_grad, td_loss(...).backward(), .grad.
    ### BEGIN SOLUTION
    leaf = q_values.detach().clone().requires_grad_(True)
    td_loss(leaf, actions, targets).backward()
    return leaf.grad
    ### END SOLUTION
