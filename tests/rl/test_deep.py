"""Deep RL: the formulas at hand-computed points, and every algorithm end to end on a tiny budget.

Sources of the expected values: GAE, Schulman et al. 2016 eq. (16) (hand-expanded below); PPO's
clipped surrogate, Schulman et al. 2017 eq. (7); the DQN target, Mnih et al. 2015 Algorithm 1 and
the double-DQN target, van Hasselt et al. 2016 eq. (4). Solving CartPole is a benchmark
(benchmarks/rl_cartpole.py), not a test: it takes minutes.
"""
from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pytest
import torch

from deeproots.errors import DeeprootsError
from deeproots.rl.deep import common
from deeproots.rl.deep.replay import td_target
from deeproots.rl.deep.losses import clipped_policy_loss, normalize, ppo_diagnostics, value_loss
from deeproots.rl.deep.returns import compute_gae, next_state_values, rewards_to_go
from deeproots.rl.train import ALGORITHMS, PUBLISHED, default_env, train

# tiny budgets: seconds per run, still every code path (updates, checkpoints, report)
TINY = {
    "ppo": {"total_timesteps": 256, "n_envs": 2, "n_steps": 32, "batch_size": 32, "n_epochs": 2},
    "a2c": {"total_timesteps": 200, "n_envs": 2, "n_steps": 5},
    "dqn": {"total_timesteps": 300, "learning_starts": 100, "train_freq": 50, "gradient_steps": 4, "batch_size": 32,
            "buffer_size": 500, "hidden_sizes": (32, 32)},
    "reinforce": {"total_timesteps": 300, "episodes_per_update": 2},
}


def run(algo, tmp_path, **kwargs):
    """A tiny run: TINY's overrides for the four CartPole algorithms, the SMOKE preset for the others."""
    if algo not in TINY:
        kwargs.setdefault("preset", "smoke")
    overrides = {**TINY.get(algo, {}), **kwargs.pop("overrides", {})}
    return train(algo, overrides=overrides, root=tmp_path, eval_episodes=2, **kwargs)


# --------------------------------------------------------------------------- GAE


def test_gae_hand_computed_example():
    # gamma = lambda = 0.5, r = (1, 0, 2), V(s) = (1, 2, 3), V(s_3) = 4, so
    # delta = r + 0.5 V(s') - V(s) = (1, -0.5, 1) and A_t = delta_t + 0.25 A_{t+1}:
    # A_2 = 1, A_1 = -0.5 + 0.25 = -0.25, A_0 = 1 + 0.25 * -0.25 = 0.9375
    rewards, values = np.array([[1.0], [0.0], [2.0]]), np.array([[1.0], [2.0], [3.0]])
    next_values = np.array([[2.0], [3.0], [4.0]])
    no = np.zeros((3, 1))
    got = compute_gae(rewards, values, next_values, no, no, gamma=0.5, lam=0.5)[:, 0]
    np.testing.assert_allclose(got, [0.9375, -0.25, 1.0], err_msg="GAE eq. 16 expanded by hand")

    # the episode terminates at t = 1: no bootstrap there (delta_1 = 0 - 2 = -2) and the sum stops,
    # so A_1 = -2, A_0 = 1 + 0.25 * -2 = 0.5, A_2 = delta_2 = 1 (a new episode)
    ends = np.array([[0.0], [1.0], [0.0]])
    next_values_end = np.array([[2.0], [99.0], [4.0]])  # 99: V of the final obs, must be ignored when terminated
    got = compute_gae(rewards, values, next_values_end, ends, ends, gamma=0.5, lam=0.5)[:, 0]
    np.testing.assert_allclose(got, [0.5, -2.0, 1.0], err_msg="termination at t=1 by hand")

    # truncated at t = 1 with V(final obs) = 6: bootstrap (delta_1 = 0 + 3 - 2 = 1) but still stop the sum,
    # so A_1 = 1 and A_0 = 1 + 0.25 * 1 = 1.25
    next_values_trunc = np.array([[2.0], [6.0], [4.0]])
    got = compute_gae(rewards, values, next_values_trunc, no, ends, gamma=0.5, lam=0.5)[:, 0]
    np.testing.assert_allclose(got, [1.25, 1.0, 1.0], err_msg="truncation at t=1 by hand")


