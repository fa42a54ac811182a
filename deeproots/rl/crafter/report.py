"""Crafter runs for the CLI: train PPO, evaluate an agent, write the report.

- ``train(quick, overrides, root, resume, progress) -> (metrics, run_path)``: PPO into
  ``<root>/rl/crafter/<timestamp>/`` (checkpoint, report, metrics.json, an episode GIF);
- ``evaluate(agent_or_checkpoint, episodes, seed) -> metrics``: the paper's numbers for the random
  agent (``"random"``), an ``Agent`` or a PPO checkpoint;
- ``report(run_path_or_metrics) -> path of report.html``: our score and per-achievement success
  rates beside the paper's (Hafner 2021, Table 1: Random 1.6 %, Rainbow 4.3 %, PPO 4.6 %,
  DreamerV2 10.0 %, human experts 50.5 %), a strip of frames from one episode, steps/s.

The full record of a run (all numbers, per-episode achievements) is kept in ``crafter.json``
beside ``metrics.json``, so ``report(run_path)`` can rewrite the report at any time.
"""
from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from deeproots import files
from deeproots.errors import DeeprootsError
from deeproots.rl.crafter.agents import Agent, RandomAgent, play_episodes
from deeproots.rl.crafter.score import (ACHIEVEMENTS, PAPER_CITATION, PUBLISHED_RANDOM_RETURN, PUBLISHED_SCORES,
                                        bootstrap_score_std, evaluate_episodes)

DEFAULT_ROOT = Path("runs")
RECORD_FILE = "crafter.json"
GIF_FILE = "episode.gif"
EVAL_SEED_OFFSET = 1_000_000  # evaluation worlds never coincide with the first training worlds
MAX_GIF_FRAMES = 1000


def _rollout_metrics(rollout, label: str, seed: int) -> dict[str, Any]:
    result = evaluate_episodes(rollout.episodes)
    metrics = result.as_dict()
    metrics.update({"agent": label, "seed": seed, "score_bootstrap_std": bootstrap_score_std(rollout.episodes),
                    "steps": rollout.steps, "steps_per_second": rollout.steps_per_second,
                    "episode_achievements": [sorted(e.achievements) for e in rollout.episodes]})
    return metrics


def evaluate(agent: Agent | str | os.PathLike = "random", episodes: int = 100, seed: int = 0,
             record: bool = False) -> dict[str, Any]:
    """Play ``episodes`` episodes (episode k on the world of seed ``seed + k``) and score them.

    ``agent`` is ``"random"``, an object with ``act(obs) -> int``, or the path of a PPO run
    folder / checkpoint. With ``record`` the first episode's frames come back under ``"frames"``.
    ``"wall_time_s"`` is the whole call (loading a checkpoint included): the time the report shows.
    """
    started = time.perf_counter()
    if isinstance(agent, str) and agent == "random":
        agent, label = RandomAgent(seed), "random"
    elif isinstance(agent, (str, os.PathLike)):
        from deeproots.rl.crafter.ppo import agent_from_checkpoint

        label = f"PPO checkpoint {agent}"
        agent = agent_from_checkpoint(agent, seed=seed)
    elif callable(getattr(agent, "act", None)):
        label = type(agent).__name__
    else:
        raise DeeprootsError(f"agent must be 'random', a checkpoint path or an object with act(obs) (got {agent!r})")
    rollout = play_episodes(agent, episodes, seed=seed, record=record)
    metrics = _rollout_metrics(rollout, label, seed)
    metrics["wall_time_s"] = time.perf_counter() - started
    if record:
        metrics["frames"] = np.stack(rollout.frames)
    return metrics


