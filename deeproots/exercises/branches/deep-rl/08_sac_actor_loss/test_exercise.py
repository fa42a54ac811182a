"""Checks for SAC's actor (references: the tanh-Gaussian log-probability from
torch.distributions.TransformedDistribution(Normal, [TanhTransform(cache_size=1)]), whose
cached inverse keeps it exact at large |u|; the actor loss of Haarnoja et al. 2018 eq. 12
recomputed from the critics' state_dicts; its gradient by torch autograd through that
reference and by central differences of the learner's loss; worked examples by hand)."""
import math

import numpy as np
import torch
from torch.distributions import Normal, TransformedDistribution
from torch.distributions.transforms import TanhTransform

from deeproots.grading.checks import central_difference, expect, expect_close

OBS, HIDDEN = 3, 16


def _t(x):
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


def _f(value):
    return float(torch.as_tensor(value).detach())


def _ref_sample(mean, log_std, eps):
    """a and log pi(a) by torch.distributions: TanhTransform caches u, so log_prob(a) inverts exactly."""
    std = log_std.exp()
    dist = TransformedDistribution(Normal(mean, std), [TanhTransform(cache_size=1)])
    u = mean + std * eps  # what dist.rsample() computes, with our eps
    actions = dist.transforms[0](u)
    return actions, dist.log_prob(actions).sum(dim=-1)


def _sd(handle):
    return {k: torch.as_tensor(v).detach().clone().to(torch.float64) for k, v in handle.state_dict().items()}


def _ref_q(sd, obs, actions):
    h = torch.tanh(torch.cat([obs, actions], dim=-1) @ sd["net.0.weight"].T + sd["net.0.bias"])
    return (h @ sd["net.2.weight"].T + sd["net.2.bias"]).squeeze(-1)


def _ref_loss(obs, mean, log_std, eps, sd1, sd2, alpha):
    actions, log_probs = _ref_sample(mean, log_std, eps)
    return (alpha * log_probs - torch.min(_ref_q(sd1, obs, actions), _ref_q(sd2, obs, actions))).mean()


def _ref_grads(obs, mean, log_std, eps, sd1, sd2, alpha):
    mean, log_std = mean.clone().requires_grad_(True), log_std.clone().requires_grad_(True)
    _ref_loss(obs, mean, log_std, eps, sd1, sd2, alpha).backward()
    return mean.grad.numpy(), log_std.grad.numpy()


def _inputs(rng, b, a, spread=1.0):
    return (_t(rng.normal(size=(b, OBS))), _t(rng.normal(scale=spread, size=(b, a))),
            _t(rng.uniform(-1.5, 0.5, size=(b, a))), _t(rng.normal(size=(b, a))))


def test_sample_hand_example(ex, rng):
    actions, log_probs = ex.tanh_gaussian_sample(_t([[0.0]]), _t([[0.0]]), _t([[0.0]]))
    expect_close(actions, np.array([[0.0]]), what="action at u = 0", how="tanh(0)", rtol=0, atol=1e-15)
    expect_close(log_probs, np.array([-0.5 * math.log(2 * math.pi)]), what="log pi at mean 0, log_std 0, eps 0",
                 how="by hand: log N(0; 0, 1) - log(1 - tanh(0)^2) = -0.5 log(2 pi)", rtol=1e-12, atol=1e-12)
    _, log_probs = ex.tanh_gaussian_sample(_t([[20.0]]), _t([[0.0]]), _t([[0.0]]))
    want = -0.5 * math.log(2 * math.pi) - 2 * (math.log(2) - 20.0 - math.log1p(math.exp(-40.0)))
    expect_close(log_probs, np.array([want]), what="log pi at u = 20 (tanh(u) rounds to 1.0)",
                 how="by hand: -0.5 log(2 pi) - 2 (log 2 - 20 - log1p(e^-40)) = 37.695", rtol=1e-10, atol=1e-10)


def test_sample_against_torch_distributions(ex, rng):
    for b, a, spread in [(1, 1, 1.0), (5, 2, 1.0), (16, 3, 2.0), (4, 6, 0.5)]:
        _, mean, log_std, eps = _inputs(rng, b, a, spread)
        actions, log_probs = ex.tanh_gaussian_sample(mean, log_std, eps)
        want_actions, want_log_probs = _ref_sample(mean, log_std, eps)
        inputs = {"mean": mean.numpy(), "log_std": log_std.numpy(), "eps": eps.numpy()}
        expect_close(actions, want_actions.numpy(), what=f"actions, (B, A) = {(b, a)}",
                     how="tanh(mean + exp(log_std) * eps)", rtol=1e-12, atol=1e-14, inputs=inputs)
        expect_close(log_probs, want_log_probs.numpy(), what=f"log_probs, (B, A) = {(b, a)}",
                     how="TransformedDistribution(Normal(mean, std), [TanhTransform()]).log_prob(a).sum(-1)",
                     rtol=1e-10, atol=1e-10, inputs=inputs)


