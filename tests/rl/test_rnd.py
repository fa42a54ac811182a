"""Random Network Distillation (deeproots.rl.deep.rnd) and its sparse task SparseMountainCar-v0.

References: the bonus ||f_hat(s) - f(s)||^2 and the fixed random target, Burda et al. 2019 §2.2;
running statistics checked against np.mean / np.var of everything seen; the sparse reward against
Gymnasium's own MountainCar-v0 goal test (its ``terminated``); beta = 0 against dqn.py itself.
Finding the flag is a benchmark (benchmarks/rnd_vs_epsilon_greedy.py), not a test: it takes minutes.
"""
from __future__ import annotations


import gymnasium as gym
import numpy as np
import pytest
import torch

from deeproots.errors import DeeprootsError
from deeproots.rl.deep import common, dqn, rnd
from deeproots.rl.deep.rnd import RND, RunningMeanStd
from deeproots.rl.deep.sparse_mountain_car import ENV_ID
from deeproots.rl.train import default_env, make_params, train


def test_smoke_preset_runs_end_to_end_on_the_sparse_task(tmp_path):
    assert default_env("rnd") == ENV_ID == "SparseMountainCar-v0"
    metrics, folder = train("rnd", preset="smoke", root=tmp_path)
    assert metrics["env_steps"] == rnd.SMOKE.total_timesteps
    assert metrics["reward_threshold"] == 0.9
    assert 0.0 <= metrics["eval_mean_return"] <= 1.0  # a return is 1 (flag reached) or 0
    assert (folder / "report.html").exists() and (folder / "checkpoint.pt").exists()
    state = common.load_checkpoint(folder, algorithm="rnd")
    assert state["bonus_stats"]["count"] > 0, "the bonus was computed and normalised during training"


def test_validate_rejects_a_negative_intrinsic_coef():
    with pytest.raises(DeeprootsError, match="intrinsic_coef"):
        make_params("rnd", "smoke", {"intrinsic_coef": -1.0})


def _observations(low, high, n, seed):
    return torch.as_tensor(np.random.default_rng(seed).uniform(low, high, size=(n, 2)), dtype=torch.float32)


def test_target_network_never_changes_and_gets_no_gradient():
    torch.manual_seed(0)
    model = RND(obs_dim=2, hidden_sizes=(32, 32), output_size=8)
    before = {name: value.clone() for name, value in model.target.state_dict().items()}
    predictor_before = [p.clone() for p in model.predictor.parameters()]
    optimizer = torch.optim.Adam(model.predictor.parameters(), lr=1e-2)
    for step in range(20):
        optimizer.zero_grad()
        model.bonus(_observations(-1, 1, 64, step)).mean().backward()
        optimizer.step()
    assert all(not p.requires_grad and p.grad is None for p in model.target.parameters())
    for name, value in model.target.state_dict().items():
        assert torch.equal(value, before[name]), f"target {name} changed"
    assert any(not torch.equal(a, b) for a, b in zip(predictor_before, model.predictor.parameters())), "predictor trained"


def test_the_target_stays_fixed_through_a_training_run(tmp_path):
    _, folder = train("rnd", preset="smoke", root=tmp_path, eval_episodes=1, overrides={"total_timesteps": 400})
    state = common.load_checkpoint(folder)["rnd"]
    torch.manual_seed(rnd.SMOKE.seed)  # rebuild the networks in train()'s order to recover the initial target
    space = gym.make(ENV_ID).observation_space
    for _ in range(4):
        rnd.q_net(rnd.SMOKE, space, 3, "cpu")
    fresh = RND(2, rnd.SMOKE.rnd_hidden_sizes, rnd.SMOKE.rnd_output_size)
    for name, value in fresh.target.state_dict().items():
        assert torch.equal(state[f"target.{name}"], value), f"target {name} moved during training"
    assert any(not torch.equal(state[f"predictor.{name}"], value) for name, value in fresh.predictor.state_dict().items())


def test_bonus_is_per_state_and_falls_on_visited_states_only():
    torch.manual_seed(0)
    model = RND(obs_dim=2, hidden_sizes=(64, 64), output_size=16)
    visited = _observations(-2.0, -1.0, 256, seed=1)  # one corner of the whitened space
    novel = _observations(1.0, 2.0, 256, seed=2)      # the opposite corner, never trained on
    with torch.no_grad():
        # per state: a batch gives the same numbers as one state at a time, and the squared norm of f_hat - f
        batch = model.bonus(visited[:5])
        single = torch.stack([model.bonus(visited[i : i + 1])[0] for i in range(5)])
        by_hand = ((model.predictor(visited[:5]) - model.target(visited[:5])) ** 2).sum(dim=1)
        visited_before, novel_before = model.bonus(visited).mean(), model.bonus(novel).mean()
    torch.testing.assert_close(batch, single)
    torch.testing.assert_close(batch, by_hand)
    optimizer = torch.optim.Adam(model.predictor.parameters(), lr=1e-3)
    for _ in range(300):
        optimizer.zero_grad()
        model.bonus(visited).mean().backward()
        optimizer.step()
    with torch.no_grad():
        visited_after, novel_after = model.bonus(visited).mean(), model.bonus(novel).mean()
    assert visited_after < 0.1 * visited_before, "training on visited states shrinks their bonus"
    assert novel_after > 5 * visited_after, "novel states keep a much larger bonus than visited ones"


