"""Offline RL: IQL's expectile loss and AWR weights against closed forms and SciPy, the D4RL-style
mixtures' composition, the normalised score, and IQL / offline BC end to end through train().

Sources: Kostrikov et al. 2022 (IQL) eq. 5 (expectile loss) and eq. 7 (advantage weights, clipped
at 100 in the paper's code); Fu et al. 2020 (D4RL) §5 (mixtures, normalised score). The datasets
here come from the scripted Pendulum controller (offline_data.stand_in_family): seconds, no SAC.
"""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from scipy import optimize

from deeproots.errors import DeeprootsError
from deeproots.rl.deep import common, offline_data
from deeproots.rl.deep.cql import TanhGaussianActor, conservative_penalty
from deeproots.rl.deep.iql import awr_weights, cosine_learning_rate, expectile_loss, reward_scale
from deeproots.rl.train import train

ENV = "Pendulum-v1"


@pytest.fixture(scope="module")
def family():
    return offline_data.stand_in_family(ENV, 1000, seed=0)


@pytest.fixture(scope="module")
def dataset_dir(family, tmp_path_factory):
    root = tmp_path_factory.mktemp("offline")
    for name, data in family.items():
        data.save(offline_data.path_for(ENV, name, root))
    return root


# --------------------------------------------------------------------------- IQL's pieces


def test_expectile_loss_at_one_half_is_half_the_mse():
    diff = torch.randn(257, generator=torch.Generator().manual_seed(0)) * 3
    torch.testing.assert_close(expectile_loss(diff, 0.5), 0.5 * torch.nn.functional.mse_loss(diff, torch.zeros(257)))
    # tau = 0.9 by hand on two points: 0.9 * 2^2 (positive) and 0.1 * 1^2 (negative), averaged
    torch.testing.assert_close(expectile_loss(torch.tensor([2.0, -1.0]), 0.9), torch.tensor((3.6 + 0.1) / 2))


@pytest.mark.parametrize("tau", [0.5, 0.7, 0.9, 0.99])
def test_expectile_loss_minimiser_is_the_expectile_found_by_root_finding(tau):
    sample = np.random.default_rng(1).exponential(2.0, size=300)  # skewed: mean, expectiles and max differ
    tensor = torch.as_tensor(sample)
    # our loss, minimised over a constant v by a bounded scalar search
    found = optimize.minimize_scalar(lambda v: expectile_loss(tensor - v, tau).item(),
                                     bounds=(sample.min(), sample.max()), method="bounded",
                                     options={"xatol": 1e-10}).x
    # the tau-expectile's defining equation (Newey & Powell 1987): tau E(x - e)+ = (1 - tau) E(e - x)+
    condition = lambda e: tau * np.maximum(sample - e, 0).mean() - (1 - tau) * np.maximum(e - sample, 0).mean()
    expectile = optimize.brentq(condition, sample.min(), sample.max(), xtol=1e-12)
    assert found == pytest.approx(expectile, abs=1e-6)
    if tau == 0.5:
        assert expectile == pytest.approx(sample.mean())
    else:
        assert sample.mean() < expectile < sample.max(), "tau > 0.5 pulls V above the mean toward the max"


def test_awr_weights_are_clipped_exponentials_without_gradient():
    advantages = torch.tensor([-1.0, 0.0, 0.5, 2.0], requires_grad=True)
    weights = awr_weights(advantages, beta=3.0, max_weight=100.0)
    np.testing.assert_allclose(weights.numpy(), [np.exp(-3.0), 1.0, np.exp(1.5), 100.0], rtol=1e-6)  # e^6 > 100
    assert not weights.requires_grad, "the weights are constants of the policy loss"
    assert torch.equal(awr_weights(advantages, beta=0.0, max_weight=100.0), torch.ones(4)), "beta = 0 is BC"


def test_reward_scale_is_1000_over_the_return_spread(family):
    returns = family["medium-replay"].episode_returns()
    assert reward_scale(family["medium-replay"]) == pytest.approx(1000 / (returns.max() - returns.min()))
    assert reward_scale(family["medium-replay"], "dataset") == reward_scale(family["medium-replay"])


def test_family_reward_scale_is_the_same_for_every_mixture_and_none_is_one(family):
    """"family" divides by the score's references (expert - random), so narrow data are not blown up."""
    ref = family["random"]
    expected = 1000 / (ref.expert_return - ref.random_return)
    assert {name: reward_scale(data, "family") for name, data in family.items()} == pytest.approx(
        {name: expected for name in family})
    by_dataset = {name: reward_scale(data, "dataset") for name, data in family.items()}
    assert by_dataset["expert"] > 2 * expected, "the authors' rule blows the narrow expert data's rewards up"
    assert reward_scale(family["expert"], "none") == 1.0


