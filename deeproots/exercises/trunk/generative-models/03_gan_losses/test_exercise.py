"""Checks for the GAN losses (references: F.binary_cross_entropy_with_logits and
torch.logaddexp computed here in float64, torch.relu for the hinge losses, hand values, and
central differences of your losses for the gradient property of Goodfellow et al. §3)."""
import numpy as np
import torch
import torch.nn.functional as F

from deeproots.grading.checks import central_difference, expect, expect_close

# (real batch shape, fake batch shape): one example, unequal batch sizes, column vectors.
SHAPES = [((1,), (1,)), ((5,), (3,)), ((4, 1), (7, 1)), ((8,), (8,))]


def _t(array, dtype=torch.float64):
    return torch.tensor(np.asarray(array, dtype=float), dtype=dtype)


def _bce(logits, target):
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, float(target)))


def _cases(rng):
    for real_shape, fake_shape in SHAPES:
        yield rng.normal(scale=3.0, size=real_shape), rng.normal(scale=3.0, size=fake_shape)


def test_hand_values(ex, rng):
    zero = _t([0.0])
    cases = [
        ("d_loss_bce([0], [0])", ex.d_loss_bce(zero, zero), 2 * np.log(2), "D = 1/2: -log(1/2) - log(1/2)"),
        ("g_loss_nonsaturating([0])", ex.g_loss_nonsaturating(zero), np.log(2), "-log(1/2)"),
        ("g_loss_saturating([0])", ex.g_loss_saturating(zero), -np.log(2), "log(1 - 1/2)"),
        ("d_loss_hinge([0], [0])", ex.d_loss_hinge(zero, zero), 2.0, "relu(1 - 0) + relu(1 + 0)"),
        ("d_loss_hinge([2], [-3])", ex.d_loss_hinge(_t([2.0]), _t([-3.0])), 0.0, "relu(1 - 2) + relu(1 - 3): both beyond the margin"),
        ("d_loss_hinge([0.5, 3], [0, -2])", ex.d_loss_hinge(_t([0.5, 3.0]), _t([0.0, -2.0])), 0.75,
         "mean(0.5, 0) + mean(1, 0)"),
        ("g_loss_hinge([1, 3])", ex.g_loss_hinge(_t([1.0, 3.0])), -2.0, "-(1 + 3) / 2"),
        ("softplus([0])", ex.softplus(zero), np.array([np.log(2)]), "log(1 + 1)"),
    ]
    for what, got, want, how in cases:
        expect_close(got, want, what=what, how="by hand: " + how, rtol=1e-12, atol=1e-12)


def test_softplus(ex, rng):
    for x in (rng.normal(scale=5.0, size=7), rng.normal(size=(3, 4)),
              np.array([1000.0, -1000.0, 800.0, -800.0, 30.0, -30.0, 0.0])):
        for dtype in (torch.float64, torch.float32):
            got = ex.softplus(_t(x, dtype))
            want = torch.logaddexp(torch.zeros_like(_t(x)), _t(x)).numpy()
            rtol = 1e-12 if dtype == torch.float64 else 1e-6
            expect_close(got, want, what=f"softplus(x), x {dtype}", how="torch.logaddexp(0, x) in float64",
                         rtol=rtol, atol=rtol, inputs={"x": x})


def test_bce_losses_match_torch(ex, rng):
    for real, fake in _cases(rng):
        r, f = _t(real), _t(fake)
        inputs = {"real_logits": real, "fake_logits": fake}
        expect_close(ex.d_loss_bce(r, f), (_bce(r, 1) + _bce(f, 0)).item(), what="d_loss_bce",
                     how="F.binary_cross_entropy_with_logits(real, ones) + F.binary_cross_entropy_with_logits(fake, zeros), "
                         "each a mean over its own batch", rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(ex.g_loss_nonsaturating(f), _bce(f, 1).item(), what="g_loss_nonsaturating",
                     how="F.binary_cross_entropy_with_logits(fake, ones)", rtol=1e-10, atol=1e-12, inputs=inputs)
        expect_close(ex.g_loss_saturating(f), -_bce(f, 0).item(), what="g_loss_saturating",
                     how="-F.binary_cross_entropy_with_logits(fake, zeros) = mean log(1 - sigmoid(fake))",
                     rtol=1e-10, atol=1e-12, inputs=inputs)


def test_hinge_losses(ex, rng):
    for real, fake in _cases(rng):
        r, f = _t(real), _t(fake)
        inputs = {"real_logits": real, "fake_logits": fake}
        expect_close(ex.d_loss_hinge(r, f), (torch.relu(1 - r).mean() + torch.relu(1 + f).mean()).item(),
                     what="d_loss_hinge", how="torch.relu(1 - real).mean() + torch.relu(1 + fake).mean()",
                     rtol=1e-12, atol=1e-12, inputs=inputs)
        expect_close(ex.g_loss_hinge(f), -f.mean().item(), what="g_loss_hinge", how="-fake.mean()",
                     rtol=1e-12, atol=1e-12, inputs=inputs)


def test_large_logits_are_stable(ex, rng):
    for dtype in (torch.float32, torch.float64):
        real, fake = _t([1000.0, -1000.0, 200.0], dtype), _t([-1000.0, 1000.0, -200.0, 50.0], dtype)
        r64, f64 = _t(real), _t(fake)
        inputs = {"real_logits": real.numpy(), "fake_logits": fake.numpy(), "dtype": str(dtype)}
        for what, got, want in (
                ("d_loss_bce", ex.d_loss_bce(real, fake), (_bce(r64, 1) + _bce(f64, 0)).item()),
                ("g_loss_nonsaturating", ex.g_loss_nonsaturating(fake), _bce(f64, 1).item()),
                ("g_loss_saturating", ex.g_loss_saturating(fake), -_bce(f64, 0).item())):
            expect_close(got, want, what=f"{what} at logits of magnitude up to 1000 ({dtype})",
                         how="F.binary_cross_entropy_with_logits in float64 (stable); exp(1000) overflows and "
                             "log(sigmoid(-1000)) is log(0)", rtol=1e-6, atol=1e-4, inputs=inputs)


def test_saturating_gradient_vanishes(ex, rng):
    # D confidently rejects the fakes: logits around -8 (D(G(z)) ~ 3e-4).
    fake = np.array([-8.0, -9.0, -7.5, -10.0])
    n = fake.size
    sat = central_difference(lambda v: float(ex.g_loss_saturating(_t(v))), fake, h=1e-4)
    non = central_difference(lambda v: float(ex.g_loss_nonsaturating(_t(v))), fake, h=1e-4)
    sigmoid = 1.0 / (1.0 + np.exp(-fake))
    expect_close(sat, -sigmoid / n, what="d g_loss_saturating / d fake_logits", rtol=1e-4, atol=1e-9,
                 how="central differences of your g_loss_saturating vs -sigmoid(a) / N (the derivative of "
                     "mean log(1 - sigmoid(a)))", inputs={"fake_logits": fake})
    expect_close(non, -(1.0 - sigmoid) / n, what="d g_loss_nonsaturating / d fake_logits", rtol=1e-4, atol=1e-9,
                 how="central differences of your g_loss_nonsaturating vs -(1 - sigmoid(a)) / N",
                 inputs={"fake_logits": fake})
    expect(np.max(np.abs(sat)) < 1e-3 * np.min(np.abs(non)),
           "when D confidently rejects the fakes the minimax generator loss's gradient must vanish while the "
           "non-saturating one stays near -1/N (Goodfellow et al. 2014 §3)",
           saturating_gradient=sat, nonsaturating_gradient=non, fake_logits=fake)