def _slow_gae(rewards, values, next_values, terminated, ended, gamma, lam):
    """The definition, term by term: A_t = sum_k (gamma lambda)^k delta_{t+k}, up to the episode's end."""
    T, N = rewards.shape
    delta = rewards + gamma * next_values * (1 - terminated) - values
    out = np.zeros((T, N))
    for n in range(N):
        for t in range(T):
            total, weight = 0.0, 1.0
            for k in range(t, T):
                total += weight * delta[k, n]
                if ended[k, n]:
                    break
                weight *= gamma * lam
            out[t, n] = total
    return out


@pytest.mark.parametrize("gamma,lam", [(0.99, 0.95), (0.9, 0.0), (0.98, 1.0)])
def test_gae_matches_the_slow_definition(gamma, lam):
    rng = np.random.default_rng(0)
    shape = (40, 3)
    rewards, values, next_values = rng.normal(size=shape), rng.normal(size=shape), rng.normal(size=shape)
    ended = (rng.random(shape) < 0.15).astype(float)
    terminated = ended * (rng.random(shape) < 0.5)  # some ends are truncations
    fast = compute_gae(rewards, values, next_values, terminated, ended, gamma, lam)
    np.testing.assert_allclose(fast, _slow_gae(rewards, values, next_values, terminated, ended, gamma, lam), atol=1e-10)


def test_gae_with_lambda_one_is_the_monte_carlo_return_minus_v():
    # lambda = 1 telescopes to G_t - V(s_t) (Schulman et al. 2016, eq. 18)
    rewards = np.array([[1.0], [2.0], [3.0]])
    values = np.array([[0.3], [0.2], [0.1]])
    terminal = np.array([[0.0], [0.0], [1.0]])
    next_values = np.array([[0.2], [0.1], [0.0]])  # V(s_{t+1}); the last is unused (terminal)
    got = compute_gae(rewards, values, next_values, terminal, terminal, gamma=0.9, lam=1.0)[:, 0]
    returns = [1 + 0.9 * 2 + 0.81 * 3, 2 + 0.9 * 3, 3]
    np.testing.assert_allclose(got, np.array(returns) - values[:, 0])
    np.testing.assert_allclose(rewards_to_go(rewards[:, 0], 0.9), returns, err_msg="REINFORCE's G_t")


# --------------------------------------------------------------------------- PPO and DQN formulas


@pytest.mark.parametrize(
    "ratio,advantage,expected",
    [
        # L = min(r A, clip(r, 0.8, 1.2) A); the loss is -L (Schulman et al. 2017, eq. 7, Figure 1)
        (1.5, 1.0, -1.2),  # A > 0: the gain is capped at (1 + eps) A
        (0.5, 1.0, -0.5),  # A > 0, r < 1 - eps: the unclipped (smaller) term counts
        (0.5, -1.0, 0.8),  # A < 0: the loss is capped at (1 - eps) |A|
        (1.5, -1.0, 1.5),  # A < 0, r > 1 + eps: the unclipped (worse) term counts
        (1.1, 2.0, -2.2),  # inside the clip range: plain r A
    ],
)
def test_ppo_clipped_loss_at_known_points(ratio, advantage, expected):
    new = torch.tensor([np.log(ratio)], requires_grad=True)
    loss = clipped_policy_loss(new, torch.zeros(1), torch.tensor([advantage]), clip_range=0.2)
    assert loss.item() == pytest.approx(expected), f"ratio {ratio}, A {advantage}: expected {expected}, got {loss.item()}"
    loss.backward()
    clipped = (ratio > 1.2 and advantage > 0) or (ratio < 0.8 and advantage < 0)
    gradient = new.grad.item()
    assert (gradient == 0.0) == clipped, f"clipped points have zero gradient, others not (got {gradient})"


def test_dqn_and_double_dqn_targets():
    # next-state Q values: the online net prefers action 1, 0, 1; the target net prefers 1, 1, 1
    online = torch.tensor([[1.0, 5.0], [3.0, 2.0], [0.0, 1.0]])
    target = torch.tensor([[10.0, 20.0], [30.0, 40.0], [7.0, 8.0]])
    rewards, terminated = torch.tensor([1.0, 1.0, 2.0]), torch.tensor([0.0, 0.0, 1.0])
    q_net, target_net = (lambda _: online), (lambda _: target)
    # DQN: y = r + gamma max_a Q_target(s', a) = (1 + 0.5*20, 1 + 0.5*40, 2 (terminal))
    dqn = td_target(rewards, None, terminated, 0.5, q_net, target_net, double=False)
    np.testing.assert_allclose(dqn.numpy(), [11.0, 21.0, 2.0], err_msg="Mnih et al. 2015 target")
    # double DQN: y = r + gamma Q_target(s', argmax_a Q_online(s', a)) = (1 + 0.5*20, 1 + 0.5*30, 2)
    double = td_target(rewards, None, terminated, 0.5, q_net, target_net, double=True)
    np.testing.assert_allclose(double.numpy(), [11.0, 16.0, 2.0], err_msg="van Hasselt et al. 2016 eq. 4")


