"""Checks for AWAC's advantage weights (references: the advantage and its Monte Carlo
estimate re-derived in NumPy, scipy.special.softmax over the batch for the weights, the
limits lambda -> 0 (one-hot on the best advantage) and lambda -> infinity (uniform 1 / B:
behaviour cloning), torch.log_softmax and torch autograd on a reference loss with detached
weights, the closed-form gradient w_i (pi_i - onehot(a_i)), central differences and a
hand-worked case; Nair et al. 2020 §4, eq. (9)-(10))."""
import numpy as np
import torch
from scipy.special import softmax as sp_softmax

from deeproots.grading.checks import central_difference, expect, expect_close


def _t(array, dtype=torch.float64):
    return torch.as_tensor(np.asarray(array), dtype=dtype)


def _i(array):
    return _t(array, torch.int64)


def _batch(rng, b, a):
    logits = rng.normal(size=(b, a))
    return logits, rng.normal(scale=2.0, size=(b, a)), rng.integers(0, a, size=b)


def _advantages_np(q, probs, actions):
    return (q[np.arange(len(actions)), actions] - np.sum(probs * q, axis=1))[:, None]


SHAPES = [(1, 2), (4, 4), (16, 3), (3, 6), (64, 5)]
E = float(np.e)


def test_hand_example(ex, rng):
    logits, q, actions = _t(np.zeros((2, 2))), _t([[1.0, 3.0], [2.0, 2.0]]), _i([1, 0])
    probs = torch.softmax(logits, dim=1)
    expect_close(ex.advantages(q, probs, actions), np.array([[1.0], [0.0]]), what="advantages (tiny example)",
                 how="by hand: baselines (1 + 3) / 2 and (2 + 2) / 2; A = [3 - 2, 2 - 2] as a column",
                 rtol=1e-12, atol=1e-12)
    w = np.array([E / (E + 1), 1 / (E + 1)])
    expect_close(ex.awac_weights(_t([[1.0], [0.0]]), 1.0), w, what="awac_weights([[1], [0]], lambda = 1)",
                 how="by hand: [e, 1] / (e + 1)", rtol=1e-12, atol=1e-12)
    expect_close(ex.awac_actor_loss(logits, q, actions, 1.0), np.log(2.0), what="awac_actor_loss (tiny example)",
                 how="by hand: -(w_1 + w_2) ln(1/2) = ln 2 (the weights sum to 1)", rtol=1e-12, atol=1e-12)
    expect_close(ex.awac_actor_loss_gradient(logits, q, actions, 1.0),
                 np.array([[w[0] / 2, -w[0] / 2], [-w[1] / 2, w[1] / 2]]), what="awac_actor_loss_gradient (tiny example)",
                 how="by hand: w_i (pi_i - onehot(a_i)) with pi_i = [1/2, 1/2]", rtol=1e-12, atol=1e-12)


def test_advantages_exact(ex, rng):
    for b, a in SHAPES:
        logits, q, actions = _batch(rng, b, a)
        probs = sp_softmax(logits, axis=1)
        expect_close(ex.advantages(_t(q), _t(probs), _i(actions)), _advantages_np(q, probs, actions),
                     what=f"advantages for (B, A) = {(b, a)}", how="q[i, a_i] - np.sum(probs * q, axis=1), as a column",
                     rtol=1e-12, atol=1e-12, inputs={"q_values": q, "probs": probs, "actions": actions})


def test_advantages_monte_carlo(ex, rng):
    for b, a, k in [(1, 2, 1), (5, 3, 7), (8, 4, 4000)]:
        logits, q, actions = _batch(rng, b, a)
        probs = sp_softmax(logits, axis=1)
        sampled = np.stack([rng.choice(a, size=k, p=p) for p in probs])
        got = np.asarray(ex.advantages_sampled(_t(q), _i(actions), _i(sampled)))
        want = (q[np.arange(b), actions] - np.array([q[i, sampled[i]].mean() for i in range(b)]))[:, None]
        expect_close(got, want, what=f"advantages_sampled, (B, A, K) = {(b, a, k)}",
                     how="q[i, a_i] - mean over k of q[i, sampled[i, k]], a Python loop over the batch", rtol=1e-12,
                     atol=1e-12, inputs={"q_values": q, "actions": actions, "sampled": sampled})
        if k >= 1000:
            exact = _advantages_np(q, probs, actions)
            std = np.sqrt(np.sum(probs * q ** 2, axis=1) - np.sum(probs * q, axis=1) ** 2)[:, None] / np.sqrt(k)
            expect(bool(np.all(np.abs(got - exact) <= 5 * std)),
                   f"with K = {k} samples from pi the Monte Carlo advantage must be within 5 standard errors of the "
                   "exact one (sqrt(Var_pi[Q] / K))", monte_carlo=got, exact=exact, five_std=5 * std)


