"""Checks for SAC's temperature (references: J(alpha) of Haarnoja et al. 2018 (arXiv
1812.05905) eq. 18 in NumPy; its derivative in log alpha in closed form, by torch autograd on
the formula and by central differences of your loss; a simulation in which a Gaussian
policy's best response to alpha has a closed-form entropy, driven by your update to the
target entropy -|A| (§5-6); worked examples by hand)."""
import math

import numpy as np
import torch
from torch.distributions import Normal

from deeproots.grading.checks import central_difference, expect, expect_close


def _t(x):
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


def test_default_target_entropy(ex, rng):
    for dim in (1, 3, 6):
        expect_close(ex.default_target_entropy(dim), -float(dim), what=f"default_target_entropy({dim})",
                     how="H-bar = -|A| (Haarnoja et al. 2018, §6)", rtol=0, atol=0)


def test_hand_example(ex, rng):
    log_alpha, log_probs = _t(math.log(2.0)), _t([-1.0, -3.0])
    expect_close(ex.temperature_loss(log_alpha, log_probs, -1.0), 6.0,
                 what="temperature_loss(log 2, [-1, -3], -1)", how="by hand: -2 * mean([-2, -4]) = 6",
                 rtol=1e-12, atol=1e-12)
    expect_close(ex.temperature_gradient(log_alpha, log_probs, -1.0), 6.0,
                 what="temperature_gradient(log 2, [-1, -3], -1)",
                 how="by hand: -alpha mean(log pi + H-bar) = -2 * (-3) = 6 (entropy 2 above target -1: alpha "
                     "must go down)", rtol=1e-12, atol=1e-12)
    expect_close(ex.temperature_update(math.log(2.0), log_probs, -1.0, 0.1), math.log(2.0) - 0.6,
                 what="temperature_update(log 2, [-1, -3], -1, lr = 0.1)", how="by hand: log 2 - 0.1 * 6",
                 rtol=1e-12, atol=1e-12)


def test_loss_and_gradient_random(ex, rng):
    for b, dim in [(1, 1), (16, 2), (256, 6)]:
        log_alpha = float(rng.normal())
        log_probs = rng.normal(loc=-dim, scale=2.0, size=b)
        target = -float(dim)
        want_loss = np.mean(-np.exp(log_alpha) * (log_probs + target))
        expect_close(ex.temperature_loss(_t(log_alpha), _t(log_probs), target), want_loss,
                     what=f"temperature_loss, B = {b}, |A| = {dim}", how="mean(-exp(log_alpha) (log_probs + H-bar)) in NumPy",
                     rtol=1e-10, atol=1e-12, inputs={"log_alpha": log_alpha, "log_probs": log_probs})
        leaf = _t(log_alpha).requires_grad_(True)
        (-(leaf.exp() * (_t(log_probs) + target)).mean()).backward()
        got = ex.temperature_gradient(_t(log_alpha), _t(log_probs), target)
        expect_close(got, float(leaf.grad), what=f"temperature_gradient, B = {b}, |A| = {dim}",
                     how="torch autograd of the formula in log_alpha (closed form: -alpha mean(log pi + H-bar))",
                     rtol=1e-10, atol=1e-12)
        numeric = central_difference(
            lambda x: float(torch.as_tensor(ex.temperature_loss(_t(x[0]), _t(log_probs), target)).detach()),
            np.array([log_alpha]), h=1e-6)
        expect_close(got, float(numeric[0]), what=f"temperature_gradient, B = {b}",
                     how="central difference of your temperature_loss in log_alpha, h = 1e-6", rtol=1e-6, atol=1e-8)


def test_gradient_sign(ex, rng):
    for entropy, target in [(2.0, -1.0), (-3.0, -1.0), (0.5, -6.0), (-8.0, -6.0)]:
        log_probs = -entropy + rng.normal(scale=0.1, size=64)
        log_probs -= log_probs.mean() + entropy  # mean exactly -entropy
        new = ex.temperature_update(0.0, _t(log_probs), target, 0.01)
        should = "down" if entropy > target else "up"
        moved = "down" if new < 0.0 else "up"
        expect(moved == should, f"with entropy estimate {entropy} and target {target}, alpha should go {should} "
               f"(too much entropy -> less bonus), but log alpha went {moved}", log_alpha_before=0.0,
               log_alpha_after=new)


def test_log_probs_get_no_gradient(ex, rng):
    log_probs = _t(rng.normal(size=8)).requires_grad_(True)  # as they come from the policy: with a graph
    loss = ex.temperature_loss(_t(0.3), log_probs, -2.0)
    expect(not loss.requires_grad,
           "temperature_loss(log_alpha, log_probs, ...) requires grad although only log_probs did: the loss would "
           "push the policy. Detach the log-probs: (log_probs + target_entropy).detach()",
           loss_requires_grad=loss.requires_grad)


def test_simulation_reaches_target_entropy(ex, rng):
    # A 1-d Gaussian policy N(0, sigma^2) facing Q(a) = -c a^2 / 2 maximises -c sigma^2 / 2 + alpha H(sigma):
    # its best response is sigma^2 = alpha / c, with entropy H = 0.5 log(2 pi e alpha / c). Alternate the best
    # response and your temperature update; the entropy must settle at the target.
    c, target, lr = 100.0, -1.0, 1.0
    z = Normal(0.0, 1.0).icdf(torch.linspace(0.5 / 2000, 1 - 0.5 / 2000, 2000, dtype=torch.float64))
    for log_alpha0 in (math.log(0.05), math.log(5.0)):
        log_alpha = log_alpha0
        for _ in range(60):
            sigma = math.sqrt(math.exp(log_alpha) / c)
            log_probs = Normal(0.0, sigma).log_prob(sigma * z)  # quantile samples of the policy
            log_alpha = ex.temperature_update(log_alpha, log_probs, target, lr)
        entropy = 0.5 * math.log(2 * math.pi * math.e * math.exp(log_alpha) / c)
        expect_close(entropy, target, what=f"policy entropy after 60 temperature updates from alpha = "
                     f"{math.exp(log_alpha0):.2f}", how="the target entropy -|A| = -1: J(alpha)'s fixed point "
                     "(Haarnoja et al. 2018 §5); closed-form entropy 0.5 log(2 pi e alpha / c) of the best response",
                     rtol=0, atol=0.02)
        alpha_star = c * math.exp(2 * target) / (2 * math.pi * math.e)
        expect_close(math.exp(log_alpha), alpha_star, what="alpha after 60 updates",
                     how="closed form: alpha* = c e^(2 H-bar) / (2 pi e)", rtol=0.05, atol=0)