# --------------------------------------------------------------------------- end to end


OFFLINE = {"iql", "cql", "bc-offline"}  # they need a dataset: tests/rl/test_offline.py runs them end to end


@pytest.mark.parametrize("algo", sorted(set(ALGORITHMS) - OFFLINE))
def test_each_algorithm_runs_end_to_end(algo, tmp_path):
    metrics, path = run(algo, tmp_path)
    assert path.parent.parent == tmp_path / "rl" and path.parent.name == f"{algo}-{default_env(algo)}", path
    # behaviour cloning never acts while it trains, and dagger's smoke run ends before a 200-step
    # learner episode does: neither has a learning curve to draw
    learns_online = algo not in ("bc", "dagger")
    for name in ("report.html", "metrics.json", "checkpoint.pt") + (("learning-curve.png",) if learns_online else ()):
        assert (path / name).is_file(), f"{name} missing in {path}"
    record = json.loads((path / "metrics.json").read_text())
    assert record["metrics"]["eval_episodes"] == 2 and record["params"]["seed"] == 1
    assert record["metrics"]["curves"].get("episodic_return") or not learns_online, "the learning curve is recorded"
    budget = TINY[algo]["total_timesteps"] if algo in TINY else ALGORITHMS[algo].SMOKE.total_timesteps
    assert metrics["env_steps"] >= budget or algo in ("reinforce", "bc", "dagger")  # imitation counts expert labels
    assert common.load_checkpoint(path, algo)["step"] == metrics["env_steps"]
    if algo in PUBLISHED:  # the paper's or the reference benchmark's number stands beside ours
        assert "Published: " in (path / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("algo", ["ppo", "dqn"])
def test_same_seed_same_run_other_seed_other_run(algo, tmp_path):
    first, _ = run(algo, tmp_path, overrides={"seed": 3})
    again, _ = run(algo, tmp_path, overrides={"seed": 3})
    other, _ = run(algo, tmp_path, overrides={"seed": 4})
    for key in ("eval_mean_return", "train_return_last100", "train_episodes"):
        assert first[key] == again[key], f"{key}: seed 3 gave {first[key]} then {again[key]}"
    assert (first["train_return_last100"], first["train_episodes"]) != (other["train_return_last100"], other["train_episodes"])


def test_resume_after_interrupt_continues_the_step_count(tmp_path):
    seen = []

    def interrupt_at_128(info):
        seen.append(info["step"])
        if info["step"] >= 128:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as caught:
        run("ppo", tmp_path, progress=interrupt_at_128)
    folder = caught.value.folder
    assert folder.parent == tmp_path / "rl" / "ppo-CartPole-v1", folder
    saved = common.load_checkpoint(folder, "ppo")
    assert saved["step"] == 128, f"the Ctrl-C checkpoint holds step 128, got {saved['step']}"
    episodes_before = len(saved["logger"]["episodic_return"])

    resumed = []
    metrics, path = train("ppo", resume=folder, eval_episodes=2, progress=lambda info: resumed.append(info["step"]))
    assert path == folder
    assert resumed[0] == 128 + 64, f"the first update after resuming ends at step 192, got {resumed[0]}"
    assert metrics["env_steps"] == 256 and metrics["train_episodes"] >= episodes_before

    # more steps on a finished run: total_timesteps overridden
    metrics, _ = train("ppo", resume=folder, overrides={"total_timesteps": 320}, eval_episodes=2)
    assert metrics["env_steps"] == 320


def test_checkpoint_of_another_algorithm_is_refused(tmp_path):
    _, path = run("a2c", tmp_path)
    with pytest.raises(DeeprootsError, match="written by 'a2c', not 'dqn'"):
        train("dqn", resume=path)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"algo": "nope"}, "unknown algorithm 'nope'; allowed: ppo, dqn, a2c, reinforce, sac"),
        ({"algo": "ppo", "env_id": "NoSuchEnv-v0"}, "unknown environment 'NoSuchEnv-v0'"),
        ({"algo": "ppo", "env_id": "Pendulum-v1"}, "Discrete actions"),
        ({"algo": "ppo", "overrides": {"gamma": 1.5}}, r"gamma must be in \[0, 1\], got 1.5"),
        ({"algo": "dqn", "overrides": {"learning_rate": 0}}, "learning_rate must be in"),
        ({"algo": "ppo", "overrides": {"batch_size": 10_000}}, "batch_size must be at most"),
        ({"algo": "a2c", "overrides": {"n_step": 5}}, "unknown hyper-parameter 'n_step'"),
        ({"algo": "reinforce", "overrides": {"total_timesteps": "many"}}, "total_timesteps must be an integer"),
    ],
)
def test_bad_input_is_one_line_deeproots_error(kwargs, message, tmp_path):
    with pytest.raises(DeeprootsError, match=message) as caught:
        train(root=tmp_path, **kwargs)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "rl").exists(), "no run folder is made for bad input"


