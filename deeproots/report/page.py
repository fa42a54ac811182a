"""The report every run writes: sections collected in order, then ``write(run_folder)``.

After ``Report.write`` a run folder holds:

* one PNG per figure section (``figure``, ``image_grid``, ``line_chart``, ``heatmap``),
* ``metrics.json``: plain JSON (metrics, params, seed, versions, wall time, file names),
* ``report.html``: one file that opens offline; images are embedded as base64 data URIs,
  no external CSS or JavaScript.

Each file is written atomically (``deeproots.files``) and ``report.html`` last, so an
interrupted write never leaves a half-written file and a folder with a ``report.html`` holds
a whole report. matplotlib is imported only when a chart is made, torch never; Pillow only to
draw labels in an image grid (and not at all when it is missing).
"""
from __future__ import annotations

import base64
import html
import math
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from deeproots import files
from deeproots.report.charts import curves_of, line_chart_png, png_bytes, summary_rows
from deeproots.report.charts import matplotlib_figure_class as _matplotlib_figure_class
from deeproots.report.folder import ReportError, RunFolder
from deeproots.report.heatmap import heatmap_description, heatmap_figure, heatmap_tables, shade_legend_html
from deeproots.report.html import escape, inline, markdown, page, table_html
from deeproots.report.png import png_size, render_grid
from deeproots.report.record import METRICS_FILE, REPORT_FILE, metrics_record


def _slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", str(name)).strip("-.")[:60]
    if slug.lower().endswith(".png"):
        slug = slug[:-4]
    return slug or "figure"


@dataclass
class _Section:
    kind: str
    html: str
    png: bytes | None = None
    filename: str | None = None
    caption: str = ""


