"""Run folders and the self-contained HTML report every track writes per run.

A run folder is ``<root>/<experiment>/<timestamp>/`` and, after ``Report.write``, holds:

* one PNG per figure section (``figure``, ``image_grid``, ``line_chart``),
* ``metrics.json``: plain JSON (metrics, params, seed, versions, wall time, file names),
* ``report.html``: one file that opens offline; images are embedded as base64 data URIs,
  no external CSS or JavaScript.

Each file is written to a temporary file in the same folder and moved into place with
``os.replace``, and ``report.html`` is written last, so an interrupted write never leaves a
half-written file and a folder with a ``report.html`` holds a whole report.

matplotlib is imported only when a line chart is made, torch never; Pillow only to draw
labels in an image grid (and not at all when it is missing).
"""
from __future__ import annotations

import base64
import html
import io
import json
import math
import os
import platform
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.report.heatmap import heatmap_description, heatmap_figure, heatmap_tables, shade_legend_html
from deeproots.report.png import is_png, png_size, render_grid

TIMESTAMP_FORMAT = "%Y-%m-%d_%H-%M-%S"
REPORT_FILE = "report.html"
METRICS_FILE = "metrics.json"
SCHEMA_VERSION = 1


class ReportError(DeeprootsError):
    """A report or run folder cannot be made as asked; the message says why."""


class RunExistsError(ReportError, FileExistsError):
    """The run folder asked for exists already; it is never overwritten."""


# --------------------------------------------------------------------------- run folders


def _check_component(value: str, what: str) -> str:
    if not isinstance(value, str) or not value or value in (".", "..") or "\0" in value:
        raise ReportError(f"{what} must be a non-empty folder name, got {value!r}")
    if "/" in value or "\\" in value or os.sep in value:
        raise ReportError(f"{what} must be a single folder name without slashes, got {value!r}")
    return value


@dataclass(frozen=True)
class RunFolder:
    """One run's folder, ``<root>/<experiment>/<timestamp>/``."""

    path: Path
    experiment: str
    timestamp: str

    @classmethod
    def create(cls, root: str | os.PathLike, experiment: str, timestamp: str | None = None) -> "RunFolder":
        """Create a fresh run folder; never reuses or overwrites an existing one.

        With ``timestamp=None`` the local time is used (``YYYY-MM-DD_HH-MM-SS``) and a second
        run in the same second gets ``-2``, ``-3``, ... appended. An explicit timestamp whose
        folder exists raises ``RunExistsError``.
        """
        _check_component(experiment, "experiment")
        parent = Path(root) / experiment
        parent.mkdir(parents=True, exist_ok=True)
        if timestamp is not None:
            _check_component(timestamp, "timestamp")
            path = parent / timestamp
            try:
                os.mkdir(path)  # exclusive: fails if it exists, even under a race
            except FileExistsError:
                raise RunExistsError(
                    f"run folder {path} already exists; choose another timestamp or RunFolder.resume it"
                ) from None
            return cls(path, experiment, timestamp)
        base = datetime.now().strftime(TIMESTAMP_FORMAT)
        for attempt in range(1, 10_000):
            name = base if attempt == 1 else f"{base}-{attempt}"
            try:
                os.mkdir(parent / name)
            except FileExistsError:
                continue
            return cls(parent / name, experiment, name)
        raise RunExistsError(f"run folder {parent / base} and 9998 suffixed ones already exist")

    @classmethod
    def resume(cls, path: str | os.PathLike) -> "RunFolder":
        """Reopen an existing run folder (to rewrite its report, add files, ...)."""
        path = Path(path)
        if not path.is_dir():
            raise ReportError(f"no run folder at {path}")
        return cls(path, path.parent.name, path.name)

    def __fspath__(self) -> str:
        return os.fspath(self.path)

    def __truediv__(self, name: str) -> Path:
        return self.path / name


