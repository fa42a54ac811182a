"""Soft Actor-Critic: its formulas against torch.distributions and hand-computed values, and a smoke run.

References: the squashed-Gaussian log-likelihood (Haarnoja et al. 2018, arXiv 1812.05905, appendix C,
eq. 26) against torch.distributions.TransformedDistribution(Normal, TanhTransform); the clipped
double-Q soft target (§4 eq. 3, Fujimoto et al. 2018) re-derived by hand; Polyak averaging in closed
form; the temperature loss's gradient sign (§5 eq. 18). Solving Pendulum-v1 is a benchmark
(benchmarks/sac_vs_sb3.py), not a test.
"""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import torch
from torch.distributions import Normal, TanhTransform, TransformedDistribution

from deeproots.errors import DeeprootsError
from deeproots.rl.deep import common, sac
from deeproots.rl.train import train

TINY = {"total_timesteps": 300, "learning_starts": 100, "batch_size": 16, "buffer_size": 500, "hidden_sizes": (16, 16)}


def test_squashed_log_prob_matches_torch_tanh_transformed_normal():
    generator = torch.Generator().manual_seed(0)
    mean = torch.randn(64, 3, generator=generator)
    log_std = torch.rand(64, 3, generator=generator) * 2 - 1.5
    pre_tanh = (mean + log_std.exp() * torch.randn(64, 3, generator=generator)).clamp(-3, 3)
    # the distribution of tanh(u), u ~ N(mu, sigma), scored at a = tanh(u) (torch inverts atanh in double)
    reference = TransformedDistribution(Normal(mean.double(), log_std.exp().double()), [TanhTransform()])
    expected = reference.log_prob(torch.tanh(pre_tanh.double())).sum(-1)
    got = sac.squashed_log_prob(mean, log_std, pre_tanh)
    torch.testing.assert_close(got.double(), expected, rtol=1e-5, atol=1e-4)
    # without the tanh correction (appendix C eq. 26) the values differ: the test can fail
    plain = Normal(mean, log_std.exp()).log_prob(pre_tanh).sum(-1)
    assert (plain - got).abs().max() > 0.5


def test_squashed_log_prob_stays_finite_when_tanh_saturates():
    # at u = 12, 1 - tanh(u)^2 underflows to 0 in float32; the exact form still gives the right number
    pre_tanh = torch.tensor([[12.0, -15.0]])
    got = sac.squashed_log_prob(torch.zeros(1, 2), torch.zeros(1, 2), pre_tanh)
    expected = (Normal(0.0, 1.0).log_prob(pre_tanh.double())
                - TanhTransform().log_abs_det_jacobian(pre_tanh.double(), torch.tanh(pre_tanh.double()))).sum(-1)
    assert torch.isfinite(got).all()
    torch.testing.assert_close(got.double(), expected, rtol=1e-6, atol=1e-4)


def test_actor_sample_is_reparameterised_tanh_gaussian_in_the_unit_box():
    torch.manual_seed(0)
    actor = sac.Actor(3, 2, (16, 16))
    obs = torch.randn(500, 3)
    actions, log_prob = actor.sample(obs)
    assert actions.shape == (500, 2) and log_prob.shape == (500,)
    assert actions.abs().max() < 1, "tanh keeps actions inside (-1, 1)"
    actions.sum().backward()
    assert actor.log_std.weight.grad.abs().sum() > 0, "gradients flow through sigma (reparameterisation)"


def test_soft_target_is_clipped_double_q_minus_alpha_log_pi_with_no_bootstrap_on_termination():
    torch.manual_seed(0)
    actor = sac.Actor(2, 1, (8,))
    q_small = lambda obs, act: torch.full((len(obs),), 3.0)
    q_big = lambda obs, act: torch.full((len(obs),), 5.0)
    rewards, terminated = torch.tensor([1.0, 2.0]), torch.tensor([0.0, 1.0])
    next_obs = torch.randn(2, 2)
    torch.manual_seed(1)
    got = sac.soft_target(rewards, next_obs, terminated, 0.9, 0.5, actor, q_big, q_small)
    torch.manual_seed(1)  # the same draw of a' ~ pi(.|s')
    _, log_prob = actor.sample(next_obs)
    # y = r + gamma (1 - d) (min(5, 3) - alpha log pi(a'|s'))
    expected = torch.stack([1.0 + 0.9 * (3.0 - 0.5 * log_prob[0]), torch.tensor(2.0)])
    torch.testing.assert_close(got, expected)
    assert not got.requires_grad, "the target is a constant for the critic loss"


def test_polyak_update_moves_tau_of_the_way():
    online, target = torch.nn.Linear(3, 2), torch.nn.Linear(3, 2)
    before = [p.detach().clone() for p in target.parameters()]
    sac.polyak_update(online, target, 0.1)
    for old, new, theta in zip(before, target.parameters(), online.parameters()):
        torch.testing.assert_close(new, 0.9 * old + 0.1 * theta.detach())
    sac.polyak_update(online, target, 1.0)
    for new, theta in zip(target.parameters(), online.parameters()):
        torch.testing.assert_close(new, theta.detach(), msg="tau = 1 copies")