def test_log_prob_stable_at_large_u(ex, rng):
    mean = _t([[8.0, -12.0, 25.0], [-30.0, 0.5, 15.0]])
    log_std, eps = _t(np.full((2, 3), -1.0)), _t(rng.normal(size=(2, 3)))
    _, log_probs = ex.tanh_gaussian_sample(mean, log_std, eps)
    _, want = _ref_sample(mean, log_std, eps)
    expect_close(log_probs, want.numpy(), what="log_probs with |u| from 8 to 30 (tanh(u) is +-1 in float64)",
                 how="TransformedDistribution(Normal, [TanhTransform(cache_size=1)]).log_prob: exact log-det "
                     "2 (log 2 - u - softplus(-2u)); log(1 - a^2 + 1e-6) is off by several nats here",
                 rtol=1e-10, atol=1e-9, inputs={"mean": mean.numpy(), "eps": eps.numpy()})


def test_actor_loss_value(ex, rng):
    for seed, b, a, alpha in [(0, 1, 1, 0.2), (1, 8, 2, 0.2), (2, 20, 3, 0.05), (3, 6, 2, 1.0)]:
        obs, mean, log_std, eps = _inputs(rng, b, a)
        q1, q2 = ex.QNetwork(OBS, a, HIDDEN, seed), ex.QNetwork(OBS, a, HIDDEN, seed + 100)
        got = ex.actor_loss(obs, mean, log_std, eps, q1, q2, alpha)
        want = _ref_loss(obs, mean, log_std, eps, _sd(q1), _sd(q2), alpha)
        expect_close(got, float(want), what=f"actor_loss, (B, A) = {(b, a)}, alpha = {alpha}",
                     how="mean(alpha log pi(a|s) - min(Q1, Q2)(s, a)), log pi from TransformedDistribution, "
                         "critics recomputed from their state_dicts", rtol=1e-10, atol=1e-10)


def test_actor_loss_gradient_autograd(ex, rng):
    for seed, b, a, alpha in [(10, 1, 1, 0.2), (11, 8, 2, 0.2), (12, 5, 3, 1.0)]:
        obs, mean, log_std, eps = _inputs(rng, b, a)
        q1, q2 = ex.QNetwork(OBS, a, HIDDEN, seed), ex.QNetwork(OBS, a, HIDDEN, seed + 100)
        got_mean, got_log_std = ex.actor_loss_gradient(obs, mean, log_std, eps, q1, q2, alpha)
        want_mean, want_log_std = _ref_grads(obs, mean, log_std, eps, _sd(q1), _sd(q2), alpha)
        how = ("torch autograd through u = mean + exp(log_std) eps (rsample), TransformedDistribution's "
               "log_prob and the reference critics")
        expect_close(got_mean, want_mean, what=f"d loss / d mean, (B, A) = {(b, a)}, alpha = {alpha}", how=how,
                     rtol=1e-8, atol=1e-10)
        expect_close(got_log_std, want_log_std, what=f"d loss / d log_std, (B, A) = {(b, a)}, alpha = {alpha}",
                     how=how, rtol=1e-8, atol=1e-10)


def test_actor_loss_gradient_central_difference(ex, rng):
    obs, mean, log_std, eps = _inputs(rng, 3, 2)
    q1, q2 = ex.QNetwork(OBS, 2, HIDDEN, 20), ex.QNetwork(OBS, 2, HIDDEN, 21)
    got_mean, got_log_std = ex.actor_loss_gradient(obs, mean, log_std, eps, q1, q2, 0.3)
    num_mean = central_difference(lambda m: _f(ex.actor_loss(obs, _t(m), log_std, eps, q1, q2, 0.3)),
                                  mean.numpy().copy(), h=1e-5)
    num_log_std = central_difference(lambda s: _f(ex.actor_loss(obs, mean, _t(s), eps, q1, q2, 0.3)),
                                     log_std.numpy().copy(), h=1e-5)
    expect_close(got_mean, num_mean, what="d loss / d mean", how="central differences of your actor_loss, h = 1e-5",
                 rtol=1e-5, atol=1e-8)
    expect_close(got_log_std, num_log_std, what="d loss / d log_std",
                 how="central differences of your actor_loss, h = 1e-5", rtol=1e-5, atol=1e-8)


def test_gradient_reaches_policy_through_the_action(ex, rng):
    # alpha = 0: the loss is -min Q(s, tanh(mean + std eps)); its only path to mean is the action.
    obs, mean, log_std, eps = _inputs(rng, 6, 2)
    q1, q2 = ex.QNetwork(OBS, 2, HIDDEN, 30), ex.QNetwork(OBS, 2, HIDDEN, 31)
    got_mean, _ = ex.actor_loss_gradient(obs, mean, log_std, eps, q1, q2, 0.0)
    want_mean, _ = _ref_grads(obs, mean, log_std, eps, _sd(q1), _sd(q2), 0.0)
    expect(float(np.abs(np.asarray(got_mean)).max()) > 0.0,
           "with alpha = 0 the actor loss gradient w.r.t. mean is zero: the gradient must reach the policy "
           "through the action, a = tanh(mean + std * eps) (reparameterisation). Did you .sample() or detach?",
           got=np.asarray(got_mean), expected=want_mean)
    expect_close(got_mean, want_mean, what="d loss / d mean with alpha = 0 (only the path through the critics)",
                 how="torch autograd of -min(Q1, Q2)(s, tanh(mean + std eps)).mean()", rtol=1e-8, atol=1e-10)
