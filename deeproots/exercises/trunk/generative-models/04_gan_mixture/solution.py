"""A GAN on a ring of eight Gaussians: the discriminator step, the generator step and
the training loop.

Source: Goodfellow et al., "Generative Adversarial Nets" (NeurIPS 2014), Algorithm 1 and
§3 (the non-saturating generator loss); Metz, Poole, Pfau & Sohl-Dickstein, "Unrolled
Generative Adversarial Networks" (ICLR 2017), §3.1 (the ring of 8 Gaussians, where GANs
drop modes); Goodfellow, Bengio & Courville, Deep Learning §20.10.4.
https://arxiv.org/abs/1406.2661

The data (given: sample_ring): 2-D points from a mixture of 8 Gaussians with equal weights,
means on a circle of radius RADIUS = 2 at angles 2 pi k / 8, standard deviation STD = 0.1.
The generator G maps noise z ~ N(0, I) (N, 4) to points (N, 2); the discriminator D maps
points (N, 2) to logits (N, 1), D(x) = sigmoid(logit) the probability that x is real.
Both networks and their Adam optimizers (make_optimizers) are given; do not change them.

One training iteration (Goodfellow et al. Algorithm 1, with k = 1):

1. discriminator_step(G, D, opt_d, real, z): fake = G(z).detach(), then
       d_loss = BCE(D(real), 1) + BCE(D(fake), 0)     (each a batch mean)
   opt_d.zero_grad(), backward, opt_d.step(); return d_loss.item().
   Detach the fake: this step trains D only, and without detach() the backward pass also
   writes gradients into G's parameters (the check looks: after a D step, G's gradients
   must still be None or zero).
2. generator_step(G, D, opt_g, z): the non-saturating loss
       g_loss = BCE(D(G(z)), 1) = -mean log D(G(z))
   opt_g.zero_grad(), backward, opt_g.step() (only G's weights move; D's gradients filled
   here are cleared by the next D step's zero_grad); return g_loss.item().
   (The minimax loss mean log(1 - D(G(z))) has no gradient when D rejects the fakes.)

F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits)) is BCE(logits, 1).

3. train_gan(seed=0, steps=1500, batch_size=256) runs exactly this and returns
   (dict(G.state_dict()), history), history the list of (d_loss, g_loss) per iteration:

       torch.manual_seed(seed); G, D = Generator(), Discriminator()
       opt_g, opt_d = make_optimizers(G, D)
       generator = torch.Generator().manual_seed(seed)          (made once)
       for each of the steps:
           real = sample_ring(batch_size, generator)
           z = torch.randn(batch_size, Z_DIM, generator=generator)
           d_loss = discriminator_step(G, D, opt_d, real, z)
           g_loss = generator_step(G, D, opt_g, z)

The check trains your GAN, draws 4000 points from your generator and held-out points from
the ring, and asks: at least 7 of the 8 modes each get 4% of the samples within 3 STD of
their mean, at least half of all samples lie that close to some mode, and the sliced
Wasserstein distance to the real points is small (the distances and their thresholds are
in the check's messages).

Tiny example: with D's logits all 0 (D = 1/2 everywhere) d_loss = 2 log 2 = 1.386 and
g_loss = log 2 = 0.693; at the game's equilibrium D(x) = 1/2 and d_loss returns there.
"""
import math

import torch
import torch.nn.functional as F  # noqa: F401 - F.binary_cross_entropy_with_logits
from torch import nn

RADIUS, STD, MODES, Z_DIM = 2.0, 0.1, 8, 4


def ring_means() -> torch.Tensor:
    """The (8, 2) means of the mixture."""
    angles = torch.arange(MODES, dtype=torch.float32) * (2 * math.pi / MODES)
    return RADIUS * torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)


def sample_ring(n: int, generator: torch.Generator) -> torch.Tensor:
    """n points (n, 2) of the ring mixture: a uniform mode, then Gaussian noise (STD)."""
    modes = torch.randint(MODES, (n,), generator=generator)
    return ring_means()[modes] + STD * torch.randn(n, 2, generator=generator)


class Generator(nn.Module):
    def __init__(self, hidden: int = 128):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(Z_DIM, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                 nn.Linear(hidden, 2))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)


class Discriminator(nn.Module):
    def __init__(self, hidden: int = 128):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden),
                                 nn.LeakyReLU(0.2), nn.Linear(hidden, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


def make_optimizers(G: Generator, D: Discriminator):
    """(opt_g, opt_d): Adam with lr 1e-3 and betas (0.5, 0.999), the usual GAN setting."""
    return (torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999)),
            torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999)))


def gradient_norms(module: nn.Module) -> dict:
    """name -> the norm of the parameter's .grad (None when it has none): for the check."""
    return {name: None if p.grad is None else float(p.grad.norm()) for name, p in module.named_parameters()}


def weights(module: nn.Module) -> dict:
    """name -> a copy of each weight tensor: for the check."""
    return {name: value.detach().clone() for name, value in module.state_dict().items()}


def discriminator_step(G: Generator, D: Discriminator, opt_d, real: torch.Tensor, z: torch.Tensor) -> float:
    """One Adam step of D on BCE(D(real), 1) + BCE(D(G(z).detach()), 0); return the loss."""
    # TODO: detached fakes, the two BCE terms, zero_grad, backward, step.
    ### BEGIN SOLUTION
    fake = G(z).detach()
    real_logits, fake_logits = D(real), D(fake)
    loss = (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
            + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))
    opt_d.zero_grad()
    loss.backward()
    opt_d.step()
    return loss.item()
    ### END SOLUTION


def generator_step(G: Generator, D: Discriminator, opt_g, z: torch.Tensor) -> float:
    """One Adam step of G on the non-saturating loss BCE(D(G(z)), 1); return the loss."""
    # TODO: the non-saturating loss, zero_grad, backward, step.
    ### BEGIN SOLUTION
    logits = D(G(z))
    loss = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
    opt_g.zero_grad()
    loss.backward()
    opt_g.step()
    return loss.item()
    ### END SOLUTION


def train_gan(seed: int = 0, steps: int = 1500, batch_size: int = 256):
    """Train the GAN on the ring; return (dict G.state_dict(), [(d_loss, g_loss), ...])."""
    # TODO: seed, networks, make_optimizers, one generator; per step real, z, D step, G step.
    ### BEGIN SOLUTION
    torch.manual_seed(seed)
    G, D = Generator(), Discriminator()
    opt_g, opt_d = make_optimizers(G, D)
    generator = torch.Generator().manual_seed(seed)
    history = []
    for _ in range(steps):
        real = sample_ring(batch_size, generator)
        z = torch.randn(batch_size, Z_DIM, generator=generator)
        d_loss = discriminator_step(G, D, opt_d, real, z)
        g_loss = generator_step(G, D, opt_g, z)
        history.append((d_loss, g_loss))
    return dict(G.state_dict()), history
    ### END SOLUTION
