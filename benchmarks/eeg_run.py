"""How long does the default EEG research run take? Requirement (issue 7): <= 3 minutes on 2 CPU cores.

Runs ``run_eeg()`` (the QUICK preset: 60 min of 19-channel synthetic EEG and the Siena excerpt, six
detectors) into a temporary folder and prints the wall time, the process CPU time (all threads;
on a machine shared with other jobs the wall time grows, the CPU time does not) and, per dataset
and detector, the fit / score wall times and CPU seconds. ``--cores N`` pins the process to N
cores first (Linux), to measure the 2-core budget on a bigger machine.

    python benchmarks/eeg_run.py [--full] [--cores 2] [--out runs]
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

BUDGET_S = 180.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the FULL preset instead of QUICK")
    parser.add_argument("--cores", type=int, default=None, help="pin to this many CPU cores first")
    parser.add_argument("--out", type=Path, default=None, help="keep the run folder under this root")
    args = parser.parse_args()
    if args.cores:
        os.sched_setaffinity(0, set(sorted(os.sched_getaffinity(0))[:args.cores]))
    cores = len(os.sched_getaffinity(0))
    started, cpu = time.perf_counter(), time.process_time()
    from deeproots.research.eeg.run import DETECTORS, run_eeg  # imports count: a learner pays them too

    with tempfile.TemporaryDirectory() as tmp:
        root = args.out or Path(tmp)
        metrics, report = run_eeg(root=root, quick=not args.full,
                                  progress=lambda f, m: print(f"  {time.perf_counter() - started:6.1f} s  {m}",
                                                              flush=True))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"\n{'full' if args.full else 'quick'} run on {cores} core(s), load average {load:.1f}: "
              f"wall {wall:.1f} s, CPU {cpu:.1f} s (budget {BUDGET_S:.0f} s wall on 2 idle cores)")
        print(f"{'dataset':10s} {'detector':18s} {'fit s':>7s} {'score s':>8s} {'CPU s':>7s} {'AUROC':>6s}")
        accounted = 0.0
        for dataset in ("synthetic", "siena", "file"):
            for key, name in DETECTORS.items():
                prefix = f"{dataset}/{key}/"
                if prefix + "fit_s" not in metrics:
                    continue
                fit, score, used = (metrics[prefix + k] for k in ("fit_s", "score_s", "cpu_s"))
                accounted += fit + score
                print(f"{dataset:10s} {name:18s} {fit:7.1f} {score:8.1f} {used:7.1f} {metrics[prefix + 'auroc']:6.3f}")
        print(f"{'':10s} {'data, evaluation, report':24s} {wall - accounted:9.1f} s wall")
        print(f"report: {report if args.out else '(temporary folder, removed)'}")
        verdict = "within" if wall <= BUDGET_S else "OVER"
        print(f"{verdict} the {BUDGET_S:.0f} s budget by wall time"
              + ("" if load < cores + 0.5 else f" (the machine is loaded: CPU time {cpu:.1f} s is steadier)"))


if __name__ == "__main__":
    main()
