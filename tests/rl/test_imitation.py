"""Behaviour cloning and DAgger (deeproots.rl.deep.bc, dagger, imitation): the smoke presets end to end,
the Gaussian NLL against torch.distributions, the LQR gain against a NumPy Riccati recursion, DAgger's
two defining moves (the learner rolls out, the expert labels, the data aggregate) and the shipped
experts' returns. DAgger beating BC is a benchmark (benchmarks/dagger_vs_bc.py), not a test: minutes.
"""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
import torch

from deeproots.rl.deep import bc, common, dagger, imitation
from deeproots.rl.deep.common import RunContext, evaluate
from deeproots.rl.train import train


# --------------------------------------------------------------------------- end to end


@pytest.mark.parametrize("algo", ["bc", "dagger"])
def test_smoke_preset_runs_end_to_end_on_the_default_env(algo, tmp_path):
    metrics, path = train(algo, preset="smoke", root=tmp_path, eval_episodes=2)
    assert path.parent.name == f"{algo}-Pendulum-v1", path
    for name in ("report.html", "metrics.json", "checkpoint.pt"):
        assert (path / name).is_file(), f"{name} missing in {path}"
    record = json.loads((path / "metrics.json").read_text())
    curves = record["metrics"]["curves"]
    assert curves["expert_labels"][-1][1] == 100 == metrics["env_steps"], "the label budget is spent exactly"
    assert curves["policy_loss"], "every fit is logged"
    assert common.load_checkpoint(path, algo)["step"] == 100


def _run(module, env_id="Pendulum-v1", run_path=None, **overrides):
    params = dataclasses.replace(module.SMOKE, **overrides)
    module.validate(params)
    ctx = RunContext(algorithm=module.NAME, params=params, env_id=env_id, run_path=run_path, checkpoint_every=10**9)
    return module.train(params, env_id, ctx), ctx


def test_both_handle_discrete_actions_on_cartpole():
    for module in (bc, dagger):
        result, _ = _run(module, "CartPole-v1", total_timesteps=60)
        actions = result["act_greedy"](np.zeros((3, 4), np.float32))
        assert actions.dtype == np.int64 and actions.shape == (3,) and result["expert_labels"] == 60


# --------------------------------------------------------------------------- the loss


def test_gaussian_nll_matches_torch_distributions():
    torch.manual_seed(0)
    mean, log_std, actions = torch.randn(7, 3), torch.randn(3) * 0.5, torch.randn(7, 3) * 2
    expected = -torch.distributions.Normal(mean, log_std.exp()).log_prob(actions).sum(-1)
    torch.testing.assert_close(imitation.gaussian_nll(mean, log_std, actions), expected)

    policy = imitation.Policy(4, 3, (8,), discrete=False, low=-np.ones(3), high=np.ones(3))
    with torch.no_grad():
        policy.log_std.copy_(log_std)
    obs = torch.randn(7, 4)
    reference = -torch.distributions.Normal(policy(obs), policy.log_std.exp()).log_prob(actions).sum(-1).mean()
    torch.testing.assert_close(policy.loss(obs, actions), reference)
    policy.loss(obs, actions).backward()
    assert policy.log_std.grad is not None and policy.log_std.grad.abs().sum() > 0, "the std is learned"


def test_discrete_loss_is_the_cross_entropy_and_greedy_the_argmax():
    torch.manual_seed(0)
    policy = imitation.Policy(4, 2, (8,), discrete=True)
    obs, actions = torch.randn(5, 4), torch.tensor([0, 1, 1, 0, 1])
    log_p = torch.distributions.Categorical(logits=policy(obs)).log_prob(actions)
    torch.testing.assert_close(policy.loss(obs, actions), -log_p.mean())
    np.testing.assert_array_equal(policy.act_greedy(obs.numpy()), policy(obs).argmax(-1).numpy())


# --------------------------------------------------------------------------- the experts


def test_lqr_gain_solves_the_riccati_recursion():
    dt = 0.05
    A = np.array([[1 + 15 * dt * dt, dt], [15 * dt, 1.0]])
    B = np.array([[3 * dt * dt], [3 * dt]])
    Q, R, P = np.diag([1.0, 0.1]), np.array([[0.001]]), np.zeros((2, 2))
    for _ in range(5000):  # value iteration on the cost-to-go x'Px of an infinite horizon
        K = np.linalg.solve(R + B.T @ P @ B, B.T @ P @ A)
        P = Q + A.T @ P @ (A - B @ K)
    np.testing.assert_allclose(imitation.pendulum_lqr_gain(), K[0], rtol=1e-6)
    # and A, B are Gymnasium's step: one step from (theta, theta_dot) with a small torque
    import gymnasium as gym

    env = gym.make("Pendulum-v1").unwrapped
    env.reset(seed=0)
    env.state = np.array([0.02, -0.1])
    env.step(np.array([0.3]))
    np.testing.assert_allclose(env.state, A @ [0.02, -0.1] + B[:, 0] * 0.3, atol=1e-5)


@pytest.mark.parametrize("env_id,mark", [("Pendulum-v1", -200.0), ("CartPole-v1", 475.0),
                                         ("MountainCarContinuous-v0", 85.0)])
