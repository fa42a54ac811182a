"""A convolutional variational autoencoder trained on seizure-free EEG; anomaly = reconstruction error.

In the style of reconstruction-based EEG anomaly detection with a VAE trained only on non-seizure
recordings, where seizures are flagged by their reconstruction error averaged over several
posterior samples: Yildiz et al. (2022), "Unsupervised seizure identification on EEG", Comput.
Methods Programs Biomed. 215:106604, doi:10.1016/j.cmpb.2021.106604 (PMC9849142; the journal, DOI
and algorithm -- train on seizure-free data, reparametrise L posterior samples, average their
reconstructions, score by reconstruction error -- were checked on the PMC page; the title and first
author are from memory). Differences, on purpose: their loss adds a sparsity-enforcing term to
suppress artifacts; we train the plain beta-ELBO of Kingma & Welling (2014) / Higgins et al. (2017):
mean squared reconstruction error + beta * KL(q(z|x) || N(0, I)) per element, and the architecture
is a small 1-D CNN of our own.

Model: windows (n, channels, samples) are standardised per channel with training statistics; the
encoder is two stride-2 Conv1d layers over time (the EEG channels are the input channels) and a
linear layer to the mean and log-variance of a ``latent``-dimensional Gaussian; the decoder mirrors
it with ConvTranspose1d. PyOD conventions as in ``detectors.py``. Deterministic given
``random_state`` on CPU (torch uses ``threads`` (1 or 2, default 1) while fitting/scoring: tiny
convolutions run ~20x slower with 2 OpenMP threads on a loaded 2-core machine); CUDA when available.
"""
from __future__ import annotations

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.research.eeg import features
from deeproots.research.eeg.detectors import _check_fraction, _Detector
from deeproots.runs.device import choose_device, cpu_threads, device_label


