"""Running lab experiments: presets, run folders, reports, the verdict; listing past runs.

An experiment is one module in ``deeproots/lab/experiments/`` (registered in
``EXPERIMENTS``) with, top to bottom:

- ``Params``: a dataclass of hyper-parameters, a docstring per field, including ``seed``;
- ``QUICK`` and ``FULL``: two ``Params`` presets (quick: a meaningful verdict in at most
  5 minutes on 2 CPU cores; full: for a GPU);
- ``PUBLISHED``: rows (what, published value, citation) to put beside ours;
- ``run(params, report, progress) -> Outcome``: trains and evaluates, adds its sections
  (samples, curves, tables) to ``report`` and calls ``progress(fraction, message)``.

This module owns everything around that: the run folder (never overwritten), writing
``report.html`` and ``metrics.json``, and the one-line verdict.
"""
from __future__ import annotations

import dataclasses
import importlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from deeproots.errors import DeeprootsError

EXPERIMENTS = {
    "count-lines": "deeproots.lab.experiments.count_lines",
    "coordconv": "deeproots.lab.experiments.coordconv",
}
DEFAULT_ROOT = Path("runs")


@dataclass
class Outcome:
    """What an experiment returns: numbers for metrics.json and the sentence a learner reads."""

    metrics: dict[str, Any]
    verdict: str


def experiment_module(name: str):
    if name not in EXPERIMENTS:
        raise DeeprootsError(f"no experiment '{name}'; experiments are: {', '.join(EXPERIMENTS)}")
    return importlib.import_module(EXPERIMENTS[name])


def params_for(name: str, quick: bool, overrides: dict[str, Any] | None = None):
    """The preset's parameters with ``overrides`` applied (unknown names are an error)."""
    module = experiment_module(name)
    params = module.QUICK if quick else module.FULL
    if overrides:
        known = {field.name for field in dataclasses.fields(params)}
        unknown = set(overrides) - known
        if unknown:
            raise DeeprootsError(f"{name} has no parameter(s) {sorted(unknown)}; it has {sorted(known)}")
        params = dataclasses.replace(params, **overrides)
    return params


def run_experiment(name: str, quick: bool = True, root: Path = DEFAULT_ROOT,
                   overrides: dict[str, Any] | None = None,
                   progress: Callable[[float, str], None] | None = None) -> tuple[Outcome, Path]:
    """Run an experiment into a new ``root/<name>/<timestamp>/``; returns the outcome and the
    path of its report."""
    from deeproots.report import Report, RunFolder

    module = experiment_module(name)
    params = params_for(name, quick, overrides)
    try:
        folder = RunFolder.create(root, name)
    except OSError as error:
        raise DeeprootsError(f"cannot write runs under {root} ({error.strerror}); choose another --out") from None
    report = Report(f"{name} ({'quick' if quick else 'full'})", seed=getattr(params, "seed", None))
    started = time.monotonic()
    try:
        outcome = module.run(params, report, progress or (lambda fraction, message: None))
    except BaseException:
        if not any(folder.path.iterdir()):  # bad parameters or Ctrl-C before any output
            folder.path.rmdir()
        raise
    wall = time.monotonic() - started
    report.table([(what, published, ours, citation) for what, published, ours, citation
                  in _published_rows(module, outcome)],
                 columns=["what", "published", "ours", "source"], caption="Published numbers beside ours")
    report.text(f"**Verdict:** {outcome.verdict}\n\nWall time: {wall:.1f} s.")
    report.params({**dataclasses.asdict(params), "preset": "quick" if quick else "full"})
    report.metrics({**outcome.metrics, "verdict": outcome.verdict})
    path = report.write(folder, wall_time_s=wall)
    return outcome, path


def _published_rows(module, outcome: Outcome) -> list[tuple[str, str, str, str]]:
    """PUBLISHED rows are (what, published value, metric key of ours, citation)."""
    rows = []
    for what, published, key, citation in getattr(module, "PUBLISHED", []):
        ours = outcome.metrics.get(key)
        rows.append((what, published, "—" if ours is None else f"{ours:.1%}" if isinstance(ours, float) else str(ours),
                     citation))
    return rows


def list_runs(root: Path = DEFAULT_ROOT) -> list[dict[str, Any]]:
    """Past runs, newest first: experiment, timestamp, verdict, path."""
    runs = []
    for metrics_file in sorted(Path(root).glob("*/*/metrics.json"), reverse=True):
        try:
            record = json.loads(metrics_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        runs.append({"experiment": metrics_file.parent.parent.name, "timestamp": metrics_file.parent.name,
                     "verdict": record.get("metrics", {}).get("verdict", ""),
                     "wall_time_s": record.get("wall_time_s"), "path": str(metrics_file.parent)})
    return runs


# The label a sample grid shows under each image, per data set.
_SAMPLE_LABELS = {
    "lines": lambda batch: [f"{int(c)} line{'' if c == 1 else 's'}" for c in batch.counts],
    "shapes": lambda batch: [f"{int(c)} shape{'' if c == 1 else 's'}" for c in batch.counts],
    "same-different": lambda batch: ["same" if s else "different" for s in batch.same_label],
    "sort-of-clevr": lambda batch: ["" for _ in batch.images],
    "texture-shape": lambda batch: [f"s{s} t{t}" for s, t in zip(batch.shape_labels, batch.texture_labels)],
}


def dataset_samples(name: str, n: int = 16, seed: int = 0):
    """``n`` images of a data set with its default configuration, and a label for each."""
    from deeproots.lab.datasets import DATASETS

    if name not in DATASETS:
        raise DeeprootsError(f"no data set '{name}'; data sets are: {', '.join(DATASETS)}")
    if not 1 <= n <= 1024:
        raise DeeprootsError(f"--n must be between 1 and 1024 (got {n})")
    module = importlib.import_module(DATASETS[name])
    config_class = next(value for key, value in vars(module).items()
                        if key.endswith("Config") and isinstance(value, type))
    if name == "coords":
        data = module.dataset(config_class())
        picks = __import__("numpy").random.default_rng(seed).choice(len(data.images), size=n, replace=False)
        return data.images[picks], [f"({x}, {y})" for x, y in data.coords[picks]]
    batch = module.generate(config_class(), n, seed)
    return batch.images, _SAMPLE_LABELS[name](batch)
