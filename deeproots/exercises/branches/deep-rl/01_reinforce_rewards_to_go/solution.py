"""Rewards-to-go and the REINFORCE surrogate loss with a (detached) baseline.

Source: Sergey Levine, UC Berkeley CS285 Deep Reinforcement Learning, lecture 5 "Policy
Gradients" (the REINFORCE estimator, "reducing variance": causality / reward-to-go and
baselines, and the "pseudo-loss" whose autodiff gradient is the policy gradient) and
lecture 6 "Actor-Critic Algorithms" (a learned state-value baseline V(s)); homework 2.
https://rail.eecs.berkeley.edu/deeprlcourse/

The policy gradient estimated from a batch of N steps is

    grad J(theta) ~= 1/N sum_t grad log pi_theta(a_t | s_t) * (G_t - b_t)

Causality: an action cannot change the rewards that came before it, so each step uses the
discounted reward-to-go of its own episode (not the whole episode's return):

    G_t = r_t + gamma r_{t+1} + gamma^2 r_{t+2} + ...   up to the last step of t's episode.

A batch is flat: episodes laid end to end, dones[t] = True at the last step of each
episode. The batch's last episode may be cut off: treat the end of the batch as an end
(no bootstrapping in this exercise). Compute G backwards in one pass:
G_t = r_t + gamma G_{t+1}, restarting from 0 after every done.

Autograd cannot differentiate "an estimate of grad J"; we give it a surrogate loss whose
gradient is minus that estimate, and minimise it:

    L_pg(theta) = - 1/N sum_t log pi_theta(a_t | s_t) * (G_t - b_t)

The weights G_t - b_t are constants for this loss. The baseline b_t = V_w(s_t) comes from a
critic that is trained by its own loss, 0.5 * mean((V_w(s_t) - G_t)^2): detach it inside
L_pg, or minimising L_pg also drags the critic's weights w around.

The tiny actor-critic of policy_gradients: a linear softmax policy and a linear critic,

    logits = obs @ theta,   log pi(a | s_t) = log_softmax(logits, dim=1)[t, a],   V = obs @ w
    loss   = reinforce_loss(log pi(a_t | s_t), G, V) + 0.5 * mean((V - G)^2)

Shapes (all torch tensors, float64 unless said otherwise; keep float64: torch.zeros_like(rewards)):
  rewards_to_go(rewards (N,), dones (N,) bool, gamma float)          -> G (N,)
  reinforce_loss(log_probs (N,), returns (N,), baseline (N,))        -> scalar tensor (0-d)
  policy_gradients(theta (D, A), w (D,), obs (N, D), actions (N,) int64, rewards (N,),
                   dones (N,) bool, gamma)                           -> (dloss/dtheta (D, A), dloss/dw (D,))
In policy_gradients make your own leaves: theta = theta.detach().clone().requires_grad_(True)
(the same for w), build the loss from your two functions above, call loss.backward() and
return (theta.grad, w.grad).

Tiny example: rewards [1, 2, 3, 4], dones [F, T, F, T], gamma = 1 -> G = [3, 2, 7, 4];
rewards [1, 1, 1], dones [F, F, T], gamma = 0.5 -> G = [1.75, 1.5, 1].
reinforce_loss(log [0.5, 0.25], [3, 1], [1, 1]) = -(2 log 0.5 + 0 log 0.25) / 2 = log 2.
"""
import torch


def rewards_to_go(rewards: torch.Tensor, dones: torch.Tensor, gamma: float) -> torch.Tensor:
    """Return the discounted reward-to-go G_t of every step of a flat batch of episodes."""
    # TODO: loop t backwards; running = 0 after a done; running = r_t + gamma * running.
    ### BEGIN SOLUTION
    to_go = torch.zeros_like(rewards)
    running = 0.0
    for t in reversed(range(rewards.shape[0])):
        if dones[t]:
            running = 0.0  # t ends an episode: nothing after it belongs to t's episode
        running = rewards[t] + gamma * running
        to_go[t] = running
    return to_go
    ### END SOLUTION


def reinforce_loss(log_probs: torch.Tensor, returns: torch.Tensor,
                   baseline: torch.Tensor) -> torch.Tensor:
    """Return the surrogate loss -mean(log_probs * (returns - baseline)), baseline detached."""
    # TODO: one line; mind the sign and baseline.detach().
    ### BEGIN SOLUTION
    return -(log_probs * (returns - baseline.detach())).mean()
    ### END SOLUTION


def policy_gradients(theta: torch.Tensor, w: torch.Tensor, obs: torch.Tensor, actions: torch.Tensor,
                     rewards: torch.Tensor, dones: torch.Tensor,
                     gamma: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (dloss/dtheta, dloss/dw) of the policy loss plus the critic loss, by autograd."""
    # TODO: leaves theta and w; log_softmax, gather the taken actions; values = obs @ w;
    # loss = reinforce_loss(...) + 0.5 * ((values - G) ** 2).mean(); backward.
    ### BEGIN SOLUTION
    theta = theta.detach().clone().requires_grad_(True)
    w = w.detach().clone().requires_grad_(True)
    log_pi = torch.log_softmax(obs @ theta, dim=1)
    log_probs = log_pi[torch.arange(obs.shape[0]), actions]
    values = obs @ w
    returns = rewards_to_go(rewards, dones, gamma)
    loss = reinforce_loss(log_probs, returns, values) + 0.5 * ((values - returns) ** 2).mean()
    loss.backward()
    return theta.grad, w.grad
    ### END SOLUTION
