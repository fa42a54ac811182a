"""Sweeps: one experiment over a grid of parameters and seeds, summarised as mean ± std.

``deeproots lab sweep count-lines --grid epochs=5,10 --seeds 0,1,2`` writes
``runs/count-lines-sweep/<timestamp>/`` holding ``sweep.json`` (what was asked), one ordinary run
folder per cell under ``cells/`` (each with its own report, metrics.json and checkpoints) and the
summary's ``report.html`` and ``metrics.json``. Cells run one after another here (``--backend local``)
or as Ray tasks (``--backend ray``, ``deeproots.runs.backends``); ``--resume FOLDER`` skips finished
cells and resumes unfinished ones from their checkpoints. The summary is ``runs.aggregate.summarise``
whichever backend ran the cells.
"""
from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import math
import os
import shutil
import socket
import time
from pathlib import Path
from typing import Any, Callable

from deeproots import files
from deeproots.errors import DeeprootsError
from deeproots.lab.experiments import experiment_module
from deeproots.lab.run import DEFAULT_ROOT, _write_params, params_for, resume_command, run_in_folder
from deeproots.runs import folder as run_folder
from deeproots.runs.aggregate import cell_metrics, summarise
from deeproots.runs.backends import Cell, Resources, check_backend, describe, run_cells
from deeproots.runs.folder import PARAMS_FILE, from_json, read_unfinished
from deeproots.runs.interrupt import RunInterrupted
from deeproots.runs.overrides import check_seeds, literal

SWEEP_FILE = "sweep.json"
RUNNING_FILE = "running.json"


def parse_grid(items: list[str]) -> dict[str, list[Any]]:
    """``["epochs=5,10", "lr=1e-3"]`` -> ``{"epochs": [5, 10], "lr": [0.001]}``."""
    grid: dict[str, list[Any]] = {}
    for item in items:
        name, equals, values = item.partition("=")
        if not equals or not name or not values:
            raise DeeprootsError(f"--grid {item!r}: write name=value1,value2, e.g. --grid epochs=5,10")
        if name in grid:
            raise DeeprootsError(f"--grid names {name!r} twice; list all its values once: {name}=a,b,c")
        grid[name] = [literal(value) for value in values.split(",")]
    return grid


def _cell_name(setting: dict[str, Any], seed: int) -> str:
    parts = [f"{key}={value}" for key, value in setting.items()] + [f"seed={seed}"]
    return ",".join(parts).replace("/", "_").replace(" ", "")


def _cells(name: str, grid: dict[str, list[Any]], seeds: list[int], quick: bool,
           overrides: dict[str, Any]) -> list[tuple[str, dict[str, Any], int, Any]]:
    """Every (cell name, setting, seed, params), validated before anything is written."""
    if "seed" in grid:
        raise DeeprootsError("give seeds with --seeds, not --grid seed=...")
    check_seeds(seeds)
    cells = []
    for values in itertools.product(*grid.values()):
        setting = dict(zip(grid, values))
        for seed in seeds:
            params = params_for(name, quick, {**overrides, **setting, "seed": seed})
            cells.append((_cell_name(setting, seed), setting, seed, params))
    return cells


# What one cell asks of its machine, by preset: the Ray backend's num_cpus/num_gpus, and the torch threads
# of the cell on either backend (so that a cell's numbers never depend on where it ran: 1 and 2 threads
# give different last digits). A "full" cell needs a GPU: refused on the local backend without CUDA, and
# waiting for one on Ray. An experiment module may define its own RESOURCES with the same two keys.
RESOURCES = {"quick": Resources(cpus=1), "full": Resources(cpus=2, gpus=1)}


def resources_for(name: str, quick: bool) -> Resources:
    return getattr(experiment_module(name), "RESOURCES", RESOURCES)["quick" if quick else "full"]