# --------------------------------------------------------------------------- helpers


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _atomic_write(path: Path, data: bytes) -> None:
    """Write bytes to path via a temporary file in the same folder and os.replace."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the usual file mode
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _jsonable(value: Any) -> Any:
    """Plain JSON: numpy/torch scalars and arrays become numbers and lists; NaN and inf become null."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.generic):
        return _jsonable(value.item())
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(item) for item in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if hasattr(value, "tolist"):  # numpy arrays, torch tensors (without importing torch)
        return _jsonable(value.tolist())
    return str(value)


def _format_value(value: Any) -> str:
    if isinstance(value, (float, np.floating)):
        return format(float(value), ".6g")
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)


def _escape(value: Any) -> str:
    return html.escape(_format_value(value), quote=True)


_INLINE_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def _inline(text: str) -> str:
    """Escape, then apply `code`, **bold** and *italic* (applied to escaped text, so safe)."""
    parts = _INLINE_CODE.split(text)
    out = []
    for index, part in enumerate(parts):
        escaped = html.escape(part, quote=True)
        if index % 2:
            out.append(f"<code>{escaped}</code>")
        else:
            escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
            out.append(_ITALIC.sub(r"<em>\1</em>", escaped))
    return "".join(out)


def _markdown(text: str) -> str:
    """A small, safe Markdown subset: headings, paragraphs, - lists, 1. lists, ``` code, inline marks."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""
    code: list[str] | None = None

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            out.append("<p>" + "<br>\n".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            out.append(f"<{list_tag}>" + "".join(f"<li>{_inline(item)}</li>" for item in items) + f"</{list_tag}>")
            items.clear()
            list_tag = ""

    for line in str(text).splitlines():
        stripped = line.strip()
        if code is not None:
            if stripped.startswith("```"):
                out.append("<pre><code>" + html.escape("\n".join(code)) + "</code></pre>")
                code = None
            else:
                code.append(line)
            continue
        if stripped.startswith("```"):
            flush()
            code = []
            continue
        if not stripped:
            flush()
            continue
        heading = re.match(r"(#{1,5})\s+(.*)", stripped)
        bullet = re.match(r"[-*+]\s+(.*)", stripped)
        numbered = re.match(r"\d+[.)]\s+(.*)", stripped)
        if heading:
            flush()
            level = len(heading.group(1)) + 1  # the report title is the only <h1>
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif bullet or numbered:
            tag = "ul" if bullet else "ol"
            if paragraph or (items and list_tag != tag):
                flush()
            list_tag = tag
            items.append((bullet or numbered).group(1))
        elif items:
            items[-1] += " " + stripped  # a continuation line of the last item
        else:
            paragraph.append(stripped)
    if code is not None:  # an unclosed fence: show what there is
        out.append("<pre><code>" + html.escape("\n".join(code)) + "</code></pre>")
    flush()
    return "\n".join(out)


def _slug(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", str(name)).strip("-.")[:60]
    if slug.lower().endswith(".png"):
        slug = slug[:-4]
    return slug or "figure"


def _png_bytes(source: Any, dpi: int) -> bytes:
    """PNG bytes from PNG bytes, a matplotlib Figure (anything with savefig) or a PIL image."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if not is_png(data):
            raise ReportError("figure() got bytes that are not a PNG (the PNG signature is missing)")
        return data
    buffer = io.BytesIO()
    if hasattr(source, "savefig"):
        source.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    elif hasattr(source, "save") and hasattr(source, "mode"):  # a PIL image
        source.save(buffer, format="PNG")
    else:
        raise ReportError(
            f"figure() wants a matplotlib Figure or PNG bytes, got {type(source).__name__}; "
            "use image_grid() for arrays of images"
        )
    return buffer.getvalue()


def _matplotlib_figure_class():
    """matplotlib's Figure class, imported only now; None when matplotlib is not installed.

    Figure (not pyplot) renders off-screen with Agg and leaves pyplot's global state alone.
    """
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return None
    return Figure


def _versions() -> dict[str, str]:
    import deeproots

    versions = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "deeproots": getattr(deeproots, "__version__", "unknown"),
    }
    for name in ("torch", "matplotlib"):  # recorded only if the run imported them
        module = sys.modules.get(name)
        if module is not None and hasattr(module, "__version__"):
            versions[name] = str(module.__version__)
    return versions


