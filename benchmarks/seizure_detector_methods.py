"""How seizure-detector's silver threshold was measured (a maintainer's script, not used at run time).

``python benchmarks/seizure_detector_methods.py [draws]`` fits each of the research track's
unsupervised detectors (``deeproots.research.eeg``: Gardner et al. 2006's one-class SVM, Hjorth +
line length under PyOD's isolation forest, LOF and kNN, the matrix profile, the convolutional VAE,
with ``run.RunParams``' defaults) on the seizure-free windows of 20 training recordings of the
project's distribution (windows at least 10 s from any seizure), scores 48 fresh hidden recordings
exactly as ``evaluate.py`` draws them, and prints the pooled window AUROC of each, per draw.
The best of them is "our best method" that silver asks to beat.
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace

import numpy as np
from sklearn.metrics import roc_auc_score

from deeproots.projects.seizure_detector import kit
from deeproots.projects.seizure_detector.evaluate import N_RECORDINGS
from deeproots.research.eeg import data as eegdata
from deeproots.research.eeg.recording import Windows, windows
from deeproots.research.eeg.run import RunParams, make_detector
from deeproots.research.eeg.summary import DETECTORS

N_TRAIN = 20
GUARD_S = 10.0


def _windows(recordings, fs: float | None) -> list[Windows]:
    out = []
    for r in recordings:
        if fs is not None and r.fs > fs:
            r = eegdata.resample(r, fs)
        out.append(windows(r, kit.WINDOW_S, kit.STEP_S))
    return out


def _seizure_free(w: Windows, recording) -> Windows:
    keep = np.ones(len(w.starts), bool)
    for s in recording.seizures:
        keep &= (w.starts + w.length <= s.start - GUARD_S) | (w.starts >= s.end + GUARD_S)
    return replace(w, data=w.data[keep], starts=w.starts[keep], seizure=w.seizure[keep], artifact=w.artifact[keep])


def _concatenated(parts: list[Windows]) -> Windows:
    """Windows of several recordings laid end to end in time (the matrix profile wants one timeline)."""
    starts, offset = [], 0.0
    for w in parts:
        starts.append(w.starts + offset)
        offset += float(w.starts[-1]) + w.length + 10.0
    return replace(parts[0], data=np.concatenate([w.data for w in parts]), starts=np.concatenate(starts),
                   seizure=np.concatenate([w.seizure for w in parts]),
                   artifact=np.concatenate([w.artifact for w in parts]))


def measure(draw: int, params: RunParams = RunParams()) -> dict[str, float]:
    train = [kit.make_recording(seed) for seed in np.random.SeedSequence([20240, draw]).spawn(N_TRAIN)]
    hidden = [kit.make_recording(seed) for seed in np.random.SeedSequence([20241, draw]).spawn(N_RECORDINGS)]
    rates = {"matrix_profile": params.mp_fs, "conv_vae": params.vae_fs}
    results = {}
    for name in params.detectors:
        started = time.perf_counter()
        fs = rates.get(name)
        fit_parts = [_seizure_free(w, r) for w, r in zip(_windows(train, fs), train)]
        if name == "matrix_profile":  # one continuous reference of mp_reference_seconds
            fit_parts = [w for w in fit_parts if len(w.starts) > 0][:max(1, int(params.mp_reference_seconds // 300))]
        detector = make_detector(name, params, draw, fs or kit.FS).fit(_concatenated(fit_parts))
        test = _windows(hidden, fs)
        scores = np.concatenate([detector.decision_function(w) for w in test])
        labels = np.concatenate([w.seizure for w in test])
        results[name] = float(roc_auc_score(labels, scores))
        print(f"draw {draw}: {DETECTORS[name]:<18} AUROC {results[name]:.4f} ({time.perf_counter() - started:.0f} s)",
              flush=True)
    return results


if __name__ == "__main__":
    draws = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    table = [measure(draw) for draw in range(draws)]
    for name in table[0]:
        values = [t[name] for t in table]
        print(f"{DETECTORS[name]:<18} " + " ".join(f"{v:.4f}" for v in values) + f"  mean {np.mean(values):.4f}")
