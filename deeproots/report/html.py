"""HTML pieces of a report page: escaping, a small safe Markdown subset, tables, the page itself."""
from __future__ import annotations

import html
import re
from typing import Any, Mapping, Sequence

import numpy as np


def format_value(value: Any) -> str:
    if isinstance(value, (float, np.floating)):
        return format(float(value), ".6g")
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)


def escape(value: Any) -> str:
    return html.escape(format_value(value), quote=True)


INLINE_CODE = re.compile(r"`([^`]+)`")
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


def inline(text: str) -> str:
    """Escape, then apply `code`, **bold** and *italic* (applied to escaped text, so safe)."""
    parts = INLINE_CODE.split(text)
    out = []
    for index, part in enumerate(parts):
        escaped = html.escape(part, quote=True)
        if index % 2:
            out.append(f"<code>{escaped}</code>")
        else:
            escaped = BOLD.sub(r"<strong>\1</strong>", escaped)
            out.append(ITALIC.sub(r"<em>\1</em>", escaped))
    return "".join(out)


def markdown(text: str) -> str:
    """A small, safe Markdown subset: headings, paragraphs, - lists, 1. lists, ``` code, inline marks."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""
    code: list[str] | None = None

    def flush() -> None:
        nonlocal list_tag
        if paragraph:
            out.append("<p>" + "<br>\n".join(inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            out.append(f"<{list_tag}>" + "".join(f"<li>{inline(item)}</li>" for item in items) + f"</{list_tag}>")
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
            out.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
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


CSS = """
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


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, bool)


def table_html(rows: Sequence[Sequence[Any]], columns: Sequence[Any] | None, caption: str | None) -> str:
    parts = ["<table>"]
    if caption:
        parts.append(f"<caption>{inline(caption)}</caption>")
    if columns is not None:
        parts.append("<thead><tr>" + "".join(f"<th>{escape(c)}</th>" for c in columns) + "</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        cells = "".join(
            f'<td class="num">{escape(v)}</td>' if is_number(v) else f"<td>{escape(v)}</td>" for v in row
        )
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def page(title: str, record: Mapping[str, Any], body: str) -> str:
    """The whole self-contained page: title, the run's meta line, the sections' HTML, versions."""
    meta = [f"{record['experiment']} / {record['timestamp']}"] if record.get("experiment") else []
    meta.append(f"written {record['written_at']}")
    if record.get("seed") is not None:
        meta.append(f"seed {record['seed']}")
    if record.get("wall_time_s") is not None:
        meta.append(f"wall time {record['wall_time_s']:.1f} s")
    versions = ", ".join(f"{k} {v}" for k, v in record["versions"].items())
    title = html.escape(title, quote=True)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n<div class=\"meta\">{html.escape(' · '.join(meta))}</div>\n"
        f"{body}\n<footer>{html.escape(versions)}</footer>\n</body>\n</html>\n"
    )
