"""PETS (Chua et al. 2018): the pieces against trusted references, and the smoke preset end to end.

References: the Gaussian NLL against torch.distributions.Normal; CEM against the closed-form
optimum of a quadratic (the target clipped to the action box); the ensemble against a known linear
system with known noise; the torch rewards (and InvertedPendulum-v5's termination) against Gymnasium's own env.step;
the planner's alive mask against a hand-counted survival. Reaching -200 on
Pendulum-v1 is a benchmark (benchmarks/pets_vs_sac.py), not a test: it takes minutes.
"""
from __future__ import annotations

import dataclasses
import json

import gymnasium as gym
import numpy as np
import pytest
import torch

from deeproots.errors import DeeprootsError
from deeproots.rl.deep import common, pets
from deeproots.rl.train import default_env, train


def test_smoke_preset_runs_end_to_end_on_pendulum(tmp_path):
    assert default_env("pets") == "Pendulum-v1"
    metrics, path = train("pets", preset="smoke", root=tmp_path, eval_episodes=2)
    assert path.parent.name == "pets-Pendulum-v1"
    for name in ("report.html", "metrics.json", "checkpoint.pt"):
        assert (path / name).is_file(), f"{name} missing in {path}"
    record = json.loads((path / "metrics.json").read_text())
    assert record["metrics"]["eval_episodes"] == 2 and metrics["env_steps"] == pets.SMOKE.total_timesteps
    assert record["metrics"]["curves"]["model_loss"], "the model was fitted after the random episode"
    saved = common.load_checkpoint(path, "pets")
    assert saved["step"] == metrics["env_steps"] and len(saved["data"]["obs"]) == metrics["env_steps"]


def test_gaussian_nll_is_minus_the_normal_log_density():
    generator = torch.Generator().manual_seed(0)
    mean, logvar, target = (torch.randn(4, 7, 3, generator=generator) for _ in range(3))
    expected = -torch.distributions.Normal(mean, torch.exp(0.5 * logvar)).log_prob(target)
    torch.testing.assert_close(pets.gaussian_nll(mean, logvar, target), expected)


def test_log_variance_is_softly_bounded():
    model = pets.Ensemble(2, 3, 1, (8,))
    with torch.no_grad():
        model.weights[-1].zero_()
        model.biases[-1][..., 3:] = 1e4  # raw logvar far above max_logvar (0.5)
        assert torch.allclose(model(torch.zeros(2, 5, 4))[1], torch.tensor(0.5), atol=1e-4)
        model.biases[-1][..., 3:] = -1e4  # far below min_logvar (-10)
        assert torch.allclose(model(torch.zeros(2, 5, 4))[1], torch.tensor(-10.0), atol=1e-4)


def test_cem_finds_the_optimum_of_a_quadratic_within_the_box():
    torch.manual_seed(0)
    target = torch.tensor([[0.5, -0.3], [1.7, 0.0], [-0.2, -3.0]])  # (H=3, A=2); 1.7 and -3.0 lie outside [-1, 1]
    low, high = torch.tensor([-1.0, -1.0]), torch.tensor([1.0, 1.0])
    returns_of = lambda sequences: -((sequences - target) ** 2).sum((-1, -2))  # (B, P, H, A) -> (B, P)
    mean = pets.cem(returns_of, torch.zeros(2, 3, 2), low, high, population=300, elites=30, iterations=15, alpha=0.1)
    optimum = torch.minimum(torch.maximum(target, low), high)  # separable quadratic: the clipped target
    torch.testing.assert_close(mean, optimum.expand(2, -1, -1), atol=0.02, rtol=0)


def test_ensemble_learns_a_linear_system_and_its_noise():
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    A, B, noise = torch.tensor([[0.9, 0.2], [-0.1, 0.8]]), torch.tensor([[0.0], [0.5]]), 0.05
    obs, actions = torch.randn(2000, 2) * 2, torch.rand(2000, 1) * 2 - 1
    next_obs = obs @ A.T + actions @ B.T + noise * torch.randn(2000, 2)
    model = pets.Ensemble(3, 2, 1, (32, 32))
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    pets.fit_ensemble(model, optimizer, obs, actions, next_obs, steps=1000, batch_size=256, rng=rng)
    test_obs, test_actions = torch.randn(3, 200, 2), torch.rand(3, 200, 1) * 2 - 1
    mean, std = model.predict(test_obs, test_actions)
    truth = test_obs @ A.T + test_actions @ B.T
    error = (mean - truth).abs().mean().item()
    assert error < 0.1 * noise * 4, f"mean absolute error {error:.4f} on a linear system"
    assert 0.6 * noise < std.mean().item() < 1.6 * noise, f"predicted std {std.mean().item():.4f}, true noise {noise}"


