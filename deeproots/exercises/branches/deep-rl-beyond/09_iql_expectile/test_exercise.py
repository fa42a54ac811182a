"""Checks for IQL (references: the expectile loss re-derived in NumPy with np.where, half the
MSE at tau = 0.5, the tau-expectile of a sample found by scipy.optimize.brentq on the
first-order condition, the sample max as tau -> 1, torch autograd on reference losses
written in the check, the closed-form gradient -2 w u / B, central differences, and the
clipped weights min(np.exp(beta (Q - V)), 100); Kostrikov, Nair & Levine 2022 §4 eq. (5)-(7))."""
import copy

import numpy as np
import torch
from scipy.optimize import brentq

from deeproots.grading.checks import central_difference, expect, expect_close


def _t(array, dtype=torch.float64):
    return torch.as_tensor(np.asarray(array), dtype=dtype)


def _weights_np(u, tau):
    return np.where(u < 0, 1.0 - tau, tau)


SIZES = [1, 2, 7, 64]


def test_hand_example(ex, rng):
    u = _t([2.0, -1.0])
    expect_close(ex.expectile_loss(u, 0.9), 1.85, what="expectile_loss([2, -1], 0.9)",
                 how="by hand: [0.9 * 4, 0.1 * 1], mean 1.85", rtol=1e-12, atol=1e-12)
    expect_close(ex.expectile_loss(u, 0.5), 1.25, what="expectile_loss([2, -1], 0.5)",
                 how="by hand: half the MSE (4 + 1) / 2", rtol=1e-12, atol=1e-12)
    expect_close(ex.value_loss(_t([1.0, 1.0]), _t([3.0, 0.0]), 0.9), 1.85, what="value_loss(v=[1, 1], q=[3, 0], 0.9)",
                 how="by hand: u = Q - V = [2, -1], as above", rtol=1e-12, atol=1e-12)


def test_expectile_loss_against_numpy(ex, rng):
    for n in SIZES:
        for tau in (0.5, 0.7, 0.9, 0.1):
            u = rng.normal(scale=3.0, size=n)
            want = np.mean(_weights_np(u, tau) * u ** 2)
            expect_close(ex.expectile_loss(_t(u), tau), want, what=f"expectile_loss, N = {n}, tau = {tau}",
                         how="np.mean(np.where(u < 0, 1 - tau, tau) * u ** 2)", rtol=1e-12, atol=1e-12, inputs={"u": u})
        u = rng.normal(size=n)
        expect_close(ex.expectile_loss(_t(u), 0.5), 0.5 * np.mean(u ** 2), what=f"expectile_loss at tau = 0.5, N = {n}",
                     how="half the mean squared error: 0.5 * np.mean(u ** 2)", rtol=1e-12, atol=1e-12)
    for tau in (0.3, 0.8):
        v, q = rng.normal(size=20), rng.normal(size=20)
        expect_close(ex.value_loss(_t(v), _t(q), tau), np.mean(_weights_np(q - v, tau) * (q - v) ** 2),
                     what=f"value_loss, tau = {tau}", how="u = Q - V (not V - Q): np.where(u < 0, 1 - tau, tau) u^2, "
                     "mean", rtol=1e-12, atol=1e-12, inputs={"v": v, "q_target": q})


def test_value_loss_gradient(ex, rng):
    for n in SIZES:
        v, q = rng.normal(size=n), rng.normal(size=n)
        leaf = _t(v).requires_grad_(True)
        u = _t(q) - leaf
        (torch.abs(0.8 - (u < 0).double()) * u ** 2).mean().backward()
        closed = -2.0 * _weights_np(q - v, 0.8) * (q - v) / n
        expect_close(leaf.grad.numpy(), closed, what="(check's own consistency) autograd vs closed form",
                     how="torch autograd vs -2 w u / B", rtol=1e-10, atol=1e-12)
        expect_close(ex.value_loss_gradient(_t(v), _t(q), 0.8), closed, what=f"value_loss_gradient, B = {n}, tau = 0.8",
                     how="torch autograd of mean(|0.8 - 1(u < 0)| u^2), u = q - v, in the check; equal to -2 w u / B",
                     rtol=1e-10, atol=1e-12, inputs={"v": v, "q_target": q})
    v, q = rng.normal(size=5), rng.normal(size=5)
    numeric = central_difference(lambda x: ex.value_loss(_t(x), _t(q), 0.7).item(), v)
    expect_close(ex.value_loss_gradient(_t(v), _t(q), 0.7), numeric, what="value_loss_gradient vs central differences "
                 "of your value_loss (B = 5, tau = 0.7)", how="central_difference with h = 1e-6", rtol=1e-5, atol=1e-7)


def _expectile_brentq(x, tau):
    first_order = lambda v: np.sum(_weights_np(x - v, tau) * (x - v))
    return brentq(first_order, x.min() - 1.0, x.max() + 1.0, xtol=1e-13)


def test_minimiser_is_the_expectile(ex, rng):
    x = rng.normal(loc=1.0, scale=2.0, size=30)
    previous = -np.inf
    for tau in (0.1, 0.5, 0.7, 0.9, 0.99):
        want = _expectile_brentq(x, tau)
        got = ex.fit_expectile(_t(x), tau)
        expect_close(got, want, what=f"fit_expectile on 30 normal samples, tau = {tau}",
                     how="scipy.optimize.brentq on the first-order condition sum |tau - 1(x < v)| (x - v) = 0",
                     rtol=1e-6, atol=1e-6, inputs={"samples": x})
        expect(got > previous, "expectiles must increase with tau", tau=tau, got=got, previous=previous)
        previous = got
    expect_close(ex.fit_expectile(_t(x), 0.5), np.mean(x), what="fit_expectile at tau = 0.5",
                 how="the 0.5-expectile is the sample mean (np.mean)", rtol=1e-6, atol=1e-6)


