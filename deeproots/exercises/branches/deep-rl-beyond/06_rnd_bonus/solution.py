"""Random network distillation (RND): an exploration bonus from a prediction error.

Source: Burda, Edwards, Storkey & Klimov (2019), "Exploration by Random Network
Distillation", ICLR, §2.2 (the fixed random target network f and the predictor f_hat trained
by gradient descent on ||f_hat(x) - f(x)||^2; the error is the intrinsic reward) and §2.4
(observation normalisation: subtract a running mean, divide by a running standard deviation,
clip to [-5, 5]; reward normalisation: divide the intrinsic reward by a running standard
deviation); Sergey Levine, CS285 lecture 13 "Exploration" and homework 5 (the RND agent).
https://arxiv.org/abs/1810.12894

A target network f and a predictor f_hat, both small MLPs obs_dim -> feature_dim, start
from random weights. f is never trained: it is a fixed random function of the state. f_hat
is trained to match f on the states the agent visits. Where f_hat has seen many states the
error is small; a novel state gives a large error, so the error is a novelty bonus:

    x        = clip((s - running_mean) / sqrt(running_var + 1e-8), -5, 5)   (per feature)
    bonus(s) = || f_hat(x) - f(x) ||^2 = sum_k (f_hat(x)_k - f(x)_k)^2     (one per state)
    loss     = mean over the batch of bonus(s)      (its gradient reaches f_hat only)
    r_int(s) = bonus(s) / sqrt(bonus_var + 1e-8)

bonus_var is a running variance of every bonus seen so far, the current batch included
(update first, then divide). Burda et al. divide by the running std of the discounted
intrinsic *returns*; CS285's homework standardises the batch of bonuses by the batch's own
mean and std. Here: the running std of the bonus itself, and no mean is subtracted (the
bonus stays positive).

Running statistics (Chan, Golub & LeVeque 1979): with (mean, var, count) of the data seen
so far and a batch of n rows with mean m_b and population variance v_b, delta = m_b - mean,
N = count + n:

    mean' = mean + delta * n / N
    var'  = (var * count + v_b * n + delta^2 * count * n / N) / N,    count' = N

which equals np.mean / np.var (ddof 0) of all the rows seen. With count = 0 the first batch
gives its own mean and variance.

Shapes: obs (B, obs_dim) float64 torch tensor; RunningMeanStd(shape).update(batch) takes a
NumPy array or tensor (n, *shape); bonus and intrinsic_reward return (B,) float64 tensors
without gradient; loss returns a 0-d tensor; train_step returns the loss as a float.

Tiny example: RunningMeanStd(()) updated with [1, 3] then [5]: mean 3, var 8/3 (np.var of
[1, 3, 5]), count 3. With f_hat(x) = [1, 2] and f(x) = [0, 0] the bonus is 1 + 4 = 5.
"""
import numpy as np
import torch


class RunningMeanStd:
    """Mean, population variance and count of every row seen, updated batch by batch."""

    def __init__(self, shape=()):
        self.mean = np.zeros(shape)
        self.var = np.ones(shape)
        self.count = 0

    def update(self, batch) -> None:
        """Fold a batch (n, *shape) into mean, var and count (Chan et al.'s parallel formula)."""
        # TODO: batch mean and np.var (ddof 0) over axis 0, then combine with delta = m_b - mean.
        ### BEGIN SOLUTION
        batch = np.asarray(batch, dtype=np.float64)
        n = batch.shape[0]
        batch_mean, batch_var = batch.mean(axis=0), batch.var(axis=0)
        delta = batch_mean - self.mean
        total = self.count + n
        new_mean = self.mean + delta * n / total
        m2 = self.var * self.count + batch_var * n + delta ** 2 * self.count * n / total
        self.mean, self.var, self.count = new_mean, m2 / total, total
        ### END SOLUTION


