"""Checks for behaviour cloning with a Gaussian policy (references: the closed-form diagonal
Gaussian log-density in NumPy; torch.distributions.Normal(...).log_prob(...).sum(-1); a mean
network rebuilt in the check from the same weights; a fit on data from a known nonlinear expert
with known noise, where maximum likelihood must recover the mean (test MSE) and the noise scale
(sigma_d^2 -> mean squared residual); worked examples by hand)."""
import math

import numpy as np
import torch
from torch.distributions import Normal

from deeproots.grading.checks import expect, expect_close, expect_equal

NOISE_STD = np.array([0.05, 0.2])  # the expert's action noise, per action dimension


def _t(array):
    return torch.as_tensor(np.asarray(array), dtype=torch.float32)


def _closed_form_nll(mean, log_std, actions):
    """Batch mean of sum_d (a - mu)^2 / (2 sigma^2) + log sigma + log(2 pi) / 2, in float64 NumPy."""
    sigma = np.exp(log_std)
    per_dim = (actions - mean) ** 2 / (2.0 * sigma ** 2) + log_std + 0.5 * np.log(2.0 * np.pi)
    return float(np.mean(np.sum(np.broadcast_to(per_dim, actions.shape), axis=-1)))


def test_hand_examples(ex, rng):
    got = ex.gaussian_nll(_t([[0.0]]), _t([0.0]), _t([[1.0]]))
    expect(isinstance(got, torch.Tensor), "gaussian_nll must return a torch tensor", got=type(got).__name__)
    expect_close(got, 0.5 + 0.5 * math.log(2 * math.pi), what="gaussian_nll(mean 0, log_std 0, action 1)",
                 how="by hand: 1/2 + log(2 pi)/2 (without the log-sigma term the same here)", rtol=1e-5, atol=1e-6)
    expect_close(ex.gaussian_nll(_t([[0.0]]), _t([math.log(2.0)]), _t([[1.0]])),
                 1 / 8 + math.log(2.0) + 0.5 * math.log(2 * math.pi),
                 what="gaussian_nll(mean 0, log_std log 2, action 1)",
                 how="by hand: 1 / (2 * 2^2) + log 2 + log(2 pi)/2 (std used as the variance would give 1/4, "
                     "no log-sigma term would drop the log 2)", rtol=1e-5, atol=1e-6)
    expect_close(ex.gaussian_nll(_t([[0.0, 0.0], [0.0, 0.0]]), _t([0.0, 0.0]), _t([[1.0, 1.0], [1.0, 1.0]])),
                 1.0 + math.log(2 * math.pi), what="gaussian_nll for two samples of two dimensions, all residuals 1",
                 how="by hand: each sample sums 2 * (1/2 + log(2 pi)/2) over its dimensions; the batch is AVERAGED "
                     "(a sum over the batch would double it, a mean over dimensions would halve it)",
                 rtol=1e-5, atol=1e-6)


def test_nll_matches_torch_distributions(ex, rng):
    for n, d, per_sample in [(1, 1, False), (5, 3, False), (64, 2, True), (7, 6, False), (3, 4, True)]:
        mean = rng.normal(scale=2.0, size=(n, d))
        actions = mean + rng.normal(scale=1.5, size=(n, d))
        log_std = rng.uniform(-2.0, 1.5, size=(n, d) if per_sample else (d,))
        got = ex.gaussian_nll(_t(mean), _t(log_std), _t(actions))
        reference = -Normal(torch.as_tensor(mean), torch.as_tensor(np.exp(np.broadcast_to(log_std, (n, d))))) \
            .log_prob(torch.as_tensor(actions)).sum(-1).mean()
        inputs = {"mean": mean, "log_std": log_std, "actions": actions}
        expect_close(got, float(reference), what=f"gaussian_nll, (N, D) = {(n, d)}, log_std shape {log_std.shape}",
                     how="-Normal(mean, exp(log_std)).log_prob(actions).sum(-1).mean() (torch.distributions, float64)",
                     rtol=1e-4, atol=1e-4, inputs=inputs)
        expect_close(got, _closed_form_nll(mean, log_std, actions), what=f"gaussian_nll, (N, D) = {(n, d)}",
                     how="closed form in NumPy: mean_n sum_d (a - mu)^2 / (2 sigma^2) + log sigma + log(2 pi)/2",
                     rtol=1e-4, atol=1e-4, inputs=inputs)


