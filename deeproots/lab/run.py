"""Running lab experiments: presets, run folders, reports, the verdict; listing past runs.

An experiment is one module in ``deeproots/lab/experiments/`` (registered in
``deeproots.lab.experiments.EXPERIMENTS``) with, top to bottom:

- ``Params``: a dataclass of hyper-parameters, a docstring per field, including ``seed``;
- ``QUICK`` and ``FULL``: two ``Params`` presets (quick: a meaningful verdict in at most
  5 minutes on 2 CPU cores; full: for a GPU);
- ``PUBLISHED``: rows (what, published value, citation) to put beside ours;
- ``run(params, report, progress, checkpoints) -> Outcome``: trains and evaluates, adds its
  sections (samples, curves, tables) to ``report``, calls ``progress(fraction, message)`` and
  trains with ``deeproots.lab.training.fit(..., checkpoints=checkpoints)`` inside
  ``checkpoints.stage(key, ...)`` so that an interrupted run resumes where it stopped.

This module owns the lab's side of a run: the presets and ``--set`` overrides, the
published-vs-ours table and the one-line verdict. The run's life (its folder, never overwritten,
``params.json`` first and ``metrics.json`` last; resuming; Ctrl-C) is ``deeproots.runs``'s, as
for every track. Sweeps live in ``sweep.py``.
"""
from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path
from typing import Any, Callable

from deeproots.errors import DeeprootsError
from deeproots.lab.experiments import experiment_module
from deeproots.lab.outcome import Outcome
from deeproots.report.inline import RunResult
from deeproots.runs import folder as run_folder
from deeproots.runs.folder import PARAMS_FILE, from_json, read_unfinished, unfinished
from deeproots.runs.interrupt import interruptible
from deeproots.runs.overrides import apply

DEFAULT_ROOT = Path("runs")


def params_for(name: str, quick: bool, overrides: dict[str, Any] | None = None):
    """The preset's parameters with ``overrides`` applied (unknown names are an error)."""
    module = experiment_module(name)
    return apply(module.QUICK if quick else module.FULL, overrides, name)


def resume_command(experiment: str, folder: Path, kind: str = "run") -> str:
    """The command a learner types to finish an interrupted ``kind`` ("run" or "sweep")."""
    return run_folder.resume_command(f"lab {kind} {experiment}", folder)


def run_experiment(name: str, quick: bool = True, root: Path = DEFAULT_ROOT,
                   overrides: dict[str, Any] | None = None,
                   progress: Callable[[float, str], None] | None = None,
                   resume: Path | None = None) -> tuple[Outcome, Path]:
    """Run an experiment into a new ``root/<name>/<timestamp>/`` (or continue the unfinished run
    folder ``resume``); returns the outcome and the path of its report. Ctrl-C raises
    ``RunInterrupted`` naming the folder to resume (or none, when nothing was saved)."""
    if resume is not None:
        folder, params, quick = _reopen(name, resume, overrides)
    else:
        params = params_for(name, quick, overrides)
        folder = run_folder.create(root, name).path
        _write_params(folder, name, params, quick)
    with interruptible(folder, resume_command(name, folder)):
        outcome = run_in_folder(name, params, quick, folder, progress)
    return RunResult(outcome, folder / "report.html")  # a tuple that Jupyter displays as the run


def run_in_folder(name: str, params, quick: bool, folder: Path,
                  progress: Callable[[float, str], None] | None = None) -> Outcome:
    """Run (or finish) one experiment in an existing folder holding its params.json; checkpoints
    of finished work in ``folder/checkpoints`` are reused, so an interrupted run resumes."""
    from deeproots.lab.training import Checkpoints
    from deeproots.report import Report

    module = experiment_module(name)
    report = Report(f"{name} ({'quick' if quick else 'full'})", seed=getattr(params, "seed", None))
    started = time.monotonic()
    outcome = module.run(params, report, progress or (lambda fraction, message: None),
                         Checkpoints(folder / "checkpoints"))
    wall = time.monotonic() - started
    report.table([(what, published, ours, citation) for what, published, ours, citation
                  in _published_rows(module, outcome)],
                 columns=["what", "published", "ours", "source"], caption="Published numbers beside ours")
    report.text(f"**Verdict:** {outcome.verdict}\n\nWall time: {wall:.1f} s"
                + (" (this session; the run was resumed from checkpoints)" if run_folder.was_resumed(folder) else "") + ".")
    report.params({**dataclasses.asdict(params), "preset": "quick" if quick else "full"})
    report.metrics({**outcome.metrics, "verdict": outcome.verdict})
    report.write(folder, wall_time_s=wall)
    return outcome


