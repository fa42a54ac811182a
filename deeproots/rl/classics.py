"""`deeproots rl classics`: Sutton & Barto's figures, recomputed, beside the book's numbers.

One report (``runs/rl/classics/<timestamp>/``) that a learner reading Silver's course can hold
next to the book: the gridworld values of Fig. 4.1 and Fig. 3.5, Jack's car rental policies
(Fig. 4.2), the gambler's values and stakes (Fig. 4.3), blackjack's optimal policy (Fig. 5.2),
SARSA vs Q-learning on the cliff (Example 6.6), the windy gridworld (Example 6.5), TD(0) on the
random walk (Fig. 6.2), the 10-armed testbed (Figs. 2.2 and 2.4) and mountain car (Fig. 10.1).
The tests in tests/rl/ assert the same numbers; this is where they are looked at.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import numpy as np

from deeproots.rl.envs.classic import Blackjack, CliffWalking, RandomWalk, WindyGridworld
from deeproots.rl.envs.gambler import GamblersProblem
from deeproots.rl.envs.gridworld import Gridworld4x4, Gridworld5x5
from deeproots.rl.envs.jacks_car_rental import JacksCarRental
from deeproots.rl.tabular import bandits, dp, monte_carlo, td
from deeproots.rl.tabular.tile_coding import semi_gradient_sarsa

BOOK = "Sutton & Barto, Reinforcement Learning: An Introduction, 2nd ed."
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")  # π₀ as the book writes it


def _grid_rows(grid: np.ndarray, book: list[list[float]]) -> list[list[str]]:
    return [[f"{ours:.1f} ({theirs:g})" for ours, theirs in zip(row, book_row)] for row, book_row in zip(grid, book)]


def gridworlds(report, metrics: dict) -> None:
    env = Gridworld4x4()
    values, _ = dp.iterative_policy_evaluation(env.model(), dp.uniform_policy(env.model()), gamma=1.0)
    book = [[0, -14, -20, -22], [-14, -18, -20, -20], [-20, -20, -18, -14], [-22, -20, -14, 0]]
    report.table(_grid_rows(env.to_grid(values), book), caption="Fig. 4.1: the random policy's values on the 4x4 "
                 "gridworld, ours (the book's in brackets), iterative policy evaluation to convergence")
    metrics["gridworld4_max_error"] = float(np.abs(env.to_grid(values) - np.array(book)).max())
    env5 = Gridworld5x5()
    optimal = dp.value_iteration(env5.model(), gamma=0.9)
    book5 = [[22.0, 24.4, 22.0, 19.4, 17.5], [19.8, 22.0, 19.8, 17.8, 16.0], [17.8, 19.8, 17.8, 16.0, 14.4],
             [16.0, 17.8, 16.0, 14.4, 13.0], [14.4, 16.0, 14.4, 13.0, 11.7]]
    report.table(_grid_rows(env5.to_grid(optimal.V), book5), caption="Fig. 3.5: v* of the 5x5 gridworld (gamma 0.9), "
                 "value iteration; the book rounds to 0.1")
    metrics["gridworld5_vstar_max_error"] = float(np.abs(env5.to_grid(optimal.V) - np.array(book5)).max())


def jack(report, metrics: dict) -> None:
    env = JacksCarRental()
    never_move = dp.deterministic_policy(np.full(env.n_states, env.action_index(0)), env.n_actions)
    result = dp.policy_iteration(env.model(), env.gamma, initial_policy=never_move, action_mask=env.action_mask())
    # Fig. 4.2 draws the first location's cars upwards (0 at the bottom) and the second's across.
    moves = np.stack([env.to_grid(env.moves()[dp.greedy_actions(p)])[::-1] for p in result.policies])
    first = [str(n) for n in range(env.max_cars, -1, -1)]
    second = [str(n) for n in range(env.max_cars + 1)]
    axes = dict(row_labels=first, column_labels=second, row_title="cars at the first location",
                column_title="cars at the second location")
    report.heatmap(moves, **axes, colorbar_label="cars moved from the first to the second location",
                   levels={move: str(move) for move in range(-env.max_move, env.max_move + 1)}, cmap="RdBu",
                   panel_titles=[f"π{str(i).translate(SUBSCRIPTS)}" for i in range(len(moves))], name="jack-policies",
                   caption=f"Fig. 4.2: Jack's policies π₀ (never move) .. π{str(len(moves) - 1).translate(SUBSCRIPTS)} "
                           "(the final one), as in the book: cars at the first location up (0 at the bottom), at "
                           "the second across; negative moves go from the second location to the first. The "
                           "book converges in 4 improvements.")
    report.heatmap(env.to_grid(result.V)[::-1], **axes, colorbar_label="value v(s) of the final policy "
                   "(expected discounted income, $)", name="jack-value",
                   caption=f"Fig. 4.2 (last panel): v of the final policy, {result.V.min():.0f} to "
                           f"{result.V.max():.0f} (the book's plot spans about 420-612); first location 0 at the "
                           "bottom")
    metrics.update(jack_improvements=result.n_improvements, jack_v_min=float(result.V.min()),
                   jack_v_max=float(result.V.max()))


def gambler(report, metrics: dict) -> None:
    env = GamblersProblem()
    result = dp.value_iteration(env.model(), 1.0, 1e-12, action_mask=env.action_mask())
    capitals = np.arange(1, 100)
    report.line_chart({"value estimate": (capitals, result.V[1:100])}, xlabel="capital", ylabel="value",
                      caption="Fig. 4.3 (top): the gambler's values, p_h = 0.4", name="gambler-values")
    stakes = dp.greedy_actions(result.policy)[1:100]
    report.line_chart({"stake": (capitals, np.array([env.stake(s, a) for s, a in zip(capitals, stakes)]))},
                      xlabel="capital", ylabel="stake", caption="Fig. 4.3 (bottom): a greedy optimal stake "
                      "(ties broken to the lowest stake, one of the several optimal policies)", name="gambler-stakes")
    report.table([["v(25)", "0.16 (= p_h²)", f"{result.V[25]:.4f}"], ["v(50)", "0.4 (= p_h)", f"{result.V[50]:.4f}"],
                  ["v(75)", "0.64", f"{result.V[75]:.4f}"]], columns=["state", "exact", "ours"],
                 caption="Gambler's problem: values that follow from the rules")
    metrics["gambler_v50"] = float(result.V[50])


def blackjack(report, metrics: dict) -> None:
    env = Blackjack()
    sums = Blackjack.decode(np.arange(env.n_states))[0]
    _, policy, _ = monte_carlo.mc_control_exploring_starts(env, 2_000_000, batch_size=20_000,
                                                           initial_policy=(sums < 20).astype(int))
    greedy = np.asarray(policy).reshape(env.n_states, -1).argmax(1) if np.ndim(policy) > 1 else np.asarray(policy)
    # Fig. 5.2 draws player sum 21 at the top down to 12, dealer showing A..10 across.
    panels = np.array([[[greedy[env.encode(total, showing, usable)] for showing in range(1, 11)]
                        for total in range(21, 11, -1)] for usable in (1, 0)])
    report.heatmap(panels, row_labels=[str(total) for total in range(21, 11, -1)],
                   column_labels=["A", *map(str, range(2, 11))], row_title="player sum", column_title="dealer showing",
                   colorbar_label="action of the Monte Carlo ES policy", levels=["stick", "hit"],
                   cmap=["#4c72b0", "#f0b429"], panel_titles=["usable ace", "no usable ace"], name="blackjack-policy",
                   caption="Fig. 5.2: Monte Carlo ES policy after 2M episodes (player sum 21 at the top down to "
                           "12, as in the book). The book: without a usable ace stick on 13-16 against 2-6, on 12 "
                           "against 4-6, always on 17+.")


def temporal_differences(report, metrics: dict) -> None:
    cliff = CliffWalking()
    runs = [(td.sarsa(cliff, 500, alpha=0.5, epsilon=0.1, seed=s), td.q_learning(cliff, 500, alpha=0.5, epsilon=0.1,
                                                                                   seed=s)) for s in range(10)]
    episodes = np.arange(1, 501)
    smooth = lambda x: np.convolve(x, np.ones(10) / 10, mode="same")  # noqa: E731
    sarsa_curve = np.mean([s.episode_returns for s, _ in runs], axis=0)
    q_curve = np.mean([q.episode_returns for _, q in runs], axis=0)
    report.line_chart({"SARSA": (episodes, smooth(sarsa_curve)), "Q-learning": (episodes, smooth(q_curve))},
                      xlabel="episode", ylabel="sum of rewards during episode", name="cliff",
                      caption="Example 6.6: cliff walking, epsilon = 0.1, alpha = 0.5, 10 runs: SARSA takes the "
                              "safe path, Q-learning the optimal one and falls off while exploring")
    metrics.update(cliff_sarsa_online=float(sarsa_curve[-100:].mean()), cliff_q_online=float(q_curve[-100:].mean()),
                   cliff_q_greedy_return=float(td.greedy_path(cliff, runs[0][1].values)[1]))
    windy = WindyGridworld()
    optimal = dp.value_iteration(windy.model(), gamma=1.0)
    # The greedy path of a not-yet-converged Q can loop; say how often rather than pick a seed.
    lengths = [len(td.greedy_path(windy, td.sarsa(windy, 170, alpha=0.5, epsilon=0.1, seed=s).values,
                                  max_steps=200)[0]) - 1 for s in range(5)]
    reached = [n for n in lengths if n < 200]
    metrics.update(windy_optimal_steps=int(round(-optimal.V[windy.start_state])),
                   windy_sarsa_median_steps=float(np.median(reached)) if reached else float("nan"),
                   windy_sarsa_seeds_reaching_goal=len(reached))
    walk = RandomWalk()
    true = walk.true_values()[1:-1]
    errors = [float(np.sqrt(np.mean((td.td0_prediction(walk, None, 100, alpha=0.1, initial_value=0.5, seed=s)[0][1:-1]
                                     - true) ** 2))) for s in range(100)]
    metrics["random_walk_td0_rms"] = float(np.mean(errors))
    report.table([["cliff: SARSA online return (last 100 of 500 episodes)", "≈ -25", f"{metrics['cliff_sarsa_online']:.1f}"],
                  ["cliff: Q-learning online return", "≈ -50", f"{metrics['cliff_q_online']:.1f}"],
                  ["cliff: Q-learning greedy path return", "-13", f"{metrics['cliff_q_greedy_return']:.0f}"],
                  ["windy gridworld: optimal path (DP)", "15 steps", str(metrics["windy_optimal_steps"])],
                  ["windy gridworld: SARSA greedy path after 170 episodes (median of the seeds whose path reaches "
                   "the goal)", "≈ 15 steps", f"{metrics['windy_sarsa_median_steps']:g} "
                   f"({metrics['windy_sarsa_seeds_reaching_goal']} of 5 seeds reach it)"],
                  ["random walk: TD(0) RMS error, 100 episodes, alpha 0.1", "≈ 0.07 (Fig. 6.2)",
                   f"{metrics['random_walk_td0_rms']:.3f}"]],
                 columns=["what", "the book", "ours"], caption="Chapter 6: temporal-difference learning")


def testbed_and_mountain_car(report, metrics: dict) -> None:
    steps = np.arange(1, 1001)
    runs = {"greedy": bandits.epsilon_greedy(500, 1000, epsilon=0.0, seed=1),
            "epsilon = 0.1": bandits.epsilon_greedy(500, 1000, epsilon=0.1, seed=1),
            "UCB c = 2": bandits.ucb(500, 1000, c=2.0, seed=1)}
    report.line_chart({name: (steps, r.mean_reward) for name, r in runs.items()}, xlabel="step",
                      ylabel="average reward", name="testbed",
                      caption="Figs. 2.2 and 2.4: the 10-armed testbed, 500 runs (the book: 2000)")
    for name, r in runs.items():
        metrics[f"testbed_{name.split()[0].lower()}_final_reward"] = float(np.mean(r.mean_reward[-100:]))
    lengths = semi_gradient_sarsa(n_episodes=100, seed=0).episode_lengths
    report.line_chart({"steps per episode": (np.arange(1, len(lengths) + 1), np.asarray(lengths))}, xlabel="episode",
                      ylabel="steps", name="mountain-car", logy=True,
                      caption="Fig. 10.2 (alpha = 0.1/8): semi-gradient SARSA with 8 tilings of 8x8 on mountain car")
    metrics["mountain_car_last10_steps"] = float(np.mean(lengths[-10:]))


SECTIONS: list[tuple[str, Callable]] = [
    ("gridworlds (Figs. 4.1, 3.5)", gridworlds), ("Jack's car rental (Fig. 4.2)", jack),
    ("the gambler (Fig. 4.3)", gambler), ("blackjack (Fig. 5.2)", blackjack),
    ("TD: cliff, windy, random walk (ch. 6)", temporal_differences),
    ("testbed and mountain car (chs. 2, 10)", testbed_and_mountain_car)]


def run_classics(root: Path = Path("runs"), progress: Callable[[float, str], None] | None = None) -> tuple[dict, Path]:
    """Recompute the figures into ``root/rl/classics/<timestamp>/``; returns the metrics and the report."""
    from deeproots.report import Report
    from deeproots.runs.folder import create

    progress = progress or (lambda fraction, message: None)
    folder = create(root, "classics", track="rl")
    report = Report("Sutton & Barto's classics, recomputed")
    report.text(f"Every number below is recomputed by deeproots' own tabular code ({BOOK}); the book's value is "
                "beside ours. The tests in tests/rl/ assert the same numbers with stated tolerances.")
    metrics: dict = {}
    started = time.monotonic()
    for index, (title, section) in enumerate(SECTIONS):
        progress(index / len(SECTIONS), title)
        report.text(f"## {title}")
        section(report, metrics)
    metrics["verdict"] = (f"4x4 gridworld within {metrics['gridworld4_max_error']:.2f} of Fig. 4.1; 5x5 v* within "
                          f"{metrics['gridworld5_vstar_max_error']:.2f} of Fig. 3.5; Jack converged in "
                          f"{metrics['jack_improvements']} improvements (book: 4); cliff SARSA "
                          f"{metrics['cliff_sarsa_online']:.0f} vs Q-learning {metrics['cliff_q_online']:.0f} online "
                          f"(book: -25 vs -50); windy optimal path {metrics['windy_optimal_steps']} steps (book: 15).")
    report.metrics(metrics)
    progress(1.0, "writing the report")
    return metrics, report.write(folder, wall_time_s=time.monotonic() - started)