def test_expert_reaches_its_stated_return(env_id, mark):
    # measured over 100 episodes (seed 10000): Pendulum -138.7, CartPole 495.9, MountainCar 89.4
    returns = evaluate(imitation.expert_for(env_id), env_id, episodes=10, seed=10_000)
    assert returns.mean() >= mark, (env_id, returns)


# --------------------------------------------------------------------------- DAgger's defining moves


def _inferred_torque(states):
    """The torque that took each Pendulum state to the next: theta_dot' = theta_dot + dt (15 sin theta + 3 u)."""
    theta, velocity = np.arctan2(states[:, 1], states[:, 0]), states[:, 2]
    return ((velocity[1:] - velocity[:-1]) / 0.05 - 15 * np.sin(theta[:-1])) / 3


def test_dagger_rolls_out_the_learner_labels_with_the_expert_and_aggregates(tmp_path):
    # 150 labels < one 200-step episode, so the saved dataset is one unbroken trajectory:
    # 50 expert steps, then 2 rounds of 50 learner steps (the roller continues the episode)
    result, _ = _run(dagger, run_path=tmp_path, total_timesteps=150, initial_fraction=1 / 3, n_iterations=2)
    saved = common.load_checkpoint(tmp_path)
    states, labels = saved["observations"].numpy(), saved["actions"].numpy()
    assert len(states) == 150 == result["expert_labels"], "aggregated: every round's states are kept"
    np.testing.assert_array_equal(labels, imitation.pendulum_expert(states), "every label is the expert's")
    torque = _inferred_torque(states)
    executed = np.clip(labels[:-1, 0], -2, 2)
    fast = np.abs(states[1:, 2]) < 7.9  # the speed clip at 8 hides the torque
    np.testing.assert_allclose(torque[:49][fast[:49]], executed[:49][fast[:49]], atol=1e-3,
                               err_msg="the first share is the expert's own episode")
    learner = np.abs(torque[50:] - executed[50:]) > 0.1
    assert learner[fast[50:]].mean() > 0.5, "in the DAgger rounds the learner acts, not the expert"


def test_beta_one_lets_the_expert_act_in_every_round(tmp_path):
    _run(dagger, run_path=tmp_path, total_timesteps=150, initial_fraction=1 / 3, n_iterations=2, beta=1.0)
    states = common.load_checkpoint(tmp_path)["observations"].numpy()
    torque, executed = _inferred_torque(states), np.clip(imitation.pendulum_expert(states)[:-1, 0], -2, 2)
    fast = np.abs(states[1:, 2]) < 7.9
    np.testing.assert_allclose(torque[fast], executed[fast], atol=1e-3)


def test_bc_learns_from_the_experts_states_only(tmp_path):
    _run(bc, run_path=tmp_path, total_timesteps=120)
    states = common.load_checkpoint(tmp_path)["observations"].numpy()
    torque, executed = _inferred_torque(states), np.clip(imitation.pendulum_expert(states)[:-1, 0], -2, 2)
    fast = np.abs(states[1:, 2]) < 7.9
    np.testing.assert_allclose(torque[fast], executed[fast], atol=1e-3)


def test_dagger_resumes_from_its_checkpoint(tmp_path):
    first = tmp_path / "a"
    first.mkdir()
    _run(dagger, run_path=first, total_timesteps=150, initial_fraction=1 / 3, n_iterations=2)
    state = common.load_checkpoint(first)
    assert state["iteration"] == 2 and state["step"] == 150
    # resume a run stopped after the first fit: it spends the rest of the budget and no more
    state = {**state, "iteration": 0, "step": 50, "observations": state["observations"][:50],
             "actions": state["actions"][:50]}
    params = dataclasses.replace(dagger.SMOKE, total_timesteps=150, initial_fraction=1 / 3, n_iterations=2)
    ctx = RunContext(algorithm="dagger", params=params, env_id="Pendulum-v1", resume_state=state)
    assert dagger.train(params, "Pendulum-v1", ctx)["expert_labels"] == 150


def test_validate_refuses_a_budget_with_no_expert_share():
    from deeproots.errors import DeeprootsError

    with pytest.raises(DeeprootsError):
        dagger.validate(dataclasses.replace(dagger.SMOKE, total_timesteps=3, initial_fraction=0.1))
    with pytest.raises(DeeprootsError):
        dagger.validate(dataclasses.replace(dagger.SMOKE, beta=1.5))


def test_rl_train_runs_bc_on_cartpole_and_refuses_an_env_without_an_expert(tmp_path):
    """`rl train bc --env CartPole-v1` uses the shipped DQN expert; Acrobot has none: one clear error, no run folder."""
    from deeproots.errors import DeeprootsError
    from deeproots.rl.train import train

    metrics, path = train("bc", "CartPole-v1", preset="smoke", root=tmp_path, eval_episodes=2)
    assert path.parent.name == "bc-CartPole-v1" and metrics["eval_episodes"] == 2
    with pytest.raises(DeeprootsError, match="no shipped expert for 'Acrobot-v1'"):
        train("dagger", "Acrobot-v1", preset="smoke", root=tmp_path / "other")
    assert not (tmp_path / "other").exists()
