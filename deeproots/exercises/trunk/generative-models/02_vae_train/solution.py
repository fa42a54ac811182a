"""Training a variational autoencoder on the 8x8 digits: the loss with the
reparameterisation trick, the training loop, and sampling from the prior.

Source: Kingma & Welling, "Auto-Encoding Variational Bayes" (ICLR 2014), §2.3-2.4
(the SGVB estimator, eq. 10, with the Gaussian KL of appendix B) and §3 (the VAE:
an MLP encoder q(z|x) and an MLP decoder p(x|z)); Goodfellow, Bengio & Courville,
Deep Learning §20.10.3.
https://arxiv.org/abs/1312.6114

The model (given, do not change it): VAE(data_dim=64, hidden=128, latent=8) with

    encode(x)  -> (mu, log_var)   x (N, 64) -> ReLU MLP -> two (N, 8) heads
    decode(z)  -> logits          z (N, 8)  -> ReLU MLP -> (N, 64) Bernoulli logits

The data: scikit-learn's digits binarised (pixel > 8 of 16 is 1), float32 (N, 64).

1. negative_elbo(model, x, eps) returns (loss, recon, kl), three scalar tensors:

       mu, log_var = model.encode(x)
       z      = mu + exp(log_var / 2) * eps              (the reparameterisation trick:
                                                        eps (N, 8) is given, so z is a
                                                        differentiable function of mu, log_var)
       recon_n = sum_j BCE-with-logits(decode(z)_j, x_j) = -log p(x_n | z_n)      (N,)
       kl_n    = 1/2 * sum_k (mu_k^2 + exp(log_var_k) - 1 - log_var_k)              (N,)
       recon, kl = the batch means of recon_n and kl_n;   loss = recon + kl

   (F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1) gives
   recon_n.) Both terms matter: without the KL the encoder is free to put its codes
   anywhere, and decoding z ~ N(0, I) no longer gives digits; and z must not be detached
   or drawn with torch.normal(mu, std) (no gradient reaches the encoder through a
   sample that was not reparameterised).

2. train_vae(X_train, seed=0, epochs=40, batch_size=64, lr=2e-3) returns
   (dict(model.state_dict()), losses), losses the list of every step's loss.item().
   Exactly this, in this order (the check replays it and compares):

       torch.manual_seed(seed); model = VAE()
       optimizer = torch.optim.Adam(model.parameters(), lr=lr)
       generator = torch.Generator().manual_seed(seed)          (made once)
       for each epoch:
           order = torch.randperm(n, generator=generator)      (a fresh order every epoch)
           for start in range(0, n, batch_size):
               index = order[start:start + batch_size]
               eps = torch.randn(len(index), model.latent, generator=generator)
               zero_grad, negative_elbo(model, X_train[index], eps), backward, step

3. sample(model, n, seed) decodes n draws from the prior: z = torch.randn(n, latent,
   generator=torch.Generator().manual_seed(seed)), returns sigmoid(decode(z)) (n, 64), the
   pixel probabilities. It is inference: run it under torch.no_grad(), so the result
   carries no graph (requires_grad is False).

The check trains your VAE, and on held-out digits its ELBO must beat the best model with
independent pixels (each pixel a Bernoulli with its training frequency), the KL must stay
well above 0 (the codes carry information: no posterior collapse) and decoded prior
samples must have the data's pixel statistics.

Tiny example: with eps = 0 the loss is the reconstruction of the means plus the KL; a
batch with mu = 0 and log_var = 0 everywhere has kl = 0; for an untrained decoder
(logits near 0) recon is near 64 * log 2 = 44.4 nats.
"""
import torch
import torch.nn.functional as F  # noqa: F401 - F.binary_cross_entropy_with_logits
from torch import nn


class VAE(nn.Module):
    """An MLP encoder to (mu, log_var) and an MLP decoder to Bernoulli logits."""

    def __init__(self, data_dim: int = 64, hidden: int = 128, latent: int = 8):
        super().__init__()
        self.latent = latent
        self.encoder = nn.Sequential(nn.Linear(data_dim, hidden), nn.ReLU())
        self.to_mu = nn.Linear(hidden, latent)
        self.to_log_var = nn.Linear(hidden, latent)
        self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, data_dim))

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.encoder(x)
        return self.to_mu(h), self.to_log_var(h)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)


def negative_elbo(model: VAE, x: torch.Tensor, eps: torch.Tensor):
    """Return (loss, recon, kl): the batch means of -ELBO, of -log p(x|z) and of the KL."""
    # TODO: encode, reparameterise with the given eps, decode, Bernoulli NLL summed over pixels, the KL.
    ### BEGIN SOLUTION
    mu, log_var = model.encode(x)
    z = mu + torch.exp(0.5 * log_var) * eps
    logits = model.decode(z)
    recon = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1).mean()
    kl = 0.5 * (mu ** 2 + torch.exp(log_var) - 1.0 - log_var).sum(dim=1).mean()
    return recon + kl, recon, kl
    ### END SOLUTION


def train_vae(X_train: torch.Tensor, seed: int = 0, epochs: int = 40, batch_size: int = 64,
              lr: float = 2e-3):
    """Train a VAE with Adam; return (dict state_dict, list of every step's loss)."""
    # TODO: seed, model, Adam, generator; per epoch a fresh randperm, per batch eps then the step.
    ### BEGIN SOLUTION
    torch.manual_seed(seed)
    model = VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    n = len(X_train)
    losses = []
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, batch_size):
            index = order[start:start + batch_size]
            eps = torch.randn(len(index), model.latent, generator=generator)
            optimizer.zero_grad()
            loss, _, _ = negative_elbo(model, X_train[index], eps)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return dict(model.state_dict()), losses
    ### END SOLUTION


def sample(model: VAE, n: int, seed: int) -> torch.Tensor:
    """Return the pixel probabilities (n, 64) of n decoded draws z ~ N(0, I), without a graph."""
    # TODO: a seeded generator, z = torch.randn(n, model.latent, generator=...), sigmoid of decode, under no_grad.
    ### BEGIN SOLUTION
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        z = torch.randn(n, model.latent, generator=generator)
        return torch.sigmoid(model.decode(z))
    ### END SOLUTION
