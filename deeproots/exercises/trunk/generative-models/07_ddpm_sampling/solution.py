"""Diffusion models (DDPM), part 2: train a noise-prediction network on 2-D data and
generate new points by ancestral sampling.

Source: Ho, Jain & Abbeel, "Denoising Diffusion Probabilistic Models" (NeurIPS 2020), §3.2
(the reverse process, sigma_t^2 = beta_t), equation 11, Algorithm 1 (training) and
Algorithm 2 (sampling); Stanford CS231n lecture "Generative Models".
https://arxiv.org/abs/2006.11239

Notation as in the ddpm-forward exercise: betas (T,) with betas[t - 1] = beta_t, alpha_t =
1 - beta_t, alpha_bars[t - 1] = alpha_bar_t = alpha_1 ... alpha_t; time steps t are the
paper's, 1-based (1 <= t <= T). Here T = 100.

The network eps_theta(x_t, t) (NoiseMLP, given) sees the noisy point AND the time step (as a
sinusoidal embedding): how much noise there is depends on t, so it must be told t.

1. diffusion_loss(model, x0, t, eps, alpha_bars) (Algorithm 1, one step): x0 (N, 2) data,
   t (N,) int64 steps, eps (N, 2) standard normal noise, alpha_bars (T,) float32:
       x_t  = sqrt(alpha_bar_t) x0 + sqrt(1 - alpha_bar_t) eps
       loss = mean over all entries of (eps - model(x_t, t)) ** 2      (a 0-d tensor)
2. train_ddpm(data, betas, steps, batch_size, lr, seed): torch.manual_seed(seed), then
   model = NoiseMLP(T=len(betas)) and Adam(model.parameters(), lr) with the learning rate
   decayed linearly to 0 (torch.optim.lr_scheduler.LambdaLR(optimizer, lambda i: 1 - i / steps),
   schedule.step() after each optimizer.step()); a torch.Generator seeded with seed draws, for
   each of `steps` steps, a batch of batch_size rows of data (torch.randint
   indices), t uniform in 1 .. T (torch.randint(1, T + 1, ...)) and eps = torch.randn; then
   zero_grad, diffusion_loss, backward, step. Return the trained model (in eval mode).
3. sampling_step(x_t, t, eps_pred, betas, alpha_bars, z) (one step of Algorithm 2), t an int:
       x_{t-1} = 1/sqrt(alpha_t) * (x_t - beta_t / sqrt(1 - alpha_bar_t) * eps_pred) + sigma_t z
   with sigma_t = sqrt(beta_t) (the paper's choice sigma_t^2 = beta_t) for t > 1, and NO noise
   at the last step t = 1 (the result must not depend on z there: it is the final sample).
   x_t, eps_pred, z: (N, 2); returns (N, 2).
4. sample(model, n, betas, seed): x_T ~ N(0, I) of shape (n, 2), then for t = T, T - 1, .., 1
   (downwards!): eps_pred = model(x_t, t as an (n,) int64 tensor), z ~ N(0, I), x_{t-1} =
   sampling_step(...). Draw with torch.Generator().manual_seed(seed); run under
   torch.no_grad() with model.eval(). Returns x_0, (n, 2).

The check trains your model on 2-D data (a mixture of 8 Gaussians on a ring of radius 1.5,
standard deviation 0.2) and
compares your samples with fresh data by the energy distance: they must come much closer to
the data than the best single Gaussian does.

Tiny example (sampling_step): beta_t = 0.19 (alpha_t = 0.81), alpha_bar_t = 0.36, x_t = 1,
eps_pred = 0.8, z = 1: 1/0.9 * (1 - 0.19/0.8 * 0.8) + sqrt(0.19) * 1 = 0.9 + 0.43589 = 1.33589
for t > 1; at t = 1 the same inputs give 0.9.
"""
import math

import torch
from torch import nn