def test_iql_scales_rewards_as_asked_and_refuses_unknown_scalings(dataset_dir, tmp_path, monkeypatch):
    from deeproots.rl.deep import iql, offline_common

    seen = []
    original = offline_common.Data.__init__
    monkeypatch.setattr(iql.Data, "__init__", lambda self, d, device, scale=1.0: seen.append(scale) or original(self, d, device, scale))
    for scaling in ("family", "dataset", "none"):
        train("iql", ENV, preset="smoke", root=tmp_path, eval_episodes=1,
              overrides={"dataset_dir": str(dataset_dir), "reward_scaling": scaling, "total_timesteps": 2})
    data = offline_data.load("medium-replay", ENV, dataset_dir)
    assert seen == pytest.approx([reward_scale(data, "family"), reward_scale(data, "dataset"), 1.0])
    with pytest.raises(DeeprootsError, match="reward_scaling"):
        train("iql", ENV, preset="smoke", root=tmp_path, overrides={"dataset_dir": str(dataset_dir), "reward_scaling": "max"})


def test_cosine_learning_rate_matches_torch_cosine_annealing():
    """The policy's schedule (IQL code: optax.cosine_decay_schedule) against torch's CosineAnnealingLR."""
    total = 37
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=3e-4)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total, eta_min=0.0)
    for step in range(total + 1):
        assert cosine_learning_rate(3e-4, step, total) == pytest.approx(optimizer.param_groups[0]["lr"], abs=1e-12)
        optimizer.step()
        scheduler.step()
    assert cosine_learning_rate(3e-4, total, total) == pytest.approx(0.0, abs=1e-15)


def test_iql_policy_learning_rate_decays_to_zero_over_the_run(dataset_dir, tmp_path, monkeypatch):
    from deeproots.rl.deep import iql

    seen = []
    original = iql.cosine_learning_rate
    monkeypatch.setattr(iql, "cosine_learning_rate", lambda base, step, total: seen.append(step) or original(base, step, total))
    train("iql", ENV, preset="smoke", root=tmp_path, overrides={"dataset_dir": str(dataset_dir)}, eval_episodes=1)
    assert seen == list(range(iql.SMOKE.total_timesteps)), "one schedule value per policy step"
    seen.clear()
    train("iql", ENV, preset="smoke", root=tmp_path, eval_episodes=1,
          overrides={"dataset_dir": str(dataset_dir), "cosine_decay": False})
    assert seen == [], "cosine_decay=False keeps the rate constant"


# --------------------------------------------------------------------------- CQL's pieces


def test_cql_actor_log_prob_matches_torch_tanh_transform():
    torch.manual_seed(0)
    actor = TanhGaussianActor(3, 2, (16,))
    obs = torch.randn(64, 3)
    actions, log_prob = actor.sample(obs)
    mean, log_std = actor.body(obs).chunk(2, dim=-1)
    reference = torch.distributions.TransformedDistribution(
        torch.distributions.Normal(mean, log_std.clamp(-20, 2).exp()), [torch.distributions.TanhTransform()])
    inside = actions.abs().max(-1).values < 0.999  # atanh is ill-conditioned at the edges
    torch.testing.assert_close(log_prob[inside], reference.log_prob(actions).sum(-1)[inside], rtol=1e-4, atol=1e-4)


class _FixedActor:
    """Stands for the policy: the same actions and log-densities every call."""

    def __init__(self, actions, log_prob):
        self.actions, self.log_prob = actions, log_prob

    def sample(self, obs):
        return self.actions, self.log_prob


def test_cql_penalty_is_the_importance_sampled_logsumexp_minus_the_data_q():
    batch, n, act_dim = 4, 5, 2
    gen = torch.Generator().manual_seed(1)
    obs, next_obs = torch.randn(batch, 3, generator=gen), torch.randn(batch, 3, generator=gen)
    data_actions = torch.rand(batch, act_dim, generator=gen) * 2 - 1
    policy_actions = torch.rand(batch * n, act_dim, generator=gen) * 2 - 1
    policy_logp = torch.randn(batch * n, generator=gen)
    weights = torch.tensor([[1.0, -2.0], [0.5, 3.0]])

    def q_fn(o, a):  # two critics, Q_i(s, a) = s_0 * i + a . w_i
        return tuple(o[:, 0] * i + a @ weights[i] for i in range(2))

    torch.manual_seed(7)
    got = conservative_penalty(q_fn, obs, next_obs, data_actions, _FixedActor(policy_actions, policy_logp), n)
    torch.manual_seed(7)
    uniform = torch.empty(batch * n, act_dim).uniform_(-1.0, 1.0).numpy()  # the function's only draw
    o, o2 = obs.numpy(), next_obs.numpy()
    a_pi, lp, a_data, w = policy_actions.numpy(), policy_logp.numpy(), data_actions.numpy(), weights.numpy()
    for i in range(2):
        expected = []
        for b in range(batch):
            rows = slice(b * n, (b + 1) * n)
            values = np.concatenate([
                o[b, 0] * i + uniform[rows] @ w[i] - act_dim * np.log(0.5),   # uniform: density 2^-|A|
                o[b, 0] * i + a_pi[rows] @ w[i] - lp[rows],                   # pi(.|s)
                o[b, 0] * i + a_pi[rows] @ w[i] - lp[rows],                   # pi(.|s'), Q still at s
            ])
            expected.append(np.log(np.exp(values).sum()) - (o[b, 0] * i + a_data[b] @ w[i]))
        assert got[i].item() == pytest.approx(np.mean(expected), rel=1e-5), f"critic {i + 1}"


