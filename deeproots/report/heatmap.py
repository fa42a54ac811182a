"""Heatmaps with everything a reader needs beside them: axis titles, a tick label per row and column,
a colour bar saying what the colour means, and the value in each cell when the grid is small.

matplotlib is imported only when a heatmap is drawn (``Report.heatmap``); a confusion matrix is an
HTML table instead (``Report.confusion_matrix``), whose colour bar ``shade_legend_html`` draws.
"""
from __future__ import annotations

import html
from typing import Any, Sequence

import numpy as np

SHADE_RGB = "31,119,180"  # the confusion-matrix cells' blue; its alpha is the cell's share
MAX_ANNOTATED_CELLS = 400  # beyond this the numbers would be unreadably small


def heatmap_figure(values: Any, row_labels: Sequence[Any] | None = None, column_labels: Sequence[Any] | None = None,
                   row_title: str = "", column_title: str = "", colorbar_label: str = "",
                   vmin: float | None = None, vmax: float | None = None):
    """A matplotlib Figure of the (rows, columns) array ``values``: rows top to bottom."""
    from matplotlib.figure import Figure

    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or 0 in values.shape:
        raise ValueError(f"a heatmap wants a (rows, columns) array, got shape {values.shape}")
    rows, columns = values.shape
    row_labels = [str(label) for label in (range(rows) if row_labels is None else row_labels)]
    column_labels = [str(label) for label in (range(columns) if column_labels is None else column_labels)]
    if len(row_labels) != rows or len(column_labels) != columns:
        raise ValueError(f"a {rows} x {columns} heatmap got {len(row_labels)} row and {len(column_labels)} column labels")
    figure = Figure(figsize=(min(12.0, 1.6 + 0.55 * columns + 0.06 * max(map(len, row_labels))),
                             min(10.0, 1.4 + 0.45 * rows)), layout="constrained")
    axes = figure.add_subplot()
    image = axes.imshow(values, cmap="viridis", vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
    tilt = max(map(len, column_labels)) > 3  # long column labels overlap unless tilted
    axes.set_xticks(range(columns), column_labels, rotation=45 if tilt else 0, ha="right" if tilt else "center")
    axes.set_yticks(range(rows), row_labels)
    axes.set_xlabel(column_title)
    axes.set_ylabel(row_title)
    figure.colorbar(image, ax=axes, label=colorbar_label)
    if rows * columns <= MAX_ANNOTATED_CELLS:
        low, high = image.get_clim()
        middle = (low + high) / 2
        for (i, j), value in np.ndenumerate(values):
            if np.isfinite(value):
                axes.text(j, i, format(value, ".3g"), ha="center", va="center", fontsize=8,
                          color="black" if value > middle else "white")  # viridis: dark low, bright high
    return figure


def shade_legend_html(label: str) -> str:
    """A horizontal colour bar for the shaded cells of a confusion matrix, 0 to 1."""
    return ('<div class="colour-bar"><span class="colour-bar-title">' + html.escape(label) + "</span>"
            '<span class="colour-bar-end">0</span>'
            f'<span class="colour-bar-ramp" style="background:linear-gradient(to right,rgba({SHADE_RGB},0),'
            f'rgba({SHADE_RGB},1))"></span><span class="colour-bar-end">1</span></div>')
