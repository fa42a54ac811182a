"""Checks for the VAE objective (references: closed forms computed here in NumPy,
torch.distributions.kl_divergence(Normal, Normal), a Monte Carlo estimate of the KL from
scipy.stats.norm log densities, F.binary_cross_entropy_with_logits, Normal.log_prob, torch
autograd of the same formulas in float64, and central differences)."""
import numpy as np
import torch
import torch.nn.functional as F
from scipy.stats import norm
from torch.distributions import Normal, kl_divergence

from deeproots.grading.checks import central_difference, expect, expect_close

# (N, D): one sample, one dimension, non-square both ways.
SHAPES = [(1, 1), (1, 4), (3, 1), (4, 3), (2, 7), (6, 2)]


def _t(array, grad=False):
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=grad)


def _gauss(rng, n, d):
    return rng.normal(size=(n, d)), rng.uniform(-2.0, 1.5, size=(n, d))


def _torch_kl(mu, log_var):
    return kl_divergence(Normal(mu, torch.exp(0.5 * log_var)), Normal(torch.zeros_like(mu), torch.ones_like(mu))).sum(-1)


def _torch_bce(logits, x):
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(-1)


def test_hand_example(ex, rng):
    one, zero = np.ones((1, 1)), np.zeros((1, 1))
    expect_close(ex.reparameterise(zero, zero, one), one, what="reparameterise(mu=[[0]], log_var=[[0]], eps=[[1]])",
                 how="by hand: 0 + exp(0 / 2) * 1 = 1", rtol=1e-12, atol=1e-12)
    expect_close(ex.reparameterise(one, np.full((1, 1), 2.0 * np.log(3.0)), one), np.full((1, 1), 4.0),
                 what="reparameterise(mu=[[1]], log_var=[[2 log 3]], eps=[[1]])",
                 how="by hand: sigma = exp(log 3) = 3 (the standard deviation: log_var / 2), z = 1 + 3", rtol=1e-12)
    expect_close(ex.gaussian_kl(one, zero), np.array([0.5]), what="gaussian_kl(mu=[[1]], log_var=[[0]])",
                 how="by hand: (1 + 1 - 1 - 0) / 2", rtol=1e-12, atol=1e-12)
    expect_close(ex.gaussian_kl(zero, zero), np.array([0.0]), what="gaussian_kl(mu=[[0]], log_var=[[0]])",
                 how="by hand: q = p, so the KL is 0 (the -1 term cancels exp(0))", rtol=0, atol=1e-12)
    expect_close(ex.bernoulli_nll(zero, one), np.array([np.log(2.0)]), what="bernoulli_nll(logits=[[0]], x=[[1]])",
                 how="by hand: -log sigmoid(0) = log 2", rtol=1e-12)


def test_reparameterise_and_backward(ex, rng):
    for n, d in SHAPES:
        mu, log_var = _gauss(rng, n, d)
        eps, dz = rng.normal(size=(n, d)), rng.normal(size=(n, d))
        inputs = {"mu": mu, "log_var": log_var, "eps": eps, "dz": dz}
        expect_close(ex.reparameterise(mu, log_var, eps), mu + np.sqrt(np.exp(log_var)) * eps,
                     what=f"z for (N, D) = {(n, d)}", how="mu + sqrt(exp(log_var)) * eps in NumPy",
                     rtol=1e-12, atol=1e-12, inputs=inputs)
        got = ex.reparameterise_backward(dz, mu, log_var, eps)
        expect(isinstance(got, (tuple, list)) and len(got) == 2,
               "reparameterise_backward must return the pair (dmu, dlog_var)", got=type(got).__name__)
        leaves = [_t(mu, True), _t(log_var, True)]
        ((leaves[0] + torch.exp(0.5 * leaves[1]) * _t(eps)) * _t(dz)).sum().backward()
        for k, name in enumerate(("dmu", "dlog_var")):
            expect_close(got[k], leaves[k].grad.numpy(), what=f"{name} for (N, D) = {(n, d)}",
                         how="torch autograd of sum(dz * (mu + exp(log_var / 2) * eps)), float64",
                         rtol=1e-10, atol=1e-12, inputs=inputs)
            def f(v, k=k):
                args = [mu, log_var]
                args[k] = v
                return np.sum(dz * (args[0] + np.exp(0.5 * args[1]) * eps))
            expect_close(got[k], central_difference(f, [mu, log_var][k]), what=f"{name} for (N, D) = {(n, d)}",
                         how="central_difference of sum(dz * z)", rtol=1e-6, atol=1e-8, inputs=inputs)