def _reference_weights(rng, obs_dim, act_dim, hidden):
    shapes = [("mean_net.0.weight", (hidden, obs_dim)), ("mean_net.0.bias", (hidden,)),
              ("mean_net.2.weight", (hidden, hidden)), ("mean_net.2.bias", (hidden,)),
              ("mean_net.4.weight", (act_dim, hidden)), ("mean_net.4.bias", (act_dim,))]
    return {name: rng.normal(scale=0.5, size=shape) for name, shape in shapes}


def test_policy_structure(ex, rng):
    obs_dim, act_dim, hidden = 3, 2, 16
    policy = ex.GaussianPolicy(obs_dim, act_dim, hidden)
    log_std = policy.log_std
    expect_equal(tuple(log_std.shape), (act_dim,), what="GaussianPolicy(3, 2, 16).log_std.shape",
                 how="one state-independent log standard deviation per action dimension")
    expect_close(log_std.detach(), np.zeros(act_dim), what="the initial log_std", how="zeros (sigma = 1)",
                 rtol=0, atol=0)
    expect(log_std.requires_grad, "policy.log_std must be a learned nn.Parameter (requires_grad=True), not a "
           "constant or a buffer: behaviour cloning fits sigma too", requires_grad=log_std.requires_grad)
    weights = _reference_weights(rng, obs_dim, act_dim, hidden)
    state = {name: _t(value) for name, value in weights.items()}
    state["log_std"] = _t([-0.5, 0.3])
    policy.load_state_dict(state)
    obs = rng.normal(size=(6, obs_dim))
    with torch.no_grad():
        mean, got_log_std = (x.detach() for x in policy(_t(obs)))
    h = np.tanh(obs @ weights["mean_net.0.weight"].T + weights["mean_net.0.bias"])
    h = np.tanh(h @ weights["mean_net.2.weight"].T + weights["mean_net.2.bias"])
    want = h @ weights["mean_net.4.weight"].T + weights["mean_net.4.bias"]
    expect_close(mean, want, what="policy(obs)[0], the mean, for given weights",
                 how="Linear, tanh, Linear, tanh, Linear in NumPy with the weights loaded by load_state_dict",
                 rtol=1e-4, atol=1e-5, inputs={"obs": obs})
    expect_close(got_log_std, np.tile([-0.5, 0.3], (6, 1)), what="policy(obs)[1], log_std for 6 observations",
                 how="the loaded log_std [-0.5, 0.3] repeated for every state (shape (N, act_dim))",
                 rtol=1e-6, atol=1e-7)


def _expert(obs):
    """A known nonlinear expert: two action dimensions."""
    return np.stack([np.tanh(obs[:, 0] - 0.5 * obs[:, 1]), 0.5 * np.sin(obs[:, 2]) + 0.3 * obs[:, 0]], axis=1)


def test_train_bc_recovers_expert_and_noise(ex, rng):
    data_rng = np.random.default_rng(7)
    obs = data_rng.normal(size=(2000, 3))
    actions = _expert(obs) + data_rng.normal(size=(2000, 2)) * NOISE_STD
    policy = ex.train_bc(_t(obs), _t(actions), steps=600, lr=0.01, seed=0)
    test_obs = data_rng.normal(size=(500, 3))
    with torch.no_grad():
        mean, log_std = (x.detach() for x in policy(_t(test_obs)))
    mse = float(np.mean((np.asarray(mean) - _expert(test_obs)) ** 2))
    expect(mse < 0.005, f"after 600 full-batch Adam steps (lr 0.01) on 2000 expert pairs the policy mean's test MSE "
           f"against the noiseless expert is {mse:.4g}, above 0.005: check the loss (a correct NLL reaches "
           f"about 0.001 here) and the training loop", test_mse=mse)
    sigma = np.exp(np.asarray(log_std)[0])
    expect_close(sigma, NOISE_STD, what="exp(log_std) after training",
                 how="the expert's noise std [0.05, 0.2]: the maximum-likelihood sigma_d^2 is the mean squared "
                     "residual of dimension d (a loss without log sigma pushes sigma up, a frozen log_std stays 1)",
                 rtol=0.2, atol=0.0)
    floor = float(np.sum(np.log(NOISE_STD) + 0.5 * np.log(2 * np.pi) + 0.5))
    with torch.no_grad():
        train_mean, train_log_std = (x.detach() for x in policy(_t(obs)))
    achieved = _closed_form_nll(np.asarray(train_mean, dtype=np.float64), np.asarray(train_log_std)[0], actions)
    expect(achieved < floor + 0.3, f"the trained policy's NLL on its training data is {achieved:.4f}; the true "
           f"expert (right mean, sigma = noise std) scores about {floor:.4f} (sum_d log sigma_d + log(2 pi)/2 + "
           "1/2): maximum likelihood should come within 0.3 of it", achieved=achieved, expert_nll=floor)