def make_mlp(obs_dim: int, feature_dim: int, hidden: int) -> torch.nn.Sequential:
    return torch.nn.Sequential(
        torch.nn.Linear(obs_dim, hidden), torch.nn.ReLU(),
        torch.nn.Linear(hidden, hidden), torch.nn.ReLU(),
        torch.nn.Linear(hidden, feature_dim),
    ).double()


class RND:
    """A fixed random target f, a trained predictor f_hat, and the running statistics."""

    def __init__(self, obs_dim: int, feature_dim: int = 8, hidden: int = 32, lr: float = 1e-3, seed: int = 0):
        torch.manual_seed(seed)
        self.target = make_mlp(obs_dim, feature_dim, hidden)
        self.predictor = make_mlp(obs_dim, feature_dim, hidden)
        self.obs_rms = RunningMeanStd((obs_dim,))
        self.bonus_rms = RunningMeanStd(())
        # TODO: f must never change: turn off its gradients; an Adam optimiser (lr) for f_hat only.
        ### BEGIN SOLUTION
        self.target.requires_grad_(False)
        self.optimizer = torch.optim.Adam(self.predictor.parameters(), lr=lr)
        ### END SOLUTION

    def normalise(self, obs: torch.Tensor) -> torch.Tensor:
        """Whiten obs with obs_rms (mean, sqrt(var + 1e-8)) and clip to [-5, 5]."""
        # TODO: (obs - mean) / sqrt(var + 1e-8), then torch.clamp to [-5, 5].
        ### BEGIN SOLUTION
        mean = torch.as_tensor(self.obs_rms.mean, dtype=obs.dtype)
        std = torch.sqrt(torch.as_tensor(self.obs_rms.var, dtype=obs.dtype) + 1e-8)
        return torch.clamp((obs - mean) / std, -5.0, 5.0)
        ### END SOLUTION

    def loss(self, obs: torch.Tensor) -> torch.Tensor:
        """Mean over the batch of ||f_hat(x) - f(x)||^2 (x the normalised obs)."""
        # TODO: normalise, squared error summed over the feature axis (dim=1), mean over the batch.
        ### BEGIN SOLUTION
        x = self.normalise(obs)
        return ((self.predictor(x) - self.target(x)) ** 2).sum(dim=1).mean()
        ### END SOLUTION

    def bonus(self, obs: torch.Tensor) -> torch.Tensor:
        """The per-state bonus ||f_hat(x) - f(x)||^2, shape (B,), without gradient."""
        # TODO: the same squared error, one number per state, under torch.no_grad().
        ### BEGIN SOLUTION
        with torch.no_grad():
            x = self.normalise(obs)
            return ((self.predictor(x) - self.target(x)) ** 2).sum(dim=1)
        ### END SOLUTION

    def train_step(self, obs: torch.Tensor) -> float:
        """One Adam step of f_hat on loss(obs); return the loss before the step."""
        # TODO: zero the gradients, backward the loss, step the optimiser.
        ### BEGIN SOLUTION
        loss = self.loss(obs)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        return loss.item()
        ### END SOLUTION

    def intrinsic_reward(self, obs: torch.Tensor) -> torch.Tensor:
        """bonus / sqrt(bonus_var + 1e-8), bonus_rms updated with this batch first."""
        # TODO: bonus, bonus_rms.update(it), divide by the running std (no mean subtracted).
        ### BEGIN SOLUTION
        bonus = self.bonus(obs)
        self.bonus_rms.update(bonus.numpy())
        return bonus / np.sqrt(self.bonus_rms.var + 1e-8)
        ### END SOLUTION

    # Given: what the checks read back (plain dicts of tensors).
    def parameters_of(self, which: str) -> dict:
        return {name: p.detach().clone() for name, p in getattr(self, which).named_parameters()}

    def gradients_of(self, which: str) -> dict:
        return {name: None if p.grad is None else p.grad.detach().clone()
                for name, p in getattr(self, which).named_parameters()}