def train(quick: bool = True, overrides: dict[str, Any] | None = None, root: str | os.PathLike = DEFAULT_ROOT,
          resume: str | os.PathLike | None = None,
          progress: Callable[[float, str], None] | None = None) -> tuple[dict[str, Any], Path]:
    """Train PPO (QUICK or the paper's 1M-step FULL preset), evaluate it, write the report.

    ``resume`` is a run folder of an earlier ``train``: its checkpoint's parameters are kept,
    ``overrides`` may raise ``total_steps``. Ctrl-C keeps the last checkpoint and raises
    ``RunInterrupted`` (a DeeprootsError too) with the command that resumes it.
    """
    from deeproots.report import RunFolder
    from deeproots.rl.crafter import ppo
    from deeproots.runs import folder as run_folder
    from deeproots.runs.interrupt import interruptible
    from deeproots.runs.overrides import apply

    started = time.perf_counter()
    earlier_seconds = 0.0  # a resumed run's wall time counts its earlier sessions too
    if resume is not None:
        run = RunFolder.resume(resume)
        checkpoint = ppo.load_checkpoint(run.path)
        earlier_seconds = float(checkpoint.get("train_seconds", 0.0))
        params = apply(ppo.Params(**checkpoint["params"]), overrides, "Crafter PPO")
    else:
        params = ppo.check_params(apply(ppo.QUICK if quick else ppo.FULL, overrides, "Crafter PPO"))
        run = run_folder.create(root, "crafter", track="rl")
        run_folder.write_params(run.path, {"experiment": "crafter", "preset": "quick" if quick else "full",
                                           "params": dataclasses.asdict(params)})
    with interruptible(run.path, run_folder.resume_command("rl crafter train", run.path)):
        state = ppo.train_ppo(params, run.path, resume=resume is not None, progress=progress)

    training = evaluate_episodes(ppo.training_episodes(state)) if state["episodes"] else None
    metrics: dict[str, Any] = {
        "agent": "PPO", "preset": "quick" if quick and resume is None else ("resumed" if resume else "full"),
        "params": dataclasses.asdict(params), "global_step": state["global_step"],
        "train_seconds": state["train_seconds"],
        "train_steps_per_second": state["global_step"] / max(state["train_seconds"], 1e-9),
        "curve": state["curve"], "device": state.get("device", "cpu"),
    }
    if training is not None:
        metrics["training"] = {**training.as_dict(), "score_bootstrap_std": bootstrap_score_std(ppo.training_episodes(state))}
    if params.eval_episodes > 0:
        agent = ppo.PPOAgent(_model_from_state(state), seed=params.seed)
        evaluation = evaluate(agent, params.eval_episodes, seed=EVAL_SEED_OFFSET + params.seed, record=True)
        metrics["frames"] = evaluation.pop("frames")
        metrics["evaluation"] = evaluation
    metrics["wall_time_s"] = earlier_seconds + time.perf_counter() - started
    report(metrics, run_path=run.path)
    metrics.pop("frames", None)
    return metrics, run.path


def _model_from_state(state: dict[str, Any]):
    from deeproots.rl.crafter.ppo import ActorCritic

    model = ActorCritic(hidden=state["params"]["hidden"])
    model.load_state_dict(state["model"])
    return model


# --------------------------------------------------------------------------- the report