_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;background:#fff}
h1{margin-bottom:.2rem}.meta{color:#666;font-size:.9rem;margin-bottom:1.5rem}
section{margin:1.5rem 0}figure{margin:1rem 0}img{max-width:100%;height:auto;border:1px solid #ddd}
figcaption,caption{color:#444;font-size:.9rem;padding:.3rem 0;text-align:left;caption-side:bottom}
table{border-collapse:collapse;margin:.5rem 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}th{background:#f3f3f3}
td.num{text-align:right}table.cm td{text-align:center;min-width:2.5rem}
.colour-bar{display:flex;align-items:center;gap:.4rem;font-size:.85rem;color:#444;margin:.3rem 0 1rem}
.colour-bar-ramp{display:inline-block;width:10rem;height:.8rem;border:1px solid #ccc}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f5f5f5}
pre{padding:.6rem;overflow-x:auto}.note{color:#8a5a00;font-size:.9rem}
footer{margin-top:3rem;color:#888;font-size:.8rem;border-top:1px solid #eee;padding-top:.5rem}
""".strip()


@dataclass
class _Section:
    kind: str
    html: str
    png: bytes | None = None
    filename: str | None = None
    caption: str = ""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, bool)


def _table_html(rows: Sequence[Sequence[Any]], columns: Sequence[Any] | None, caption: str | None) -> str:
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{_inline(caption)}</caption>")
    if columns is not None:
        parts.append("<thead><tr>" + "".join(f"<th>{_escape(c)}</th>" for c in columns) + "</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        cells = "".join(
            f'<td class="num">{_escape(v)}</td>' if _is_number(v) else f"<td>{_escape(v)}</td>" for v in row
        )
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


# --------------------------------------------------------------------------- the report


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
        self._sections.append(_Section("text", _markdown(markdown_or_plain)))
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
        self._sections.append(_Section("table", _table_html(rows, columns, caption), caption=caption or ""))
        return self

    def figure(self, fig_or_png_bytes: Any, caption: str | None = None, name: str | None = None) -> "Report":
        """A matplotlib Figure (saved as PNG now) or PNG bytes, embedded and written as ``<name>.png``."""
        self._add_png(_png_bytes(fig_or_png_bytes, self.dpi), caption, name, kind="figure")
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
            extra = '<ol class="labels">' + "".join(f"<li>{_escape(label)}</li>" for label in labels) + "</ol>"
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
        curves = []
        for label, value in series.items():
            if isinstance(value, (tuple, list)) and len(value) == 2 and all(np.ndim(v) == 1 for v in value):
                x, y = (np.asarray(v, dtype=float) for v in value)
            else:
                y = np.asarray(value, dtype=float).reshape(-1)
                x = np.arange(len(y), dtype=float)
            if x.shape != y.shape:
                raise ReportError(f"line_chart series {label!r} has {len(x)} x values and {len(y)} y values")
            curves.append((str(label), x, y))
        Figure = _matplotlib_figure_class()
        if Figure is None:
            rows = []
            for label, x, y in curves:
                finite = y[np.isfinite(y)]
                stats = [finite.min(), finite.max()] if finite.size else ["", ""]
                rows.append([label, len(y), y[0] if len(y) else "", y[-1] if len(y) else "", *stats])
            note = '<p class="note">matplotlib is not installed, so this chart is summarised as a table ' \
                   "(<code>pip install matplotlib</code> draws it).</p>"
            summary = f"{caption} ({ylabel} against {xlabel})" if caption else f"{ylabel} against {xlabel}"
            self._sections.append(
                _Section(
                    "line_chart",
                    note + _table_html(rows, ["series", "points", "first", "last", "min", "max"], summary),
                    caption=caption or "",
                )
            )
            return self
        figure = Figure(figsize=(6.4, 3.6), layout="constrained")
        axes = figure.add_subplot()
        for label, x, y in curves:
            axes.plot(x, y, label=label, linewidth=1.5)
        axes.set_xlabel(xlabel)
        axes.set_ylabel(ylabel)
        if logy:
            axes.set_yscale("log")
        axes.grid(True, alpha=0.3)
        if len(curves) > 1:
            axes.legend(frameon=False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=self.dpi)
        self._add_png(buffer.getvalue(), caption, name, kind="line_chart")
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
        self._add_png(_png_bytes(figure, self.dpi), caption, name, kind="heatmap", alt=alt)
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
        parts.append(f"<caption>{_inline(text)}</caption>")
        # Axis titles above the columns and beside the rows, then a tick label per column and row.
        parts.append(
            f'<thead><tr><th></th><th></th><th colspan="{k}">predicted class</th><th></th></tr>'
            "<tr><th></th><th></th>"
            + "".join(f"<th>{_escape(label)}</th>" for label in labels)
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
            parts.append(f"<tr>{title}<th>{_escape(labels[i])}</th>{''.join(cells)}<td>{recall}</td></tr>")
        parts.append("</tbody></table>" + shade_legend_html("shade: share of the true class (row)") + "</div>")
        self._sections.append(_Section("confusion_matrix", "".join(parts), caption=caption or ""))
        return self

    def params(self, params: Mapping[str, Any]) -> "Report":
        """Hyperparameters: shown here as a table and saved under "params" in metrics.json."""
        self._params.update(params)
        self._sections.append(
            _Section("params", _table_html([[k, v] for k, v in params.items()], ["parameter", "value"], None))
        )
        return self

    def metrics(self, metrics: Mapping[str, Any]) -> "Report":
        """Results: shown here as a table and saved under "metrics" in metrics.json (later keys win)."""
        self._metrics.update(metrics)
        self._sections.append(
            _Section("metrics", _table_html([[k, v] for k, v in metrics.items()], ["metric", "value"], None))
        )
        return self

    def data(self, key: str, value: Any) -> "Report":
        """Save ``value`` (curves, per-episode lists...) under ``metrics[key]`` in metrics.json
        without showing it as a table."""
        self._metrics[key] = value
        return self

    # ---- output

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
            body += f"<figcaption>{_inline(caption)}</figcaption>"
        body += extra + "</figure>"
        self._sections.append(_Section(kind, body, png=data, filename=filename, caption=caption or ""))

    @property
    def figure_files(self) -> list[str]:
        return [s.filename for s in self._sections if s.filename]

    def to_metrics_json(self, run: RunFolder | None = None, wall_time_s: float | None = None) -> dict[str, Any]:
        seed = self.seed if self.seed is not None else self._params.get("seed")
        return _jsonable(
            {
                "schema": SCHEMA_VERSION,
                "title": self.title,
                "experiment": run.experiment if run else None,
                "timestamp": run.timestamp if run else None,
                "written_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                "wall_time_s": wall_time_s if wall_time_s is not None else time.perf_counter() - self._started,
                "seed": seed,
                "metrics": self._metrics,
                "params": self._params,
                "versions": _versions(),
                "files": {"report": REPORT_FILE, "figures": self.figure_files},
            }
        )

    def to_html(self, record: Mapping[str, Any] | None = None) -> str:
        record = record or self.to_metrics_json()
        meta = [f"{record['experiment']} / {record['timestamp']}"] if record.get("experiment") else []
        meta.append(f"written {record['written_at']}")
        if record.get("seed") is not None:
            meta.append(f"seed {record['seed']}")
        if record.get("wall_time_s") is not None:
            meta.append(f"wall time {record['wall_time_s']:.1f} s")
        versions = ", ".join(f"{k} {v}" for k, v in record["versions"].items())
        body = "\n".join(f'<section class="{s.kind}">{s.html}</section>' for s in self._sections)
        title = html.escape(self.title, quote=True)
        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
            f"<h1>{title}</h1>\n<div class=\"meta\">{html.escape(' · '.join(meta))}</div>\n"
            f"{body}\n<footer>{html.escape(versions)}</footer>\n</body>\n</html>\n"
        )

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
                _atomic_write(run.path / section.filename, section.png)
        metrics_text = json.dumps(record, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        _atomic_write(run.path / METRICS_FILE, metrics_text.encode("utf-8"))
        report_path = run.path / REPORT_FILE
        _atomic_write(report_path, self.to_html(record).encode("utf-8"))
        return report_path
