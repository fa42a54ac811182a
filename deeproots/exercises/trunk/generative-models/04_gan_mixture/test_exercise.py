"""Checks for the GAN on the ring of 8 Gaussians (references: the losses recomputed here in
NumPy float64 from the weights, replays of the specified Adam steps and loop with this
file's own copies of the given networks, the gradients left in G after a D step, and for
the trained generator: mode coverage and the sliced Wasserstein distance to held-out ring
samples, set against the real-vs-real distance and a single Gaussian fitted to the data)."""
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from deeproots.grading.checks import expect, expect_close

RADIUS, STD, MODES, Z_DIM = 2.0, 0.1, 8, 4
MEANS = np.array([[RADIUS * math.cos(2 * math.pi * k / MODES), RADIUS * math.sin(2 * math.pi * k / MODES)]
                  for k in range(MODES)])


class _G(nn.Module):
    def __init__(self, hidden=128):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(Z_DIM, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                 nn.Linear(hidden, 2))

    def forward(self, z):
        return self.net(z)


class _D(nn.Module):
    def __init__(self, hidden=128):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden),
                                 nn.LeakyReLU(0.2), nn.Linear(hidden, 1))

    def forward(self, x):
        return self.net(x)


def _adam(module):
    return torch.optim.Adam(module.parameters(), lr=1e-3, betas=(0.5, 0.999))


def _sample_ring(n, generator):
    modes = torch.randint(MODES, (n,), generator=generator)
    return torch.tensor(MEANS, dtype=torch.float32)[modes] + STD * torch.randn(n, 2, generator=generator)


def _np_mlp(state, x, slope):
    """The 3-layer MLP of the given networks in NumPy float64 (slope 0: ReLU, 0.2: LeakyReLU)."""
    s = {k: np.asarray(v.detach().numpy() if isinstance(v, torch.Tensor) else v, dtype=np.float64)
         for k, v in state.items()}
    h = np.asarray(x, dtype=np.float64)
    for i in (0, 2, 4):
        h = h @ s[f"net.{i}.weight"].T + s[f"net.{i}.bias"]
        if i < 4:
            h = np.where(h > 0, h, slope * h)
    return h


def _softplus(a):
    return np.logaddexp(0.0, a)


def _fresh(seed):
    torch.manual_seed(seed)
    G, D = _G(), _D()
    return G, D, {k: v.clone() for k, v in G.state_dict().items()}, {k: v.clone() for k, v in D.state_dict().items()}


def _learner_nets(ex, g_state, d_state):
    G, D = ex.Generator(), ex.Discriminator()
    G.load_state_dict(g_state)
    D.load_state_dict(d_state)
    opt_g, opt_d = ex.make_optimizers(G, D)
    return G, D, opt_g, opt_d


def _batches(rng, steps, n):
    return [(torch.from_numpy(rng.normal(scale=1.5, size=(n, 2)).astype(np.float32)),
             torch.from_numpy(rng.normal(size=(n, Z_DIM)).astype(np.float32))) for _ in range(steps)]


def test_discriminator_step(ex, rng):
    G_ref, D_ref, g_state, d_state = _fresh(11)
    G, D, _, opt_d = _learner_nets(ex, g_state, d_state)
    opt_ref = _adam(D_ref)
    for step, (real, z) in enumerate(_batches(rng, 3, 16)):
        d_now = {k: v.clone() for k, v in D_ref.state_dict().items()}
        fake = _np_mlp(g_state, z.numpy(), 0.0)
        want = _softplus(-_np_mlp(d_now, real.numpy(), 0.2)).mean() + _softplus(_np_mlp(d_now, fake, 0.2)).mean()
        got = ex.discriminator_step(G, D, opt_d, real, z)
        expect_close(got, want, what=f"the loss returned by discriminator_step (step {step + 1})", rtol=1e-5, atol=1e-6,
                     how="NumPy float64 from the weights: mean softplus(-D(real)) + mean softplus(D(G(z))), i.e. "
                         "BCE(D(real), 1) + BCE(D(fake), 0)", inputs={"real": real.numpy(), "z": z.numpy()})
        norms = ex.gradient_norms(G)
        leaked = {name: value for name, value in norms.items() if value is not None and value > 0}
        expect(not leaked, "after discriminator_step the generator's parameters hold gradients: the fake was "
               "not detached, so the D loss back-propagated into G (use G(z).detach())",
               gradient_norms=leaked, how="gradient_norms(G) after a D step on a fresh G")
        real_logits, fake_logits = D_ref(real), D_ref(G_ref(z).detach())
        loss = (F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
                + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))
        opt_ref.zero_grad()
        loss.backward()
        opt_ref.step()
    got_weights = ex.weights(D)
    for name, value in D_ref.state_dict().items():
        expect_close(got_weights[name], value, what=f"D's {name} after 3 discriminator steps", rtol=1e-4, atol=2e-6,
                     how="a torch replay: 3 Adam steps (lr 1e-3, betas (0.5, 0.999)) on BCE(D(real), 1) + "
                         "BCE(D(fake), 0), zero_grad before each backward (gradients must not pile up)")