def run_sweep(name: str, grid: dict[str, list[Any]], seeds: list[int], quick: bool = True,
              root: Path = DEFAULT_ROOT, overrides: dict[str, Any] | None = None,
              progress: Callable[[float, str], None] | None = None,
              resume: Path | None = None, backend: str = "local",
              address: str | None = None) -> tuple[dict[str, Any], Path]:
    """Run every cell of the grid for every seed (or finish the sweep folder ``resume``) on ``backend``
    ("local": one after another here; "ray": one Ray task per cell, on the cluster at ``address`` or a
    local one); returns the summary metrics and the path of the summary report. Ctrl-C raises
    ``RunInterrupted`` naming the sweep folder: finished cells are kept, unfinished ones resume from their
    checkpoints. While it runs the sweep folder holds ``running.json`` (pid, host, backend, start)."""
    check_backend(backend, address)
    progress = progress or (lambda fraction, message: None)
    if resume is not None:
        folder, grid, seeds, quick, overrides = _reopen(name, Path(resume))
    else:
        folder = None
    overrides = dict(overrides or {})
    cells = _cells(name, grid, seeds, quick, overrides)
    resources = resources_for(name, quick)
    record = {"experiment": name, "preset": "quick" if quick else "full", "grid": grid, "seeds": seeds,
              "overrides": overrides, "backend": backend, "address": address}
    if folder is None:
        folder = run_folder.create(root, f"{name}-sweep").path
        run_folder.write_params(folder, record, SWEEP_FILE)
    elif json.loads((folder / SWEEP_FILE).read_text(encoding="utf-8")).get("backend") != backend:
        run_folder.write_params(folder, record, SWEEP_FILE)  # the backend that finishes it
    try:
        with _running(folder, backend):
            return _run_cells(name, folder, grid, seeds, quick, overrides, cells, progress, resources, backend,
                              address)
    except KeyboardInterrupt as stop:
        if resume is None and _nothing_done(folder):
            shutil.rmtree(folder, ignore_errors=True)
            raise
        raise RunInterrupted(folder, resume_command(name, folder, "sweep")) from stop
    except DeeprootsError:
        # Refused before any cell worked (no GPU for a GPU cell, no cluster at --address): no folder
        # is left behind for `lab list` to offer as unfinished.
        if resume is None and _nothing_done(folder):
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _nothing_done(folder: Path) -> bool:
    """No cell of the sweep finished or saved a checkpoint."""
    cells = list((folder / "cells").glob("*"))
    return not any((cell / "metrics.json").exists() or any((cell / "checkpoints").glob("*")) for cell in cells)


def run_cell(folder: Path, name: str, params, quick: bool, threads: int,
             progress: Callable[[float, str], None]) -> None:
    """One cell (``runs.backends`` work): the experiment in its folder with ``threads`` torch threads."""
    before = os.environ.get("OMP_NUM_THREADS")
    os.environ["OMP_NUM_THREADS"] = str(threads)  # read by the device policy (runs.device)
    try:
        run_in_folder(name, params, quick, folder, progress)
    finally:
        if before is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = before


@contextlib.contextmanager
def _running(folder: Path, backend: str):
    """``running.json`` in the sweep folder while this process drives it (``lab list``: "running")."""
    marker = folder / RUNNING_FILE
    files.write_json(marker, {"pid": os.getpid(), "host": socket.gethostname(), "backend": backend,
                              "started": time.strftime("%Y-%m-%dT%H:%M:%S")})
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def _run_cells(name, folder: Path, grid, seeds, quick, overrides, cells, progress, resources, backend,
               address) -> tuple[dict[str, Any], Path]:
    started = time.monotonic()
    work = []
    for cell, _setting, _seed, params in cells:
        cell_folder = folder / "cells" / cell
        if not (cell_folder / "metrics.json").exists():
            cell_folder.mkdir(parents=True, exist_ok=True)
            if not (cell_folder / PARAMS_FILE).exists():
                _write_params(cell_folder, name, params, quick)
        work.append(Cell(cell, cell_folder, run_cell, (name, params, quick, max(1, int(resources.cpus))), resources))
    run_cells(work, backend, address, on_update=lambda statuses: progress(*describe(statuses)))
    results = []
    for cell, setting, seed, _params in cells:
        results.append({"cell": cell, "setting": setting, "seed": seed, "metrics": cell_metrics(folder / "cells" / cell)})
    progress(1.0, "writing the summary")
    summary = summarise(results, list(grid))
    path = _write_summary(name, folder, grid, seeds, quick, overrides, results, summary,
                          time.monotonic() - started)
    return summary, path