def test_gaussian_kl_matches_torch(ex, rng):
    for n, d in SHAPES + [(3, 2)]:
        mu, log_var = _gauss(rng, n, d)
        if (n, d) == (3, 2):
            mu, log_var = 30.0 * mu, 8.0 * log_var  # large magnitudes
        expect_close(ex.gaussian_kl(mu, log_var), _torch_kl(_t(mu), _t(log_var)).numpy(),
                     what=f"gaussian_kl for (N, D) = {(n, d)}",
                     how="torch.distributions.kl_divergence(Normal(mu, exp(log_var / 2)), Normal(0, 1)).sum(-1), float64",
                     rtol=1e-9, atol=1e-12, inputs={"mu": mu, "log_var": log_var})


def test_gaussian_kl_monte_carlo(ex, rng):
    mu, log_var = np.array([[0.7, -1.2, 0.0]]), np.array([[-0.5, 0.4, 1.0]])
    got = np.asarray(ex.gaussian_kl(mu, log_var), dtype=float)
    samples = 200_000
    z = mu + np.exp(0.5 * log_var) * rng.normal(size=(samples, 3))
    log_ratio = (norm.logpdf(z, mu, np.exp(0.5 * log_var)) - norm.logpdf(z)).sum(axis=1)
    estimate, stderr = log_ratio.mean(), log_ratio.std() / np.sqrt(samples)
    expect(got.shape == (1,) and abs(got[0] - estimate) < 5 * stderr,
           "gaussian_kl disagrees with a Monte Carlo estimate E_q[log q(z) - log p(z)] by more than 5 "
           "standard errors", got=got, monte_carlo=estimate, standard_error=stderr,
           how="200000 draws z ~ q, log densities from scipy.stats.norm.logpdf", mu=mu, log_var=log_var)


def test_gaussian_kl_backward(ex, rng):
    for n, d in SHAPES:
        mu, log_var = _gauss(rng, n, d)
        dkl = rng.normal(size=n)
        inputs = {"dkl": dkl, "mu": mu, "log_var": log_var}
        got = ex.gaussian_kl_backward(dkl, mu, log_var)
        expect(isinstance(got, (tuple, list)) and len(got) == 2,
               "gaussian_kl_backward must return the pair (dmu, dlog_var)", got=type(got).__name__)
        leaves = [_t(mu, True), _t(log_var, True)]
        (_torch_kl(*leaves) * _t(dkl)).sum().backward()
        for k, name in enumerate(("dmu", "dlog_var")):
            expect_close(got[k], leaves[k].grad.numpy(), what=f"{name} of the KL for (N, D) = {(n, d)}",
                         how="torch autograd of sum(dkl * kl_divergence(Normal, Normal(0, 1)).sum(-1)), float64",
                         rtol=1e-10, atol=1e-12, inputs=inputs)
            def f(v, k=k):
                args = [mu, log_var]
                args[k] = v
                return np.sum(dkl * 0.5 * np.sum(args[0] ** 2 + np.exp(args[1]) - 1 - args[1], axis=1))
            expect_close(got[k], central_difference(f, [mu, log_var][k]), what=f"{name} of the KL for (N, D) = {(n, d)}",
                         how="central_difference of sum(dkl * KL), KL in closed form", rtol=1e-6, atol=1e-8, inputs=inputs)


def test_bernoulli_nll(ex, rng):
    for n, d in SHAPES:
        logits, x = rng.normal(scale=3.0, size=(n, d)), rng.uniform(size=(n, d))
        if d > 1:
            x[:, 0] = np.round(x[:, 0])  # binary and fractional targets
        expect_close(ex.bernoulli_nll(logits, x), _torch_bce(_t(logits), _t(x)).numpy(),
                     what=f"bernoulli_nll for (N, D) = {(n, d)}",
                     how="F.binary_cross_entropy_with_logits(logits, x, reduction='none').sum(-1), float64",
                     rtol=1e-10, atol=1e-12, inputs={"logits": logits, "x": x})


def test_bernoulli_nll_large_logits(ex, rng):
    logits = np.array([[1000.0, -1000.0, 800.0, -750.0], [50.0, -50.0, 710.0, -710.0]])
    x = np.array([[0.0, 1.0, 1.0, 0.0], [0.3, 0.7, 0.0, 1.0]])
    expect_close(ex.bernoulli_nll(logits, x), _torch_bce(_t(logits), _t(x)).numpy(),
                 what="bernoulli_nll at logits of magnitude up to 1000",
                 how="F.binary_cross_entropy_with_logits (stable); exp(1000) overflows, so write "
                     "softplus(l) = max(l, 0) + log1p(exp(-|l|))", rtol=1e-10, atol=1e-9,
                 inputs={"logits": logits, "x": x})
    got = ex.bernoulli_nll_backward(np.ones(2), logits, x)
    expect_close(got, (torch.sigmoid(_t(logits)) - _t(x)).numpy(), what="bernoulli_nll_backward at large logits",
                 how="torch.sigmoid(logits) - x", rtol=1e-10, atol=1e-12, inputs={"logits": logits, "x": x})


