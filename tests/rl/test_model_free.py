"""Model-free tabular methods (bandits, Monte Carlo, TD, tile coding) and the classic
environments, checked against what Sutton & Barto 2nd ed. states or plots (figure cited per
test). Plot readings are approximate, so tolerances are stated next to each expectation."""
from __future__ import annotations

import gymnasium as gym
from gymnasium.utils.env_checker import check_env
import numpy as np
import pytest

from deeproots.errors import DeeprootsError
from deeproots.rl.envs.classic import Blackjack, CliffWalking, MountainCar, RandomWalk, TenArmedTestbed, WindyGridworld
from deeproots.rl.envs.vector import GridworldEnv, VectorGridworld
from deeproots.rl.tabular import bandits, monte_carlo, td
from deeproots.rl.tabular.tile_coding import TileCoder, semi_gradient_sarsa


def rms(values: np.ndarray, env: RandomWalk) -> float:
    """RMS error over the non-terminal states, as on the y-axes of Figs. 6.2 and 7.2."""
    return float(np.sqrt(np.mean((values[1:-1] - env.true_values()[1:-1]) ** 2)))


# --------------------------------------------------------------------------- random walk (Example 6.2, §7.1)


def test_random_walk_true_values_are_one_sixth_to_five_sixths():
    env = RandomWalk()
    book = np.arange(1, 6) / 6  # Example 6.2: "the true values of states A through E are 1/6 .. 5/6"
    assert np.allclose(env.true_values()[1:-1], book), f"expected {book}, got {env.true_values()[1:-1]}"
    # Independently: solve v = R + P v on the model's non-terminal states.
    model = env.model()
    live = ~model.terminal
    solved = np.linalg.solve(np.eye(5) - model.P[live][:, 0][:, live], model.R[live, 0])
    assert np.allclose(solved, book), f"model's v_pi should be {book}, got {solved}"
    # §7.1: the 19-state walk runs from -1 to +1, so its values are -0.9, -0.8, ..., 0.9.
    nineteen = RandomWalk.nineteen_state().true_values()[1:-1]
    assert np.allclose(nineteen, np.arange(-9, 10) / 10), f"19-state values {nineteen}"


def test_td0_rms_after_100_episodes_matches_fig_6_2():
    """Fig. 6.2 (right): TD(0) with alpha = 0.1, V = 0.5 initially, averaged over 100 runs, is at
    an RMS error of about 0.06-0.07 after 100 episodes; we require <= 0.08."""
    env = RandomWalk()
    errors = [rms(td.td0_prediction(env, None, 100, alpha=0.1, initial_value=0.5, seed=s)[0], env) for s in range(100)]
    assert np.mean(errors) <= 0.08, f"Fig. 6.2: RMS at episode 100 for alpha=0.1 about 0.07; got {np.mean(errors):.3f}"


def test_n_step_td_intermediate_n_beats_one_step_fig_7_2():
    """Fig. 7.2: on the 19-state walk, averaged over the first 10 episodes, n = 4 at alpha = 0.4
    (near its best, about 0.27-0.3) is well below n = 1 at the same alpha (about 0.45-0.5)."""
    env = RandomWalk.nineteen_state()

    def average_rms(n: int, seeds=range(30)) -> float:
        # Running k episodes with the same seed replays the prefix of a 10-episode run exactly.
        return float(np.mean([[rms(td.n_step_td(env, None, n, k, alpha=0.4, seed=s)[0], env) for k in range(1, 11)]
                              for s in seeds]))

    one, four = average_rms(1), average_rms(4)
    assert four < 0.35, f"Fig. 7.2: n=4, alpha=0.4 about 0.3; got {four:.3f}"
    assert four < one - 0.05, f"Fig. 7.2: n=4 ({four:.3f}) should clearly beat n=1 ({one:.3f}) at alpha=0.4"


def test_one_step_special_cases_agree_with_td0():
    """n-step TD with n = 1 and TD(lambda) with lambda = 0 are TD(0) (§7.1, §12.2)."""
    env = RandomWalk.nineteen_state()
    V0, G0 = td.td0_prediction(env, None, 20, alpha=0.2, seed=3)
    V1, _ = td.n_step_td(env, None, 1, 20, alpha=0.2, seed=3)
    for trace in ("accumulating", "replacing"):
        Vl, Gl = td.td_lambda(env, None, 0.0, 20, alpha=0.2, trace=trace, seed=3)
        assert np.allclose(Vl, V0), f"TD(0) via {trace} traces differs from TD(0): {np.abs(Vl - V0).max()}"
    assert np.allclose(V1, V0) and np.array_equal(G0, Gl)


