"""A 2 x 3 sweep (2 settings x 3 seeds) on the local backend against the Ray backend, on this machine, in one run.

The sweep: count-lines with the tests' tiny overrides (one small CNN, one epoch; a few seconds per
cell), grid width=2,3, seeds 0,1,2; every cell uses one torch thread on both backends (the quick
preset's Resources(cpus=1)). Measured, in this order:

- local: `run_sweep(..., backend="local")`, cells one after another in this process;
- Ray start: `ray.init(num_cpus=1)` (a local cluster), timed apart;
- Ray, one cell at a time (num_cpus=1): the sweep's wall time; ray / local - 1 is the backend's pure
  overhead (task submission, worker start, progress files, polling). Goal (issue 18): <= 10%;
- Ray start again with num_cpus=2, and the sweep with 2 cells at a time: the speed-up on 2 cores.

Each sweep's wall time includes its summary report. The machine's load (other processes) shows in
every figure alike; run it on a quiet machine for clean numbers.

    python benchmarks/sweep_backends.py [--n-train 64]
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import ray

from deeproots.lab.sweep import run_sweep

TINY = {"n_train": 64, "n_test_per_count": 4, "epochs": 1, "vit_dim": 8, "vit_layers": 1, "batch_size": 64,
        "gallery_size": 2, "models": ("cnn-fc",), "heads": ("regression",), "extra_units": ()}
GRID, SEEDS = {"width": [2, 3]}, [0, 1, 2]


def sweep(root: Path, backend: str) -> tuple[float, dict]:
    started = time.perf_counter()
    summary, report = run_sweep("count-lines", GRID, SEEDS, root=root, overrides=TINY, backend=backend)
    wall = time.perf_counter() - started
    cells = sorted(report.parent.glob("cells/*/metrics.json"))
    walls = [json.loads(path.read_text())["wall_time_s"] for path in cells]
    return wall, {"summary": summary["points"], "cell_s": sum(walls) / len(walls)}


def ray_start(cpus: int) -> float:
    started = time.perf_counter()
    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    return time.perf_counter() - started


def main() -> None:
    import sys

    if "--n-train" in sys.argv:  # bigger cells: the fixed costs spread over more work
        TINY["n_train"] = int(sys.argv[sys.argv.index("--n-train") + 1])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        local, local_info = sweep(root / "local", "local")
        start_1 = ray_start(1)
        ray_1, ray_1_info = sweep(root / "ray1", "ray")
        ray.shutdown()
        start_2 = ray_start(2)
        ray_2, ray_2_info = sweep(root / "ray2", "ray")
        ray.shutdown()
    same = local_info["summary"] == ray_1_info["summary"] == ray_2_info["summary"]
    n = len(SEEDS) * len(GRID["width"])
    print(f"sweep: count-lines (tiny), {len(GRID['width'])} settings x {len(SEEDS)} seeds = {n} cells, "
          f"1 torch thread per cell; mean cell wall (its own report) {local_info['cell_s']:.2f} s local")
    print(f"local backend, sequential:            {local:7.2f} s")
    print(f"Ray start (ray.init, num_cpus=1):     {start_1:7.2f} s   (num_cpus=2: {start_2:.2f} s)")
    print(f"Ray backend, 1 cell at a time:        {ray_1:7.2f} s   overhead {ray_1 / local - 1:+.1%} "
          f"({(ray_1 - local) / n:+.2f} s per cell)   goal: <= +10%")
    print(f"Ray backend, 2 cells at a time:       {ray_2:7.2f} s   speed-up {local / ray_2:.2f}x on 2 cores")
    print(f"same aggregate on all three: {same}")


if __name__ == "__main__":
    main()