def test_bernoulli_nll_backward(ex, rng):
    for n, d in SHAPES:
        logits, x = rng.normal(scale=3.0, size=(n, d)), rng.uniform(size=(n, d))
        dnll = rng.normal(size=n)
        inputs = {"dnll": dnll, "logits": logits, "x": x}
        got = ex.bernoulli_nll_backward(dnll, logits, x)
        leaf = _t(logits, True)
        (_torch_bce(leaf, _t(x)) * _t(dnll)).sum().backward()
        expect_close(got, leaf.grad.numpy(), what=f"dlogits for (N, D) = {(n, d)}",
                     how="torch autograd of sum(dnll * binary_cross_entropy_with_logits(...).sum(-1)), float64",
                     rtol=1e-10, atol=1e-12, inputs=inputs)
        f = lambda v: np.sum(dnll * _torch_bce(_t(v), _t(x)).numpy())  # noqa: E731
        expect_close(got, central_difference(f, logits), what=f"dlogits for (N, D) = {(n, d)}",
                     how="central_difference of sum(dnll * NLL)", rtol=1e-6, atol=1e-8, inputs=inputs)


def test_gaussian_nll(ex, rng):
    for n, d in SHAPES:
        mean, log_var = _gauss(rng, n, d)
        x = rng.normal(scale=2.0, size=(n, d))
        want = -Normal(_t(mean), torch.exp(0.5 * _t(log_var))).log_prob(_t(x)).sum(-1).numpy()
        expect_close(ex.gaussian_nll(mean, log_var, x), want, what=f"gaussian_nll for (N, D) = {(n, d)}",
                     how="-torch.distributions.Normal(mean, exp(log_var / 2)).log_prob(x).sum(-1), float64",
                     rtol=1e-10, atol=1e-12, inputs={"mean": mean, "log_var": log_var, "x": x})


def test_elbo(ex, rng):
    for n, d, dz in ((1, 3, 1), (4, 5, 2), (3, 2, 4)):
        x = (rng.uniform(size=(n, d)) > 0.5).astype(float)
        logits = rng.normal(scale=2.0, size=(n, d))
        mu, log_var = _gauss(rng, n, dz)
        want = -(_torch_bce(_t(logits), _t(x)) + _torch_kl(_t(mu), _t(log_var))).numpy()
        expect_close(ex.elbo(x, logits, mu, log_var), want, what=f"elbo for N = {n}",
                     how="-(binary_cross_entropy_with_logits(...).sum(-1) + kl_divergence(...).sum(-1)), torch float64",
                     rtol=1e-10, atol=1e-12, inputs={"x": x, "logits": logits, "mu": mu, "log_var": log_var})


def _torch_negative_elbo(x, mu, log_var, eps, W, b):
    z = mu + torch.exp(0.5 * log_var) * eps
    return (_torch_bce(z @ W + b, x) + _torch_kl(mu, log_var)).mean()


def test_negative_elbo_and_grads(ex, rng):
    for n, dz, dx in ((1, 1, 1), (1, 2, 5), (4, 3, 6), (5, 2, 3)):
        x = (rng.uniform(size=(n, dx)) > 0.5).astype(float)
        mu, log_var = _gauss(rng, n, dz)
        eps, W, b = rng.normal(size=(n, dz)), rng.normal(size=(dz, dx)), rng.normal(size=dx)
        inputs = {"x": x, "mu": mu, "log_var": log_var, "eps": eps, "W": W, "b": b}
        got = ex.negative_elbo_and_grads(x, mu, log_var, eps, W, b)
        expect(isinstance(got, (tuple, list)) and len(got) == 3,
               "negative_elbo_and_grads must return (loss, dmu, dlog_var)", got=type(got).__name__)
        leaves = [_t(mu, True), _t(log_var, True)]
        loss = _torch_negative_elbo(_t(x), leaves[0], leaves[1], _t(eps), _t(W), _t(b))
        loss.backward()
        expect_close(got[0], loss.item(), what=f"loss for (N, D_z, D_x) = {(n, dz, dx)}",
                     how="torch: mean over the batch of BCE-with-logits sum + KL sum, float64", rtol=1e-10,
                     inputs=inputs)
        for k, name in enumerate(("dmu", "dlog_var")):
            expect_close(got[1 + k], leaves[k].grad.numpy(), what=f"{name} for (N, D_z, D_x) = {(n, dz, dx)}",
                         how="torch autograd of the mean negative ELBO (both the reconstruction and KL paths)",
                         rtol=1e-9, atol=1e-12, inputs=inputs)
            def f(v, k=k):
                args = [_t(mu), _t(log_var)]
                args[k] = _t(v)
                return _torch_negative_elbo(_t(x), args[0], args[1], _t(eps), _t(W), _t(b)).item()
            expect_close(got[1 + k], central_difference(f, [mu, log_var][k]), what=f"{name} for (N, D_z, D_x) = {(n, dz, dx)}",
                         how="central_difference of the mean negative ELBO", rtol=1e-6, atol=1e-8, inputs=inputs)
