"""Heatmaps with everything a reader needs beside them: axis titles, a tick label per row and column,
a colour bar saying what the colour means, and the value in each cell when the grid is small.

One figure may hold several panels (e.g. a policy after each improvement) that share the axes' meaning
and one colour bar, so equal colours mean equal values across panels. Values that are categories
(hit/stick, train/test) get a discrete colour bar that names each level instead of a numeric ramp.

matplotlib is imported only when a heatmap is drawn (``Report.heatmap``); a confusion matrix is an
HTML table instead (``Report.confusion_matrix``), whose colour bar ``shade_legend_html`` draws.
"""
from __future__ import annotations

import html
import math
from typing import Any, Mapping, Sequence

import numpy as np

SHADE_RGB = "31,119,180"  # the confusion-matrix cells' blue; its alpha is the cell's share
MAX_ANNOTATED_CELLS = 400  # beyond this the numbers would be unreadably small
MAX_TICK_LABELS = 24  # more labels than this on one axis overlap; then only round values are labelled
PANEL_INCHES = 3.6  # the longer side of one panel
# Distinct on screen and in greyscale; categorical levels take them in order unless a cmap is given.
LEVEL_COLOURS = ("#4c72b0", "#f0b429", "#c44e52", "#55a868", "#8c8c8c", "#8172b3", "#64b5cd", "#937860")


def as_panels(values: Any) -> np.ndarray:
    """(panels, rows, columns) floats from one (rows, columns) grid or a stack/list of equal-shaped ones."""
    panels = np.asarray(values.tolist() if hasattr(values, "detach") else values, dtype=float)
    if panels.ndim == 2:
        panels = panels[None]
    if panels.ndim != 3 or 0 in panels.shape:
        raise ValueError(f"a heatmap wants a (rows, columns) array or a stack of them, got shape {panels.shape}")
    return panels


def _labels(labels: Sequence[Any] | None, count: int, what: str) -> list[str]:
    labels = [str(label) for label in (range(count) if labels is None else labels)]
    if len(labels) != count:
        raise ValueError(f"the heatmap has {count} {what}s but got {len(labels)} {what} labels")
    return labels


def level_names(levels: Sequence[str] | Mapping[float, str]) -> dict[float, str]:
    """{value: name}: a sequence names the values 0, 1, 2, ...; a mapping names its keys."""
    named = dict(levels) if isinstance(levels, Mapping) else dict(enumerate(levels))
    if not named:
        raise ValueError("a categorical heatmap needs at least one named level")
    return {float(value): str(name) for value, name in sorted(named.items())}


def _check_levels(panels: np.ndarray, named: dict[float, str]) -> None:
    seen = set(np.unique(panels[np.isfinite(panels)]).tolist())
    unnamed = sorted(seen - set(named))
    if unnamed:
        raise ValueError(f"the heatmap's values {unnamed[:5]} have no level name; name every value in levels")