def test_td_lambda_beats_td0_on_19_state_walk_fig_12_6():
    """Fig. 12.6: TD(lambda) on the 19-state walk, first 10 episodes, alpha = 0.2: lambda = 0.8
    is near 0.3, lambda = 0 near 0.5."""
    env = RandomWalk.nineteen_state()
    lam8 = np.mean([rms(td.td_lambda(env, None, 0.8, k, alpha=0.2, seed=s)[0], env) for s in range(20) for k in range(1, 11)])
    lam0 = np.mean([rms(td.td_lambda(env, None, 0.0, k, alpha=0.2, seed=s)[0], env) for s in range(20) for k in range(1, 11)])
    assert lam8 < 0.38 and lam8 < lam0 - 0.1, f"Fig. 12.6: lambda=0.8 ~0.3 vs lambda=0 ~0.5; got {lam8:.3f} vs {lam0:.3f}"


# --------------------------------------------------------------------------- windy gridworld (Example 6.5)


def optimal_actions(model) -> np.ndarray:
    try:
        from deeproots.rl.tabular.dp import value_iteration
        policy = np.asarray(value_iteration(model, 1.0, 1e-9)[1])
        return policy.argmax(axis=1) if policy.ndim == 2 else policy
    except ImportError:  # a tiny value iteration, gamma = 1
        V = np.zeros(model.n_states)
        for _ in range(1000):
            V = np.where(model.terminal, 0.0, (model.R + model.P @ V).max(axis=1))
        return (model.R + model.P @ V).argmax(axis=1)


def test_windy_gridworld_optimal_path_is_15_steps():
    """Example 6.5 / Fig. 6.3: the optimal trajectory from S to G takes 15 time steps."""
    env = WindyGridworld()
    path, total = td.greedy_path(env, np.eye(4)[optimal_actions(env.model())], max_steps=100)
    assert len(path) - 1 == 15 and total == -15, f"Example 6.5: optimal path 15 steps; DP path took {len(path) - 1}"


def test_windy_gridworld_sarsa_after_170_episodes_fig_6_3():
    """Fig. 6.3: SARSA (epsilon=0.1, alpha=0.5) completes about 170 episodes in 8000 steps and its
    greedy policy is then near optimal (15 steps)."""
    env = WindyGridworld()
    lengths, steps = [], []
    for seed in range(5):
        result = td.sarsa(env, 170, alpha=0.5, epsilon=0.1, seed=seed)
        steps.append(result.episode_lengths.sum())
        lengths.append(len(td.greedy_path(env, result.values, max_steps=200)[0]) - 1)
    assert 6500 <= np.mean(steps) <= 9500, f"Fig. 6.3: 170 episodes take ~8000 steps; got {np.mean(steps):.0f}"
    near_optimal = sum(length <= 17 for length in lengths)
    assert near_optimal >= 4, f"greedy path after 170 episodes should be ~15 steps in most runs; got {lengths}"


# --------------------------------------------------------------------------- cliff walking (Example 6.6)


def test_cliff_walking_sarsa_beats_q_learning_online_example_6_6():
    """Example 6.6 / its figure: epsilon = 0.1, alpha = 0.5. Q-learning learns the optimal path
    along the cliff (return -13) but its online returns are about -50; SARSA's about -25.
    We average the last 100 of 500 episodes over 20 runs; tolerance 5 units."""
    env = CliffWalking()
    sarsa_returns, q_returns = [], []
    for seed in range(20):
        s = td.sarsa(env, 500, alpha=0.5, epsilon=0.1, seed=seed)
        q = td.q_learning(env, 500, alpha=0.5, epsilon=0.1, seed=seed)
        sarsa_returns.append(s.episode_returns[-100:].mean())
        q_returns.append(q.episode_returns[-100:].mean())
        if seed < 3:
            greedy_return = td.greedy_path(env, q.values)[1]
            assert greedy_return == -13, f"Example 6.6: Q-learning's greedy path returns -13; got {greedy_return}"
    sarsa_mean, q_mean = np.mean(sarsa_returns), np.mean(q_returns)
    assert abs(sarsa_mean + 25) <= 5, f"SARSA online return ~-25 expected, got {sarsa_mean:.1f}"
    assert abs(q_mean + 50) <= 5, f"Q-learning online return ~-50 expected, got {q_mean:.1f}"
    assert sarsa_mean > q_mean + 15