def test_evaluation_plays_exactly_the_asked_episodes():
    always_left = lambda obs: np.zeros(len(obs), dtype=np.int64)
    returns = common.evaluate(always_left, "CartPole-v1", episodes=7, n_envs=3)
    # always pushing left topples the pole within 8-11 steps (Barto, Sutton & Anderson 1983 dynamics)
    assert len(returns) == 7 and returns.max() < 15, returns


def _cleanrl_gae(rewards, values, next_value, dones_after, truncation_bonus, gamma, lam):
    """Crafter PPO's former GAE (CleanRL's recursion, truncations as a bonus on the reward), kept as a reference."""
    T = len(rewards)
    advantages, last_gae = torch.zeros_like(rewards), torch.zeros_like(rewards[0])
    for t in reversed(range(T)):
        not_done = 1.0 - dones_after[t]
        following = next_value if t == T - 1 else values[t + 1]
        delta = rewards[t] + truncation_bonus[t] + gamma * following * not_done - values[t]
        last_gae = delta + gamma * lam * not_done * last_gae
        advantages[t] = last_gae
    return advantages


def test_gae_on_tensors_is_cleanrl_recursion_to_the_bit():
    # the tensor path (Crafter's PPO) gives exactly what CleanRL's recursion gave, ends and truncations included
    generator = torch.Generator().manual_seed(0)
    shape = (64, 5)
    rewards, values = torch.randn(shape, generator=generator), torch.randn(shape, generator=generator)
    last_value, final_values = torch.randn(shape[1], generator=generator), torch.randn(shape, generator=generator)
    ended = (torch.rand(shape, generator=generator) < 0.1).float()
    truncated = ended * (torch.rand(shape, generator=generator) < 0.5).float()
    terminated = ended - truncated
    final_values = final_values * truncated  # Crafter stores V(final obs) for truncations only
    next_values = next_state_values(values, last_value, final_values, ended)
    got = compute_gae(rewards, values, next_values, terminated, ended, 0.99, 0.95)
    expected = _cleanrl_gae(rewards, values, last_value, ended, 0.99 * final_values, 0.99, 0.95)
    assert got.dtype == torch.float32 and torch.equal(got, expected), (got - expected).abs().max()
    numpy_path = compute_gae(*(x.double().numpy() for x in (rewards, values, next_values, terminated, ended)), 0.99, 0.95)
    np.testing.assert_allclose(numpy_path, expected.double().numpy(), atol=1e-5)


def test_next_state_values_uses_the_final_observation_where_an_episode_ended():
    values = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]])
    ended = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    final = np.array([[0.0, 0.0], [-2.0, 0.0], [0.0, -30.0]])
    got = next_state_values(values, np.array([4.0, 40.0]), final, ended)
    np.testing.assert_array_equal(got, [[2.0, 20.0], [-2.0, 30.0], [4.0, -30.0]])
    as_tensors = next_state_values(*(torch.as_tensor(x) for x in (values, np.array([4.0, 40.0]), final, ended)))
    np.testing.assert_array_equal(as_tensors.numpy(), got)