def test_tau_to_one_is_the_in_sample_max(ex, rng):
    # Q-values of one state: the data saw actions 0..4 only; action 5 (never in the data) has Q = 10.
    q_all = np.array([0.3, -1.2, 1.1, 0.7, -0.4, 10.0])
    in_data = q_all[:5]
    got = ex.fit_expectile(_t(in_data), 0.999)
    expect(abs(got - in_data.max()) < 0.01 and got <= in_data.max(),
           "with tau = 0.999 the expectile of the Q-values of the actions in the data must be within 0.01 of their "
           "max (1.1), at or below it, and far from the out-of-data action's 10: an in-sample max (Kostrikov et al. "
           "2022 §4.1)", got=got, in_sample_max=float(in_data.max()))
    gaps = [in_data.max() - ex.fit_expectile(_t(in_data), tau) for tau in (0.9, 0.99, 0.999)]
    expect(gaps[0] > gaps[1] > gaps[2] >= 0, "the gap to the in-sample max must shrink as tau -> 1",
           gaps_for_tau_0_9_0_99_0_999=np.array(gaps))


def _nets(seed):
    torch.manual_seed(seed)
    mlp = lambda out: torch.nn.Sequential(torch.nn.Linear(3, 16), torch.nn.Tanh(), torch.nn.Linear(16, out)).double()
    return mlp(4), mlp(4), mlp(1)


def test_iql_losses_and_gradients(ex, rng):
    for seed, b in [(0, 1), (1, 12), (2, 40)]:
        nets = _nets(seed)
        obs, next_obs = rng.normal(size=(b, 3)), rng.normal(size=(b, 3))
        actions, rewards = rng.integers(0, 4, size=b), rng.normal(size=b)
        dones = (rng.random(b) < 0.3).astype(float)
        args = (_t(obs), _t(actions, torch.int64), _t(rewards), _t(next_obs), _t(dones), 0.95, 0.7)
        q_net, target_q, v_net = copy.deepcopy(nets)
        idx = torch.arange(b), _t(actions, torch.int64)
        with torch.no_grad():
            q_label = target_q(_t(obs))[idx]
            y = _t(rewards) + 0.95 * (1.0 - _t(dones)) * v_net(_t(next_obs))[:, 0]
        u = q_label - v_net(_t(obs))[:, 0]
        want_v = (torch.abs(0.7 - (u < 0).double()) * u ** 2).mean()
        want_q = ((y - q_net(_t(obs))[idx]) ** 2).mean()
        got = ex.iql_losses(*copy.deepcopy(nets), *args)
        expect_close(np.array([float(torch.as_tensor(g).detach()) for g in got]), np.array([want_v.item(), want_q.item()]),
                     what=f"iql_losses (value_loss, q_loss) on small MLPs, B = {b}",
                     how="in the check: u = Q_target(s, a) - V(s), expectile loss tau = 0.7; Q target "
                         "r + 0.95 (1 - done) V(s') (V, not max_a' Q)", rtol=1e-10, atol=1e-12)
        grads = ex.iql_gradients(*copy.deepcopy(nets), *args)
        for loss_name, ref_loss, ref_net, trained in [("value_loss", want_v, v_net, "v"),
                                                      ("q_loss", want_q, q_net, "q")]:
            want = torch.autograd.grad(ref_loss, list(ref_net.parameters()))
            for k, (g, w) in enumerate(zip(grads[loss_name][trained], want)):
                expect_close(g, w.numpy(), what=f"gradient of {loss_name} w.r.t. the {trained} net's parameter {k}",
                             how="torch.autograd.grad of the check's reference loss", rtol=1e-8, atol=1e-10)
            for other in {"q", "target_q", "v"} - {trained}:
                biggest = max(float(np.abs(np.asarray(g)).max()) for g in grads[loss_name][other])
                expect(biggest == 0.0, f"{loss_name} must not send gradient to the {other} net: its labels "
                       "(Q_target(s, a) for V, V(s') for Q) are detached", largest_gradient=biggest)


def test_awr_weights(ex, rng):
    expect_close(ex.awr_weights(_t([1.0, 2.0, 3.0]), _t([1.0, 1.0, 1.0]), 3.0), np.array([1.0, np.exp(3.0), 100.0]),
                 what="awr_weights(Q=[1, 2, 3], V=[1, 1, 1], beta=3)", how="by hand: exp(3 * [0, 1, 2]) = "
                 "[1, e^3, e^6 ~ 403], the last clipped to 100", rtol=1e-12, atol=1e-12)
    for n, beta in [(1, 0.5), (50, 3.0), (20, 10.0)]:
        q, v = rng.normal(scale=2.0, size=n), rng.normal(size=n)
        expect_close(ex.awr_weights(_t(q), _t(v), beta), np.minimum(np.exp(beta * (q - v)), 100.0),
                     what=f"awr_weights, B = {n}, beta = {beta}", how="np.minimum(np.exp(beta * (q - v)), 100)",
                     rtol=1e-12, atol=1e-12, inputs={"q": q, "v": v})
    q, v = _t(rng.normal(size=4)).requires_grad_(True), _t(rng.normal(size=4)).requires_grad_(True)
    expect(not bool(ex.awr_weights(q, v, 1.0).requires_grad), "awr_weights must be detached: they weight the "
           "policy's log-likelihood and are not trained through")