def _write_params(folder: Path, name: str, params, quick: bool) -> None:
    record = {"experiment": name, "preset": "quick" if quick else "full", "params": dataclasses.asdict(params)}
    run_folder.write_params(folder, record)


def _reopen(name: str, folder: Path, overrides: dict[str, Any] | None):
    """An unfinished run folder of ``name`` and the parameters it was started with."""
    folder = Path(folder)
    record = read_unfinished(folder, PARAMS_FILE, name, "run")
    if not isinstance(record.get("params"), dict):
        raise DeeprootsError(f"{folder / PARAMS_FILE} is damaged; start a new run instead")
    if overrides:
        raise DeeprootsError("--resume continues with the parameters the run was started with; drop --set")
    module = experiment_module(name)
    quick = record.get("preset") == "quick"
    fields = {field.name for field in dataclasses.fields(module.Params)}
    values = {key: from_json(value) for key, value in record["params"].items() if key in fields}
    params = dataclasses.replace(module.QUICK if quick else module.FULL, **values)
    run_folder.mark_resumed(folder)
    return folder, params, quick


def unfinished_runs(name: str, root: Path = DEFAULT_ROOT) -> list[Path]:
    """Run folders of ``name`` with params.json but no metrics.json, newest first."""
    return unfinished(root, f"{name}/*", PARAMS_FILE)


def _published_rows(module, outcome: Outcome) -> list[tuple[str, str, str, str]]:
    """PUBLISHED rows are (what, published value, metric key of ours, citation)."""
    rows = []
    for what, published, key, citation in getattr(module, "PUBLISHED", []):
        ours = outcome.metrics.get(key)
        rows.append((what, published, "—" if ours is None else f"{ours:.1%}" if isinstance(ours, float) else str(ours),
                     citation))
    return rows


def list_runs(root: Path = DEFAULT_ROOT) -> list[dict[str, Any]]:
    """Past runs and sweeps, newest first: experiment, timestamp, verdict, wall time, path, and
    ``resume``: for an unfinished (interrupted) one the command that finishes it, else None. An
    unfinished sweep also has ``cells``, ``cells_done`` and ``running`` (its driver is alive: a
    ``running.json`` whose pid lives on this host, or names another host)."""
    runs = []
    folders = {path.parent for pattern in ("*/*/metrics.json", f"*/*/{PARAMS_FILE}", "*/*/sweep.json")
               for path in Path(root).glob(pattern)}
    for folder in sorted(folders, key=lambda path: (path.name, path.parent.name), reverse=True):
        experiment = folder.parent.name
        record: dict[str, Any] = {}
        resume, extra = None, {}
        try:
            record = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
            verdict = record.get("metrics", {}).get("verdict", "")
        except FileNotFoundError:
            kind = "sweep" if experiment.endswith("-sweep") else "run"
            verdict, resume = "unfinished", resume_command(experiment.removesuffix("-sweep"), folder, kind)
            if kind == "sweep":
                extra = _sweep_state(folder)
                verdict = "running" if extra.get("running") else verdict
        except (OSError, ValueError):
            continue
        runs.append({"experiment": experiment, "timestamp": folder.name, "verdict": verdict,
                     "wall_time_s": record.get("wall_time_s"), "path": str(folder), "resume": resume, **extra})
    return runs


def _sweep_state(folder: Path) -> dict[str, Any]:
    """An unfinished sweep's cells (asked, done) and whether a live process still drives it."""
    import math
    import os
    import socket

    state: dict[str, Any] = {"running": False}
    try:
        record = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
        state["cells"] = math.prod(len(values) for values in record.get("grid", {}).values()) * len(record["seeds"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    state["cells_done"] = len(list(folder.glob("cells/*/metrics.json")))
    try:
        driver = json.loads((folder / "running.json").read_text(encoding="utf-8"))
        if driver.get("host") != socket.gethostname():
            state["running"] = True  # another machine's process: it cannot be checked from here
        else:
            os.kill(int(driver["pid"]), 0)
            state["running"] = True
    except PermissionError:
        state["running"] = True  # alive, another user's
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return state
