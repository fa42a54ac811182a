"""Every run a learner has, in one list: lab runs and sweeps, RL, research, project evaluations.

    runs/<experiment>/<timestamp>/            a lab run (params.json first, metrics.json last)
    runs/<experiment>-sweep/<timestamp>/      a lab sweep (sweep.json, cells/, metrics.json)
    runs/rl/<algo>-<env>/<timestamp>/         RL training (also rl/classics/, rl/crafter/)
    runs/rl/<algo>-<env>-seeds/<timestamp>/   a multi-seed RL group (seeds.json, cells/, summary)
    runs/research/<study>/<timestamp>/        research (research/eeg/)
    <workspace>/projects/<id>/runs/evaluations/<timestamp>/   a project's evaluation
    <workspace>/projects/<id>/seeds/<timestamp>/              a project's multi-seed group

Only ``metrics.json`` and ``params.json`` (or ``sweep.json``) are read, with the standard
library (no NumPy): a hundred runs index in a few milliseconds. A folder whose JSON cannot be
read is listed as damaged, never an error. Each run gets a stable, URL-safe id
(``track~name~timestamp``); a front end looks a run up by id in the index, never by turning a
request into a path.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

METRICS_FILE = "metrics.json"
PARAMS_FILE = "params.json"  # deeproots.runs.folder's names; importing it would import NumPy
REPORT_FILE = "report.html"
SWEEP_FILE = "sweep.json"
SEEDS_FILE = "seeds.json"  # a multi-seed group (rl/seeds.py, app/project_seeds.py): cells/seed=S/ and a summary
TRACK_FOLDERS = ("rl", "research")  # runs/<track>/<name>/<timestamp>/; everything else is the lab's
TRACKS = ("lab", "sweep", "rl", "research", "project")
SHORT_TEXT = 80
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass
class RunEntry:
    """One run as the index sees it (what the dashboard's table and run page show)."""

    id: str
    track: str
    name: str
    timestamp: str
    folder: Path
    root: Path  # the folder the run's files must stay inside (the runs root or the workspace)
    title: str = ""
    verdict: str = ""
    finished: bool = False
    damaged: str = ""  # why the run's JSON could not be read; "" when it could
    resume: str | None = None  # for an unfinished run: the command that finishes it
    wall_time_s: float | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    score: float | None = None  # projects: the score, tier and budget from the progress store
    tier: str = ""
    budget: str = ""

    @property
    def status(self) -> str:
        return "damaged" if self.damaged else "finished" if self.finished else "unfinished"

    @property
    def report(self) -> Path | None:
        path = self.folder / REPORT_FILE
        return path if self.finished and path.is_file() else None


def run_id(track: str, *parts: str) -> str:
    """A stable, URL-safe id: the track and the folder names, joined by ``~``."""
    return "~".join(_UNSAFE.sub("_", part) for part in (track, *parts))


def flatten(values: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts as ``a.b`` keys, keeping numbers, booleans, None and short strings."""
    flat: dict[str, Any] = {}
    if not isinstance(values, dict):
        return flat
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif value is None or isinstance(value, (bool, int, float)):
            flat[name] = value
        elif isinstance(value, str) and len(value) <= SHORT_TEXT:
            flat[name] = value
        elif isinstance(value, list) and len(value) <= 8 and all(isinstance(v, (int, float, str)) for v in value):
            flat[name] = ", ".join(str(v) for v in value)
    return flat


def _read_json(path: Path) -> tuple[dict | None, str]:
    """(record, "") or (None, why): a missing file is (None, ""); damaged JSON names the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, ""
    except (OSError, UnicodeDecodeError) as error:
        return None, f"{path.name} cannot be read ({type(error).__name__})"
    try:
        record = json.loads(text)
    except ValueError:
        return None, f"{path.name} is not valid JSON"
    if not isinstance(record, dict):
        return None, f"{path.name} does not hold a JSON object"
    return record, ""


def _subfolders(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return sorted((entry for entry in entries if entry.is_dir() and not entry.name.startswith(".")),
                          key=lambda entry: entry.name)
    except OSError:
        return []


def _entry(track: str, name: str, folder: Path, root: Path, ident: str, record_file: str = PARAMS_FILE) -> RunEntry | None:
    """The run in ``folder``, or None when the folder is not a run (neither record nor metrics)."""
    metrics, metrics_problem = _read_json(folder / METRICS_FILE)
    started, started_problem = _read_json(folder / record_file)
    has_metrics = metrics is not None or bool(metrics_problem)
    if not has_metrics and started is None and not started_problem:
        return None
    entry = RunEntry(ident, track, name, folder.name, folder, root)
    entry.damaged = metrics_problem or (started_problem if not has_metrics else "")
    if metrics is not None:
        entry.finished = True
        entry.title = str(metrics.get("title") or "")
        values = metrics.get("metrics") if isinstance(metrics.get("metrics"), dict) else {}
        entry.verdict = str(values.get("verdict") or "")
        entry.metrics = {key: value for key, value in flatten(values).items() if key != "verdict"}
        entry.params = flatten(metrics.get("params"))
        wall = metrics.get("wall_time_s")
        entry.wall_time_s = float(wall) if isinstance(wall, (int, float)) and not isinstance(wall, bool) else None
    elif entry.damaged:
        entry.verdict = "damaged"
    else:
        entry.verdict = "unfinished"
        entry.resume = _resume(track, name, folder, started or {})
    if not entry.params and started is not None:
        inner = started.get("params")
        entry.params = flatten(inner if isinstance(inner, dict) else
                               {k: v for k, v in started.items() if k != "experiment"})
    if not entry.title:
        entry.title = name
    return entry


def resume_command(command: str, folder: Path) -> str:
    """``deeproots.runs.folder.resume_command``'s line (that module imports the report, and NumPy)."""
    return f"deeproots {command} --resume {folder}"


def _resume(track: str, name: str, folder: Path, started: dict) -> str | None:
    """What `deeproots/runs/folder.py:resume_command` prints for this kind of run (None: no resume)."""
    if track == "lab":
        return resume_command(f"lab run {name}", folder)
    if track == "sweep":
        return resume_command(f"lab sweep {name.removesuffix('-sweep')}", folder)
    if track == "rl" and name == "crafter":
        return resume_command("rl crafter train", folder)
    if track == "project" and name.endswith("-seeds") and isinstance(started.get("seeds"), list):
        seeds = ",".join(str(seed) for seed in started["seeds"])
        return f"deeproots project run {name.removesuffix('-seeds')} --seeds {seeds} --resume"
    if track == "rl" and name.endswith("-seeds") and started.get("algorithm"):
        return resume_command(f"rl train {started['algorithm']}", folder)
    if track == "rl" and started.get("algorithm") and started.get("env_id"):
        return resume_command(f"rl train {started['algorithm']} --env {started['env_id']}", folder)
    return None


def index_runs(runs_root: Path | str | None, workspace_root: Path | str | None = None,
               project_rows: list[dict] | None = None, project_formats: dict | None = None) -> list[RunEntry]:
    """Every run under ``runs_root`` and every project evaluation in ``workspace_root``, newest first.

    ``project_rows`` are the progress store's ``project_runs`` rows (score, tier, budget, report),
    matched to evaluation folders by their report's path; ``project_formats`` maps a project id
    to a function formatting its score (the catalog's ``format_score``)."""
    found: list[RunEntry] = []
    if runs_root is not None and Path(runs_root).is_dir():
        root = Path(runs_root)
        for group in _subfolders(root):
            if group.name in TRACK_FOLDERS:
                for kind in _subfolders(Path(group.path)):
                    record = SEEDS_FILE if kind.name.endswith("-seeds") else PARAMS_FILE
                    for run in _subfolders(Path(kind.path)):
                        found.append(_entry(group.name, kind.name, Path(run.path), root,
                                            run_id(group.name, kind.name, run.name), record))
                continue
            track = "sweep" if group.name.endswith("-sweep") else "lab"
            for run in _subfolders(Path(group.path)):
                found.append(_entry(track, group.name, Path(run.path), root, run_id(track, group.name, run.name),
                                    SWEEP_FILE if track == "sweep" else PARAMS_FILE))
    if workspace_root is not None:
        found.extend(_project_runs(Path(workspace_root), project_rows or [], project_formats or {}))
    runs = [entry for entry in found if entry is not None]
    runs.sort(key=lambda entry: (entry.timestamp, entry.id), reverse=True)
    return runs


def _project_runs(workspace: Path, rows: list[dict], formats: dict) -> list[RunEntry]:
    by_report = {}
    for row in rows:
        if row.get("report"):
            by_report[os.path.normpath(str(row["report"]))] = row
    entries = []
    for project in _subfolders(workspace / "projects"):
        for group in _subfolders(Path(project.path) / "seeds"):  # scored seed by seed in the store's rows
            entry = _entry("project", f"{project.name}-seeds", Path(group.path), workspace,
                           run_id("project", project.name, "seeds", group.name), SEEDS_FILE)
            if entry is not None:
                entries.append(entry)
        evaluations = Path(project.path) / "runs" / "evaluations"
        for run in _subfolders(evaluations):
            folder = Path(run.path)
            entry = _entry("project", project.name, folder, workspace, run_id("project", project.name, run.name))
            if entry is None:
                continue
            entry.resume = None  # a project resumes from its checkpoint: `deeproots project run ID --resume`
            row = by_report.get(os.path.normpath(str(folder / REPORT_FILE)))
            if row is not None:
                entry.score, entry.tier, entry.budget = row.get("score"), row.get("tier") or "", row.get("budget") or ""
                shown = formats.get(project.name, _plain)(entry.score)
                entry.verdict = " · ".join(part for part in (entry.tier, f"score {shown}", entry.budget) if part)
                entry.metrics.setdefault("score", entry.score)
            if not entry.finished and not entry.damaged:
                entry.verdict = "unfinished"
            entries.append(entry)
    return entries


def _plain(value: Any) -> str:
    return "—" if value is None else f"{value:.4g}" if isinstance(value, float) else str(value)


def find(runs: list[RunEntry], ident: str) -> RunEntry | None:
    return next((entry for entry in runs if entry.id == ident), None)


def sort_runs(runs: list[RunEntry], column: str, descending: bool = False) -> list[RunEntry]:
    """Runs sorted by a column (id, track, name, timestamp, title, verdict, status, wall_time_s)
    or by a metric's name; a run without that value goes last either way."""
    def value(entry: RunEntry) -> Any:
        if column in BASE_COLUMNS:
            return getattr(entry, column)
        return entry.metrics.get(column)

    present = [entry for entry in runs if value(entry) not in (None, "")]
    absent = [entry for entry in runs if value(entry) in (None, "")]

    def key(entry: RunEntry) -> tuple:
        item = value(entry)
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            return (0, float(item), "")
        return (1, 0.0, str(item).lower())

    return sorted(present, key=key, reverse=descending) + absent


BASE_COLUMNS = ("id", "track", "name", "timestamp", "title", "verdict", "status", "wall_time_s")


def metric_names(runs: list[RunEntry]) -> list[str]:
    """Every metric name some run has, in first-seen order."""
    names: dict[str, None] = {}
    for entry in runs:
        names.update(dict.fromkeys(entry.metrics))
    return list(names)


def learner_runs(learner, runs_root: Path | str | None) -> list[RunEntry]:
    """The index for a ``Learner``: its runs root, its workspace's project evaluations with the
    progress store's scores, tiers and budgets."""
    rows = learner.progress.project_runs()
    formats = {}
    if rows:
        formats = {project.id: project.format_score for project in learner.projects.catalog}
    return index_runs(runs_root, learner.workspace.root, rows, formats)
