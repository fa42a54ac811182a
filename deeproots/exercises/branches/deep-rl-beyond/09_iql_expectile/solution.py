"""Implicit Q-learning: expectile regression for V, a V-bootstrapped Q, advantage weights.

Source: Kostrikov, Nair & Levine (2022), "Offline Reinforcement Learning with Implicit
Q-Learning", ICLR, §4: eq. (5) the expectile loss L_2^tau(u) = |tau - 1(u < 0)| u^2 and the
value loss L_V = E[L_2^tau(Q_target(s, a) - V(s))], eq. (6) the Q loss
L_Q = E[(r + gamma V(s') - Q(s, a))^2], eq. (7) advantage-weighted extraction with weights
exp(beta (Q(s, a) - V(s))) (clipped at 100 in the paper's code, §5 / appendix); Sergey Levine,
CS285 lecture 16 "Offline RL 2" and homework 5 (IQL). https://arxiv.org/abs/2110.06169

IQL never evaluates Q at an action outside the data. Instead of max_a' Q(s', a') it fits
V(s) to an upper expectile of Q_target(s, a) over the actions a seen with s in the data:

    L_tau(u) = |tau - 1(u < 0)| * u^2,      u = Q_target(s, a) - V(s)
    value_loss = mean over the batch of L_tau(u)

so a positive u (Q above V) weighs tau, a negative one 1 - tau. tau = 0.5 is half the squared
error (V regresses to the mean); tau -> 1 pushes V up to the largest Q in the data (an
in-sample max). The minimiser over a constant v of mean L_tau(x_i - v) is the tau-expectile
of the sample x: it solves sum_i |tau - 1(x_i < v)| (x_i - v) = 0.

Q then regresses on a target that bootstraps from V, not from a max over actions:

    q_loss = mean over the batch of (r + gamma * (1 - done) * V(s') - Q(s, a))^2

and the policy is extracted by weighted behaviour cloning with the weights

    w = min(exp(beta * (Q_target(s, a) - V(s))), 100)

(the clip stops a few large advantages from dominating). Targets and weights are labels:
Q_target(s, a) in value_loss, V(s') in q_loss and w are all detached.

Shapes (torch tensors, float64): v, q_target (B,); u (B,); q_net(obs) and target_q_net(obs)
(B, A); v_net(obs) (B, 1); actions (B,) int64; rewards, dones (B,).
  expectile_loss(u, tau)            -> 0-d tensor, mean over the batch of L_tau(u)
  value_loss(v, q_target, tau)      -> 0-d tensor (u = q_target - v, q_target detached)
  value_loss_gradient(v, q_target, tau) -> d value_loss / d v (B,), by autograd
  fit_expectile(samples (N,), tau, steps, lr) -> float: minimise value_loss over one constant v,
      by plain gradient descent from v = samples.mean() (v <- v - lr * grad)
  iql_losses(q_net, target_q_net, v_net, obs, actions, rewards, next_obs, dones, gamma, tau)
      -> (value_loss, q_loss), two 0-d tensors
  awr_weights(q, v, beta) -> (B,) detached

Tiny example: u = [2, -1], tau = 0.9: [0.9 * 4, 0.1 * 1] -> mean 1.85; tau = 0.5: 1.25, half
the MSE 2.5. beta = 3, Q - V = [0, 1, 2]: weights [1, e^3 ~ 20.09, min(e^6, 100) = 100].
"""
import numpy as np
import torch


def expectile_loss(u: torch.Tensor, tau: float) -> torch.Tensor:
    """Mean over the batch of |tau - 1(u < 0)| * u^2."""
    # TODO: weight tau where u >= 0 and 1 - tau where u < 0.
    ### BEGIN SOLUTION
    weight = torch.abs(tau - (u < 0).to(u.dtype))
    return (weight * u ** 2).mean()
    ### END SOLUTION


def value_loss(v: torch.Tensor, q_target: torch.Tensor, tau: float) -> torch.Tensor:
    """expectile_loss of u = Q_target - V, with Q_target a detached label."""
    # TODO: u = q_target.detach() - v.
    ### BEGIN SOLUTION
    return expectile_loss(q_target.detach() - v, tau)
    ### END SOLUTION


def value_loss_gradient(v: torch.Tensor, q_target: torch.Tensor, tau: float) -> torch.Tensor:
    """d value_loss / d v, by autograd."""
    # TODO: a fresh leaf copy of v with requires_grad, backward, return its .grad.
    ### BEGIN SOLUTION
    leaf = v.detach().clone().requires_grad_(True)
    value_loss(leaf, q_target, tau).backward()
    return leaf.grad
    ### END SOLUTION


def fit_expectile(samples: torch.Tensor, tau: float, steps: int = 500, lr: float = 0.5) -> float:
    """Gradient descent on value_loss over one constant v, from v = mean(samples)."""
    # TODO: v = samples.mean() as a leaf; each step: value_loss(v.expand(N), samples, tau), grad, v -= lr * grad.
    ### BEGIN SOLUTION
    v = samples.mean().detach().clone().requires_grad_(True)
    for _ in range(steps):
        loss = value_loss(v.expand(len(samples)), samples, tau)
        (grad,) = torch.autograd.grad(loss, v)
        with torch.no_grad():
            v -= lr * grad
    return float(v.item())
    ### END SOLUTION


def iql_losses(q_net, target_q_net, v_net, obs, actions, rewards, next_obs, dones, gamma: float, tau: float):
    """(value_loss on Q_target(s, a) vs V(s), q_loss on Q(s, a) vs r + gamma (1 - done) V(s'))."""
    # TODO: Q_target(s, a) and Q(s, a) by gather on the data actions; V(s), V(s') from v_net (squeeze dim 1).
    ### BEGIN SOLUTION
    q_target = target_q_net(obs).gather(1, actions[:, None]).squeeze(1)
    v = v_net(obs).squeeze(1)
    v_loss = value_loss(v, q_target, tau)
    next_v = v_net(next_obs).squeeze(1)
    y = (rewards + gamma * (1.0 - dones) * next_v).detach()
    q = q_net(obs).gather(1, actions[:, None]).squeeze(1)
    return v_loss, ((y - q) ** 2).mean()
    ### END SOLUTION


def iql_gradients(q_net, target_q_net, v_net, obs, actions, rewards, next_obs, dones, gamma, tau) -> dict:
    """Given: the gradients of each loss w.r.t. each network's parameters (zeros where none)."""
    nets = {"q": q_net, "target_q": target_q_net, "v": v_net}
    out = {}
    for k in range(2):
        for net in nets.values():
            for p in net.parameters():
                p.requires_grad_(True)
                p.grad = None
        iql_losses(q_net, target_q_net, v_net, obs, actions, rewards, next_obs, dones, gamma, tau)[k].backward()
        out[["value_loss", "q_loss"][k]] = {
            name: [p.grad.clone() if p.grad is not None else torch.zeros_like(p) for p in net.parameters()]
            for name, net in nets.items()}
    return out


def awr_weights(q: torch.Tensor, v: torch.Tensor, beta: float) -> torch.Tensor:
    """min(exp(beta * (Q - V)), 100), detached."""
    # TODO: exponentiate the scaled advantage, clip at 100, cut from the graph.
    ### BEGIN SOLUTION
    return torch.exp(beta * (q - v)).clamp(max=100.0).detach()
    ### END SOLUTION
