"""Conservative Q-learning (CQL(H)) for discrete actions: the logsumexp regulariser.

Source: Kumar, Zhou, Tucker & Levine (2020), "Conservative Q-Learning for Offline
Reinforcement Learning", NeurIPS, §3.2, eq. (4) (CQL(H): the regulariser
alpha * E_s[log sum_a exp Q(s, a) - E_{a ~ data} Q(s, a)] added to the Bellman error);
Sergey Levine, CS285 lecture 16 "Offline RL 2" and homework 5 (CQL on top of DQN).
https://arxiv.org/abs/2006.04779

Offline RL learns from a fixed dataset of transitions (s, a, r, s', done). Plain fitted
Q-iteration regresses Q(s, a) onto r + gamma * max_a' Q_target(s', a'): an action that never
appears in the data is never corrected, and the max happily bootstraps from its (arbitrary,
often too high) value. CQL adds, for a batch of B transitions with Q-values q (B, A),

    R(q) = alpha * mean_i [ logsumexp_a q[i, a] - q[i, a_i] ]

logsumexp_a q = log sum_a exp(q[i, a]) is a soft maximum over all actions; a_i is the action
in the data. Its gradient with respect to q[i, :] is (alpha / B) * (softmax(q[i, :]) - onehot(a_i)):
gradient descent pushes Q down for every action in proportion to its softmax weight (so hardest
on high-valued actions that the data never took) and up for the action in the data.

The full loss on a batch (q_net online, target_net a lagged copy):

    q       = q_net(obs)                                              (B, A)
    y       = r + gamma * (1 - done) * max_a' target_net(next_obs)[:, a']   detached (no gradient)
    loss    = mean_i (q[i, a_i] - y_i)^2  +  R(q)

The regulariser uses the online Q (the one being trained), never the target network; the
target y is a fixed label: .detach() it (or compute it under torch.no_grad()).

fit_offline_q runs this on a tabular Q (TabularQ, given: a (S, A) table, initialised to 0):
full-batch Adam(lr) steps on the whole dataset, the target table copied from the online one
before step 0 and then every `target_every` steps. alpha = 0 is plain fitted Q-iteration.

Shapes (torch tensors, float64): q_values (B, A); actions (B,) int64; rewards, dones (B,)
(dones 0.0 or 1.0); next_q_target (B, A). obs / next_obs are whatever the networks take
(for TabularQ: (B,) int64 state indices).
  cql_regulariser(q_values, actions, alpha)                        -> 0-d tensor
  cql_regulariser_gradient(q_values, actions, alpha)               -> (B, A), by autograd
  td_loss(q_values, actions, rewards, next_q_target, dones, gamma) -> 0-d tensor
  cql_loss(q_net, target_net, obs, actions, rewards, next_obs, dones, gamma, alpha) -> 0-d tensor
  fit_offline_q(states, actions, rewards, next_states, dones, n_states, n_actions, alpha,
                gamma, steps, lr, target_every) -> (S, A) float64 NumPy array

Tiny example: q = [[0, ln 3], [2, 2]], actions [0, 1], alpha = 0.5:
logsumexp = [ln 4, 2 + ln 2], minus the data values [0, 2] -> [ln 4, ln 2], mean 1.5 ln 2,
R = 0.75 ln 2 ~ 0.5199. Gradient: 0.5 / 2 * ([1/4, 3/4] - [1, 0]) = [-3/16, 3/16] in row 0,
0.25 * ([1/2, 1/2] - [0, 1]) = [1/8, -1/8] in row 1.
"""
import numpy as np
import torch


class TabularQ(torch.nn.Module):
    """Given: Q(s, .) = table[s], the table initialised to zeros."""

    def __init__(self, n_states: int, n_actions: int):
        super().__init__()
        self.table = torch.nn.Parameter(torch.zeros(n_states, n_actions, dtype=torch.float64))

    def forward(self, states: torch.Tensor) -> torch.Tensor:
        return self.table[states]


