"""`deeproots rl ...`: reinforcement learning commands (parsing and printing only)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from rich.text import Text

from deeproots.cli.runs import exit_on_ctrl_c
from deeproots.runs.overrides import parse_settings
from deeproots.cli.views import make_console, verbatim, with_progress

rl_app = typer.Typer(help="Reinforcement learning: Sutton & Barto's classics, deep RL, the Crafter open world.",
                     add_completion=False)


@rl_app.command("classics")
def classics(out: Path = typer.Option(Path("runs"), "--out", help="Where runs/rl/classics/<timestamp>/ goes.")) -> None:
    """Recompute Sutton & Barto's figures (gridworlds, Jack, gambler, blackjack, cliff...) into a report."""
    from deeproots.rl.classics import run_classics

    with exit_on_ctrl_c():
        metrics, report = with_progress("classics", lambda progress: run_classics(out, progress))
    make_console().print(Text.assemble((str(metrics["verdict"]), "bold"), f"\nreport: {report}"))


crafter_app = typer.Typer(help="Crafter (Hafner 2021), the 2-D Minecraft-like open world.", add_completion=False)
rl_app.add_typer(crafter_app, name="crafter")


@crafter_app.command("train")
def crafter_train(quick: bool = typer.Option(True, "--quick/--full", help="Smoke run, or the paper's 1M steps."),
                  settings: Optional[list[str]] = typer.Option(None, "--set", help="Override: name=value."),
                  out: Path = typer.Option(Path("runs"), "--out", help="Where runs/rl/crafter/<timestamp>/ goes."),
                  resume: Optional[Path] = typer.Option(None, "--resume", help="Continue a run folder.")) -> None:
    """Train PPO on the pixels, evaluate it and write the report beside the paper's table."""
    from deeproots.rl.crafter.report import train

    overrides = parse_settings(settings)
    with exit_on_ctrl_c():
        metrics, run = with_progress("crafter PPO", lambda progress: train(
            quick=quick, overrides=overrides, root=out, resume=resume, progress=progress))
    make_console().print(Text.assemble((f"Crafter score {metrics.get('score', float('nan')):.2f}%", "bold"),
                                       " (paper: random 1.6, PPO 4.6, DreamerV2 10.0, human experts 50.5)"
                                       f"\nreport: {run}"))


@crafter_app.command("eval")
def crafter_eval(agent: str = typer.Argument("random", help="'random', or a PPO run folder / checkpoint."),
                 episodes: int = typer.Option(100, "--episodes", min=1),
                 seed: int = typer.Option(0, "--seed"),
                 out: Path = typer.Option(Path("runs"), "--out")) -> None:
    """Score an agent over many episodes (the paper's success rates and score) and write a report."""
    from deeproots.rl.crafter.report import evaluate, report

    with exit_on_ctrl_c():
        metrics = with_progress("crafter evaluation", lambda progress: evaluate(agent, episodes, seed, record=True))
    path = report(metrics, root=out)
    make_console().print(Text.assemble((f"Crafter score {metrics['score']:.2f}%", "bold"),
                                       f" over {episodes} episodes\nreport: {path}"))


@crafter_app.command("report")
def crafter_report(run: Path = typer.Argument(..., help="A run folder under runs/rl/crafter/.")) -> None:
    """Rewrite a run's report (scores and per-achievement bars beside the paper's table)."""
    from deeproots.rl.crafter.report import report

    make_console().print(verbatim(f"report: {report(run)}"))


@rl_app.command("play")
def play(env: str = typer.Argument("crafter", help="The world to play: crafter."),
         seed: int = typer.Option(0, "--seed")) -> None:
    """Play it yourself in a window (needs a display): feel what the agent must learn."""
    from deeproots.errors import DeeprootsError
    from deeproots.rl.crafter.play import play as play_crafter

    if env != "crafter":
        raise DeeprootsError(f"`rl play` knows: crafter (got {env!r})")
    summary = play_crafter(seed=seed)
    make_console().print(verbatim(f"episode over: {summary}"))