def _positive_int(name: str, value, example: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise DeeprootsError(f"{name} must be a positive integer (got {value!r}); e.g. {name}={example}")
    return int(value)


def _build(channels: int, samples: int, latent: int, width: int):
    import torch
    from torch import nn

    reduced = -(-samples // 4)  # ceil(samples / 4): the time length after two stride-2 convolutions

    class ConvVAE(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = nn.Sequential(
                nn.Conv1d(channels, width, 7, stride=2, padding=3), nn.GELU(),
                nn.Conv1d(width, 2 * width, 7, stride=2, padding=3), nn.GELU(), nn.Flatten())
            self.to_stats = nn.Linear(2 * width * reduced, 2 * latent)
            self.from_latent = nn.Linear(latent, 2 * width * reduced)
            self.decoder = nn.Sequential(
                nn.GELU(), nn.ConvTranspose1d(2 * width, width, 4, stride=2, padding=1), nn.GELU(),
                nn.ConvTranspose1d(width, channels, 4, stride=2, padding=1))

        def encode(self, x):
            mu, logvar = self.to_stats(self.encoder(x)).chunk(2, dim=1)
            return mu, logvar.clamp(-10, 10)

        def decode(self, z):
            h = self.from_latent(z).view(len(z), 2 * width, reduced)
            return self.decoder(h)[..., :samples]

        def forward(self, x, generator=None):
            mu, logvar = self.encode(x)
            eps = torch.randn(mu.shape, generator=generator, device=mu.device, dtype=mu.dtype)
            return self.decode(mu + eps * (0.5 * logvar).exp()), mu, logvar

    return ConvVAE()


class ConvVAEDetector(_Detector):
    """Convolutional VAE on seizure-free windows; ``decision_function`` = reconstruction MSE.

    ``latent``: latent dimension; ``epochs``, ``batch_size``, ``lr``: Adam training; ``beta``: KL
    weight; ``n_samples``: posterior samples averaged when scoring (0: decode the posterior mean);
    ``width``: channels of the first convolution; ``device``: "cpu", "cuda" or None (CUDA if present);
    ``threads``: CPU threads for torch while fitting/scoring (restored afterwards)."""

    def __init__(self, latent: int = 8, epochs: int = 30, batch_size: int = 64, lr: float = 2e-3,
                 beta: float = 1.0, n_samples: int = 4, width: int = 16, contamination: float = 0.05,
                 random_state: int = 0, device: str | None = None, threads: int = 1):
        self.latent = _positive_int("latent", latent, 8)
        self.epochs = _positive_int("epochs", epochs, 30)
        self.batch_size = _positive_int("batch_size", batch_size, 64)
        self.width = _positive_int("width", width, 16)
        if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 0:
            raise DeeprootsError(f"n_samples must be an integer >= 0 (got {n_samples!r}); e.g. n_samples=4")
        self.n_samples = int(n_samples)
        if not (lr > 0 and beta >= 0):
            raise DeeprootsError(f"lr must be > 0 and beta >= 0 (got lr={lr}, beta={beta}); e.g. lr=2e-3, beta=1.0")
        self.lr, self.beta = float(lr), float(beta)
        self.contamination = _check_fraction("contamination", contamination)
        self.random_state = int(random_state)
        if device not in (None, "cpu", "cuda"):
            raise DeeprootsError(f"device must be 'cpu', 'cuda' or None (got {device!r})")
        self.device = device
        if threads not in (1, 2):
            raise DeeprootsError(f"threads must be 1 or 2 (got {threads!r}); 1 is fastest on a busy machine")
        self.threads = threads

    def _device(self):

        return choose_device(self.device, threads=self.threads)

    def _tensor(self, X):
        import torch
        x, _, _ = features.as_array(X, 1.0)
        if hasattr(self, "mean_") and x.shape[1:] != self.shape_:
            raise DeeprootsError(f"windows are shaped {x.shape[1:]} (channels, samples) but the VAE was fitted on "
                                 f"{self.shape_}; cut them with the same channels and window length")
        scaled = (x - self.mean_[:, None]) / self.std_[:, None]
        return torch.as_tensor(scaled, dtype=torch.float32)

    def fit(self, X, y=None) -> ConvVAEDetector:
        import torch
        x, _, _ = features.as_array(X, 1.0)
        if len(x) < 2:
            raise DeeprootsError(f"the VAE needs at least 2 training windows (got {len(x)})")
        self.shape_ = x.shape[1:]
        self.mean_ = x.mean(axis=(0, 2))
        self.std_ = np.where(x.std(axis=(0, 2)) > 1e-12, x.std(axis=(0, 2)), 1.0)
        with cpu_threads(self.threads):  # restored afterwards
            torch.manual_seed(self.random_state)
            device = self._device()
            self.device_ = device_label(device)  # reported in the run's metrics
            data = self._tensor(X).to(device)
            model = _build(x.shape[1], x.shape[2], self.latent, self.width).to(device)
            optimiser = torch.optim.Adam(model.parameters(), lr=self.lr)
            generator = torch.Generator(device=device).manual_seed(self.random_state)
            order_rng = np.random.default_rng(self.random_state)
            self.loss_history_ = []
            model.train()
            for _ in range(self.epochs):
                order = torch.as_tensor(order_rng.permutation(len(data)), device=device)
                total = 0.0
                for start in range(0, len(data), self.batch_size):
                    batch = data[order[start:start + self.batch_size]]
                    recon, mu, logvar = model(batch, generator)
                    kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(dim=1).mean() / batch[0].numel()
                    loss = ((recon - batch) ** 2).mean() + self.beta * kl
                    optimiser.zero_grad()
                    loss.backward()
                    optimiser.step()
                    total += loss.item() * len(batch)
                self.loss_history_.append(total / len(data))
            self.model_ = model.eval()
            self._set_training_scores(self._scores(X))
        return self

    def _scores(self, X) -> np.ndarray:
        import torch
        with cpu_threads(self.threads):  # restored afterwards
            device = next(self.model_.parameters()).device
            data = self._tensor(X).to(device)
            generator = torch.Generator(device=device).manual_seed(self.random_state + 1)
            out = []
            with torch.no_grad():
                for start in range(0, len(data), 512):
                    batch = data[start:start + 512]
                    mu, logvar = self.model_.encode(batch)
                    if self.n_samples == 0:
                        recon = self.model_.decode(mu)
                    else:  # average the reconstructions of n_samples posterior draws (Yildiz et al.)
                        std = (0.5 * logvar).exp()
                        recon = sum(self.model_.decode(mu + std * torch.randn(mu.shape, generator=generator,
                                                                              device=device))
                                    for _ in range(self.n_samples)) / self.n_samples
                    out.append(((recon - batch) ** 2).mean(dim=(1, 2)).cpu().numpy())
            return np.concatenate(out).astype(np.float64)