@pytest.mark.parametrize("entropy,alpha_grows", [(-3.0, True), (1.0, False)])
def test_alpha_loss_pushes_entropy_towards_the_target(entropy, alpha_grows):
    # target entropy -1: an entropy of -3 is too low (alpha must grow), 1 is too high (alpha must shrink)
    log_alpha = torch.zeros(1, requires_grad=True)
    log_prob = torch.full((10,), -entropy, requires_grad=True)
    loss = sac.alpha_loss(log_alpha, log_prob, target_entropy=-1.0)
    loss.backward()
    assert (log_alpha.grad.item() < 0) == alpha_grows, f"d loss / d log alpha = {log_alpha.grad.item()}"
    assert log_prob.grad is None, "the temperature loss does not train the actor"
    assert log_alpha.grad.item() == pytest.approx(-(-entropy - 1.0))


def test_smoke_preset_runs_end_to_end_and_resumes(tmp_path):
    metrics, path = train("sac", preset="smoke", root=tmp_path, eval_episodes=2)
    assert path.parent.name == "sac-Pendulum-v1", "Pendulum-v1 is SAC's default env"
    for name in ("report.html", "metrics.json", "checkpoint.pt", "learning-curve.png"):
        assert (path / name).is_file(), f"{name} missing in {path}"
    record = json.loads((path / "metrics.json").read_text())
    assert record["metrics"]["curves"]["q_loss"] and record["metrics"]["curves"]["alpha"]
    assert metrics["env_steps"] == sac.SMOKE.total_timesteps
    saved = common.load_checkpoint(path, "sac")
    assert saved["step"] == sac.SMOKE.total_timesteps and len(saved["buffer"]["arrays"]["rewards"]) == 400

    steps = []
    more, same = train("sac", resume=path, overrides={"total_timesteps": 500}, eval_episodes=2,
                       progress=lambda info: steps.append(info["step"]))
    assert same == path and more["env_steps"] == 500 and steps[0] == 401, steps[:3]
    assert len(common.load_checkpoint(path, "sac")["buffer"]["arrays"]["rewards"]) == 500, "the buffer carried over"


def test_resume_restores_the_exact_state(tmp_path):
    # 300 steps straight == 200 steps, then resume to 300: same networks (the env restarts, so not bitwise
    # the same episodes; the learned weights at the checkpoint are compared instead)
    _, path = train("sac", root=tmp_path, overrides={**TINY, "total_timesteps": 200}, eval_episodes=1)
    saved = common.load_checkpoint(path, "sac")
    resumed = sac.train(sac.Params(**{**TINY, "total_timesteps": 200}), "Pendulum-v1",
                        common.RunContext("sac", sac.Params(**TINY), "Pendulum-v1", resume_state=saved))
    assert resumed["step"] == 200, "already at total_timesteps: no step taken"
    obs = np.random.default_rng(0).normal(size=(5, 3)).astype(np.float32)
    actor = sac.Actor(3, 1, (16, 16))
    actor.load_state_dict(saved["actor"])
    with torch.no_grad():
        expected = 2.0 * torch.tanh(actor(torch.as_tensor(obs))[0]).numpy()
    np.testing.assert_allclose(resumed["act_greedy"](obs), expected, rtol=1e-6, atol=1e-6)
    assert saved["log_alpha"].item() != 0.0, "the temperature was learned and saved"


def test_greedy_and_sampled_actions_within_bounds_and_replay_export():
    params = sac.Params(**{**TINY, "total_timesteps": 250})
    result = sac.collect(params, "Pendulum-v1")
    obs = np.random.default_rng(0).normal(size=(100, 3)).astype(np.float32)
    for act in (result["act_greedy"], result["act_sample"]):
        actions = act(obs)
        assert actions.shape == (100, 1) and np.abs(actions).max() <= 2.0, "Pendulum's torque bound is 2"
    assert not np.allclose(result["act_sample"](obs[:1].repeat(50, 0)), result["act_greedy"](obs[:1])), "sampling varies"
    replay = result["replay"]
    assert {key: value.shape for key, value in replay.items()} == {
        "obs": (250, 3), "actions": (250, 1), "rewards": (250,), "next_obs": (250, 3), "terminated": (250,), "truncated": (250,)}
    assert replay["truncated"].sum() == 1 and replay["truncated"][199], "Pendulum truncates at 200 steps"
    assert not replay["terminated"].any() and np.abs(replay["actions"]).max() > 1.0, "actions in the env's units"
    # consecutive transitions chain, except across the episode boundary
    np.testing.assert_array_equal(replay["next_obs"][:199], replay["obs"][1:200])


@pytest.mark.parametrize("override,message", [({"tau": 0.0}, r"tau must be in \(0, 1\]"),
                                             ({"ent_coef": 0.0}, r"ent_coef must be in \(0, 10\]"),
                                             ({"target_entropy": "high"}, "target_entropy must be a number")])
def test_bad_hyper_parameters_are_one_line_errors(override, message, tmp_path):
    with pytest.raises(DeeprootsError, match=message):
        train("sac", root=tmp_path, overrides=override)
    with pytest.raises(DeeprootsError, match="Discrete"):
        train("dqn", env_id="Pendulum-v1", root=tmp_path)
    assert not (tmp_path / "rl").exists()


def test_quick_preset_is_rl_zoo_pendulum_on_sb3_defaults():
    expected = dict(total_timesteps=20_000, learning_rate=1e-3, buffer_size=1_000_000, batch_size=256, tau=0.005,
                    gamma=0.99, learning_starts=100, train_freq=1, gradient_steps=1, hidden_sizes=(256, 256))
    assert {key: getattr(sac.QUICK, key) for key in expected} == expected
    assert sac.QUICK.autotune and sac.QUICK.ent_coef == 1.0 and sac.QUICK.target_entropy is None
    assert dataclasses.replace(sac.QUICK, seed=2) != sac.QUICK