def test_running_statistics_match_numpy_over_all_batches():
    rng = np.random.default_rng(0)
    batches = [rng.normal(3.0, 2.0, size=(n, 2)) for n in (1, 7, 64, 3, 200)]
    stats = RunningMeanStd((2,))
    for batch in batches:
        stats.update(batch)
    everything = np.concatenate(batches)
    np.testing.assert_allclose(stats.mean, everything.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(stats.std, everything.std(axis=0), rtol=1e-12)
    assert stats.count == len(everything)
    scalar = RunningMeanStd()
    for batch in batches:
        scalar.update(batch[:, 0])
    np.testing.assert_allclose([scalar.mean, scalar.std], [everything[:, 0].mean(), everything[:, 0].std()], rtol=1e-12)
    # whitening uses those statistics and clips to [-clip, clip]
    x = np.array([[3.0, 3.0], [1e6, -1e6]])
    expected = np.clip((x - everything.mean(0)) / everything.std(0), -5, 5)
    np.testing.assert_allclose(stats.normalize(x, 5.0), expected, rtol=1e-5)
    assert stats.normalize(x, 5.0)[1].tolist() == [5.0, -5.0]


def test_sparse_reward_is_one_exactly_at_gymnasiums_goal():
    sparse, dense = gym.make(ENV_ID).unwrapped, gym.make("MountainCar-v0").unwrapped
    sparse.reset(seed=0), dense.reset(seed=0)
    rng = np.random.default_rng(0)
    # states near the flag (position 0.5, velocity 0) and anywhere else, every action
    positions = np.concatenate([rng.uniform(0.40, 0.6, 300), rng.uniform(-1.2, 0.6, 100)])
    velocities = np.concatenate([rng.uniform(-0.02, 0.02, 300), rng.uniform(-0.07, 0.07, 100)])
    goals = 0
    for position, velocity in zip(positions, velocities):
        action = int(rng.integers(3))
        sparse.state = dense.state = np.array([position, velocity])
        obs_s, reward, terminated, _, _ = sparse.step(action)
        obs_d, _, goal, _, _ = dense.step(action)
        np.testing.assert_array_equal(obs_s, obs_d)  # MountainCar-v0's dynamics
        assert terminated == goal and reward == (1.0 if goal else 0.0)
        goals += goal
    assert 50 < goals < 350, "both outcomes were exercised"
    env = gym.make(ENV_ID)
    assert env.spec.max_episode_steps == 200
    env.reset(seed=1)
    rewards = [env.step(0)[1] for _ in range(50)]  # pushing left from the valley never reaches the flag
    assert rewards == [0.0] * 50


def test_beta_zero_is_plain_dqn(tmp_path):
    """With beta = intrinsic_coef = 0 (and unscaled inputs, as dqn.py) the RND agent replays dqn.py's run exactly."""
    tiny = {"total_timesteps": 300, "learning_starts": 100, "train_freq": 50, "gradient_steps": 4, "batch_size": 32,
            "buffer_size": 500, "hidden_sizes": (32, 32)}
    shared = {**common.params_dict(dqn.QUICK), **tiny}
    dqn_metrics, dqn_folder = train("dqn", "CartPole-v1", overrides=shared, root=tmp_path, eval_episodes=3)
    rnd_metrics, rnd_folder = train("rnd", "CartPole-v1", overrides={**shared, "intrinsic_coef": 0.0, "scale_obs": False},
                                    root=tmp_path, eval_episodes=3)
    dqn_state, rnd_state = common.load_checkpoint(dqn_folder), common.load_checkpoint(rnd_folder)
    for name, value in dqn_state["q_network"].items():
        torch.testing.assert_close(rnd_state["q_ext"][name], value, rtol=0, atol=0)
    assert dqn_state["logger"]["episodic_return"] == rnd_state["logger"]["episodic_return"]
    assert dqn_metrics["eval_mean_return"] == rnd_metrics["eval_mean_return"]
    assert rnd_state["bonus_stats"]["count"] == 0, "no bonus is computed when beta = 0"


def test_resume_continues_to_the_new_budget(tmp_path):
    _, folder = train("rnd", preset="smoke", root=tmp_path, eval_episodes=1, overrides={"total_timesteps": 400})
    metrics, same = train("rnd", resume=folder, overrides={"total_timesteps": 600}, eval_episodes=1)
    assert same == folder and metrics["env_steps"] == 600


# ---- DeepSea-v0 (deeproots.rl.deep.deep_sea): bsuite's deep sea, where epsilon-greedy provably fails ----

def _play(env, actions):
    """Plays one episode of the given actions; returns (total reward, observations, per-step rewards)."""
    obs, _ = env.reset(seed=0)
    observations, rewards = [obs], []
    for action in actions:
        obs, reward, terminated, truncated, info = env.step(action)
        observations.append(obs)
        rewards.append(reward)
    assert terminated and not truncated, "an episode is exactly N steps"
    return sum(rewards), observations, rewards


@pytest.mark.parametrize("size", [3, 4])
def test_deep_sea_pays_only_for_going_right_all_the_way_and_random_success_is_two_to_minus_n(size):
    import itertools

    from deeproots.rl.deep import deep_sea

    env = gym.make(deep_sea.ENV_ID, size=size)
    mapping = deep_sea.action_mapping(size)  # the action that means "right" in each cell
    successes, move_cost = 0, 0.01 / size
    for actions in itertools.product([0, 1], repeat=size):  # every action sequence: the random policy's 2^N outcomes
        total, observations, rewards = _play(env, actions)
        row = column = 0
        rights = 0
        for step, action in enumerate(actions):  # re-derive the walk from the mapping
            right = action == mapping[row, column]
            expected = (1.0 if right and column == size - 1 else 0.0) - (move_cost if right else 0.0)
            assert rewards[step] == pytest.approx(expected)
            np.testing.assert_array_equal(observations[step], np.eye(size * size, dtype=np.float32)[row * size + column])
            rights += right
            column = min(column + 1, size - 1) if right else max(column - 1, 0)
            row += 1
        assert not observations[-1].any(), "bsuite's all-zero observation after the last step"
        success = rights == size
        assert total == pytest.approx((1.0 if success else 0.0) - rights * move_cost)
        successes += success
    # a uniformly random policy plays each of the 2^N sequences with probability 2^-N: exactly one wins
    assert successes == 1
    assert successes / 2**size == 2.0**-size
    optimal = [int(mapping[step, step]) for step in range(size)]  # "right" in each cell of the diagonal
    assert _play(env, optimal)[0] == pytest.approx(0.99)


def test_deep_sea_action_flip_is_per_cell_and_fixed_by_the_mapping_seed():
    from deeproots.rl.deep import deep_sea

    size = 12
    mapping = gym.make(deep_sea.ENV_ID, size=size).unwrapped.mapping
    # bsuite's draw, by hand: one fair coin per cell from RandomState(mapping_seed), mapping_seed 42 by default
    np.testing.assert_array_equal(mapping, np.random.RandomState(42).binomial(1, 0.5, [size, size]))
    np.testing.assert_array_equal(mapping, gym.make(deep_sea.ENV_ID, size=size).unwrapped.mapping)  # fixed
    other = gym.make(deep_sea.ENV_ID, size=size, mapping_seed=7).unwrapped.mapping
    assert (other != mapping).any(), "another seed, another mapping"
    assert 0 < mapping.sum() < size * size, "both buttons mean 'right' somewhere: 'always press 1' is no shortcut"
    assert not np.diag(mapping).all() and np.diag(mapping).any()
    env = gym.make(deep_sea.ENV_ID, size=size).unwrapped
    for action in (0, 1):  # the reset seed does not change the mapping, and the mapped action moves right
        env.reset(seed=123)
        _, reward, _, _, info = env.step(action)
        assert info["moved_right"] == (action == mapping[0, 0])
        assert reward == pytest.approx(-0.01 / size if info["moved_right"] else 0.0)
    debug = gym.make(deep_sea.ENV_ID, size=4, randomize_actions=False)
    assert _play(debug, [1, 1, 1, 1])[0] == pytest.approx(0.99), "bsuite's debug mode: 1 is right everywhere"


def test_smoke_run_of_rnd_on_deep_sea(tmp_path):
    metrics, folder = train("rnd", "DeepSea-v0", preset="smoke", root=tmp_path, eval_episodes=2)
    assert metrics["env_steps"] == rnd.SMOKE.total_timesteps
    assert metrics["reward_threshold"] == 0.9
    assert -0.01 <= metrics["eval_mean_return"] <= 0.99  # a return is 0.99 (the goal) or minus the move costs
    assert common.load_checkpoint(folder)["bonus_stats"]["count"] > 0
    rnd.validate(rnd.DEEP_SEA)  # the benchmark's preset is a valid Params
    from deeproots.rl.deep import deep_sea

    assert gym.make(deep_sea.spec(5)).observation_space.shape == (25,), "the benchmark's spec carries the size"
