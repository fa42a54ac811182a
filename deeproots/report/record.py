"""metrics.json: the record of a run, as plain JSON (metrics, params, seed, versions, wall time, files)."""
from __future__ import annotations

import math
import os
import platform
import sys
from datetime import datetime
from typing import Any, Mapping

import numpy as np

REPORT_FILE = "report.html"
METRICS_FILE = "metrics.json"
SCHEMA_VERSION = 1


def jsonable(value: Any) -> Any:
    """Plain JSON: numpy/torch scalars and arrays become numbers and lists; NaN and inf become null."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if hasattr(value, "tolist"):  # numpy arrays, torch tensors (without importing torch)
        return jsonable(value.tolist())
    return str(value)


def versions() -> dict[str, str]:
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


def metrics_record(title: str, experiment: str | None, timestamp: str | None, wall_time_s: float, seed: Any,
                   metrics: Mapping[str, Any], params: Mapping[str, Any], figures: list[str]) -> dict[str, Any]:
    """What metrics.json holds (plain JSON: NaN and inf become null)."""
    return jsonable(
        {
            "schema": SCHEMA_VERSION,
            "title": title,
            "experiment": experiment,
            "timestamp": timestamp,
            "written_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "wall_time_s": wall_time_s,
            "seed": seed,
            "metrics": metrics,
            "params": params,
            "versions": versions(),
            "files": {"report": REPORT_FILE, "figures": figures},
        }
    )