def cql_regulariser(q_values: torch.Tensor, actions: torch.Tensor, alpha: float) -> torch.Tensor:
    """alpha * mean over the batch of (logsumexp over actions of Q - Q of the data action)."""
    # TODO: a soft max over the action axis (dim=1), minus the Q-value of the action in the data.
    ### BEGIN SOLUTION
    soft_max = torch.logsumexp(q_values, dim=1)
    data_q = q_values.gather(1, actions[:, None]).squeeze(1)
    return alpha * (soft_max - data_q).mean()
    ### END SOLUTION


def cql_regulariser_gradient(q_values: torch.Tensor, actions: torch.Tensor, alpha: float) -> torch.Tensor:
    """d cql_regulariser / d q_values (B, A), by autograd."""
    # TODO: a fresh leaf copy of q_values with requires_grad, backward, return its .grad.
    ### BEGIN SOLUTION
    leaf = q_values.detach().clone().requires_grad_(True)
    cql_regulariser(leaf, actions, alpha).backward()
    return leaf.grad
    ### END SOLUTION


def td_loss(q_values: torch.Tensor, actions: torch.Tensor, rewards: torch.Tensor,
            next_q_target: torch.Tensor, dones: torch.Tensor, gamma: float) -> torch.Tensor:
    """mean of (Q(s, a) - y)^2 with y = r + gamma (1 - done) max_a' Q_target(s', a'), y detached."""
    # TODO: the DQN target (a constant), then the mean squared error on the data action's Q.
    ### BEGIN SOLUTION
    target = (rewards + gamma * (1.0 - dones) * next_q_target.max(dim=1).values).detach()
    taken = q_values.gather(1, actions[:, None]).squeeze(1)
    return ((taken - target) ** 2).mean()
    ### END SOLUTION


def cql_loss(q_net, target_net, obs, actions, rewards, next_obs, dones, gamma: float, alpha: float):
    """td_loss on the online Q and the target net's next Q-values, plus the CQL regulariser."""
    # TODO: q = q_net(obs); next_q = target_net(next_obs); td_loss(...) + cql_regulariser(...).
    ### BEGIN SOLUTION
    q = q_net(obs)
    next_q = target_net(next_obs)
    return td_loss(q, actions, rewards, next_q, dones, gamma) + cql_regulariser(q, actions, alpha)
    ### END SOLUTION


def cql_loss_gradients(q_net, target_net, obs, actions, rewards, next_obs, dones, gamma, alpha) -> dict:
    """Given: backward through cql_loss; the gradients of both networks' parameters (zeros if none)."""
    for p in list(q_net.parameters()) + list(target_net.parameters()):
        p.requires_grad_(True)
        p.grad = None
    cql_loss(q_net, target_net, obs, actions, rewards, next_obs, dones, gamma, alpha).backward()
    return {name: [p.grad.clone() if p.grad is not None else torch.zeros_like(p) for p in net.parameters()]
            for name, net in [("online", q_net), ("target", target_net)]}


def fit_offline_q(states, actions, rewards, next_states, dones, n_states: int, n_actions: int, alpha: float,
                  gamma: float = 0.9, steps: int = 400, lr: float = 0.05, target_every: int = 10) -> np.ndarray:
    """Full-batch Adam on cql_loss with TabularQ nets; return the learned (S, A) table."""
    # TODO: online and target TabularQ; copy online -> target at step 0 and every target_every steps;
    # TODO: each step: zero_grad, cql_loss on the whole dataset, backward, step.
    ### BEGIN SOLUTION
    q_net, target_net = TabularQ(n_states, n_actions), TabularQ(n_states, n_actions)
    target_net.requires_grad_(False)
    optimizer = torch.optim.Adam(q_net.parameters(), lr=lr)
    for step in range(steps):
        if step % target_every == 0:
            target_net.load_state_dict(q_net.state_dict())
        optimizer.zero_grad()
        loss = cql_loss(q_net, target_net, states, actions, rewards, next_states, dones, gamma, alpha)
        loss.backward()
        optimizer.step()
    return q_net.table.detach().numpy().copy()
    ### END SOLUTION