@rl_app.command("train")
def train(algorithm: str = typer.Argument(..., metavar="ALGORITHM", help="An algorithm of `deeproots rl list`, e.g. ppo or sac."),
          env: Optional[str] = typer.Option(None, "--env", help="A Gymnasium env with vector observations "
                                            "(default: the algorithm's own, e.g. CartPole-v1; Pendulum-v1 for sac)."),
          smoke: bool = typer.Option(False, "--smoke/--quick",
                                     help="--quick (the default, as in every track): the laptop preset, which "
                                          "solves CartPole in about a minute; --smoke: a seconds-long smoke run."),
          settings: Optional[list[str]] = typer.Option(None, "--set", help="Override a hyper-parameter: name=value."),
          out: Path = typer.Option(Path("runs"), "--out", help="Where runs/rl/<algo>-<env>/<timestamp>/ goes."),
          resume: Optional[Path] = typer.Option(None, "--resume", help="Continue a run folder from its checkpoint "
                                                "(or a multi-seed group's folder)."),
          seeds: Optional[str] = typer.Option(None, "--seeds", help="Train once per seed, e.g. 0,1,2: a group "
                                              "folder with mean ± std over seeds."),
          backend: str = typer.Option("local", "--backend", help="With --seeds: local (one after another) or ray."),
          address: Optional[str] = typer.Option(None, "--address", help="With --backend ray: a running Ray "
                                                "cluster (default: start a local one).")) -> None:
    """Train a deep-RL agent (CleanRL-style, one file per algorithm); report, metrics.json, checkpoints."""
    from deeproots.rl.train import train as train_agent

    overrides = parse_settings(settings)
    if seeds is not None or (resume is not None and (Path(resume) / "seeds.json").is_file()):
        _train_seeds(algorithm, env, "smoke" if smoke else "quick", overrides, out, resume, seeds, backend, address)
        return
    if backend != "local" or address is not None:
        from deeproots.errors import DeeprootsError

        raise DeeprootsError("--backend and --address run many seeds: add --seeds, e.g. --seeds 0,1,2")

    def run(bar) -> tuple[dict, Path]:
        def progress(info: dict) -> None:
            ret = info.get("episodic_return")
            bar(info["step"] / max(info["total"], 1),
                f"{algorithm} step {info['step']}" + (f", return {ret:.0f}" if ret else ""))

        return train_agent(algorithm, env, preset="smoke" if smoke else "quick", overrides=overrides, root=out,
                           resume=resume, progress=progress)

    with exit_on_ctrl_c():
        metrics, run_path = with_progress(algorithm, run)
    make_console().print(Text.assemble((str(metrics.get("verdict", "")), "bold"),
                                       f"\nreport: {run_path / 'report.html'}"))


def _train_seeds(algorithm, env, preset, overrides, out, resume, seeds, backend, address) -> None:
    from deeproots.rl.seeds import train_seeds
    from deeproots.runs.overrides import parse_seeds

    seed_list = parse_seeds(seeds) if seeds is not None else None

    def run(bar) -> tuple[dict, Path]:
        def on_update(statuses: dict) -> None:
            done = sum(status.fraction if status.state != "done" else 1.0 for status in statuses.values())
            states = ", ".join(f"{name} {status.state}" + (f" {status.fraction:.0%}" if status.state == "running" else "")
                               for name, status in statuses.items())
            bar(done / max(len(statuses), 1), f"{algorithm}: {states}")

        return train_seeds(algorithm, seed_list, env, preset=preset, overrides=overrides, root=out,
                           backend=backend, address=address, resume=resume, on_update=on_update)

    with exit_on_ctrl_c():
        summary, folder = with_progress(f"{algorithm} seeds", run)
    make_console().print(Text.assemble((str(summary.get("verdict", "")), "bold"),
                                       f"\nreport: {folder / 'report.html'}"))


@rl_app.command("list")
def list_algorithms() -> None:
    """The deep-RL algorithms and their hyper-parameters."""
    import dataclasses

    from deeproots.rl.train import ALGORITHMS, DESCRIPTIONS

    console = make_console()
    for name, module in ALGORITHMS.items():
        fields = ", ".join(f"{f.name}={getattr(module.Params(), f.name)!r}" for f in dataclasses.fields(module.Params))
        console.print(Text.assemble((name, "bold"), f": {DESCRIPTIONS[name]}\n  ", (fields, "dim")))
