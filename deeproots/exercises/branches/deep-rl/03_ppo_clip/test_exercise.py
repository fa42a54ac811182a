"""Checks for PPO's losses (references: L^CLIP of Schulman et al. 2017 eq. 7 and eq. 9
computed in NumPy; its gradient worked out case by case (r A where the unclipped term is the
min, 0 where the clip is active); the points of Figure 1 by hand)."""
import numpy as np
import torch

from deeproots.grading.checks import expect_close

EPS = 0.2
# (ratio, advantage, loss = -objective, d loss / d log pi_new) for eps = 0.2, by hand.
HAND_POINTS = [
    (0.5, 1.0, -0.5, -0.5),    # A > 0, r below the range: unclipped term is the min
    (1.5, 1.0, -1.2, 0.0),     # A > 0, r above the range: clipped at 1 + eps, no gradient
    (0.5, -1.0, 0.8, 0.0),     # A < 0, r below the range: clipped at 1 - eps, no gradient
    (1.5, -1.0, 1.5, 1.5),     # A < 0, r above the range: unclipped term is the min
    (0.9, 2.0, -1.8, -1.8),    # inside the range: plain r A
    (1.1, -3.0, 3.3, 3.3),
]


def _t(array):
    return torch.as_tensor(np.asarray(array, dtype=np.float64))


def _reference_clip_loss(new, old, adv, eps):
    ratio = np.exp(new - old)
    return -np.mean(np.minimum(ratio * adv, np.clip(ratio, 1 - eps, 1 + eps) * adv))


def _reference_gradient(new, old, adv, eps):
    ratio = np.exp(new - old)
    unclipped_is_min = ratio * adv <= np.clip(ratio, 1 - eps, 1 + eps) * adv
    return np.where(unclipped_is_min, -ratio * adv, 0.0) / len(new)


def _batch(rng, n):
    old = np.log(rng.uniform(0.05, 1.0, size=n))
    new = old + rng.normal(scale=0.4, size=n)  # ratios from ~0.3 to ~3: many on both sides of the clip
    return new, old, rng.normal(scale=2.0, size=n)


def test_clip_loss_hand_points(ex, rng):
    for ratio, adv, loss, _ in HAND_POINTS:
        got = ex.clip_loss(_t([np.log(ratio)]), _t([0.0]), _t([adv]), EPS)
        expect_close(got, loss, what=f"clip_loss for one sample, r = {ratio}, A = {adv}, eps = {EPS}",
                     how="by hand: -min(r A, clip(r, 0.8, 1.2) A)", rtol=1e-10, atol=1e-12)


def test_clip_loss_hand_points_gradient(ex, rng):
    ratios, advs, _, grads = (np.array(column) for column in zip(*HAND_POINTS))
    got = ex.clip_loss_gradient(_t(np.log(ratios)), _t(np.zeros(len(ratios))), _t(advs), EPS)
    expect_close(got, grads / len(ratios), what="clip_loss_gradient at the six hand points (one batch)",
                 how="by hand: -r A / N where the unclipped term is the min, 0 where the clip is active",
                 rtol=1e-10, atol=1e-12, inputs={"ratios": ratios, "advantages": advs})


def test_clip_loss_random(ex, rng):
    for n, eps in [(1, 0.2), (10, 0.2), (64, 0.1), (33, 0.3)]:
        new, old, adv = _batch(rng, n)
        got = ex.clip_loss(_t(new), _t(old), _t(adv), eps)
        expect_close(got, _reference_clip_loss(new, old, adv, eps), what=f"clip_loss, N = {n}, eps = {eps}",
                     how="-mean(min(r A, clip(r, 1 - eps, 1 + eps) A)) in NumPy, r = exp(new - old)",
                     rtol=1e-10, atol=1e-12, inputs={"new_log_probs": new, "old_log_probs": old, "advantages": adv})


def test_clip_loss_gradient_random(ex, rng):
    for n, eps in [(12, 0.2), (50, 0.1)]:
        new, old, adv = _batch(rng, n)
        got = ex.clip_loss_gradient(_t(new), _t(old), _t(adv), eps)
        expect_close(got, _reference_gradient(new, old, adv, eps), what=f"clip_loss_gradient, N = {n}, eps = {eps}",
                     how="case by case: -r A / N where r A <= clip(r) A, else 0",
                     rtol=1e-9, atol=1e-12, inputs={"new_log_probs": new, "old_log_probs": old, "advantages": adv})


def test_value_loss(ex, rng):
    expect_close(ex.value_loss(_t([1.0, 2.0]), _t([0.0, 4.0])), 1.25, what="value_loss([1, 2], [0, 4])",
                 how="by hand: 0.5 * (1 + 4) / 2", rtol=1e-12, atol=1e-12)
    values, returns = rng.normal(size=20), rng.normal(size=20)
    expect_close(ex.value_loss(_t(values), _t(returns)), 0.5 * np.mean((values - returns) ** 2),
                 what="value_loss, N = 20", how="0.5 * mean((V - R)^2) in NumPy", rtol=1e-10, atol=1e-12)


def test_ppo_loss_combination(ex, rng):
    for n, eps, vf_coef, ent_coef in [(16, 0.2, 0.5, 0.01), (7, 0.1, 1.0, 0.1), (1, 0.3, 0.25, 0.5)]:
        new, old, adv = _batch(rng, n)
        values, returns = rng.normal(size=n), rng.normal(size=n)
        entropy = rng.uniform(0.1, 1.5, size=n)
        got = ex.ppo_loss(_t(new), _t(old), _t(adv), _t(values), _t(returns), _t(entropy), eps, vf_coef, ent_coef)
        want = (_reference_clip_loss(new, old, adv, eps) + vf_coef * 0.5 * np.mean((values - returns) ** 2)
                - ent_coef * np.mean(entropy))
        expect_close(got, want, what=f"ppo_loss, N = {n}, eps = {eps}, vf_coef = {vf_coef}, ent_coef = {ent_coef}",
                     how="-L^CLIP + vf_coef * 0.5 mean((V - R)^2) - ent_coef * mean(entropy), in NumPy",
                     rtol=1e-10, atol=1e-12, inputs={"values": values, "returns": returns, "entropy": entropy})
