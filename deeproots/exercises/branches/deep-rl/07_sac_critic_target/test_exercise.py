"""Checks for SAC's critic (references: the soft Bellman target of Haarnoja et al. 2018 eq. 3
with the clipped double-Q of Fujimoto et al. 2018, recomputed in the check from the networks'
state_dicts: the MLPs written out with torch matmuls, the tanh-Gaussian log-probability from
torch.distributions.Normal and TanhTransform.log_abs_det_jacobian, the policy's noise redrawn
from a generator seeded like the policy's; the loss with torch.nn.functional.mse_loss; Polyak
averaging in NumPy from the parameters before and after; worked examples by hand)."""
import numpy as np
import torch
from torch.distributions import Normal
from torch.distributions.transforms import TanhTransform

from deeproots.grading.checks import expect, expect_close

OBS, ACT, HIDDEN = 3, 2, 16


def _sd(handle):
    return {k: torch.as_tensor(v).detach().clone().to(torch.float64) for k, v in handle.state_dict().items()}


def _mlp(sd, x):
    h = torch.tanh(x @ sd["net.0.weight"].T + sd["net.0.bias"])
    return h @ sd["net.2.weight"].T + sd["net.2.bias"]


def _ref_q(sd, obs, actions):
    return _mlp(sd, torch.cat([obs, actions], dim=-1)).squeeze(-1)


def _ref_policy(sd, obs, seed):
    """The first sample a freshly built TanhGaussianPolicy(seed=seed) draws at obs."""
    mean, log_std = _mlp(sd, obs).chunk(2, dim=-1)
    std = log_std.clamp(-5.0, 2.0).exp()
    eps = torch.randn(mean.shape, generator=torch.Generator().manual_seed(seed + 1), dtype=torch.float64)
    u = mean + std * eps
    actions = torch.tanh(u)
    log_probs = (Normal(mean, std).log_prob(u) - TanhTransform().log_abs_det_jacobian(u, actions)).sum(-1)
    return actions, log_probs


def _batch(rng, b):
    t = lambda x: torch.as_tensor(x, dtype=torch.float64)  # noqa: E731
    return {"obs": t(rng.normal(size=(b, OBS))), "actions": t(rng.uniform(-1, 1, size=(b, ACT))),
            "rewards": t(rng.normal(size=b)), "next_obs": t(rng.normal(size=(b, OBS))),
            "terminated": t((rng.random(b) < 0.3).astype(float)), "truncated": t((rng.random(b) < 0.3).astype(float))}


def _nets(ex, seed):
    return {"policy": ex.TanhGaussianPolicy(OBS, ACT, HIDDEN, seed), "q1": ex.QNetwork(OBS, ACT, HIDDEN, seed + 10),
            "q2": ex.QNetwork(OBS, ACT, HIDDEN, seed + 20), "q1_target": ex.QNetwork(OBS, ACT, HIDDEN, seed + 30),
            "q2_target": ex.QNetwork(OBS, ACT, HIDDEN, seed + 40)}


def _ref_target(batch, sds, seed, alpha, gamma):
    actions, log_probs = _ref_policy(sds["policy"], batch["next_obs"], seed)
    q_min = torch.min(_ref_q(sds["q1_target"], batch["next_obs"], actions),
                      _ref_q(sds["q2_target"], batch["next_obs"], actions))
    return batch["rewards"] + gamma * (1.0 - batch["terminated"]) * (q_min - alpha * log_probs)


HOW = ("y = r + gamma (1 - terminated) (min(Q1', Q2')(s', a') - alpha log pi(a'|s')), a' the policy's first "
       "fresh sample at next_obs, recomputed from the state_dicts (log pi via Normal.log_prob and "
       "TanhTransform.log_abs_det_jacobian); truncated ignored")


def test_soft_q_target(ex, rng):
    for seed, b, alpha, gamma in [(0, 1, 0.2, 0.99), (1, 8, 0.2, 0.99), (2, 32, 0.05, 0.9), (3, 5, 1.0, 0.5)]:
        batch = _batch(rng, b)
        nets = _nets(ex, seed)
        sds = {k: _sd(v) for k, v in nets.items()}
        got = ex.soft_q_target(batch, nets["policy"], nets["q1_target"], nets["q2_target"], alpha, gamma)
        expect_close(got, _ref_target(batch, sds, seed, alpha, gamma).numpy(),
                     what=f"soft_q_target, B = {b}, alpha = {alpha}, gamma = {gamma}", how=HOW,
                     rtol=1e-9, atol=1e-10, inputs={k: v.numpy() for k, v in batch.items()})


def test_target_structure(ex, rng):
    # Properties a wrong formula breaks even where the numbers happen to be close.
    batch = _batch(rng, 16)
    batch["terminated"] = torch.ones(16, dtype=torch.float64)
    nets = _nets(ex, 5)
    got = ex.soft_q_target(batch, nets["policy"], nets["q1_target"], nets["q2_target"], 0.2, 0.99)
    expect_close(got, batch["rewards"].numpy(), what="soft_q_target when every transition terminated",
                 how="y = r: a terminal state has no future", rtol=1e-12, atol=1e-12)
    batch = _batch(rng, 16)
    batch["terminated"] = torch.zeros(16, dtype=torch.float64)
    batch["truncated"] = torch.ones(16, dtype=torch.float64)
    nets = _nets(ex, 6)
    sds = {k: _sd(v) for k, v in nets.items()}
    got = ex.soft_q_target(batch, nets["policy"], nets["q1_target"], nets["q2_target"], 0.2, 0.99)
    expect_close(got, _ref_target(batch, sds, 6, 0.2, 0.99).numpy(),
                 what="soft_q_target when every transition was truncated by a time limit (none terminated)",
                 how="a truncation is not terminal: y still bootstraps. " + HOW, rtol=1e-9, atol=1e-10)


