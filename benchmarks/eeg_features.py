"""EEG feature extraction speed: seconds of EEG processed per second of compute, on one core.

Input: one hour of 23-channel white noise at 256 Hz (the CHB-MIT montage size), cut into 1 s windows
without overlap and with 50% overlap (Gardner et al. 2006 use overlapping 1 s windows). Each feature
family of ``deeproots.research.eeg.features`` is timed alone, then ``feature_matrix`` with all of
them; BLAS/OpenMP are limited to one thread (environment variables set before NumPy loads, and
threadpoolctl). Cutting the windows is not timed. Goal (issue 7): >= 1000x faster than real time.
The machine may be shared and noisy: each figure is the best of --repeats timings.

    python benchmarks/eeg_features.py [--hours 1] [--channels 23] [--fs 256] [--repeats 3]
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from deeproots.research.eeg import features  # noqa: E402
from deeproots.research.eeg.recording import Recording, windows  # noqa: E402

GOAL = 1000.0


def best_time(fn, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--channels", type=int, default=23)
    parser.add_argument("--fs", type=float, default=256.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    seconds = args.hours * 3600
    rng = np.random.default_rng(0)
    data = rng.standard_normal((args.channels, int(seconds * args.fs))) * 30.0
    recording = Recording(data=data, fs=args.fs, channels=tuple(f"ch{i}" for i in range(args.channels)),
                          source="benchmark: white noise")
    families = {
        "band (Welch)": lambda w: features.band_powers(w),
        "relative band": lambda w: features.band_powers(w, relative=True),
        "hjorth": lambda w: features.hjorth(w),
        "line length": lambda w: features.line_length(w),
        "gardner energy": lambda w: features.gardner_energy(w),
        "feature_matrix (all)": lambda w: features.feature_matrix(w),
    }
    print(f"{args.hours:g} h of {args.channels}-channel noise at {args.fs:g} Hz, 1 s windows, one thread, "
          f"best of {args.repeats}")
    with threadpool_limits(1):
        for label, step in (("no overlap", 1.0), ("50% overlap", 0.5)):
            cut = windows(recording, 1.0, step)
            print(f"\n{label}: {len(cut.starts)} windows x {args.channels} channels x {cut.data.shape[-1]} samples")
            print(f"  {'features':<22}{'seconds':>9}  EEG seconds per second (= x real time), goal {GOAL:g}x")
            for name, fn in families.items():
                elapsed = best_time(lambda: fn(cut), args.repeats)
                rate = seconds / elapsed
                verdict = "ok" if rate >= GOAL else "BELOW GOAL"
                print(f"  {name:<22}{elapsed:>9.3f}  {rate:>9.0f}x  {verdict}")


if __name__ == "__main__":
    main()
