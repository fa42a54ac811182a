"""Charts as inline SVG, drawn on the server (no JavaScript library, nothing fetched): a bar chart
per week and a line chart of hours left. Every label is escaped; the numbers are ours."""
from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 48


@dataclass(frozen=True)
class Series:
    name: str
    points: list[tuple[float, float]]  # (x, y) in data units
    css: str  # a class in style.css: its stroke colour
    dashed: bool = False


def _ticks(top: float, count: int = 4) -> list[float]:
    """Round steps from 0 up to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < top - 1e-9:
        ticks.append(round(len(ticks) * step, 9))
    return ticks


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _frame(title: str, y_label: str, x_label: str, ticks: list[float], y) -> list[str]:
    parts = [f'<text class="chart-title" x="{WIDTH / 2:.0f}" y="18" text-anchor="middle">{escape(title)}</text>',
             f'<text class="axis-label" x="14" y="{(TOP + HEIGHT - BOTTOM) / 2:.0f}" text-anchor="middle" '
             f'transform="rotate(-90 14 {(TOP + HEIGHT - BOTTOM) / 2:.0f})">{escape(y_label)}</text>',
             f'<text class="axis-label" x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{HEIGHT - 6}" '
             f'text-anchor="middle">{escape(x_label)}</text>']
    for tick in ticks:
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        parts.append(f'<text class="tick" x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{_number(tick)}</text>')
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{HEIGHT - BOTTOM}"/>')
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}"/>')
    return parts


def _svg(title: str, parts: list[str], chart_id: str) -> Markup:
    body = "\n".join(parts)
    return Markup(f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
                  f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>\n{body}\n</svg>')


def bar_chart(chart_id: str, title: str, labels: list[str], values: list[float], y_label: str,
              x_label: str = "week starting", unit: str = "") -> Markup:
    """One bar per label; every few labels printed under the axis so that they do not overlap."""
    ticks = _ticks(max(values, default=0))
    span = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return HEIGHT - BOTTOM - span * value / ticks[-1]

    parts = _frame(title, y_label, x_label, ticks, y)
    slot = (WIDTH - LEFT - RIGHT) / max(len(values), 1)
    every = max(1, round(len(labels) / 8))
    for index, (label, value) in enumerate(zip(labels, values)):
        x = LEFT + index * slot
        parts.append(f'<rect class="chart-bar" x="{x + slot * 0.15:.1f}" y="{y(value):.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{HEIGHT - BOTTOM - y(value):.1f}"><title>{escape(label)}: '
                     f'{_number(value)}{escape(unit)}</title></rect>')
        if index % every == 0:
            parts.append(f'<text class="tick" x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    return _svg(title, parts, chart_id)


def line_chart(chart_id: str, title: str, series: list[Series], y_label: str, x_label: str,
               x_labels: dict[float, str]) -> Markup:
    """Lines through each series' points, a legend, and ``x_labels`` (x in data units: text)."""
    xs = [x for one in series for x, _ in one.points] + list(x_labels)
    ys = [y for one in series for _, y in one.points]
    ticks = _ticks(max(ys, default=0))
    low, high = min(xs, default=0.0), max(xs, default=1.0)
    high = high if high > low else low + 1
    span = HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return HEIGHT - BOTTOM - span * value / ticks[-1]

    def x(value: float) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (value - low) / (high - low)

    parts = _frame(title, y_label, x_label, ticks, y)
    for value, text in x_labels.items():
        anchor = "end" if x(value) > WIDTH - RIGHT - 40 else "start" if x(value) < LEFT + 40 else "middle"
        parts.append(f'<text class="tick" x="{x(value):.1f}" y="{HEIGHT - BOTTOM + 16}" '
                     f'text-anchor="{anchor}">{escape(text)}</text>')
    for number, one in enumerate(series):
        points = " ".join(f"{x(px):.1f},{y(py):.1f}" for px, py in one.points)
        dash = ' stroke-dasharray="6 4"' if one.dashed else ""
        parts.append(f'<polyline class="line {escape(one.css)}" fill="none" points="{points}"{dash}>'
                     f'<title>{escape(one.name)}</title></polyline>')
        legend_y = TOP + 4 + 16 * number
        parts.append(f'<line class="line {escape(one.css)}" x1="{WIDTH - 250}" x2="{WIDTH - 226}" '
                     f'y1="{legend_y}" y2="{legend_y}"{dash}/>')
        parts.append(f'<text class="legend" x="{WIDTH - 220}" y="{legend_y + 4}">{escape(one.name)}</text>')
    return _svg(title, parts, chart_id)