def test_entropy_term_sign(ex, rng):
    # y(alpha) - y(0) = -gamma (1 - terminated) alpha log pi(a'|s'): log pi < 0 for a wide policy.
    batch = _batch(rng, 10)
    batch["terminated"] = torch.zeros(10, dtype=torch.float64)
    y0 = ex.soft_q_target(batch, ex.TanhGaussianPolicy(OBS, ACT, HIDDEN, 7), ex.QNetwork(OBS, ACT, HIDDEN, 8),
                          ex.QNetwork(OBS, ACT, HIDDEN, 9), 0.0, 0.9)
    y1 = ex.soft_q_target(batch, ex.TanhGaussianPolicy(OBS, ACT, HIDDEN, 7), ex.QNetwork(OBS, ACT, HIDDEN, 8),
                          ex.QNetwork(OBS, ACT, HIDDEN, 9), 0.5, 0.9)
    _, log_probs = _ref_policy(_sd(ex.TanhGaussianPolicy(OBS, ACT, HIDDEN, 7)), batch["next_obs"], 7)
    expect_close(np.asarray(y1) - np.asarray(y0), (-0.9 * 0.5 * log_probs).numpy(),
                 what="soft_q_target(alpha = 0.5) - soft_q_target(alpha = 0), same policy noise",
                 how="-gamma alpha log pi(a'|s'): the entropy bonus, positive where log pi < 0",
                 rtol=1e-9, atol=1e-10)


def test_target_has_no_gradient(ex, rng):
    batch = _batch(rng, 6)
    nets = _nets(ex, 11)
    got = ex.soft_q_target(batch, nets["policy"], nets["q1_target"], nets["q2_target"], 0.2, 0.99)
    expect(not got.requires_grad,
           "soft_q_target returned a tensor with requires_grad=True: the target is a fixed label; its gradient "
           "would reach the target critics and the policy. Compute it under torch.no_grad()",
           target_requires_grad=got.requires_grad)


def test_critic_loss(ex, rng):
    for seed, b in [(20, 1), (21, 12), (22, 40)]:
        batch = _batch(rng, b)
        nets = _nets(ex, seed)
        sds = {k: _sd(v) for k, v in nets.items()}
        got = ex.critic_loss(batch, nets["policy"], nets["q1"], nets["q2"], nets["q1_target"], nets["q2_target"],
                             0.2, 0.99)
        y = _ref_target(batch, sds, seed, 0.2, 0.99)
        want = (torch.nn.functional.mse_loss(_ref_q(sds["q1"], batch["obs"], batch["actions"]), y)
                + torch.nn.functional.mse_loss(_ref_q(sds["q2"], batch["obs"], batch["actions"]), y))
        expect_close(got, float(want), what=f"critic_loss, B = {b}",
                     how="F.mse_loss(Q1(s, a), y) + F.mse_loss(Q2(s, a), y), online critics, y from the TARGET "
                         "critics (" + HOW + ")", rtol=1e-9, atol=1e-10)
        expect(bool(got.requires_grad), "critic_loss has no gradient: it must train the online critics",
               loss_requires_grad=got.requires_grad)


def test_soft_update_hand_example(ex, rng):
    target, online = ex.QNetwork(1, 1, 1, 0), ex.QNetwork(1, 1, 1, 1)
    before_t, before_o = _sd(target), _sd(online)
    expect(ex.soft_update(target, online, 0.1) is None, "soft_update should update in place and return None")
    after_t, after_o = _sd(target), _sd(online)
    for name in before_t:
        expect_close(after_t[name].numpy(), (0.1 * before_o[name] + 0.9 * before_t[name]).numpy(),
                     what=f"target {name} after soft_update(tau = 0.1)",
                     how="0.1 * online + 0.9 * target (theta' <- tau theta + (1 - tau) theta')",
                     rtol=1e-12, atol=1e-14)
        expect_close(after_o[name].numpy(), before_o[name].numpy(), what=f"online {name} after soft_update",
                     how="unchanged: only the target moves", rtol=0, atol=0)


def test_soft_update_repeated(ex, rng):
    target, online = ex.QNetwork(OBS, ACT, HIDDEN, 50), ex.QNetwork(OBS, ACT, HIDDEN, 51)
    t0, o0 = _sd(target), _sd(online)
    for _ in range(5):
        ex.soft_update(target, online, 0.005)
    after = _sd(target)
    for name in t0:
        decay = (1.0 - 0.005) ** 5
        expect_close(after[name].numpy(), (decay * t0[name] + (1.0 - decay) * o0[name]).numpy(),
                     what=f"target {name} after 5 soft updates with tau = 0.005",
                     how="closed form: (1 - tau)^5 theta'_0 + (1 - (1 - tau)^5) theta", rtol=1e-10, atol=1e-12)
    full = ex.QNetwork(OBS, ACT, HIDDEN, 52)
    ex.soft_update(full, online, 1.0)
    for name, value in _sd(full).items():
        expect_close(value.numpy(), o0[name].numpy(), what=f"target {name} after soft_update(tau = 1)",
                     how="tau = 1 copies the online network", rtol=0, atol=1e-14)