# --------------------------------------------------------------------------- datasets


def test_normalised_score_formula():
    assert offline_data.normalized_score(-1200.0, -1200.0, -150.0) == 0.0
    assert offline_data.normalized_score(-150.0, -1200.0, -150.0) == 100.0
    np.testing.assert_allclose(offline_data.normalized_score([-850.0, 0.0], -1200.0, -150.0),
                               [100 * 350 / 1050, 100 * 1200 / 1050])


def test_mixtures_have_the_documented_composition(family):
    assert tuple(family) == offline_data.MIXTURES
    random, medium, expert, both = family["random"], family["medium"], family["expert"], family["medium-expert"]
    # every mixture is scored against the same two references: the random and expert data's mean returns
    for data in family.values():
        assert (data.random_return, data.expert_return) == (random.random_return, random.expert_return)
        assert data.env_id == ENV and len({len(getattr(data, name)) for name in offline_data.FIELDS}) == 1
    assert random.score(random.episode_returns().mean()) == pytest.approx(0.0)
    assert expert.score(expert.episode_returns().mean()) == pytest.approx(100.0)
    assert 0 < medium.score(medium.episode_returns().mean()) < 100
    # medium-expert: medium then expert, 50/50
    n = len(medium)
    assert len(both) == 2 * n and len(expert) == n
    np.testing.assert_array_equal(both.observations[:n], medium.observations)
    np.testing.assert_array_equal(both.actions[n:], expert.actions)
    assert both.ends[n - 1] == 1, "no transition links the medium half to the expert half"
    np.testing.assert_array_equal(both.ends[n:], expert.ends)


def test_transitions_are_consecutive_within_episodes(family):
    data = family["medium"]
    inside = data.ends[:-1] == 0
    np.testing.assert_array_equal(data.next_observations[:-1][inside], data.observations[1:][inside])
    assert (data.episode_returns() < 0).all() and len(data.episode_returns()) == 5  # 1000 steps of 200


def test_dataset_round_trip_and_refusals(family, dataset_dir):
    loaded = offline_data.load("medium-replay", ENV, dataset_dir)
    for name in offline_data.FIELDS:
        np.testing.assert_array_equal(getattr(loaded, name), getattr(family["medium-replay"], name))
    assert loaded.mixture == "medium-replay" and loaded.expert_return == family["expert"].expert_return
    with pytest.raises(DeeprootsError, match="allowed: random, medium"):
        offline_data.load("med", ENV, dataset_dir)
    with pytest.raises(DeeprootsError, match="no offline dataset"):
        offline_data.load("expert", "MountainCarContinuous-v0", dataset_dir)
    path = offline_data.path_for(ENV, "expert", dataset_dir)
    with pytest.raises(DeeprootsError, match="collected on 'Pendulum-v1'"):
        offline_data.load(str(path), "MountainCarContinuous-v0", dataset_dir)


# --------------------------------------------------------------------------- end to end


@pytest.mark.parametrize("algo", ["iql", "bc-offline", "cql"])
def test_smoke_run_through_train(algo, dataset_dir, tmp_path):
    metrics, path = train(algo, preset="smoke", overrides={"dataset_dir": str(dataset_dir)}, root=tmp_path,
                          eval_episodes=2)
    assert path.parent.name == f"{algo}-Pendulum-v1", "Pendulum-v1 is the default env"
    assert metrics["env_steps"] == 60, "total_timesteps counts gradient steps"
    assert metrics["eval_episodes"] == 2 and np.isfinite(metrics["eval_mean_return"])
    curves = json.loads((path / "metrics.json").read_text())["metrics"]["curves"]
    assert [step for step, _ in curves["normalized_score"]] == [30, 60]
    assert common.load_checkpoint(path, algo)["step"] == 60
    # resuming continues the gradient-step count
    metrics, _ = train(algo, resume=path, overrides={"total_timesteps": 90}, eval_episodes=1)
    assert metrics["env_steps"] == 90