def _scores_of(metrics: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(caption, evaluation metrics) pairs found in a record: a plain evaluation, or PPO's two."""
    if "success_rates" in metrics:
        return [(f"{metrics.get('agent', 'agent')}, {metrics['episodes']} episodes", metrics)]
    found = []
    if "training" in metrics:
        found.append((f"PPO, all {metrics['training']['episodes']} training episodes (the paper's protocol)", metrics["training"]))
    if "evaluation" in metrics:
        found.append((f"PPO, final policy, {metrics['evaluation']['episodes']} evaluation episodes", metrics["evaluation"]))
    return found


def _bars_figure(scored: list[tuple[str, dict[str, Any]]]):
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return None
    figure = Figure(figsize=(7.0, 6.0), layout="constrained")
    axes = figure.add_subplot()
    y = np.arange(len(ACHIEVEMENTS))
    height = 0.8 / max(1, len(scored))
    for k, (caption, evaluation) in enumerate(scored):
        rates = [evaluation["success_rates"][name] for name in ACHIEVEMENTS]
        axes.barh(y + k * height, rates, height=height, label=caption)
    axes.set_yticks(y + 0.4 - height / 2, [name.replace("_", " ") for name in ACHIEVEMENTS])
    axes.invert_yaxis()
    axes.set_xscale("symlog", linthresh=1.0)  # the paper's bars are log-scaled too: rare unlocks matter
    axes.set_xlim(0, 100)
    axes.set_xlabel("success rate (% of episodes), symmetric-log scale")
    axes.grid(True, axis="x", alpha=0.3)
    if len(scored) > 1:
        axes.legend(frameon=False, fontsize=8)
    return figure


def _write_gif(frames: np.ndarray, path: Path, scale: int = 4) -> None:
    import imageio.v3 as imageio

    frames = np.asarray(frames, np.uint8)[:MAX_GIF_FRAMES]
    big = frames.repeat(scale, axis=1).repeat(scale, axis=2)
    files.write_with(path, lambda temporary: imageio.imwrite(temporary, big, extension=".gif", duration=100, loop=0))


def _wall_time(metrics: dict[str, Any], report_started: float, fresh: bool) -> float:
    """The run's wall time; a fresh report adds its own writing, a rewrite keeps the recorded time."""
    recorded = metrics.get("wall_time_s")
    if recorded is None:  # a record from before wall times were kept: all we know is this report's time
        return time.perf_counter() - report_started
    return float(recorded) + (time.perf_counter() - report_started if fresh else 0.0)


def report(run_or_metrics: str | os.PathLike | dict[str, Any], run_path: str | os.PathLike | None = None,
           root: str | os.PathLike = DEFAULT_ROOT) -> Path:
    """Write ``report.html`` and ``metrics.json`` for a run; returns the report's path.

    Given a run folder, its ``crafter.json`` is read and the report rewritten in place. Given
    metrics (from ``evaluate`` or ``train``), they go to ``run_path`` or to a new
    ``<root>/rl/crafter/<timestamp>/``; a ``"frames"`` array becomes ``episode.gif``.

    The wall time shown is the run's (``metrics["wall_time_s"]``, the evaluation or training),
    plus the writing of this report for fresh metrics; a rewrite keeps the recorded time.
    """
    from deeproots.report import Report, RunFolder
    from deeproots.runs.folder import create

    started = time.perf_counter()

    fresh = isinstance(run_or_metrics, dict)
    if fresh:
        metrics = dict(run_or_metrics)
        run = RunFolder.resume(run_path) if run_path is not None else create(root, "crafter", track="rl")
        frames = metrics.pop("frames", None)
        if frames is not None and len(frames):
            _write_gif(frames, run.path / GIF_FILE)
        files.write_json(run.path / RECORD_FILE, metrics, indent=1, default=float)
    else:
        run = RunFolder.resume(run_or_metrics)
        try:
            metrics = json.loads((run.path / RECORD_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise DeeprootsError(f"{run.path} has no readable {RECORD_FILE} ({error}); is it a Crafter run?") from None
    scored = _scores_of(metrics)
    page = Report(f"Crafter: {metrics.get('agent', 'agent')}", seed=metrics.get("seed", metrics.get("params", {}).get("seed")))
    if not scored:  # e.g. a PPO run too short for any episode to end, and no evaluation asked for
        page.text("No episode has finished yet, so there is no score to show: train longer or set eval_episodes.")
        page.params(metrics.get("params", {}))
        page.metrics({k: metrics[k] for k in ("global_step", "train_seconds", "train_steps_per_second", "device") if k in metrics})
        return page.write(run, wall_time_s=_wall_time(metrics, started, fresh))
    first = scored[0][1]
    page.text(f"**Crafter score {first['score']:.2f} %** (± {first.get('score_bootstrap_std', float('nan')):.2f}, "
              f"bootstrap over episodes) for {scored[0][0]}. The score is the geometric mean of the 22 "
              "achievements' success rates with a 1 % offset, S = exp(mean ln(1 + s_i)) - 1; a success rate "
              "is the share of all episodes that unlocked the achievement at least once.")
    rows = [[name, f"{score:.1f} ± {spread:.1f}", "published", PAPER_CITATION] for name, (score, spread) in PUBLISHED_SCORES.items()]
    this_run = f"this run ({metrics['global_step']:,} training steps)" if "global_step" in metrics else "this run"
    rows += [[caption, f"{ev['score']:.2f} ± {ev.get('score_bootstrap_std', float('nan')):.2f}", "ours", this_run]
             for caption, ev in scored]
    page.table(rows, columns=["agent", "Crafter score (%)", "", "source"],
               caption="Published Crafter scores at the 1M-step budget beside ours at this run's budget "
                       "(published ± is the std. over runs)")
    page.table([[name.replace("_", " ")] + [f"{ev['success_rates'][name]:.1f}" for _, ev in scored] for name in ACHIEVEMENTS],
               columns=["achievement"] + [f"success rate (%), {caption}" for caption, _ in scored],
               caption="Success rate per achievement")
    figure = _bars_figure(scored)
    if figure is not None:
        page.figure(figure, caption="Success rate per achievement", name="success-rates")
    if (run.path / GIF_FILE).exists():
        import imageio.v3 as imageio

        frames = imageio.imread(run.path / GIF_FILE, index=None)
        picks = np.linspace(0, len(frames) - 1, num=min(16, len(frames))).astype(int)
        page.image_grid(frames[picks][..., :3], labels=[f"t={int(p)}" for p in picks], columns=8,
                        caption=f"One episode, 16 frames (the whole episode is {GIF_FILE} in the run folder)",
                        name="episode-frames")
    if metrics.get("curve"):
        curve = metrics["curve"]
        page.line_chart({"mean return, last 50 episodes": ([c["global_step"] for c in curve], [c["recent_return"] for c in curve])},
                        xlabel="environment steps", ylabel="episode return", caption="PPO training", name="training-return")
    if first.get("agent") == "random":
        page.text(f"The paper's random agent: score {PUBLISHED_SCORES['Random'][0]} ± {PUBLISHED_SCORES['Random'][1]} %, "
                  f"return {PUBLISHED_RANDOM_RETURN[0]} ± {PUBLISHED_RANDOM_RETURN[1]}.")
    numbers: dict[str, Any] = {}
    for prefix, (_, ev) in zip(["", "eval_"] if "training" in metrics else [""], scored):
        numbers.update({f"{prefix}score": ev["score"], f"{prefix}score_bootstrap_std": ev.get("score_bootstrap_std"),
                        f"{prefix}episodes": ev["episodes"], f"{prefix}return_mean": ev["return_mean"],
                        f"{prefix}length_mean": ev["length_mean"]})
        numbers.update({f"{prefix}rate_{name}": ev["success_rates"][name] for name in ACHIEVEMENTS})
    for key in ("steps_per_second", "train_steps_per_second", "global_step", "train_seconds", "device"):
        if key in metrics:
            numbers[key] = metrics[key]
    if "evaluation" in metrics:
        numbers["eval_steps_per_second"] = metrics["evaluation"]["steps_per_second"]
    if "params" in metrics:
        page.params(metrics["params"])
    page.metrics(numbers)
    return page.write(run, wall_time_s=_wall_time(metrics, started, fresh))
