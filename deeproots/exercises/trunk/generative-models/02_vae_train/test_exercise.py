"""Checks for the VAE on the 8x8 digits (references: the ELBO's terms recomputed here in
NumPy float64 from the weights (softplus via np.logaddexp, the KL in closed form), a torch
replay of the specified training steps with this file's own copy of the given VAE, the
held-out negative log-likelihood of independent Bernoulli pixels fitted by counting, and
the pixel means of the held-out digits)."""
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from deeproots.grading.checks import expect, expect_close, expect_equal
from deeproots.grading.digits import digits_split


class _VAE(nn.Module):
    """This file's copy of the given VAE (same layers, same order: the same initial weights)."""

    def __init__(self, data_dim=64, hidden=128, latent=8):
        super().__init__()
        self.latent = latent
        self.encoder = nn.Sequential(nn.Linear(data_dim, hidden), nn.ReLU())
        self.to_mu = nn.Linear(hidden, latent)
        self.to_log_var = nn.Linear(hidden, latent)
        self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, data_dim))


def _digits():
    """(X_train, X_test): the grader's fixed split of the digits, binarised (pixel > 8 of 16), float32 (n, 64)."""
    return tuple((images > 0.5).reshape(len(images), 64).astype(np.float32) for images in digits_split()[:2])


def _np_state(state):
    return {str(k): np.asarray(v.detach().numpy() if isinstance(v, torch.Tensor) else v, dtype=np.float64)
            for k, v in state.items()}


def _lin(W, b, x):
    return x @ W.T + b


def _reference_terms(s, x, eps):
    """recon_n and kl_n (N,) in NumPy float64 from the weights s."""
    h = np.maximum(_lin(s["encoder.0.weight"], s["encoder.0.bias"], x), 0.0)
    mu, log_var = _lin(s["to_mu.weight"], s["to_mu.bias"], h), _lin(s["to_log_var.weight"], s["to_log_var.bias"], h)
    z = mu + np.exp(0.5 * log_var) * eps
    logits = _decode(s, z)
    recon = (np.logaddexp(0.0, logits) - x * logits).sum(axis=1)
    kl = 0.5 * (mu ** 2 + np.exp(log_var) - 1.0 - log_var).sum(axis=1)
    return recon, kl


def _decode(s, z):
    h = np.maximum(_lin(s["decoder.0.weight"], s["decoder.0.bias"], z), 0.0)
    return _lin(s["decoder.2.weight"], s["decoder.2.bias"], h)


def _random_state(seed, scale):
    torch.manual_seed(seed)
    model = _VAE()
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(scale)
    return {k: v.clone() for k, v in model.state_dict().items()}


def test_negative_elbo_closed_form(ex, rng):
    X_train, _ = _digits()
    for n, seed, scale in ((1, 0, 1.0), (5, 1, 1.0), (32, 2, 3.0)):
        state = _random_state(seed, scale)
        model = ex.VAE()
        model.load_state_dict(state)
        x = X_train[rng.choice(len(X_train), size=n, replace=False)]
        eps = rng.normal(size=(n, 8)).astype(np.float32)
        got = ex.negative_elbo(model, torch.from_numpy(x), torch.from_numpy(eps))
        expect(isinstance(got, (tuple, list)) and len(got) == 3,
               "negative_elbo must return the three scalar tensors (loss, recon, kl)", got=type(got).__name__)
        recon, kl = _reference_terms(_np_state(state), x.astype(np.float64), eps.astype(np.float64))
        how = ("NumPy float64 from the weights: z = mu + exp(log_var / 2) * eps, recon_n = sum_j "
               "logaddexp(0, l_j) - x_j l_j, kl_n = 1/2 sum (mu^2 + exp(log_var) - 1 - log_var), batch means")
        inputs = {"x": x, "eps": eps, "weights": f"torch.manual_seed({seed}), VAE(), every weight times {scale}"}
        for name, value, want in (("recon", got[1], recon.mean()), ("kl", got[2], kl.mean()),
                                  ("loss", got[0], recon.mean() + kl.mean())):
            expect_close(value, want, what=f"{name} for a batch of {n}", how=how, rtol=2e-5, atol=1e-4,
                         inputs=inputs)


def _replay(X, seed, epochs, batch_size, lr):
    """The training steps as the statement specifies them, with this file's copy of the VAE."""
    torch.manual_seed(seed)
    model = _VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=generator)
        for start in range(0, len(X), batch_size):
            index = order[start:start + batch_size]
            eps = torch.randn(len(index), model.latent, generator=generator)
            x = X[index]
            mu, log_var = model.to_mu(model.encoder(x)), model.to_log_var(model.encoder(x))
            logits = model.decoder(mu + torch.exp(0.5 * log_var) * eps)
            loss = (F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
                    + 0.5 * (mu ** 2 + log_var.exp() - 1 - log_var).sum(1)).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return model.state_dict(), losses