def test_expected_sarsa_and_double_q_find_short_cliff_paths():
    """§6.6-6.7 on Example 6.6: both learn a greedy path no longer than SARSA's safe path (17
    steps, return -17) and expected SARSA's online returns are at least as good as SARSA's
    (Fig. 6.3, alpha = 0.5)."""
    env = CliffWalking()
    for method in (td.expected_sarsa, td.double_q_learning):
        result = method(env, 500, alpha=0.5, epsilon=0.1, seed=1)
        greedy_return = td.greedy_path(env, result.values)[1]
        assert -17 <= greedy_return <= -13, f"{method.__name__}: greedy return {greedy_return}, expected -13..-17"
    expected = np.mean([td.expected_sarsa(env, 200, seed=s).episode_returns[-100:].mean() for s in range(5)])
    sarsa = np.mean([td.sarsa(env, 200, seed=s).episode_returns[-100:].mean() for s in range(5)])
    assert expected >= sarsa - 2, f"Fig. 6.3: expected SARSA ({expected:.1f}) >= SARSA ({sarsa:.1f}) at alpha=0.5"


# --------------------------------------------------------------------------- blackjack (Example 5.1, 5.3)


def book_optimal_blackjack_policy() -> np.ndarray:
    """Fig. 5.2 (pi*), 1 = hit. Usable ace: stick on 19+, and on 18 against dealer 2..8. No usable
    ace: stick on 17+, on 13..16 against 2..6, on 12 against 4..6."""
    player, dealer, usable = Blackjack.decode(np.arange(200))
    small_dealer = (dealer >= 2) & (dealer <= 6)
    stick_usable = (player >= 19) | ((player == 18) & (dealer >= 2) & (dealer <= 8))
    stick_plain = (player >= 17) | ((player >= 13) & small_dealer) | ((player == 12) & (dealer >= 4) & (dealer <= 6))
    return np.where(usable, ~stick_usable, ~stick_plain).astype(int)


def test_blackjack_monte_carlo_es_finds_fig_5_2_policy():
    """Example 5.3: Monte Carlo ES from 'stick only on 20 or 21' finds pi* of Fig. 5.2. Cells
    where the two actions are nearly equal (12 vs 4, 16 vs 10) may still disagree: allow 4 of 200."""
    env = Blackjack()
    player, _, _ = Blackjack.decode(np.arange(200))
    initial = (player < 20).astype(int)
    _, policy, _ = monte_carlo.mc_control_exploring_starts(env, 2_000_000, seed=0, batch_size=20_000, initial_policy=initial)
    book = book_optimal_blackjack_policy()
    wrong = np.flatnonzero(policy != book)
    cells = [tuple(int(x) for x in Blackjack.decode(s)) for s in wrong]
    assert len(wrong) <= 4, f"Fig. 5.2: {len(wrong)} cells differ from pi* (player, dealer, usable): {cells}"


def test_blackjack_first_visit_values_fig_5_1():
    """Fig. 5.1 (after 500,000 episodes, stick only on 20 or 21): v is high at 20-21 (about +0.9
    at 21, lower against an ace) and negative for every sum below 20."""
    env = Blackjack()
    player, _, _ = Blackjack.decode(np.arange(200))
    hit = (player < 20).astype(float)
    V, _ = monte_carlo.mc_prediction(env, np.stack([1 - hit, hit], 1), 500_000, seed=0)
    table = V.reshape(10, 10, 2)  # [sum - 12, dealer - 1, usable]
    assert table[9, 1:, :].mean() > 0.85, f"v(21) vs dealer 2..10 ~ +0.9 expected, got {table[9, 1:, :].mean():.2f}"
    assert table[8].mean() > 0.4, f"v(20) clearly positive expected, got {table[8].mean():.2f}"
    assert table[:8].max() < 0.0, f"v below 20 should be negative everywhere; max {table[:8].max():.2f}"


def test_blackjack_vectorised_sampler_matches_step_by_step_env():
    """The NumPy episode sampler and the step-by-step env play the same game: equal mean return
    of the stick-on-20 policy within 4 standard errors; no state repeats, so every-visit MC is
    first-visit MC here."""
    env = Blackjack()
    player, _, _ = Blackjack.decode(np.arange(200))
    hit = (player < 20).astype(int)
    vector_returns = env.sample_episodes(np.stack([1 - hit, hit], 1), 200_000, np.random.default_rng(0)).rewards.sum(1)
    single_returns = []
    for seed in range(20_000):
        state, _ = env.reset(seed=seed)
        done, total = False, 0.0
        while not done:
            state, reward, done, _, _ = env.step(hit[state])
            total += reward
        single_returns.append(total)
    gap, stderr = vector_returns.mean() - np.mean(single_returns), np.std(single_returns) / np.sqrt(20_000)
    assert abs(gap) < 4 * stderr, f"sampler mean {vector_returns.mean():.3f} vs env {np.mean(single_returns):.3f}"
    policy = np.stack([1 - hit, hit], 1).astype(float)
    first, _ = monte_carlo.mc_prediction(env, policy, 20_000, seed=1)
    every, _ = monte_carlo.mc_prediction(env, policy, 20_000, seed=1, first_visit=False)
    assert np.allclose(first, every)


