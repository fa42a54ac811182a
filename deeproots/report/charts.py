"""Pictures for a report: PNG bytes from a figure, and matplotlib line charts.

matplotlib is imported only when a chart is drawn (and its absence is answered with None).
"""
from __future__ import annotations

import io
from typing import Any, Mapping

import numpy as np

from deeproots.report.folder import ReportError
from deeproots.report.png import is_png


def png_bytes(source: Any, dpi: int) -> bytes:
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


def matplotlib_figure_class():
    """matplotlib's Figure class, imported only now; None when matplotlib is not installed.

    Figure (not pyplot) renders off-screen with Agg and leaves pyplot's global state alone.
    """
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return None
    return Figure


def curves_of(series: Mapping[str, Any]) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """``{name: (x, y)}`` or ``{name: y}`` (x = 0, 1, ...) as (name, x, y) float arrays."""
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
    return curves


def summary_rows(curves: list[tuple[str, np.ndarray, np.ndarray]]) -> list[list[Any]]:
    """A chart as table rows (series, points, first, last, min, max), for when matplotlib is missing."""
    rows = []
    for label, x, y in curves:
        finite = y[np.isfinite(y)]
        stats = [finite.min(), finite.max()] if finite.size else ["", ""]
        rows.append([label, len(y), y[0] if len(y) else "", y[-1] if len(y) else "", *stats])
    return rows


def line_chart_png(Figure, curves, xlabel: str, ylabel: str, logy: bool, dpi: int) -> bytes:
    """The curves drawn with matplotlib's ``Figure`` (off-screen, pyplot's state untouched), as PNG bytes."""
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
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