def test_training_steps_match_replay(ex, rng):
    X_train, _ = _digits()
    X = torch.from_numpy(X_train[:96])
    settings = dict(seed=5, epochs=3, batch_size=32, lr=1e-2)
    state, losses = ex.train_vae(X, **settings)
    want_state, want_losses = _replay(X, **settings)
    expect(isinstance(state, dict), "the first result must be a plain dict name -> tensor: dict(model.state_dict())",
           got=type(state).__name__)
    how = ("a torch replay of the statement's loop (manual_seed, VAE(), Adam, one generator: randperm per epoch, "
           "randn eps per batch; zero_grad, negative ELBO, backward, step)")
    expect_close(np.asarray(losses, dtype=float), np.array(want_losses),
                 what="the 9 step losses of train_vae(96 digits, seed=5, epochs=3, batch_size=32, lr=1e-2)",
                 how=how + ": a mismatch at step 0 is the loss, later ones the order, eps, gradients or update",
                 rtol=1e-4, atol=1e-4)
    for name, value in want_state.items():
        expect_close(state[name], value, what=f"the trained weight {name}", how=how, rtol=1e-3, atol=1e-4)


def _bernoulli_baseline(X_train, X_test):
    p = (X_train.sum(axis=0) + 1.0) / (len(X_train) + 2.0)
    return float(-(X_test * np.log(p) + (1 - X_test) * np.log(1 - p)).sum(axis=1).mean())


def test_trained_vae_on_digits(ex, rng):
    X_train, X_test = _digits()
    state, losses = ex.train_vae(torch.from_numpy(X_train), seed=0)
    losses = np.asarray(losses, dtype=float)
    steps = 40 * int(np.ceil(len(X_train) / 64))
    expect(losses.shape == (steps,) and np.all(np.isfinite(losses)),
           f"train_vae must return {steps} finite losses (40 epochs of {int(np.ceil(len(X_train) / 64))} batches)",
           got=losses)
    s = _np_state(state)
    x = X_test.astype(np.float64)
    draws = [_reference_terms(s, x, rng.normal(size=(len(x), 8))) for _ in range(10)]
    recon = float(np.mean([r.mean() for r, _ in draws]))
    kl = float(np.mean([k.mean() for _, k in draws]))
    baseline = _bernoulli_baseline(X_train.astype(np.float64), x)
    expect(recon + kl < baseline - 3.0,
           "on held-out digits the VAE's negative ELBO must beat independent Bernoulli pixels by 3 nats "
           "(a correct VAE gets about 19 against 24.6)", negative_elbo=recon + kl, recon=recon, kl=kl,
           baseline=baseline, how="10 draws of eps, the ELBO recomputed in NumPy from your weights; baseline: "
           "each pixel a Bernoulli with its (Laplace-smoothed) training frequency")
    expect(kl > 2.0, "the KL term collapsed to about 0: the encoder learned nothing (is z a "
           "reparameterised, differentiable function of mu and log_var?)", kl=kl)
    z = rng.normal(size=(4000, 8))
    pixels = 1.0 / (1.0 + np.exp(-_decode(s, z)))
    gap = float(np.abs(pixels.mean(axis=0) - x.mean(axis=0)).mean())
    expect(gap < 0.04, "digits decoded from the prior z ~ N(0, I) do not have the data's pixel means: "
           "without the KL term the codes drift away from N(0, I)", mean_abs_gap=gap,
           how="sigmoid(decode(z)) of 4000 prior draws (NumPy, your weights), per-pixel mean vs the held-out "
               "digits' per-pixel mean; a correct VAE gives about 0.013")


def test_sample(ex, rng):
    state = _random_state(7, 1.0)
    model = ex.VAE()
    model.load_state_dict(state)
    for n, seed in ((1, 0), (6, 3)):
        got = ex.sample(model, n, seed)
        expect(isinstance(got, torch.Tensor), "sample must return a torch.Tensor", got=type(got).__name__)
        expect(not got.requires_grad, "sample's result carries an autograd graph (requires_grad=True): "
               "decode under torch.no_grad()", how=f"sample(model, {n}, {seed})")
        z = torch.randn(n, 8, generator=torch.Generator().manual_seed(seed)).double().numpy()
        want = 1.0 / (1.0 + np.exp(-_decode(_np_state(state), z)))
        expect_equal(tuple(got.shape), (n, 64), what=f"sample(model, {n}, {seed}).shape", how="n draws, 64 pixels")
        expect_close(got, want, what=f"sample(model, {n}, {seed})", rtol=1e-5, atol=1e-6,
                     how="z = torch.randn(n, 8, generator=torch.Generator().manual_seed(seed)); sigmoid(decode(z)) "
                         "in NumPy float64 from the weights")