def test_first_visit_mask_counts_only_first_occurrence():
    """§5.1: first-visit MC averages the return after the first visit to s in each episode."""
    keys = np.array([[2, 1, 2, 2, -1], [0, 0, 1, -1, -1]])
    expected = np.array([[1, 1, 0, 0, 0], [1, 0, 1, 0, 0]], dtype=bool)
    assert np.array_equal(monte_carlo.visit_mask(keys, first_visit=True), expected)
    assert np.array_equal(monte_carlo.visit_mask(keys, first_visit=False), keys >= 0)


def test_generic_mc_prediction_on_random_walk():
    """MC on a TabularEnv without a batch sampler: every-visit and first-visit both approach
    1/6..5/6 (Example 6.2) within 0.05 after 2000 episodes."""
    env = RandomWalk()
    for first in (True, False):
        V, returns = monte_carlo.mc_prediction(env, np.ones((7, 1)), 2000, first_visit=first, seed=0, batch_size=500)
        assert np.abs(V[1:-1] - np.arange(1, 6) / 6).max() < 0.05, f"first_visit={first}: {V[1:-1]}"
    assert set(np.unique(returns)) <= {0.0, 1.0}


def test_on_policy_epsilon_soft_control_on_blackjack():
    """§5.4: on-policy MC control converges to the best epsilon-soft policy, which is near pi*
    (Fig. 5.2) but not equal to it: exploration changes which action is better in the close
    cells. epsilon = 0.1, 10^6 episodes: allow 10 of 200 cells to differ."""
    env = Blackjack()
    _, policy, returns = monte_carlo.mc_control_epsilon_soft(env, 1_000_000, epsilon=0.1, seed=0, batch_size=10_000)
    wrong = np.flatnonzero(policy != book_optimal_blackjack_policy())
    assert len(wrong) <= 10, f"{len(wrong)} cells differ from Fig. 5.2: {[tuple(int(x) for x in Blackjack.decode(s)) for s in wrong]}"
    assert returns[-100_000:].mean() > returns[:10_000].mean(), "the policy should improve"


# --------------------------------------------------------------------------- bandits (§2.3-2.7)


def test_epsilon_greedy_beats_greedy_fig_2_2():
    """Fig. 2.2 (2000 runs): average reward at step 1000 ~1.4 for epsilon=0.1 and ~1.0 for
    greedy. 500 runs, steps 900-1000: tolerance 0.1."""
    greedy = bandits.epsilon_greedy(500, 1000, epsilon=0.0, seed=0).mean_reward[-100:].mean()
    explore = bandits.epsilon_greedy(500, 1000, epsilon=0.1, seed=0).mean_reward[-100:].mean()
    assert abs(explore - 1.4) <= 0.1 and abs(greedy - 1.05) <= 0.1, f"expected ~1.4 vs ~1.0; got {explore:.2f} vs {greedy:.2f}"
    assert explore > greedy + 0.2


def test_ucb_beats_epsilon_greedy_fig_2_4():
    """Fig. 2.4: UCB with c=2 ends near 1.5, above epsilon-greedy (0.1) near 1.35-1.4."""
    upper = bandits.ucb(500, 1000, c=2.0, seed=0).mean_reward[-200:].mean()
    explore = bandits.epsilon_greedy(500, 1000, epsilon=0.1, seed=0).mean_reward[-200:].mean()
    assert upper > explore + 0.05 and abs(upper - 1.5) <= 0.1, f"UCB {upper:.2f} vs eps-greedy {explore:.2f}"


def test_gradient_bandit_baseline_fig_2_5():
    """Fig. 2.5 (q* ~ N(4, 1)): with baseline and alpha=0.1 ~80% optimal actions at step 1000,
    without baseline far fewer (~50%)."""
    with_base = bandits.gradient_bandit(500, 1000, alpha=0.1, baseline=True, seed=0).optimal_action[-100:].mean()
    without = bandits.gradient_bandit(500, 1000, alpha=0.1, baseline=False, seed=0).optimal_action[-100:].mean()
    assert with_base > 0.75 and without < with_base - 0.15, f"{with_base:.2f} vs {without:.2f}"