def _key_metrics(name: str, summary: dict[str, Any]) -> list[str]:
    """The metrics a summary table shows: the experiment's published comparisons, else all."""
    module = experiment_module(name)
    keys = [key for _what, _published, key, _citation in getattr(module, "PUBLISHED", [])]
    available = set().union(*(point["stats"] for point in summary["points"])) if summary["points"] else set()
    chosen = [key for key in dict.fromkeys(keys) if key in available]
    return chosen or sorted(available)[:12]


def _write_summary(name, folder: Path, grid, seeds, quick, overrides, results, summary, wall) -> Path:
    from deeproots.report import Report

    keys = _key_metrics(name, summary)
    report = Report(f"{name} sweep ({'quick' if quick else 'full'})")
    report.text(f"{len(results)} runs: {len(summary['points'])} settings of "
                + (", ".join(grid) if grid else "the preset") + f" × seeds {', '.join(map(str, seeds))}. "
                "Each cell is an ordinary run folder under `cells/` with its own report.")
    rows = [[*(point["setting"][axis] for axis in grid),
             *(f"{point['stats'][key]['mean']:.3g} ± {point['stats'][key]['std']:.2g}" if key in point["stats"]
               else "—" for key in keys)] for point in summary["points"]]
    report.table(rows, columns=[*grid, *keys], caption="Mean ± standard deviation over seeds")
    numeric_axis = len(grid) == 1 and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                          for v in next(iter(grid.values()), []))
    if numeric_axis:
        axis = next(iter(grid))
        series = {}
        for key in keys[:6]:
            xs = [point["setting"][axis] for point in summary["points"] if key in point["stats"]]
            series[key] = (xs, [point["stats"][key]["mean"] for point in summary["points"] if key in point["stats"]])
        report.line_chart(series, xlabel=axis, ylabel="mean over seeds", caption=f"Key metrics against {axis}",
                          name="sweep")
    first = keys[0] if keys else None
    if first:
        best = max(summary["points"], key=lambda point: point["stats"].get(first, {}).get("mean", -math.inf))
        stats = best["stats"][first]
        verdict = (f"{len(results)} runs; best {first} {stats['mean']:.3g} ± {stats['std']:.2g} (n={stats['n']}) at "
                   + (", ".join(f"{k}={v}" for k, v in best["setting"].items()) or "the preset") + ".")
    else:
        verdict = f"{len(results)} runs; no numeric metrics to compare."
    report.params({"grid": grid, "seeds": seeds, "overrides": overrides, "preset": "quick" if quick else "full"})
    report.metrics({"verdict": verdict, "summary": summary["points"],
                    "cells": [{"cell": r["cell"], "seed": r["seed"], "setting": r["setting"]} for r in results]})
    summary["verdict"] = verdict
    return report.write(folder, wall_time_s=wall)


def _reopen(name: str, folder: Path):
    record = read_unfinished(folder, SWEEP_FILE, name, "sweep")
    fields = {field.name for field in dataclasses.fields(experiment_module(name).Params)}
    grid = {key: [from_json(value) for value in values] for key, values in record["grid"].items() if key in fields}
    overrides = {key: from_json(value) for key, value in record.get("overrides", {}).items()}
    return folder, grid, record["seeds"], record.get("preset") == "quick", overrides