def test_torch_pendulum_reward_equals_gymnasiums():
    env = gym.make("Pendulum-v1")
    obs, _ = env.reset(seed=3)
    rng = np.random.default_rng(3)
    rows = []
    for _ in range(300):
        action = rng.uniform(-3, 3, size=1).astype(np.float32)  # beyond +-2: the env clips, so must we
        next_obs, reward, terminated, truncated, _ = env.step(action)
        rows.append((obs, action, next_obs, reward))
        obs = next_obs if not (terminated or truncated) else env.reset()[0]
    env.close()
    o, a, n, r = (torch.as_tensor(np.array(column), dtype=torch.float64) for column in zip(*rows))
    ours, done = pets.pendulum_reward(o, a, n)
    # Gymnasium computes from the float64 state, we from the float32 observation
    np.testing.assert_allclose(ours.numpy(), r.numpy(), rtol=1e-5, atol=1e-5)
    assert not done.any()


def test_torch_mountain_car_reward_equals_gymnasiums_at_the_goal_and_away_from_it():
    env = gym.make("MountainCarContinuous-v0")
    env.reset(seed=0)
    for state, action in (((0.44, 0.06), 0.7), ((-0.5, 0.0), -1.5)):
        env.unwrapped.state = np.array(state, dtype=np.float32)
        next_obs, reward, terminated, _, _ = env.step(np.array([action], dtype=np.float32))
        ours, done = pets.mountain_car_reward(torch.tensor([state]), torch.tensor([[action]]), torch.tensor(next_obs[None]))
        assert ours.item() == pytest.approx(reward, abs=1e-5) and bool(done.item()) == terminated
    env.close()


def test_envs_without_a_known_reward_and_bad_params_are_refused(tmp_path):
    with pytest.raises(DeeprootsError, match="known reward"):
        pets.reward_function("LunarLanderContinuous-v3")
    with pytest.raises(DeeprootsError, match="elites must be at most population"):
        pets.validate(dataclasses.replace(pets.QUICK, elites=500))
    with pytest.raises(DeeprootsError, match="continuous"):
        train("pets", "CartPole-v1", preset="smoke", root=tmp_path)


def test_torch_inverted_pendulum_reward_and_termination_equal_gymnasiums():
    pytest.importorskip("mujoco")
    env = gym.make("InvertedPendulum-v5")
    obs, _ = env.reset(seed=5)
    rng = np.random.default_rng(5)
    rows = []
    while len(rows) < 400:
        action = rng.uniform(-3, 3, size=1).astype(np.float32)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        rows.append((obs, action, next_obs, reward, terminated))
        obs = next_obs if not (terminated or truncated) else env.reset()[0]
    env.close()
    o, a, n, r, d = (torch.as_tensor(np.array(column), dtype=torch.float64) for column in zip(*rows))
    assert 5 < d.sum() < len(rows), "the sample holds both surviving and falling steps"
    ours, done = pets.inverted_pendulum_reward(o, a, n)
    np.testing.assert_array_equal(done.numpy(), d.numpy().astype(bool))
    np.testing.assert_array_equal(ours.numpy(), r.numpy())
    nan = torch.tensor([[0.0, 0.0, float("nan"), 0.0]])
    assert pets.inverted_pendulum_reward(nan, torch.zeros(1, 1), nan)[1].item(), "a non-finite state terminates"


class _Drift:
    """A stand-in ensemble: every member moves the pole angle by the action, deterministically."""
    n_members = 2

    def sample_next(self, state, actions):
        return state + torch.nn.functional.pad(actions, (1, 2))  # (x, angle, x', angle') += (0, a, 0, 0)


def test_imagined_return_counts_the_steps_survived_then_nothing():
    # angle starts at 0 and moves by 0.07 a step: |angle| > 0.2 first at step 3 (0.21), so 2 steps survive;
    # a sequence that moves back and forth never falls and scores the horizon; after a fall a particle
    # earns nothing even if the angle comes back (0.21 -> 0.14 at step 4).
    falls = torch.tensor([0.07, 0.07, 0.07, -0.07, -0.07])
    stays = torch.tensor([0.07, -0.07, 0.07, -0.07, 0.07])
    sequences = torch.stack([falls, stays])[None, :, :, None]  # (B=1, P=2, H=5, A=1)
    returns = pets.imagined_returns(_Drift(), pets.inverted_pendulum_reward, torch.zeros(1, 4), sequences)
    torch.testing.assert_close(returns, torch.tensor([[2.0, 5.0]]))


def test_a_mujoco_env_without_mujoco_says_how_to_install_it(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_mujoco(name, *args, **kwargs):
        if name == "mujoco":
            raise ImportError("No module named 'mujoco'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_mujoco)
    with pytest.raises(DeeprootsError, match="pip install mujoco"):
        pets.reward_function("InvertedPendulum-v5")