def _tick_positions(labels: list[str]) -> list[int]:
    """Every position when they fit; else the round values (multiples of 2, 5, 10...) or every k-th one."""
    if len(labels) <= MAX_TICK_LABELS:
        return list(range(len(labels)))
    try:
        numbers = [float(label) for label in labels]
    except ValueError:
        numbers = None
    for step in (2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if numbers is not None:
            picked = [i for i, number in enumerate(numbers) if number % step == 0]
        else:
            picked = list(range(0, len(labels), step))
        if 1 < len(picked) <= MAX_TICK_LABELS // 2:
            return picked
    return list(range(0, len(labels), math.ceil(len(labels) / (MAX_TICK_LABELS // 2))))


def _colour_scale(panels: np.ndarray, named: dict[float, str] | None, cmap: Any, vmin: float | None,
                  vmax: float | None):
    """(cmap, norm) for matplotlib: a discrete one with a band per level, or a ramp over vmin..vmax."""
    import matplotlib
    from matplotlib.colors import BoundaryNorm, ListedColormap, Normalize

    if named is None:
        finite = panels[np.isfinite(panels)]
        low = float(finite.min()) if vmin is None and finite.size else (0.0 if vmin is None else vmin)
        high = float(finite.max()) if vmax is None and finite.size else (1.0 if vmax is None else vmax)
        return matplotlib.colormaps[cmap or "viridis"], Normalize(low, max(high, low + 1e-12))
    values = list(named)
    if cmap is None:
        colours = [LEVEL_COLOURS[i % len(LEVEL_COLOURS)] for i in range(len(values))]
    elif isinstance(cmap, str):
        colours = matplotlib.colormaps[cmap].resampled(len(values))(range(len(values)))
    else:
        colours = list(cmap)
        if len(colours) != len(values):
            raise ValueError(f"{len(values)} levels need {len(values)} colours, got {len(colours)}")
    # Band edges halfway between neighbouring levels, so each level's value falls in its own band.
    middles = [(a + b) / 2 for a, b in zip(values, values[1:])]
    edges = [values[0] - 0.5, *middles, values[-1] + 0.5]
    return ListedColormap(colours), BoundaryNorm(edges, len(values))


def heatmap_figure(values: Any, row_labels: Sequence[Any] | None = None, column_labels: Sequence[Any] | None = None,
                   row_title: str = "", column_title: str = "", colorbar_label: str = "",
                   vmin: float | None = None, vmax: float | None = None, *,
                   panel_titles: Sequence[str] | None = None, panel_columns: int | None = None,
                   levels: Sequence[str] | Mapping[float, str] | None = None, cmap: Any = None):
    """A matplotlib Figure of ``values``: one (rows, columns) grid, rows top to bottom, or a stack of
    them drawn as panels (titled ``panel_titles``, ``panel_columns`` to a row) sharing one colour bar.

    ``levels`` makes the values categories: names for the values 0, 1, ... (or a {value: name}
    mapping); the colour bar then shows one band per level, named. ``cmap``: a matplotlib colormap
    name, or for levels also a list of colours, one per level.
    """
    from matplotlib.figure import Figure

    panels = as_panels(values)
    count, rows, columns = panels.shape
    row_labels = _labels(row_labels, rows, "row")
    column_labels = _labels(column_labels, columns, "column")
    titles = [str(title) for title in panel_titles] if panel_titles is not None else [""] * count
    if len(titles) != count:
        raise ValueError(f"{count} heatmap panels got {len(titles)} panel titles")
    named = level_names(levels) if levels is not None else None
    if named is not None:
        _check_levels(panels, named)
    colour_map, norm = _colour_scale(panels, named, cmap, vmin, vmax)

    across = max(1, min(panel_columns or min(count, 3), count))
    down = math.ceil(count / across)
    cell = min(0.5, max(0.12, PANEL_INCHES / max(rows, columns)))
    tilt = max(map(len, column_labels)) > 3  # long column labels overlap unless tilted
    label_inches = 0.07 * max(map(len, row_labels))
    figure = Figure(figsize=(min(16.0, across * (columns * cell + 0.5 + label_inches) + 1.6),
                             min(14.0, down * (rows * cell + (0.35 if any(titles) else 0.0) + 0.6)
                                 + (0.08 * max(map(len, column_labels)) if tilt else 0.0) + 0.4)),
                    layout="constrained")
    grid = figure.subplots(down, across, squeeze=False)
    shown_rows, shown_columns = _tick_positions(row_labels), _tick_positions(column_labels)
    image = None
    for number, axes in enumerate(grid.flat):
        if number >= count:
            axes.remove()  # an empty slot of the last row of panels
            continue
        panel = panels[number]
        image = axes.imshow(panel, cmap=colour_map, norm=norm, aspect="auto", interpolation="nearest")
        axes.set_xticks(shown_columns, [column_labels[i] for i in shown_columns], rotation=45 if tilt else 0,
                        ha="right" if tilt else "center")
        axes.set_yticks(shown_rows, [row_labels[i] for i in shown_rows])
        axes.tick_params(labelsize=8 if max(rows, columns) > 12 else 10)
        if titles[number]:
            axes.set_title(titles[number])
        if number % across == 0:
            axes.set_ylabel(row_title)
        if number + across >= count:  # no panel below this one
            axes.set_xlabel(column_title)
        if named is None and rows * columns <= MAX_ANNOTATED_CELLS:
            for (i, j), value in np.ndenumerate(panel):
                if np.isfinite(value):
                    red, green, blue, _ = colour_map(norm(value))
                    dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5  # perceived brightness of the cell
                    axes.text(j, i, format(value, ".3g"), ha="center", va="center", fontsize=8,
                              color="white" if dark else "black")
    # aspect: a bar as tall as several rows of panels stays as slim as one beside a single row.
    bar = figure.colorbar(image, ax=[axes for axes in figure.axes], label=colorbar_label, aspect=20 * down)
    if named is not None:
        bar.set_ticks(list(named), labels=list(named.values()))
        bar.ax.tick_params(length=0)  # the names sit on bands, not on a scale
    return figure


def heatmap_description(row_title: str, column_title: str, colorbar_label: str,
                        panel_titles: Sequence[str] | None = None,
                        levels: Sequence[str] | Mapping[float, str] | None = None) -> str:
    """What the heatmap shows, in words, for its alt text: read aloud by screen readers, and by tests."""
    parts = [f"rows: {row_title or 'row'}", f"columns: {column_title or 'column'}",
             f"colour: {colorbar_label or 'value'}"]
    if levels is not None:
        parts[-1] += " (" + ", ".join(level_names(levels).values()) + ")"
    if panel_titles:
        parts.append("panels: " + ", ".join(map(str, panel_titles)))
    return "heatmap; " + "; ".join(parts)


def heatmap_tables(values: Any, row_labels: Sequence[Any] | None, column_labels: Sequence[Any] | None,
                   row_title: str, column_title: str, panel_titles: Sequence[str] | None = None,
                   levels: Sequence[str] | Mapping[float, str] | None = None):
    """Without matplotlib: one (title, columns, rows) table per panel, cells named by their level."""
    panels = as_panels(values)
    count, rows, columns = panels.shape
    row_labels = _labels(row_labels, rows, "row")
    column_labels = _labels(column_labels, columns, "column")
    titles = list(panel_titles) if panel_titles is not None else [""] * count
    named = level_names(levels) if levels is not None else None
    tables = []
    for title, panel in zip(titles, panels):
        cells = [[named.get(float(v), v) if named else v for v in row] for row in panel]
        tables.append((str(title), [f"{row_title} \\ {column_title}", *column_labels],
                       [[label, *row] for label, row in zip(row_labels, cells)]))
    return tables


def shade_legend_html(label: str) -> str:
    """A horizontal colour bar for the shaded cells of a confusion matrix, 0 to 1."""
    return ('<div class="colour-bar"><span class="colour-bar-title">' + html.escape(label) + "</span>"
            '<span class="colour-bar-end">0</span>'
            f'<span class="colour-bar-ramp" style="background:linear-gradient(to right,rgba({SHADE_RGB},0),'
            f'rgba({SHADE_RGB},1))"></span><span class="colour-bar-end">1</span></div>')
