"""Many seeds of one RL run: ``deeproots rl train ppo --seeds 0,1,2 [--backend local|ray]``.

A group is ``runs/rl/<algo>-<env>-seeds/<timestamp>/`` holding ``seeds.json`` (what was asked: the
algorithm, env, preset, overrides, seeds and backend), one ordinary RL run folder per seed under
``cells/seed=S/`` (params.json first, its own report, metrics.json and checkpoint.pt, exactly as
``rl train`` writes a single run) and the summary's ``report.html`` and ``metrics.json``: mean ±
sample standard deviation over seeds of every numeric metric (``deeproots.runs.aggregate``), the
per-seed table and every seed's learning curve on one chart. The seeds run through
``deeproots.runs.backends.run_cells``: one after another here, or one Ray task each; ``--resume
GROUP`` skips finished seeds and resumes an unfinished one from its checkpoint.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable

from deeproots.errors import DeeprootsError
from deeproots.rl.deep import common
from deeproots.rl.train import _module, default_env, make_params, train_in_folder
from deeproots.runs import folder as run_folder
from deeproots.runs.interrupt import RunInterrupted
from deeproots.runs.overrides import check_seeds

SEEDS_FILE = "seeds.json"
CELLS = "cells"


def resources_for(params: Any):
    """1 CPU per seed; a GPU as well when the params ask for device "cuda" (RL params have no device
    field today: CUDA is used when present, so a seed never waits for one)."""
    from deeproots.runs.backends import Resources

    return Resources(cpus=1.0, gpus=1.0 if getattr(params, "device", "auto") == "cuda" else 0.0)


def run_seed(folder: Path, eval_episodes: int | None, checkpoint_every: int | None,
             progress: Callable[[float, str], None] | None = None) -> None:
    """The work of one seed (a Ray task or a local call): run or finish the RL run in ``folder``."""
    def on_info(info: dict) -> None:
        if progress is not None:
            ret = info.get("episodic_return")
            progress(info["step"] / max(info["total"], 1), f"step {info['step']}" + (f", return {ret:.0f}" if ret else ""))

    train_in_folder(folder, on_info, eval_episodes=eval_episodes, checkpoint_every=checkpoint_every)


def group_name(algo: str, env_id: str) -> str:
    return f"{algo}-{env_id}-seeds"


def resume_command(algo: str, env_id: str, folder: Path) -> str:
    return run_folder.resume_command(f"rl train {algo} --env {env_id}", folder)


def train_seeds(algo: str, seeds: list[int] | None = None, env_id: str | None = None, preset: str = "quick",
                overrides: dict | None = None, root: Path = Path("runs"), *, backend: str = "local",
                address: str | None = None, resume: Path | None = None,
                on_update: Callable[[dict], None] | None = None, eval_episodes: int | None = None,
                checkpoint_every: int | None = None) -> tuple[dict, Path]:
    """Train ``algo`` once per seed (or finish the group folder ``resume``) and write the summary;
    returns (summary metrics, group folder). Ctrl-C raises ``RunInterrupted`` naming the group."""
    if resume is not None:
        folder = Path(resume)
        record = _reopen(folder, algo, env_id)
        env_id, preset, overrides, seeds = record["env_id"], record["preset"], record["overrides"], record["seeds"]
        eval_episodes, checkpoint_every = record.get("eval_episodes"), record.get("checkpoint_every")
    else:
        check_seeds(list(seeds or []))
        module = _module(algo)
        env_id = env_id or default_env(algo)
        if hasattr(module, "check_env"):
            module.check_env(env_id)
        common.check_env_id(env_id, actions=getattr(module, "ACTIONS", "discrete"))
        overrides = dict(overrides or {})
        if "seed" in overrides:
            raise DeeprootsError("give seeds with --seeds, not --set seed=...")
        folder = None
    per_seed = {seed: make_params(algo, preset, {**overrides, "seed": seed}) for seed in seeds}  # all checked first
    if folder is None:
        _check_backend(backend, address)
        folder = run_folder.create(root, group_name(algo, env_id), track="rl").path
        run_folder.write_params(folder, {
            "experiment": group_name(algo, env_id), "algorithm": algo, "env_id": env_id, "preset": preset,
            "overrides": _jsonable(overrides), "seeds": list(seeds),
            "backend": backend, "eval_episodes": eval_episodes, "checkpoint_every": checkpoint_every}, SEEDS_FILE)
    cells = _cells(algo, env_id, preset, folder, per_seed, eval_episodes, checkpoint_every)
    started = time.monotonic()
    try:
        from deeproots.runs.backends import run_cells

        run_cells(cells, backend=backend, address=address, on_update=on_update)
    except KeyboardInterrupt as stop:
        raise RunInterrupted(folder, resume_command(algo, env_id, folder)) from stop
    return _summarise(algo, env_id, preset, overrides, seeds, backend, folder, time.monotonic() - started)


def _check_backend(backend: str, address: str | None) -> None:
    from deeproots.runs.backends import check_backend

    check_backend(backend, address)  # before the group's folder is made


def _jsonable(overrides: dict) -> dict:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in overrides.items()}


def _cells(algo, env_id, preset, folder: Path, per_seed: dict, eval_episodes, checkpoint_every) -> list:
    from deeproots.runs.backends import Cell

    cells = []
    for seed, params in per_seed.items():
        cell = Path(folder) / CELLS / f"seed={seed}"
        cell.mkdir(parents=True, exist_ok=True)
        if not (cell / run_folder.PARAMS_FILE).exists():  # exactly what `rl train` writes first
            run_folder.write_params(cell, {"experiment": f"{algo}-{env_id}", "algorithm": algo, "env_id": env_id,
                                           "preset": preset, "params": common.params_dict(params)})
        cells.append(Cell(name=f"seed={seed}", folder=cell, work=run_seed, args=(eval_episodes, checkpoint_every),
                          resources=resources_for(params)))
    return cells


def _reopen(folder: Path, algo: str, env_id: str | None) -> dict:
    record_path = folder / SEEDS_FILE
    if not record_path.is_file():
        raise DeeprootsError(f"{folder} is not a multi-seed RL group (no {SEEDS_FILE}); give its folder, "
                             f"e.g. runs/rl/{algo}-CartPole-v1-seeds/<timestamp>")
    record = json.loads(record_path.read_text(encoding="utf-8"))
    record = run_folder.read_unfinished(folder, SEEDS_FILE, record.get("experiment", ""), "group", track="rl")
    if record.get("algorithm") != algo:
        raise DeeprootsError(f"{folder} is a group of {record.get('algorithm')!r}, not {algo!r}")
    if env_id not in (None, record["env_id"]):
        raise DeeprootsError(f"{folder} trained on {record['env_id']!r}, not {env_id!r}; resume it without --env")
    return record


def seed_results(folder: Path, seeds: list[int]) -> list[dict]:
    """Each seed's finished metrics, read from its run folder."""
    from deeproots.runs.aggregate import cell_metrics

    return [{"cell": f"seed={seed}", "setting": {}, "seed": seed,
             "metrics": cell_metrics(Path(folder) / CELLS / f"seed={seed}")} for seed in seeds]