def test_weights_softmax_over_the_batch(ex, rng):
    for b in (1, 2, 10, 64):
        for lam in (0.3, 1.0, 5.0):
            adv = rng.normal(scale=2.0, size=(b, 1))
            got = ex.awac_weights(_t(adv), lam)
            expect_close(got, sp_softmax(adv[:, 0] / lam), what=f"awac_weights, B = {b}, lambda = {lam}",
                         how="scipy.special.softmax(adv / lambda) over the batch", rtol=1e-10, atol=1e-14,
                         inputs={"adv": adv})
    adv = _t(rng.normal(size=(6, 1))).requires_grad_(True)
    expect(not bool(ex.awac_weights(adv, 1.0).requires_grad), "awac_weights must be detached: they are constants "
           "of the weighted log-likelihood (Nair et al. 2020 eq. 10)")


def test_weights_limits(ex, rng):
    for b in (3, 16):
        adv = rng.permutation(np.linspace(-3.0, 3.0, b))[:, None]  # distinct, at least 6 / 15 = 0.4 apart
        for lam in (1e-2, 1e-4):  # adv / lambda up to 3e4: exp overflows without the max shift
            expect_close(ex.awac_weights(_t(adv), lam), np.eye(b)[np.argmax(adv[:, 0])],
                         what=f"awac_weights as lambda -> 0 (lambda = {lam}, B = {b})",
                         how="all the weight on np.argmax(adv): the best (s, a) of the batch", rtol=0, atol=1e-12,
                         inputs={"adv": adv})
        expect_close(ex.awac_weights(_t(adv), 1e8), np.full(b, 1.0 / b), what="awac_weights as lambda -> inf (1e8)",
                     how="uniform 1 / B: behaviour cloning", rtol=1e-6, atol=0)


def test_actor_loss(ex, rng):
    for b, a in SHAPES:
        logits, _, actions = _batch(rng, b, a)
        w = sp_softmax(rng.normal(size=b))
        log_pi = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
        expect_close(ex.actor_loss(_t(logits), _i(actions), _t(w)), -np.sum(w * log_pi[np.arange(b), actions]),
                     what=f"actor_loss for (B, A) = {(b, a)}", how="-sum_i w_i log softmax(logits_i)[a_i] in NumPy",
                     rtol=1e-10, atol=1e-12, inputs={"logits": logits, "actions": actions, "weights": w})
    logits, _, actions = _batch(rng, 3, 4)
    w = sp_softmax(rng.normal(size=3))
    numeric = central_difference(lambda x: ex.actor_loss(_t(x), _i(actions), _t(w)).item(), logits)
    expect_close(w[:, None] * (sp_softmax(logits, axis=1) - np.eye(4)[actions]), numeric,
                 what="(check's own consistency) closed form vs central differences of your actor_loss",
                 how="w_i (softmax(logits_i) - onehot(a_i)) vs central_difference, h = 1e-6", rtol=1e-5, atol=1e-7)


def test_actor_gradient(ex, rng):
    for b, a in SHAPES:
        logits, q, actions = _batch(rng, b, a)
        for lam in (0.5, 2.0):
            leaf = _t(logits).requires_grad_(True)
            probs = sp_softmax(logits, axis=1)
            w = _t(sp_softmax(_advantages_np(q, probs, actions)[:, 0] / lam))  # a constant: no graph
            (-(w * torch.log_softmax(leaf, dim=1)[torch.arange(b), _i(actions)]).sum()).backward()
            closed = w.numpy()[:, None] * (probs - np.eye(a)[actions])
            expect_close(leaf.grad.numpy(), closed, what="(check's own consistency) autograd vs closed form",
                         how="torch autograd vs w_i (pi_i - onehot(a_i))", rtol=1e-9, atol=1e-12)
            expect_close(ex.awac_actor_loss_gradient(_t(logits), _t(q), _i(actions), lam), closed,
                         what=f"awac_actor_loss_gradient for (B, A) = {(b, a)}, lambda = {lam}",
                         how="torch autograd of -sum w_i torch.log_softmax(logits)[i, a_i] with the weights "
                             "(scipy softmax over the batch of A / lambda) as constants; equal to w_i (pi_i - onehot)",
                         rtol=1e-9, atol=1e-12, inputs={"logits": logits, "q_values": q, "actions": actions})
    logits, q, actions = _batch(rng, 8, 3)
    bc = (sp_softmax(logits, axis=1) - np.eye(3)[actions]) / 8
    expect_close(ex.awac_actor_loss_gradient(_t(logits), _t(q), _i(actions), 1e8), bc,
                 what="awac_actor_loss_gradient at lambda = 1e8", how="behaviour cloning: the gradient of the mean "
                 "negative log-likelihood, (softmax - onehot) / B", rtol=1e-6, atol=1e-12)
