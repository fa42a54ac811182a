"""The aggregate of many runs of one thing: mean, sample standard deviation and n per setting.

The one summary for every group of runs (a lab sweep, a multi-seed RL or project run) and for
every backend (``deeproots.runs.backends``): the runs are ordinary run folders, and this reads
their metrics the same way whichever machine wrote them.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

METRICS_FILE = "metrics.json"  # deeproots.report.record's name (importing it would import NumPy)


def cell_metrics(folder: Path | str) -> dict[str, Any]:
    """The metrics of a finished run folder (its metrics.json's ``metrics``), as a group reads each cell."""
    return json.loads((Path(folder) / METRICS_FILE).read_text(encoding="utf-8"))["metrics"]


def summarise(results: list[dict[str, Any]], axes: list[str]) -> dict[str, Any]:
    """Mean, standard deviation (n - 1) and n of every numeric metric, per grid point.

    ``results``: ``[{"cell", "setting": {axis: value}, "seed", "metrics": {...}}]`` ->
    ``{"points": [{"setting", "seeds", "stats": {metric: {"mean", "std", "n"}}}]}``."""
    points: dict[tuple, dict[str, Any]] = {}
    for result in results:
        key = tuple(json.dumps(result["setting"][axis]) for axis in axes)
        point = points.setdefault(key, {"setting": result["setting"], "seeds": [], "values": {}})
        point["seeds"].append(result["seed"])
        for metric, value in result["metrics"].items():
            if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
                point["values"].setdefault(metric, []).append(float(value))
    rows = []
    for point in points.values():
        stats = {}
        for metric, values in point["values"].items():
            mean = sum(values) / len(values)
            std = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else 0.0
            stats[metric] = {"mean": mean, "std": std, "n": len(values)}
        rows.append({"setting": point["setting"], "seeds": point["seeds"], "stats": stats})
    return {"points": rows}
