"""`deeproots rl classics` writes its report with the book's numbers beside ours."""
from __future__ import annotations

import json

import numpy as np
import pytest

from deeproots.report import Report, RunFolder
from deeproots.rl import classics
from deeproots.rl.classics import run_classics


def test_classics_report_reproduces_the_book(tmp_path):
    metrics, report = run_classics(tmp_path)
    assert report.is_file() and (report.parent / "metrics.json").is_file()
    recorded = json.loads((report.parent / "metrics.json").read_text())["metrics"]
    assert recorded["verdict"] == metrics["verdict"]
    # The book's figures (Sutton & Barto 2nd ed.), with the tolerances the tests in this folder state.
    assert metrics["gridworld4_max_error"] < 0.05  # Fig. 4.1
    assert metrics["gridworld5_vstar_max_error"] < 0.05  # Fig. 3.5, rounded to 0.1 in the book
    assert metrics["jack_improvements"] == 4  # Fig. 4.2
    assert abs(metrics["gambler_v50"] - 0.4) < 1e-9  # Fig. 4.3: v(50) = p_h
    assert abs(metrics["cliff_sarsa_online"] + 25) < 6 and abs(metrics["cliff_q_online"] + 50) < 6  # Example 6.6
    assert metrics["cliff_q_greedy_return"] == -13
    assert metrics["windy_optimal_steps"] == 15  # Example 6.5
    assert metrics["testbed_ucb_final_reward"] > metrics["testbed_epsilon_final_reward"] \
        > metrics["testbed_greedy_final_reward"]  # Figs. 2.2, 2.4


def test_jack_policies_are_drawn_as_fig_4_2_with_axes_and_a_colour_bar(tmp_path, heatmaps, heatmap_alts):
    report = Report("t")
    classics.jack(report, {})
    page = report.write(RunFolder.create(tmp_path, "e", "t")).read_text()
    policies, drawn = heatmaps["jack-policies"]
    assert drawn["row_title"] == "cars at the first location" and drawn["column_title"] == "cars at the second location"
    assert drawn["colorbar_label"] == "cars moved from the first to the second location"
    assert list(drawn["row_labels"]) == [str(n) for n in range(20, -1, -1)], "Fig. 4.2: first location 0 at the bottom"
    assert list(drawn["column_labels"]) == [str(n) for n in range(21)]
    assert drawn["panel_titles"] == ["π₀", "π₁", "π₂", "π₃", "π₄"] and "Fig. 4.2" in drawn["caption"]
    assert not policies[0].any(), "pi_0 never moves a car"
    # Fig. 4.2's pi_4: with 20 cars at the first location and none at the second (top left) move 5 to the
    # second; with none at the first and 20 at the second (bottom right) move cars back to the first.
    assert policies[-1][0, 0] == 5 and policies[-1][-1, -1] < 0
    values, drawn = heatmaps["jack-value"]
    assert drawn["colorbar_label"].startswith("value") and drawn["row_labels"][-1] == "0"
    assert values[-1, 0] == values.min(), "v is lowest with no cars anywhere (bottom left)"
    alts = heatmap_alts(page)
    assert len(alts) == 2 and all("rows: cars at the first location; columns: cars at the second location" in alt
                                  for alt in alts)


def test_blackjack_policy_is_drawn_as_fig_5_2_with_named_actions(tmp_path, heatmaps, heatmap_alts):
    report = Report("t")
    classics.blackjack(report, {})
    page = report.write(RunFolder.create(tmp_path, "e", "t")).read_text()
    policy, drawn = heatmaps["blackjack-policy"]
    assert (drawn["row_title"], drawn["column_title"]) == ("player sum", "dealer showing")
    assert list(drawn["row_labels"]) == [str(n) for n in range(21, 11, -1)], "Fig. 5.2: 21 at the top"
    assert list(drawn["column_labels"]) == ["A", *map(str, range(2, 11))]
    assert drawn["panel_titles"] == ["usable ace", "no usable ace"] and "Fig. 5.2" in drawn["caption"]
    names = dict(enumerate(drawn["levels"])) if not isinstance(drawn["levels"], dict) else drawn["levels"]
    assert {names[0], names[1]} == {"stick", "hit"}
    stick = [value for value, name in names.items() if name == "stick"][0]
    assert (policy[:, 0] == stick).all(), "stick on 21 (the top row), with or without a usable ace"
    assert heatmap_alts(page) == [drawn["caption"] + ". heatmap; rows: player sum; columns: dealer showing; "
                                  "colour: action of the Monte Carlo ES policy (stick, hit); "
                                  "panels: usable ace, no usable ace"]
