"""AWAC: advantage-weighted actor updates, exp(A / lambda) normalised over the batch.

Source: Nair, Gupta, Dalal & Levine (2020), "AWAC: Accelerating Online Reinforcement
Learning with Offline Datasets", arXiv:2006.09359, §4: eq. (9) the constrained policy
improvement pi* proportional to pi_beta exp(A / lambda), eq. (10) its projection onto the
policy class, the weighted log-likelihood E_{s, a ~ data}[log pi(a|s) exp(A(s, a) / lambda)],
with A(s, a) = Q(s, a) - E_{a' ~ pi}[Q(s, a')] (the value of the current policy, estimated by
sampling actions from it); Sergey Levine, CS285 lecture 16 "Offline RL 2" and homework 5 (AWAC).
https://arxiv.org/abs/2006.09359

For a batch of B data transitions (s_i, a_i), a critic Q(s_i, .) over A discrete actions and
the current policy pi(.|s_i) = softmax(logits_i):

    A_i = Q(s_i, a_i) - sum_a' pi(a'|s_i) Q(s_i, a')            (exact for discrete actions)
    A_i ~ Q(s_i, a_i) - (1/K) sum_k Q(s_i, a'_ik),  a'_ik ~ pi(.|s_i)   (Monte Carlo, K samples)
    w_i = exp(A_i / lambda) / sum_j exp(A_j / lambda)              (a softmax over the BATCH)
    actor_loss = - sum_i w_i log pi(a_i|s_i)

The weights are constants for the actor (detach them): the baseline depends on pi, but the
update is a weighted maximum likelihood, not a gradient through the weights. lambda is a
temperature: it divides the advantage. lambda -> 0 puts all the weight on the best (s, a) of
the batch (greedy on the data), lambda -> infinity gives uniform weights 1 / B: plain
behaviour cloning. Compute the softmax stably (torch.softmax, or subtract the max first):
A / lambda is huge for small lambda.

Advantages come as a column (B, 1), as a critic head outputs them; the softmax runs over the
batch axis, dim 0 (over dim 1, a single entry, every weight would be 1).

Shapes (torch tensors, float64): q_values, logits (B, A); probs (B, A) rows summing to 1;
actions (B,) int64; sampled (B, K) int64.
  advantages(q_values, probs, actions)          -> (B, 1)
  advantages_sampled(q_values, actions, sampled) -> (B, 1)
  awac_weights(adv (B, 1), lam)                 -> (B,) detached, summing to 1
  actor_loss(logits, actions, weights (B,))     -> 0-d tensor
  awac_actor_loss(logits, q_values, actions, lam) -> 0-d tensor (exact advantages, pi = softmax(logits))
  awac_actor_loss_gradient(logits, q_values, actions, lam) -> d awac_actor_loss / d logits (B, A)

Tiny example: logits 0 (pi = [1/2, 1/2]), Q = [[1, 3], [2, 2]], actions [1, 0], lambda = 1:
baselines [2, 2], A = [1, 0], w = [e / (e + 1), 1 / (e + 1)] ~ [0.731, 0.269], actor loss
-(w_1 + w_2) ln(1/2) = ln 2; gradient w_i (pi_i - onehot(a_i)): [[0.366, -0.366], [-0.134, 0.134]].
"""
import torch


def advantages(q_values: torch.Tensor, probs: torch.Tensor, actions: torch.Tensor) -> torch.Tensor:
    """Q(s, a) - E_{a' ~ pi}[Q(s, a')], exactly, as a (B, 1) column."""
    # TODO: the data action's Q minus the policy-weighted average of Q over actions.
    ### BEGIN SOLUTION
    baseline = (probs * q_values).sum(dim=1, keepdim=True)
    return q_values.gather(1, actions[:, None]) - baseline
    ### END SOLUTION


def advantages_sampled(q_values: torch.Tensor, actions: torch.Tensor, sampled: torch.Tensor) -> torch.Tensor:
    """Q(s, a) - mean over the K sampled actions a' of Q(s, a'), as a (B, 1) column."""
    # TODO: gather the Q of every sampled action (B, K), average over K.
    ### BEGIN SOLUTION
    mc_baseline = q_values.gather(1, sampled).mean(dim=1, keepdim=True)
    return q_values.gather(1, actions[:, None]) - mc_baseline
    ### END SOLUTION


def awac_weights(adv: torch.Tensor, lam: float) -> torch.Tensor:
    """softmax over the batch of adv / lambda, detached, (B, 1) -> (B,)."""
    # TODO: divide by the temperature, a stable softmax over the batch axis (dim 0), detach, squeeze.
    ### BEGIN SOLUTION
    return torch.softmax(adv / lam, dim=0).squeeze(1).detach()
    ### END SOLUTION


def actor_loss(logits: torch.Tensor, actions: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """- sum_i w_i log pi(a_i | s_i), pi = softmax(logits)."""
    # TODO: log_softmax over actions, the data action's log-probability, weighted sum.
    ### BEGIN SOLUTION
    log_pi = torch.log_softmax(logits, dim=1).gather(1, actions[:, None]).squeeze(1)
    return -(weights * log_pi).sum()
    ### END SOLUTION


def awac_actor_loss(logits: torch.Tensor, q_values: torch.Tensor, actions: torch.Tensor, lam: float) -> torch.Tensor:
    """Exact advantages under pi = softmax(logits), batch-softmax weights, weighted log-likelihood."""
    # TODO: combine advantages, awac_weights and actor_loss.
    ### BEGIN SOLUTION
    probs = torch.softmax(logits, dim=1)
    weights = awac_weights(advantages(q_values, probs, actions), lam)
    return actor_loss(logits, actions, weights)
    ### END SOLUTION


def awac_actor_loss_gradient(logits: torch.Tensor, q_values: torch.Tensor, actions: torch.Tensor,
                             lam: float) -> torch.Tensor:
    """d awac_actor_loss / d logits (B, A), by autograd."""
    # TODO: a fresh leaf copy of logits with requires_grad, backward, return its .grad.
    ### BEGIN SOLUTION
    leaf = logits.detach().clone().requires_grad_(True)
    awac_actor_loss(leaf, q_values, actions, lam).backward()
    return leaf.grad
    ### END SOLUTION
