"""Heatmaps are read without a legend nearby: labelled axes, a tick label per row and column, a colour bar."""
from __future__ import annotations

import html
import re

import numpy as np
import pytest

from deeproots.report import Report, RunFolder
from deeproots.report import page as writer
from deeproots.report import ReportError
from deeproots.report.png import is_png


def test_confusion_matrix_has_axis_titles_tick_labels_and_a_colour_bar(tmp_path):
    report = Report("t")
    report.confusion_matrix([[5, 1], [2, 7]], labels=["cat", "dog"], caption="Confusion")
    page = report.write(RunFolder.create(tmp_path, "e", "t")).read_text()
    table = page[page.index('<table class="cm">'):]
    assert re.search(r"<th[^>]*>predicted class</th>", table) and re.search(r"<th[^>]*>true class</th>", table)
    assert table.count("<th>cat</th>") == 2 and table.count("<th>dog</th>") == 2, "a tick label per row and column"
    bar = re.search(r'<div class="colour-bar">(.*?)</div>\s*</div>', page, re.S)
    assert bar, "the shading needs a colour bar"
    assert "share of the true class" in bar.group(1) and ">0<" in bar.group(1) and ">1<" in bar.group(1)


def test_heatmap_figure_labels_its_axes_ticks_and_colour_bar():
    pytest.importorskip("matplotlib")
    from deeproots.report.heatmap import heatmap_figure

    values = np.arange(6.0).reshape(2, 3)
    figure = heatmap_figure(values, row_labels=["a", "b"], column_labels=["x", "y", "z"], row_title="true",
                            column_title="predicted", colorbar_label="count")
    axes, colour_bar = figure.axes
    assert axes.get_xlabel() == "predicted" and axes.get_ylabel() == "true"
    assert [t.get_text() for t in axes.get_xticklabels()] == ["x", "y", "z"]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["a", "b"]
    assert colour_bar.get_ylabel() == "count"


def test_report_heatmap_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    report = Report("t")
    report.heatmap(np.eye(3), row_labels=list("abc"), column_labels=list("abc"), row_title="true",
                   column_title="predicted", colorbar_label="share", caption="Heat", name="heat")
    report.write(RunFolder.create(tmp_path, "e", "t"))
    assert is_png((tmp_path / "e" / "t" / "heat.png").read_bytes())


def heatmap_alts(page: str) -> list[str]:
    """The alt text of every heatmap section of a written report: what its axes and colour bar say."""
    return [html.unescape(alt) for alt in re.findall(r'<section class="heatmap"><figure><img [^>]*alt="([^"]*)"', page)]


def test_panels_share_one_colour_bar_and_only_outer_panels_repeat_the_axis_titles():
    pytest.importorskip("matplotlib")
    from deeproots.report.heatmap import heatmap_figure

    figure = heatmap_figure(np.stack([np.zeros((2, 3)), np.full((2, 3), 4.0), np.ones((2, 3))]),
                            row_labels=["a", "b"], column_labels=["x", "y", "z"], row_title="true",
                            column_title="predicted", colorbar_label="count", panel_titles=["p0", "p1", "p2"],
                            panel_columns=2)
    *panels, colour_bar = figure.axes
    assert [axes.get_title() for axes in panels] == ["p0", "p1", "p2"]
    assert colour_bar.get_ylabel() == "count" and len(figure.axes) == 4, "one colour bar for all panels"
    assert {axes.images[0].get_clim() for axes in panels} == {(0.0, 4.0)}, "equal colours mean equal values"
    assert [axes.get_ylabel() for axes in panels] == ["true", "", "true"]
    assert [axes.get_xlabel() for axes in panels] == ["", "predicted", "predicted"]


def test_levels_name_each_band_of_the_colour_bar_and_every_value_needs_a_name(tmp_path):
    pytest.importorskip("matplotlib")
    from deeproots.report.heatmap import heatmap_figure

    figure = heatmap_figure([[0, 1], [1, 0]], colorbar_label="action", levels=["stick", "hit"])
    colour_bar = figure.axes[-1]
    assert [t.get_text() for t in colour_bar.get_yticklabels()] == ["stick", "hit"]
    assert list(colour_bar.get_yticks()) == [0.0, 1.0]
    jack = heatmap_figure([[-5, 0], [5, 2]], levels={m: str(m) for m in range(-5, 6)}, cmap="RdBu")
    assert [t.get_text() for t in jack.axes[-1].get_yticklabels()] == [str(m) for m in range(-5, 6)]
    with pytest.raises(ReportError, match="no level name"):
        Report("t").heatmap([[0, 2]], levels=["stick", "hit"])


def test_long_numeric_axes_label_round_values_only():
    pytest.importorskip("matplotlib")
    from deeproots.report.heatmap import heatmap_figure

    figure = heatmap_figure(np.zeros((56, 56)), row_labels=range(4, 60), column_labels=range(4, 60))
    shown = [t.get_text() for t in figure.axes[0].get_xticklabels()]
    assert shown == [str(n) for n in range(5, 60, 5)], "multiples of 5: at most 12 labels"
    assert [figure.axes[0].get_xticks()[i] for i in range(2)] == [1, 6], "each label at its own column"


def test_report_heatmap_is_a_heatmap_section_whose_alt_text_names_axes_and_colour_bar(tmp_path):
    pytest.importorskip("matplotlib")
    report = Report("t")
    report.heatmap(np.stack([np.eye(2), np.eye(2)]), row_labels=["12", "13"], column_labels=["A", "2"],
                   row_title="player sum", column_title="dealer showing", colorbar_label="action",
                   levels=["stick", "hit"], panel_titles=["usable ace", "no usable ace"], caption="Fig. 5.2")
    page = report.write(RunFolder.create(tmp_path, "e", "t")).read_text()
    assert heatmap_alts(page) == ["Fig. 5.2. heatmap; rows: player sum; columns: dealer showing; "
                                  "colour: action (stick, hit); panels: usable ace, no usable ace"]


def test_without_matplotlib_each_panel_is_a_table_of_named_levels(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "_matplotlib_figure_class", lambda: None)
    report = Report("t")
    report.heatmap(np.stack([np.eye(2), 1 - np.eye(2)]), row_labels=["12", "13"], column_labels=["A", "2"],
                   row_title="player sum", column_title="dealer showing", levels=["stick", "hit"],
                   panel_titles=["usable ace", "no usable ace"], caption="Fig. 5.2")
    page = report.write(RunFolder.create(tmp_path, "e", "t")).read_text()
    assert page.count("<table>") == 2 and "Fig. 5.2 - no usable ace" in page
    assert "<td>hit</td><td>stick</td>" in page and "player sum \\ dealer showing" in page