def test_ten_armed_testbed_env():
    env = TenArmedTestbed()
    env.reset(seed=0)
    rewards = [env.step(3)[1] for _ in range(4000)]
    assert abs(np.mean(rewards) - env.q_star[3]) < 0.1 and abs(np.std(rewards) - 1) < 0.1


# --------------------------------------------------------------------------- mountain car (§10.1)


def test_mountain_car_dynamics_are_the_books():
    """§10.1: v' = bound[v + 0.001 A - 0.0025 cos(3x)], x' = bound[x + v']; v = 0 at the left wall."""
    env = MountainCar()
    env.reset(seed=0)
    env.state = np.array([-0.5, 0.01])
    state, reward, done, _, _ = env.step(2)
    v = 0.01 + 0.001 - 0.0025 * np.cos(-1.5)
    assert np.allclose(state, [-0.5 + v, v]) and reward == -1 and not done
    env.state = np.array([-1.19, -0.05])
    state, *_ = env.step(0)
    assert np.allclose(state, [-1.2, 0.0]), f"left wall: x=-1.2, v=0; got {state}"


def test_tile_coder_shapes_and_generalisation():
    coder = TileCoder([-1.2, -0.07], [0.5, 0.07], n_tilings=8, tiles_per_dim=8)
    a, b, far = coder.tiles([-0.5, 0.0]), coder.tiles([-0.4, 0.0]), coder.tiles([0.4, 0.06])
    assert coder.n_features == 8 * 81 and a.shape == (8,)
    assert np.array_equal(a // 81, np.arange(8)), "one active tile per tiling"
    assert 2 <= np.sum(a == b) < 8 and np.sum(a == far) == 0, "near points share most tiles, far ones none"


def test_semi_gradient_sarsa_mountain_car_fig_10_2():
    """Fig. 10.2: 8 tilings of 8x8, alpha = 0.1/8, epsilon = 0: the first episode takes thousands
    of steps and by ~100 episodes an episode takes about 200 steps. 3 runs, episodes 100-120:
    we require under 250 steps."""
    lengths = np.mean([semi_gradient_sarsa(n_episodes=120, alpha=0.1 / 8, seed=s).episode_lengths for s in range(3)], axis=0)
    assert lengths[0] > 1000, f"first episode should be long (Fig. 10.2 starts near 1000+); got {lengths[0]:.0f}"
    assert lengths[100:].mean() < 250, f"Fig. 10.2: ~200 steps after 100 episodes; got {lengths[100:].mean():.0f}"


# --------------------------------------------------------------------------- vector env


@pytest.mark.parametrize("kind, env_class", [("windy", WindyGridworld), ("cliff", CliffWalking)])
def test_vector_gridworld_matches_tabular_env(kind, env_class):
    n, rng = 16, np.random.default_rng(0)
    vector = VectorGridworld(n, kind=kind, max_episode_steps=300)
    obs, _ = vector.reset(seed=0)
    singles = [env_class() for _ in range(n)]
    for env in singles:
        env.reset(seed=0)
    elapsed, finished = np.zeros(n, dtype=int), 0
    for _ in range(2000):
        actions = rng.integers(0, 4, n)
        obs, rewards, terminated, truncated, info = vector.step(actions)
        for i, env in enumerate(singles):
            state, reward, done, _, _ = env.step(actions[i])
            elapsed[i] += 1
            assert reward == rewards[i] and done == terminated[i]
            if done or elapsed[i] == 300:
                assert info["_final_obs"][i] and info["final_obs"][i] == state
                finished += done
                state, _ = env.reset()
                elapsed[i] = 0
            assert obs[i] == state
    assert finished > 0, "some copies should reach the goal under random actions"


def test_registered_gymnasium_env():
    env = gym.make("deeproots/CliffWalking-v0")
    state, _ = env.reset(seed=0)
    assert state == 36 and env.action_space.n == 4
    assert env.step(1)[:3] == (36, -100.0, False), "Example 6.6: stepping right from S falls off the cliff"
    check_env(GridworldEnv("windy"), skip_render_check=True)


def test_bad_parameters_raise_deeproots_error():
    with pytest.raises(DeeprootsError, match="alpha"):
        td.sarsa(CliffWalking(), 10, alpha=0.0)
    with pytest.raises(DeeprootsError, match="epsilon"):
        bandits.epsilon_greedy(10, 10, epsilon=2.0)
    with pytest.raises(DeeprootsError, match="kind"):
        VectorGridworld(4, kind="maze")
    with pytest.raises(DeeprootsError, match="n_nonterminal"):
        RandomWalk(4)