def test_generator_step(ex, rng):
    G_ref, D_ref, g_state, d_state = _fresh(12)
    G, D, opt_g, _ = _learner_nets(ex, g_state, d_state)
    opt_ref = _adam(G_ref)
    for step, (_, z) in enumerate(_batches(rng, 3, 16)):
        g_now = {k: v.clone() for k, v in G_ref.state_dict().items()}
        want = _softplus(-_np_mlp(d_state, _np_mlp(g_now, z.numpy(), 0.0), 0.2)).mean()
        got = ex.generator_step(G, D, opt_g, z)
        expect_close(got, want, what=f"the loss returned by generator_step (step {step + 1})", rtol=1e-5, atol=1e-6,
                     how="NumPy float64 from the weights: the non-saturating loss -mean log D(G(z)) = "
                         "mean softplus(-D(G(z))) (not mean log(1 - D(G(z))))", inputs={"z": z.numpy()})
        logits = D_ref(G_ref(z))
        loss = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
        opt_ref.zero_grad()
        loss.backward()
        opt_ref.step()
    got_g, got_d = ex.weights(G), ex.weights(D)
    for name, value in G_ref.state_dict().items():
        expect_close(got_g[name], value, what=f"G's {name} after 3 generator steps", rtol=1e-4, atol=2e-6,
                     how="a torch replay: 3 Adam steps of G on BCE(D(G(z)), 1), zero_grad before each backward")
    for name, value in d_state.items():
        expect_close(got_d[name], value, what=f"D's {name} after generator steps", rtol=0, atol=0,
                     how="unchanged: the generator step only steps opt_g")


def test_training_loop_matches_replay(ex, rng):
    state, history = ex.train_gan(seed=3, steps=4, batch_size=32)
    torch.manual_seed(3)
    G, D = _G(), _D()
    opt_g, opt_d = _adam(G), _adam(D)
    generator = torch.Generator().manual_seed(3)
    want = []
    for _ in range(4):
        real = _sample_ring(32, generator)
        z = torch.randn(32, Z_DIM, generator=generator)
        r, f = D(real), D(G(z).detach())
        d_loss = F.binary_cross_entropy_with_logits(r, torch.ones_like(r)) + F.binary_cross_entropy_with_logits(f, torch.zeros_like(f))
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        logits = D(G(z))
        g_loss = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        want.append((d_loss.item(), g_loss.item()))
    how = ("a torch replay of the statement's loop: manual_seed(3), Generator(), Discriminator(), one generator; "
           "per step sample_ring then randn z, the D step then the G step (same z)")
    expect_close(np.asarray(history, dtype=float), np.array(want), what="history of train_gan(seed=3, steps=4, "
                 "batch_size=32): (d_loss, g_loss) per step", how=how, rtol=1e-4, atol=1e-5)
    for name, value in G.state_dict().items():
        expect_close(state[name], value, what=f"G's {name} after 4 steps", how=how, rtol=1e-4, atol=1e-5)


def _sliced_wasserstein(a, b, rng, projections=128):
    angles = rng.uniform(0.0, np.pi, projections)
    directions = np.stack([np.cos(angles), np.sin(angles)])
    pa, pb = np.sort(a @ directions, axis=0), np.sort(b @ directions, axis=0)
    return float(np.mean(np.abs(pa - pb)))


def test_trained_gan_covers_the_ring(ex, rng):
    state, history = ex.train_gan(seed=0)
    history = np.asarray(history, dtype=float)
    expect(history.shape == (1500, 2) and np.all(np.isfinite(history)),
           "train_gan() must return 1500 finite (d_loss, g_loss) pairs", got=history)
    n = 4000
    G = _G()
    G.load_state_dict(state)
    with torch.no_grad():
        x = G(torch.from_numpy(rng.normal(size=(n, Z_DIM)).astype(np.float32))).double().numpy()
    distance = np.linalg.norm(x[:, None, :] - MEANS[None], axis=2)
    close = distance.min(axis=1) < 3 * STD
    shares = np.bincount(distance.argmin(axis=1)[close], minlength=MODES) / n
    covered = int(np.sum(shares >= 0.04))
    expect(covered >= 7, f"only {covered} of the 8 modes get 4% of the samples within 3 STD of their mean "
           "(a correct run covers all 8; a collapsed GAN sits on a few)", shares=shares,
           how="4000 samples G(z), z ~ N(0, I) drawn here, assigned to the nearest mode")
    expect(close.mean() >= 0.6, "fewer than 60% of the samples lie within 3 STD of a mode (a correct run: ~80%)",
           high_quality_share=float(close.mean()))
    real_a = _sample_ring(n, torch.Generator().manual_seed(int(rng.integers(1 << 30)))).double().numpy()
    real_b = _sample_ring(n, torch.Generator().manual_seed(int(rng.integers(1 << 30)))).double().numpy()
    gaussian = rng.multivariate_normal(real_b.mean(axis=0), np.cov(real_b.T), size=n)
    projection_rng = np.random.default_rng(0)
    got = _sliced_wasserstein(x, real_a, projection_rng)
    floor = _sliced_wasserstein(real_b, real_a, np.random.default_rng(0))
    single = _sliced_wasserstein(gaussian, real_a, np.random.default_rng(0))
    expect(got < 0.6 * single,
           "the sliced Wasserstein distance from your samples to held-out ring samples must be below 0.6 times "
           "that of a single Gaussian fitted to the data (a correct run: 0.06-0.17)", sliced_wasserstein=got,
           real_vs_real=floor, single_gaussian=single,
           how="W1 of the sorted projections of 4000 vs 4000 points, averaged over 128 random directions")