def test_normalize_and_ppo_diagnostics():
    advantages = torch.tensor([1.0, 2.0, 3.0])
    np.testing.assert_allclose(normalize(advantages).numpy(), [-1.0, 0.0, 1.0], atol=1e-6)
    assert normalize(torch.tensor([5.0])).item() == 5.0, "a single advantage is left as it is (no NaN from std)"
    # ratios 1.5 and 1: KL estimate mean((r - 1) - log r) = (0.5 - log 1.5) / 2; one of two ratios is clipped at 0.2
    approx_kl, clip_fraction = ppo_diagnostics(torch.tensor([np.log(1.5), 0.0]), torch.zeros(2), 0.2)
    assert approx_kl == pytest.approx((0.5 - np.log(1.5)) / 2, rel=1e-6) and clip_fraction == 0.5


def test_value_loss_plain_and_clipped():
    values, old, returns = torch.tensor([2.0, 0.0]), torch.tensor([0.0, 0.0]), torch.tensor([1.0, 3.0])
    assert value_loss(values, old, returns).item() == pytest.approx((1 + 9) / 2)
    # clipped to old +- 0.5: (0.5 - 1)^2 = 0.25 < (2 - 1)^2 = 1 keeps 1; second: values 0 unclipped, 9
    assert value_loss(values, old, returns, clip_range=0.5).item() == pytest.approx((1 + 9) / 2)
    # a value that moved towards the return but past the clip: the clipped (worse) error counts
    assert value_loss(torch.tensor([0.9]), torch.tensor([0.0]), torch.tensor([1.0]), 0.5).item() == pytest.approx(0.25)


def test_crafter_checkpoint_with_cleanrl_names_loads_under_the_sb3_names(tmp_path):
    pytest.importorskip("crafter")
    from deeproots.rl.crafter.ppo import Params, load_checkpoint

    old = {"seed": 0, "total_steps": 64, "num_envs": 2, "num_steps": 16, "num_minibatches": 2, "update_epochs": 1,
           "clip_coef": 0.1, "hidden": 32}
    torch.save({"params": old, "global_step": 32}, tmp_path / "checkpoint.pt")
    params = load_checkpoint(tmp_path)["params"]
    assert params == {"seed": 0, "total_timesteps": 64, "n_envs": 2, "n_steps": 16, "batch_size": 16, "n_epochs": 1,
                      "clip_range": 0.1, "hidden": 32}
    assert Params(**params).n_updates == 2, "a run folder from before the rename resumes with the same schedule"


def test_one_name_and_one_range_per_hyper_parameter():
    from deeproots.rl.deep.hyperparams import RANGES

    cleanrl_names = {"num_envs", "num_steps", "num_minibatches", "update_epochs", "clip_coef", "total_steps"}
    for algo, module in ALGORITHMS.items():
        for field in dataclasses.fields(module.Params):
            numeric = field.type in ("int", "float") and field.name != "seed"
            assert not numeric or field.name in RANGES, f"{algo}.{field.name} has no allowed range in hyperparams.RANGES"
            assert field.name not in cleanrl_names, f"{algo}.{field.name}: SB3's names only"
    crafter = pytest.importorskip("deeproots.rl.crafter.ppo")
    names = {field.name for field in dataclasses.fields(crafter.Params)}
    assert not names & cleanrl_names, "Crafter's PPO takes the same names as the CartPole algorithms"
    assert {"total_timesteps", "n_envs", "n_steps", "batch_size", "n_epochs", "clip_range", "ent_coef", "vf_coef",
            "gae_lambda", "max_grad_norm"} <= names


@pytest.mark.parametrize("name,value", [("gamma", 1.5), ("clip_range", 0.0), ("ent_coef", -0.1), ("n_envs", 1000)])
def test_crafter_ppo_checks_a_shared_name_against_the_same_range(name, value):
    crafter = pytest.importorskip("deeproots.rl.crafter.ppo")
    from deeproots.rl.deep.hyperparams import RANGES

    low, high, brackets = RANGES[name]
    with pytest.raises(DeeprootsError, match=re.escape(f"{name} must be in {brackets[0]}{low:g}, {high:g}{brackets[1]}")):
        crafter.check_params(dataclasses.replace(crafter.QUICK, **{name: value}))
    with pytest.raises(DeeprootsError, match=f"{name} must be in"):
        ALGORITHMS["ppo"].validate(dataclasses.replace(ALGORITHMS["ppo"].Params(), **{name: value}))