def test_build_stops_medium_at_a_third_and_keeps_its_replay_buffer(monkeypatch, tmp_path):
    """build() with SAC replaced by scripted policies that improve at each check: medium is the first
    policy whose greedy return crosses random + (expert - random) / 3, medium-replay its buffer."""
    noise_at_check = {1: 40.0, 2: 6.0, 3: 0.5, 4: 0.1}  # the "training run" gets better check by check
    stopped = {}

    def fake_sac(env_id, seed, overrides, progress=None):
        if progress is None:  # the expert run
            return {"act_sample": offline_data.scripted_pendulum(0.1, seed), "step": 400}
        for check in noise_at_check:
            policy = offline_data.scripted_pendulum(noise_at_check[check], seed)
            if progress({"step": check, "act_greedy": policy}):
                break
        stopped["check"] = check
        played = offline_data.rollout(policy, env_id, 200 * check, seed)  # stands for the buffer so far
        ends = played.ends.astype(bool)
        replay = {"obs": played.observations, "actions": played.actions, "rewards": played.rewards,
                  "next_obs": played.next_observations, "terminated": played.terminated.astype(bool),
                  "truncated": ends & ~played.terminated.astype(bool)}
        return {"act_sample": policy, "step": check, "replay": replay}

    monkeypatch.setattr(offline_data, "_sac", fake_sac)
    family = offline_data.build(ENV, tmp_path, seed=0, n_steps=400, check_every=1, log=lambda line: None)
    target = family["random"].random_return + (family["random"].expert_return - family["random"].random_return) / 3
    assert family["random"].random_return < target < family["expert"].expert_return
    greedy = {check: common.evaluate(offline_data.scripted_pendulum(noise, 1), ENV, episodes=10, seed=30_000).mean()
              for check, noise in noise_at_check.items()}
    first = min(check for check, value in greedy.items() if value >= target)
    assert stopped["check"] == first, f"greedy returns per check {greedy}, target {target:.0f}"
    assert len(family["medium-replay"]) == 200 * first and family["medium-replay"].ends.sum() == first
    assert offline_data.path_for(ENV, "medium-replay", tmp_path).is_file()


def test_build_trains_medium_with_the_slower_learning_rate_and_can_reuse_the_expert(monkeypatch, tmp_path):
    """The medium run gets MEDIUM_SAC's lr 1e-4 (the expert keeps RL-Zoo's preset); reuse_expert loads
    random.npz and expert.npz instead of training the expert again."""
    calls = []

    def fake_sac(env_id, seed, overrides, progress=None):
        calls.append(("medium" if progress else "expert", dict(overrides)))
        policy = offline_data.scripted_pendulum(0.1 if progress is None else 3.0, seed)
        if progress is not None:
            progress({"step": 1, "act_greedy": policy})
        played = offline_data.rollout(policy, env_id, 200, seed)
        replay = {"obs": played.observations, "actions": played.actions, "rewards": played.rewards,
                  "next_obs": played.next_observations, "terminated": played.terminated.astype(bool),
                  "truncated": played.ends.astype(bool) & ~played.terminated.astype(bool)}
        return {"act_sample": policy, "step": 1, "replay": replay}

    monkeypatch.setattr(offline_data, "_sac", fake_sac)
    first = offline_data.build(ENV, tmp_path, seed=0, n_steps=200, sac_overrides={"total_timesteps": 777},
                               check_every=1, log=lambda line: None)
    assert calls == [("expert", {"total_timesteps": 777}),
                     ("medium", {"total_timesteps": 777, "learning_rate": 1e-4})]
    assert offline_data.MEDIUM_SAC == {"learning_rate": 1e-4}
    calls.clear()
    again = offline_data.build(ENV, tmp_path, seed=5, n_steps=200, check_every=1, log=lambda line: None, reuse_expert=True)
    assert [name for name, _ in calls] == ["medium"], "the expert run is not repeated"
    for name in ("random", "expert"):
        np.testing.assert_array_equal(again[name].rewards, first[name].rewards)
    assert again["medium"].expert_return == first["expert"].expert_return


def test_eval_episodes_zero_means_no_periodic_evaluation(dataset_dir, tmp_path):
    """The shared range lets eval_episodes be 0 (as Crafter's PPO does): no periodic evaluation, a clean run."""
    metrics, path = train("bc-offline", preset="smoke", overrides={"dataset_dir": str(dataset_dir), "eval_episodes": 0},
                          root=tmp_path, eval_episodes=1)
    record = json.loads((path / "metrics.json").read_text())
    assert "normalized_score" not in record["metrics"]["curves"] and metrics["eval_episodes"] == 1
