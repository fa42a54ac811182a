"""A recurrent policy over vectorised environments: zero the hidden state where an episode starts.

Source: Kapturowski et al. (2019), "Recurrent Experience Replay in Distributed Reinforcement
Learning" (R2D2), ICLR 2019, §3 (stored recurrent states; replaying sequences must rebuild
the hidden states the actor had); Huang et al. (2022), "The 37 Implementation Details of
Proximal Policy Optimization", ICLR blog track, the LSTM details (the hidden state is
multiplied by 1 - done before each step, while acting and again when the stored rollout is
re-run for the update, from the state saved at the rollout's start); Hafner (2022), Crafter
(agents need memory: the view is local, the inventory and the map are not all in sight).
https://iclr-blog-track.github.io/2022/03/25/ppo-implementation-details/

N environments run side by side and restart on their own: the observation obs[t, n] is the
FIRST of a new episode when the step before ended one. starts[t, n] = 1.0 says so (it is
the done flag returned by the step that produced obs[t, n]; at the very beginning of
training every env starts). The GRU's memory of the old episode must not leak into the new
one, so the hidden state is zeroed for those envs BEFORE the step that reads obs[t]:

    h      <- h * (1 - starts[t])[:, None]          (N, H) times (N, 1): one flag per env
    h      <- GRUCell(obs[t], h)                    the new hidden state, (N, H)
    logits <- head(h)                               (N, A)

The same masks must be used when the rollout is re-run for the update (PPO's epochs):
starting from the hidden state the actor had just before the rollout's first step, the
recomputed logits reproduce the acting-time ones exactly, gradients flow through the steps
of an episode and stop at its starts (the multiplication by 0). The convention between
rollouts: collect() returns the state to store with the rollout (the actor's state BEFORE
step 0, not the one after the last step) and the state to carry into the next rollout (the
one after the last step); both are detached (truncated backpropagation at rollout borders:
the update never differentiates into an earlier rollout). update_gradients is the backward
pass of an update on a stand-in loss L = sum(weights * logits) over the re-run rollout: zero
the old gradients first, backpropagate, return {name: p.grad} for policy.named_parameters().

Attributes and shapes (N envs, D observation features, H hidden units, A actions, T steps):
  GRUPolicy(obs_dim D, hidden_dim H, num_actions A): self.cell = torch.nn.GRUCell(D, H),
      self.head = torch.nn.Linear(H, A) (created in this order)
  GRUPolicy.step(obs (N, D), h (N, H), starts (N,) float 0/1) -> (logits (N, A), h_new (N, H))
  GRUPolicy.unroll(obs (T, N, D), h_first (N, H), starts (T, N)) -> (logits (T, N, A), h_last (N, H))
  collect(policy, obs (T, N, D), starts (T, N), h (N, H))
      -> (logits (T, N, A) without grad, h_first (N, H) to store, h_last (N, H) to carry)
  update_gradients(policy, obs (T, N, D), h_first (N, H), starts (T, N), weights (T, N, A))
      -> dict parameter name -> gradient of L = sum(weights * unroll logits), fresh each call

Tiny example: one env, starts [1, 0, 1, 0]: the logits at t = 2, 3 equal those of a GRU run
from a zero state on obs[2:4] alone, whatever obs[0:2] were; with starts [1, 0, 0, 0] they
depend on all four observations.
"""
import torch


class GRUPolicy(torch.nn.Module):
    """A GRU cell and a linear head; the hidden state is reset where an episode starts."""

    def __init__(self, obs_dim: int, hidden_dim: int, num_actions: int):
        """self.cell = GRUCell(obs_dim, hidden_dim), then self.head = Linear(hidden_dim, num_actions)."""
        super().__init__()
        # TODO: the two modules, in this order (the check seeds torch and compares weights).
        ### BEGIN SOLUTION
        self.cell = torch.nn.GRUCell(obs_dim, hidden_dim)
        self.head = torch.nn.Linear(hidden_dim, num_actions)
        ### END SOLUTION

    def step(self, obs: torch.Tensor, h: torch.Tensor, starts: torch.Tensor) -> tuple:
        """Zero h where starts is 1, run the cell on obs, return (head(h_new), h_new)."""
        # TODO: mask (N, 1) multiplied in BEFORE the cell; then the cell, then the head.
        ### BEGIN SOLUTION
        h = h * (1.0 - starts.to(h.dtype)).unsqueeze(-1)
        h = self.cell(obs, h)
        return self.head(h), h
        ### END SOLUTION

    def unroll(self, obs: torch.Tensor, h_first: torch.Tensor, starts: torch.Tensor) -> tuple:
        """Re-run T stored steps from h_first with the same masks: (logits (T, N, A), h_last)."""
        # TODO: loop over t calling self.step; stack the logits.
        ### BEGIN SOLUTION
        h, outputs = h_first, []
        for t in range(obs.shape[0]):
            logits, h = self.step(obs[t], h, starts[t])
            outputs.append(logits)
        return torch.stack(outputs), h
        ### END SOLUTION


def collect(policy: GRUPolicy, obs: torch.Tensor, starts: torch.Tensor, h: torch.Tensor) -> tuple:
    """Act step by step without gradients: (logits (T, N, A), h_first to store, h_last to carry)."""
    # TODO: store h (detached) before the first step; step through the rollout under torch.no_grad.
    ### BEGIN SOLUTION
    h_first = h.detach().clone()
    outputs = []
    with torch.no_grad():
        for t in range(obs.shape[0]):
            logits, h = policy.step(obs[t], h, starts[t])
            outputs.append(logits)
    return torch.stack(outputs), h_first, h.detach()
    ### END SOLUTION


def update_gradients(policy: GRUPolicy, obs: torch.Tensor, h_first: torch.Tensor, starts: torch.Tensor,
                     weights: torch.Tensor) -> dict:
    """Gradients of sum(weights * unroll(obs, h_first, starts) logits), by parameter name."""
    # TODO: zero the gradients, unroll, backward, collect p.grad (cloned) for named_parameters().
    ### BEGIN SOLUTION
    policy.zero_grad()
    logits, _ = policy.unroll(obs, h_first, starts)
    (weights * logits).sum().backward()
    return {name: p.grad.detach().clone() for name, p in policy.named_parameters()}
    ### END SOLUTION
