"""Heatmaps are read without a legend nearby: labelled axes, a tick label per row and column, a colour bar."""
from __future__ import annotations

import re

import numpy as np
import pytest

from deeproots.report import Report, RunFolder
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