def _summarise(algo, env_id, preset, overrides, seeds, backend, folder: Path, wall: float) -> tuple[dict, Path]:
    from deeproots.report import Report
    from deeproots.runs.aggregate import summarise

    results = seed_results(folder, seeds)
    stats = summarise(results, [])["points"][0]["stats"]
    report = Report(f"{algo.upper()} on {env_id}: {len(seeds)} seeds ({preset})")
    main = stats.get("eval_mean_return")
    verdict = (f"{algo.upper()} on {env_id} over seeds {', '.join(map(str, seeds))}: greedy mean return "
               f"{main['mean']:.1f} ± {main['std']:.1f} (sample std, n={main['n']}); solved in "
               f"{sum(bool(r['metrics'].get('solved')) for r in results)}/{len(results)} seeds.") if main else \
        f"{len(results)} seeds; no evaluation return to compare."
    report.text(f"{verdict}\n\nEach seed is an ordinary run folder under `cells/` with its own report "
                f"(backend: {backend}).")
    report.table([[metric, value["mean"], value["std"], value["n"]] for metric, value in sorted(stats.items())],
                 columns=["metric", "mean", "std (n-1)", "n"], caption="Mean ± sample standard deviation over seeds")
    keys = [key for key in ("eval_mean_return", "eval_std_return", "env_steps", "train_return_last100",
                            "train_wall_time_s") if key in stats]
    report.table([[r["seed"], *(r["metrics"].get(key) for key in keys), bool(r["metrics"].get("solved"))]
                  for r in results], columns=["seed", *keys, "solved"], caption="Per seed")
    curves = {}
    for r in results:
        points = (r["metrics"].get("curves") or {}).get("episodic_return") or []
        if points:
            curves[f"seed {r['seed']}"] = ([p[0] for p in points], [p[1] for p in points])
    if curves:
        report.line_chart(curves, xlabel="environment steps", ylabel="episodic return",
                          caption="Learning curves of every seed (training episodes)", name="learning-curves")
    report.params({"algorithm": algo, "env_id": env_id, "preset": preset, "overrides": _jsonable(overrides),
                   "seeds": seeds, "backend": backend})
    summary = {"verdict": verdict, "summary": stats, "seeds": seeds,
               "cells": [{"cell": r["cell"], "seed": r["seed"]} for r in results]}
    report.metrics(summary)
    report.write(folder, wall_time_s=wall)
    return summary, Path(folder)
