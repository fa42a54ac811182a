"""What does the project harness cost over running the same training code bare?

The same learner file (a project's reference by default: count-lines) trains on the same step
budget twice per repeat, alternating:
1. bare: imported in this process, ``train(ctx)`` called with a plain context (the same budget,
   threads and kit; log and checkpoint calls go nowhere);
2. harnessed: ``deeproots.grading.host.project.train``: a sandboxed worker started and loaded,
   the package guarded, every log batched to the grader, every checkpoint sent and saved.
Both are timed from the call to the returned state. Prints the medians and the ratio
harnessed / bare measured in this run (the goal: <= 1.05). The budget is a step budget, so
both do the same work whatever the machine's speed.

    python benchmarks/project_overhead.py [--project count-lines] [--steps 200000] [--repeats 2]
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from deeproots.app.projects import _limits
from deeproots.grading.host import project as harness
from deeproots.grading.host.state import save_state
from deeproots.grading.worker.training import Context, _use_threads
from deeproots.projects.catalog import projects


def bare(path: Path, limits: harness.Limits, seed: int, folder: Path) -> float:
    spec = importlib.util.spec_from_file_location(f"bare_{seed}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _use_threads(limits.threads)
    started = time.perf_counter()
    ctx = Context.bare(limits.kit, limits.steps, seed=seed, threads=limits.threads, device="auto")
    state = module.train(ctx)
    elapsed = time.perf_counter() - started
    del state
    return elapsed


def harnessed(path: Path, limits: harness.Limits, seed: int, folder: Path) -> float:
    def keep(state, steps, seconds):  # what `project run` does with every checkpoint
        save_state(folder / "state.npz", state)

    started = time.perf_counter()
    result = harness.train(path, limits, seed=seed, quick=False, on_checkpoint=keep)
    elapsed = time.perf_counter() - started
    if result.status != "finished":
        sys.exit(f"the harnessed run ended with {result.status}: {result.problem}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default="count-lines")
    parser.add_argument("--file", default="reference", help="reference or starter")
    parser.add_argument("--steps", type=int, default=None, help="the step budget (default: the project's full one)")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    project = projects().get(args.project)
    limits = _limits(project, quick=False)
    steps = args.steps or limits.steps
    if not steps:
        sys.exit(f"{project.id} has no step budget: the two runs would not do the same work")
    # No time cap: the step budget alone decides how much work each run does.
    limits = harness.Limits(**{**limits.__dict__, "steps": steps, "seconds": math.inf, "grace_s": 0.0})
    times: dict[str, list[float]] = {"bare": [], "harnessed": []}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "project.py"
        shutil.copy(project.file(f"{args.file}.py"), path)
        for repeat in range(args.repeats):
            for name, run in (("bare", bare), ("harnessed", harnessed)):
                times[name].append(run(path, limits, repeat, Path(folder)))
                print(f"repeat {repeat + 1}: {name:9s} {times[name][-1]:7.1f} s", flush=True)
    bare_s, harnessed_s = statistics.median(times["bare"]), statistics.median(times["harnessed"])
    print(f"{project.id} {args.file}, {steps:,} steps, {limits.threads} threads, {args.repeats} repeats")
    print(f"median bare {bare_s:.1f} s, harnessed {harnessed_s:.1f} s: ratio {harnessed_s / bare_s:.3f} "
          f"(goal <= 1.05)")


if __name__ == "__main__":
    main()
