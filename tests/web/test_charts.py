"""The SVG charts: escaped labels, round axis ticks, bars in proportion."""
from __future__ import annotations

from deeproots.web import charts


def test_labels_and_titles_are_escaped():
    svg = str(charts.bar_chart("c", "<b>&", ["<w>"], [1.0], "y & z"))
    assert "&lt;b&gt;&amp;" in svg and "&lt;w&gt;" in svg and "y &amp; z" in svg and "<b>" not in svg


def test_ticks_are_round_and_cover_the_highest_value():
    assert charts._ticks(7) == [0, 2, 4, 6, 8]
    assert charts._ticks(0) == [0, 1]
    assert charts._ticks(0.3)[-1] >= 0.3


def test_bars_are_in_proportion_and_a_line_chart_has_a_legend():
    svg = str(charts.bar_chart("c", "t", ["a", "b"], [2.0, 4.0], "y"))
    heights = [float(part.split('"')[0]) for part in svg.split('height="')[1:]]
    assert abs(heights[1] - 2 * heights[0]) < 0.2
    line = str(charts.line_chart("l", "t", [charts.Series("plan", [(0, 10), (5, 0)], "plan")], "y", "x",
                                 {0: "today"}))
    assert "<polyline" in line and ">plan</text>" in line and ">today</text>" in line