class NoiseMLP(nn.Module):
    """eps_theta(x_t, t): (N, 2) points and (N,) int64 steps -> (N, 2) predicted noise."""

    def __init__(self, hidden: int = 128, embedding: int = 16, T: int = 100):
        super().__init__()
        self.T, self.embedding = T, embedding
        self.net = nn.Sequential(nn.Linear(2 + embedding, hidden), nn.SiLU(), nn.Linear(hidden, hidden),
                                 nn.SiLU(), nn.Linear(hidden, hidden), nn.SiLU(), nn.Linear(hidden, 2))

    def time_embedding(self, t: torch.Tensor) -> torch.Tensor:
        """Sinusoidal features of t / T at geometric frequencies 1 .. 100: (N,) -> (N, embedding)."""
        half = self.embedding // 2
        freqs = torch.exp(torch.linspace(0.0, math.log(100.0), half))
        angles = (t.float() / self.T)[:, None] * freqs[None, :]
        return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        return self.net(torch.cat([x, self.time_embedding(t)], dim=1))


def diffusion_loss(model: nn.Module, x0: torch.Tensor, t: torch.Tensor, eps: torch.Tensor,
                   alpha_bars: torch.Tensor) -> torch.Tensor:
    """Return mean((eps - model(x_t, t)) ** 2) with x_t drawn from q(x_t | x0) using eps."""
    # TODO: alpha_bar_t per sample (1-based t) as a column, x_t, then the mean squared error.
    ### BEGIN SOLUTION
    ab = alpha_bars[t - 1][:, None]
    x_t = torch.sqrt(ab) * x0 + torch.sqrt(1.0 - ab) * eps
    return ((eps - model(x_t, t)) ** 2).mean()
    ### END SOLUTION


def train_ddpm(data: torch.Tensor, betas: torch.Tensor, steps: int = 2000, batch_size: int = 256,
               lr: float = 3e-3, seed: int = 0) -> nn.Module:
    """Train a NoiseMLP on data (M, 2) with Algorithm 1; return it in eval mode."""
    # TODO: seed, model, Adam + LambdaLR, generator; per step draw rows, t, eps; zero_grad, loss, backward, step.
    ### BEGIN SOLUTION
    torch.manual_seed(seed)
    model = NoiseMLP(T=len(betas))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda i: 1.0 - i / steps)
    generator = torch.Generator().manual_seed(seed)
    alpha_bars = torch.cumprod(1.0 - betas, dim=0)
    T = len(betas)
    model.train()
    for _ in range(steps):
        rows = torch.randint(0, len(data), (batch_size,), generator=generator)
        t = torch.randint(1, T + 1, (batch_size,), generator=generator)
        eps = torch.randn(batch_size, 2, generator=generator)
        optimizer.zero_grad()
        loss = diffusion_loss(model, data[rows], t, eps, alpha_bars)
        loss.backward()
        optimizer.step()
        schedule.step()
    return model.eval()
    ### END SOLUTION


def sampling_step(x_t: torch.Tensor, t: int, eps_pred: torch.Tensor, betas: torch.Tensor,
                  alpha_bars: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
    """Return x_{t-1} from x_t by one step of Algorithm 2 (no noise when t == 1)."""
    # TODO: beta_t, alpha_t, alpha_bar_t (1-based t); the mean; add sigma_t z only when t > 1.
    ### BEGIN SOLUTION
    beta, ab = betas[t - 1], alpha_bars[t - 1]
    mean = (x_t - beta / torch.sqrt(1.0 - ab) * eps_pred) / torch.sqrt(1.0 - beta)
    if t > 1:
        sigma = torch.sqrt(beta)
        return mean + sigma * z
    return mean
    ### END SOLUTION


def sample(model: nn.Module, n: int, betas: torch.Tensor, seed: int = 0) -> torch.Tensor:
    """Return n points (n, 2) generated by ancestral sampling from x_T ~ N(0, I)."""
    # TODO: generator, eval, no_grad; x_T; for t = T .. 1: eps_pred, z, sampling_step.
    ### BEGIN SOLUTION
    generator = torch.Generator().manual_seed(seed)
    alpha_bars = torch.cumprod(1.0 - betas, dim=0)
    T = len(betas)
    model.eval()
    with torch.no_grad():
        x_t = torch.randn(n, 2, generator=generator)
        for step in range(T, 0, -1):
            t = torch.full((n,), step, dtype=torch.long)
            eps_pred = model(x_t, t)
            z = torch.randn(n, 2, generator=generator)
            x_t = sampling_step(x_t, step, eps_pred, betas, alpha_bars, z)
    return x_t
    ### END SOLUTION