@dataclass
class Report:
    """Sections collected in order, written by ``write(run_folder)``.

    >>> report = Report("MNIST MLP", seed=0)
    >>> report.params({"lr": 1e-3}); report.metrics({"test_accuracy": 0.981})
    >>> report.write(RunFolder.create("runs", "mnist-mlp"))
    """

    title: str
    seed: int | None = None
    dpi: int = 110
    _sections: list[_Section] = field(default_factory=list, init=False, repr=False)
    _metrics: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _params: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _started: float = field(default_factory=time.perf_counter, init=False, repr=False)
    _filenames: set[str] = field(default_factory=set, init=False, repr=False)

    # ---- sections

    def text(self, markdown_or_plain: str) -> "Report":
        """A block of text; a small Markdown subset is understood, everything is escaped."""
        self._sections.append(_Section("text", markdown(markdown_or_plain)))
        return self

    def table(
        self,
        rows: Iterable[Sequence[Any] | Mapping[str, Any]],
        columns: Sequence[str] | None = None,
        caption: str | None = None,
    ) -> "Report":
        """A table of rows (sequences, or dicts keyed by column). Floats show 6 significant digits."""
        rows = list(rows)
        if rows and all(isinstance(row, Mapping) for row in rows):
            if columns is None:
                columns = list(dict.fromkeys(key for row in rows for key in row))
            rows = [[row.get(column, "") for column in columns] for row in rows]
        else:
            rows = [list(row) for row in rows]
        if columns is not None:
            columns = list(columns)
            for number, row in enumerate(rows):
                if len(row) != len(columns):
                    raise ReportError(f"table row {number} has {len(row)} cells for {len(columns)} columns")
        self._sections.append(_Section("table", table_html(rows, columns, caption), caption=caption or ""))
        return self

    def figure(self, fig_or_png_bytes: Any, caption: str | None = None, name: str | None = None) -> "Report":
        """A matplotlib Figure (saved as PNG now) or PNG bytes, embedded and written as ``<name>.png``."""
        self._add_png(png_bytes(fig_or_png_bytes, self.dpi), caption, name, kind="figure")
        return self

    def image_grid(
        self,
        images: Any,
        labels: Sequence[Any] | None = None,
        columns: int | None = None,
        caption: str | None = None,
        name: str | None = None,
        scale: int | None = None,
    ) -> "Report":
        """A grid of images (n,H,W) or (n,H,W,3) rendered to PNG without matplotlib.

        uint8 is taken as is; floats in [0, 1] are scaled by 255; floats outside [0, 1] (e.g.
        samples in [-1, 1]) are stretched to the grid's min..max. Channel-first (n,C,H,W) and
        torch tensors are accepted. Labels are drawn under each cell when Pillow is installed,
        and otherwise listed under the figure.
        """
        data, labels_drawn = render_grid(images, labels=labels, columns=columns, scale=scale)
        extra = ""
        if labels is not None and not labels_drawn:
            extra = '<ol class="labels">' + "".join(f"<li>{escape(label)}</li>" for label in labels) + "</ol>"
        self._add_png(data, caption, name, kind="image_grid", extra=extra)
        return self

    def line_chart(
        self,
        series: Mapping[str, Any],
        xlabel: str = "",
        ylabel: str = "",
        caption: str | None = None,
        name: str | None = None,
        logy: bool = False,
    ) -> "Report":
        """Lines from ``{name: (x, y)}`` (or ``{name: y}``, x = 0, 1, ...), drawn with matplotlib.

        Without matplotlib the chart becomes a summary table (points, first, last, min, max)
        with a note saying how to get the picture.
        """
        curves = curves_of(series)
        Figure = _matplotlib_figure_class()
        if Figure is None:
            note = '<p class="note">matplotlib is not installed, so this chart is summarised as a table ' \
                   "(<code>pip install matplotlib</code> draws it).</p>"
            summary = f"{caption} ({ylabel} against {xlabel})" if caption else f"{ylabel} against {xlabel}"
            self._sections.append(
                _Section(
                    "line_chart",
                    note + table_html(summary_rows(curves), ["series", "points", "first", "last", "min", "max"],
                                      summary),
                    caption=caption or "",
                )
            )
            return self
        self._add_png(line_chart_png(Figure, curves, xlabel, ylabel, logy, self.dpi), caption, name,
                      kind="line_chart")
        return self

    def heatmap(self, values: Any, row_labels: Sequence[Any] | None = None,
                column_labels: Sequence[Any] | None = None, row_title: str = "", column_title: str = "",
                colorbar_label: str = "", caption: str | None = None, name: str | None = None,
                vmin: float | None = None, vmax: float | None = None, *,
                panel_titles: Sequence[str] | None = None, panel_columns: int | None = None,
                levels: Sequence[str] | Mapping[float, str] | None = None, cmap: Any = None) -> "Report":
        """A (rows, columns) array, or a stack of them as panels sharing one colour bar, as a heatmap:
        titled axes, a tick label per row and column, a colour bar (named bands with ``levels``); see
        ``heatmap.heatmap_figure``. A table of the values per panel without matplotlib."""
        if _matplotlib_figure_class() is None:
            for title, columns, rows in heatmap_tables(values, row_labels, column_labels, row_title, column_title,
                                                       panel_titles, levels):
                self.table(rows, columns, caption=" - ".join(part for part in (caption, title) if part) or None)
            return self
        try:
            figure = heatmap_figure(values, row_labels, column_labels, row_title, column_title, colorbar_label,
                                    vmin, vmax, panel_titles=panel_titles, panel_columns=panel_columns,
                                    levels=levels, cmap=cmap)
            described = heatmap_description(row_title, column_title, colorbar_label, panel_titles, levels)
        except ValueError as error:
            raise ReportError(str(error)) from None
        alt = f"{caption}. {described}" if caption else described
        self._add_png(png_bytes(figure, self.dpi), caption, name, kind="heatmap", alt=alt)
        return self

    def confusion_matrix(
        self, matrix: Any, labels: Sequence[Any] | None = None, caption: str | None = None
    ) -> "Report":
        """A confusion matrix (rows: true class, columns: predicted) as a shaded HTML table.

        Cells are shaded by their share of the row (recall); a recall column and the overall
        accuracy are added.
        """
        values = np.asarray(matrix.tolist() if hasattr(matrix, "detach") else matrix, dtype=float)
        if values.ndim != 2 or values.shape[0] != values.shape[1] or values.shape[0] == 0:
            raise ReportError(f"confusion_matrix wants a square (k, k) matrix, got shape {values.shape}")
        k = values.shape[0]
        labels = list(range(k)) if labels is None else list(labels)
        if len(labels) != k:
            raise ReportError(f"confusion_matrix got {len(labels)} labels for a {k}x{k} matrix")
        integer = bool(np.all(values == np.round(values)))
        row_sums = values.sum(axis=1)
        total = values.sum()
        accuracy = float(np.trace(values) / total) if total > 0 else float("nan")
        parts = ['<div class="cm-figure"><table class="cm">']
        summary = f"accuracy {accuracy:.4g}" if math.isfinite(accuracy) else "accuracy n/a"
        text = f"{caption} ({summary})" if caption else summary.capitalize()
        parts.append(f"<caption>{inline(text)}</caption>")
        # Axis titles above the columns and beside the rows, then a tick label per column and row.
        parts.append(
            f'<thead><tr><th></th><th></th><th colspan="{k}">predicted class</th><th></th></tr>'
            "<tr><th></th><th></th>"
            + "".join(f"<th>{escape(label)}</th>" for label in labels)
            + "<th>recall</th></tr></thead><tbody>"
        )
        for i in range(k):
            cells = []
            for j in range(k):
                share = values[i, j] / row_sums[i] if row_sums[i] > 0 else 0.0
                colour = "#fff" if share > 0.6 else "#222"
                shown = str(int(values[i, j])) if integer else format(values[i, j], ".3g")
                cells.append(
                    f'<td style="background:rgba(31,119,180,{share:.3f});color:{colour}">{shown}</td>'
                )
            recall = format(values[i, i] / row_sums[i], ".3g") if row_sums[i] > 0 else "n/a"
            title = f'<th rowspan="{k}" class="axis">true class</th>' if i == 0 else ""
            parts.append(f"<tr>{title}<th>{escape(labels[i])}</th>{''.join(cells)}<td>{recall}</td></tr>")
        parts.append("</tbody></table>" + shade_legend_html("shade: share of the true class (row)") + "</div>")
        self._sections.append(_Section("confusion_matrix", "".join(parts), caption=caption or ""))
        return self

    def params(self, params: Mapping[str, Any]) -> "Report":
        """Hyperparameters: shown here as a table and saved under "params" in metrics.json."""
        self._params.update(params)
        self._sections.append(
            _Section("params", table_html([[k, v] for k, v in params.items()], ["parameter", "value"], None))
        )
        return self

    def metrics(self, metrics: Mapping[str, Any]) -> "Report":
        """Results: shown here as a table and saved under "metrics" in metrics.json (later keys win)."""
        self._metrics.update(metrics)
        self._sections.append(
            _Section("metrics", table_html([[k, v] for k, v in metrics.items()], ["metric", "value"], None))
        )
        return self

    def data(self, key: str, value: Any) -> "Report":
        """Save ``value`` (curves, per-episode lists...) under ``metrics[key]`` in metrics.json
        without showing it as a table."""
        self._metrics[key] = value
        return self

    # ---- output

    def _repr_html_(self) -> str:
        """In Jupyter: the report as it stands, in an iframe (its figures are data: URIs)."""
        from deeproots.report.inline import embedded

        return embedded(self.to_html())

    def _add_png(self, data: bytes, caption: str | None, name: str | None, kind: str, extra: str = "",
                 alt: str | None = None) -> None:
        figure_number = sum(1 for s in self._sections if s.png is not None) + 1
        stem = _slug(name) if name else f"figure-{figure_number:02d}"
        filename, suffix = f"{stem}.png", 2
        while filename in self._filenames or filename in (REPORT_FILE, METRICS_FILE):
            filename, suffix = f"{stem}-{suffix}.png", suffix + 1
        self._filenames.add(filename)
        width, height = png_size(data)
        uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        alt = html.escape(alt or caption or stem, quote=True)
        body = f'<figure><img src="{uri}" alt="{alt}" width="{width}" height="{height}" data-file="{html.escape(filename)}">'
        if caption:
            body += f"<figcaption>{inline(caption)}</figcaption>"
        body += extra + "</figure>"
        self._sections.append(_Section(kind, body, png=data, filename=filename, caption=caption or ""))

    @property
    def figure_files(self) -> list[str]:
        return [s.filename for s in self._sections if s.filename]

    def to_metrics_json(self, run: RunFolder | None = None, wall_time_s: float | None = None) -> dict[str, Any]:
        seed = self.seed if self.seed is not None else self._params.get("seed")
        wall = wall_time_s if wall_time_s is not None else time.perf_counter() - self._started
        return metrics_record(self.title, run.experiment if run else None, run.timestamp if run else None, wall,
                              seed, self._metrics, self._params, self.figure_files)

    def to_html(self, record: Mapping[str, Any] | None = None) -> str:
        record = record or self.to_metrics_json()
        return page(self.title, record, "\n".join(f'<section class="{s.kind}">{s.html}</section>'
                                                   for s in self._sections))

    def write(self, run_folder: RunFolder | str | os.PathLike, wall_time_s: float | None = None) -> Path:
        """Write the PNGs, metrics.json and (last) report.html atomically; returns report.html's path.

        A path is taken as an existing run folder (``RunFolder.resume``). ``wall_time_s``
        defaults to the time since this Report was made.
        """
        run = run_folder if isinstance(run_folder, RunFolder) else RunFolder.resume(run_folder)
        if not run.path.is_dir():
            raise ReportError(f"run folder {run.path} does not exist")
        record = self.to_metrics_json(run, wall_time_s)
        for section in self._sections:
            if section.png is not None:
                files.write_bytes(run.path / section.filename, section.png)
        files.write_json(run.path / METRICS_FILE, record, ensure_ascii=False, allow_nan=False)
        report_path = run.path / REPORT_FILE
        files.write_text(report_path, self.to_html(record))
        return report_path
