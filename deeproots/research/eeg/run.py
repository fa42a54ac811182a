"""The EEG research track end to end: fit each detector on seizure-free EEG, score the rest, report.

Datasets (``run_eeg(data=None)``): a synthetic recording with ground truth (``synthetic.py``: 19
channels at 256 Hz with focal seizures, spike-and-wave, interictal spikes and artifacts), then the
shipped real excerpt (Siena Scalp EEG Database PN00-1, channel F8 at 64 Hz, one seizure at
1143-1213 s: Detti 2020, PhysioNet, doi:10.13026/5d4a-j060, CC BY 4.0; see ``data/README.md``).
``run_eeg(data=PATH)`` runs on an EDF/CSV file instead (seizures from its EDF+ annotations or a
CHB-MIT / Siena seizure list, see ``data.load``).

Protocol: the recording is high-passed at 0.5 Hz and cut into 1 s windows every 0.5 s (Gardner et
al. 2006's 1 s windows, with overlap). Detectors are fitted on the windows of the first part of
the recording (the first 15 minutes for Siena, which are seizure-free; ``train_fraction``
elsewhere) that lie at least ``guard_seconds`` from any seizure, and scored on every window after
it. Detectors: Gardner et al. 2006's one-class SVM with its persistence gate, Hjorth + line length
features under PyOD's isolation forest, LOF and kNN, the matrix profile (Yeh et al. 2016) and a
convolutional VAE (``vae.py``); see ``detectors.py`` for the citations. Scoring is
``evaluation.py``: window AUROC / AP with 60 s block-bootstrap intervals, SzCORE-style event
scoring (Dan et al. 2025). Alarms are each detector's own output: the persistence-gated events for
the OC-SVM, ``score > threshold_`` (set by ``contamination`` on the training scores) for the others.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.report.inline import RunResult
from deeproots.research.eeg import data as eegdata
from deeproots.research.eeg import evaluation as ev
from deeproots.research.eeg.recording import Event, Recording, Windows, windows
from deeproots.research.eeg.summary import COLUMNS, DETECTORS, figure, published_rows, table_rows, verdict
from deeproots.research.eeg.synthetic import SyntheticConfig, generate


@dataclass(frozen=True)
class RunParams:
    """Everything a run depends on besides the data and the seed."""

    synthetic_minutes: float = 60.0
    """Length of the synthetic recording in minutes."""
    synthetic_channels: tuple[str, ...] = SyntheticConfig().channels
    """Electrodes of the synthetic recording (default: the 19 of the 10-20 system)."""
    synthetic_fs: float = 256.0
    """Sampling rate of the synthetic recording in Hz."""
    seizures_per_hour: float = 6.0
    """Focal evolving seizures per hour in the synthetic recording (spike-and-wave runs come on top)."""
    train_fraction: float = 0.4
    """Share of a recording (synthetic or --data) whose seizure-free windows train the detectors."""
    siena_train_end: float = 900.0
    """Siena excerpt: windows before this time (s) train the detectors (the first 15 min are seizure-free)."""
    siena_span: tuple[float, float] | None = None
    """Siena excerpt: (start, end) in seconds to crop it to (None: all 2,625 s); for quick tests."""
    guard_seconds: float = 60.0
    """Training windows keep at least this far (s) from any annotated seizure."""
    window: float = 1.0
    """Window length in seconds (Gardner et al. 2006 use 1 s)."""
    step: float = 0.5
    """Window step in seconds (0.5: half-overlapping windows)."""
    highpass_hz: float = 0.5
    """High-pass cut-off applied before windowing (removes drift)."""
    max_fs: float = 256.0
    """Files sampled faster are resampled to this rate (Hz)."""
    contamination: float = 0.02
    """Share of training windows above each baseline's alarm threshold (PyOD's contamination)."""
    nu: float = 0.05
    """Gardner OC-SVM: the nu of the one-class SVM (bound on the training outlier fraction)."""
    persistence_window: int = 10
    """Gardner OC-SVM: windows in the persistence run whose outlier count is tested against nu."""
    mp_fs: float = 32.0
    """Matrix profile: the channel mean is resampled to this rate (Hz) before the AB-join."""
    mp_seconds: float = 1.0
    """Matrix profile: subsequence length in seconds."""
    mp_reference_seconds: float = 300.0
    """Matrix profile: at most this much seizure-free training signal is the reference."""
    vae_fs: float = 64.0
    """Conv VAE: windows are resampled to at most this rate (Hz) first."""
    vae_epochs: int = 15
    """Conv VAE: training epochs."""
    n_boot: int = 1000
    """Bootstrap resamples for every confidence interval."""
    block_seconds: float = 60.0
    """Block length of the window bootstrap in seconds (see evaluation.py for the choice)."""
    detectors: tuple[str, ...] = tuple(DETECTORS)
    """Which detectors to run (keys of DETECTORS)."""

    def __post_init__(self) -> None:
        unknown = [name for name in self.detectors if name not in DETECTORS]
        if unknown or not self.detectors:
            raise DeeprootsError(f"unknown detector(s) {unknown}; choose from {', '.join(DETECTORS)}")
        if not 0 < self.train_fraction < 1:
            raise DeeprootsError(f"train_fraction must be in (0, 1) (got {self.train_fraction}); e.g. 0.4")
        if not 0 < self.step <= self.window:
            raise DeeprootsError(f"need 0 < step <= window (got step={self.step}, window={self.window})")


QUICK = RunParams()
"""Both datasets, all detectors, in well under 3 minutes on 2 CPU cores."""
FULL = RunParams(synthetic_minutes=120.0, vae_epochs=40, mp_reference_seconds=600.0, n_boot=2000)
"""Two hours of synthetic EEG, a longer-trained VAE and a longer matrix-profile reference (minutes on a
bigger machine; about 2 GB of memory)."""


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    recording: Recording
    train_end: float
    note: str


def _crop(recording: Recording, start: float, end: float) -> Recording:
    first, last = int(round(start * recording.fs)), int(round(end * recording.fs))
    shift = lambda events: tuple(Event(e.start - start, e.end - start, e.kind, e.channels)  # noqa: E731
                                 for e in events if e.end > start and e.start < end)
    return replace(recording, data=recording.data[:, first:last].copy(), seizures=shift(recording.seizures),
                   events=shift(recording.events))


def default_datasets(params: RunParams, seed: int) -> list[Dataset]:
    config = SyntheticConfig(duration=60 * params.synthetic_minutes, fs=params.synthetic_fs,
                             channels=params.synthetic_channels, seizures_per_hour=params.seizures_per_hour)
    synthetic = generate(config, seed=seed)
    siena, note = eegdata.siena_excerpt(), "Siena PN00-1, F8, 64 Hz; train on the first 15 min (seizure-free)"
    train_end = params.siena_train_end
    if params.siena_span is not None:
        start, end = params.siena_span
        siena, train_end = _crop(siena, start, end), train_end - start
        note += f"; cropped to {start:g}-{end:g} s (times below start at {start:g} s)"
    return [Dataset("synthetic", f"Synthetic EEG ({params.synthetic_minutes:g} min, {len(config.channels)} channels, "
                                 f"{config.fs:g} Hz, seed {seed})", synthetic,
                    params.train_fraction * synthetic.duration,
                    f"train on the seizure-free windows of the first {100 * params.train_fraction:.0f}%"),
            Dataset("siena", "Siena Scalp EEG, PN00-1, channel F8", siena, train_end,
                    f"{note}. {eegdata.SIENA_SOURCE}")]


def file_dataset(path: str | Path, params: RunParams, annotations=None, channels=None) -> Dataset:
    recording = eegdata.load(path, channels, annotations)
    if recording.fs > params.max_fs:
        recording = eegdata.resample(recording, params.max_fs)
    return Dataset("file", f"{Path(path).name} ({len(recording.channels)} channels, {recording.fs:g} Hz)", recording,
                   params.train_fraction * recording.duration,
                   f"train on the seizure-free windows of the first {100 * params.train_fraction:.0f}%; "
                   f"{len(recording.seizures)} annotated seizure(s)")


def _subset(w: Windows, mask: np.ndarray) -> Windows:
    return replace(w, data=w.data[mask], starts=w.starts[mask], seizure=w.seizure[mask], artifact=w.artifact[mask])


def split(w: Windows, recording: Recording, train_end: float, guard: float) -> tuple[np.ndarray, np.ndarray]:
    """(train, test) masks: train = windows ending by ``train_end`` and ``guard`` s clear of any seizure;
    test = windows starting at or after ``train_end``."""
    ends = w.starts + w.length
    clear = np.ones(len(w.starts), bool)
    for s in recording.seizures:
        clear &= (ends <= s.start - guard) | (w.starts >= s.end + guard)
    train, test = (ends <= train_end) & clear, w.starts >= train_end
    if train.sum() < 20 or test.sum() < 20:
        raise DeeprootsError(f"{recording.source}: {train.sum()} training and {test.sum()} test windows; need at "
                             f"least 20 of each: use a longer recording or change train_fraction")
    return train, test


def _longest_run(mask: np.ndarray, limit: int) -> np.ndarray:
    edges = np.diff(np.r_[0, mask.astype(np.int8), 0])
    firsts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    best = int(np.argmax(stops - firsts))
    out = np.zeros_like(mask)
    out[firsts[best]:min(stops[best], firsts[best] + limit)] = True
    return out


def make_detector(name: str, params: RunParams, seed: int, fs: float):
    from deeproots.research.eeg import detectors, vae
    if name == "gardner_ocsvm":
        return detectors.GardnerOneClassSVM(nu=params.nu, persistence_window=params.persistence_window)
    if name.startswith("hjorth_"):
        return detectors.HjorthDetector(name.removeprefix("hjorth_"), contamination=params.contamination,
                                        random_state=seed)
    if name == "matrix_profile":
        return detectors.MatrixProfileDetector(m=max(4, int(round(params.mp_seconds * fs))),
                                               contamination=params.contamination)
    return vae.ConvVAEDetector(epochs=params.vae_epochs, contamination=params.contamination, random_state=seed)


def _windows_at(recording: Recording, fs: float | None, params: RunParams) -> Windows:
    if fs is not None and recording.fs > fs:
        recording = eegdata.resample(recording, fs)
    return windows(recording, params.window, params.step)


def evaluate(dataset: Dataset, params: RunParams, seed: int, tick: Callable[[str], None]) -> dict:
    """Fit and score every detector on one dataset; returns {detector: results}."""
    from deeproots.research.eeg import detectors
    recording = eegdata.bandpass(dataset.recording, params.highpass_hz, None)
    rates = {"matrix_profile": params.mp_fs, "conv_vae": params.vae_fs}
    cache: dict = {}
    results = {}
    for name in params.detectors:
        tick(f"{dataset.key}: {DETECTORS[name]}")
        rate = rates.get(name)
        if rate not in cache:
            cache[rate] = _windows_at(recording, rate, params)
        w = cache[rate]
        train, test = split(w, recording, dataset.train_end, params.guard_seconds)
        if name == "matrix_profile":
            train = _longest_run(train, int(params.mp_reference_seconds / params.step))
        detector = make_detector(name, params, seed, w.fs)
        started, cpu = time.perf_counter(), time.process_time()
        detector.fit(_subset(w, train))
        fitted = time.perf_counter()
        test_w = _subset(w, test)
        scores = np.asarray(detector.decision_function(test_w), dtype=np.float64)
        scored = time.perf_counter()
        if name == "gardner_ocsvm":  # its own gate: n outliers (outside the SVM's support) among the last k
            flags = detectors.persistence(scores > 0, detector.persistence_n_, detector.persistence_window)
        else:
            flags = scores > detector.threshold_
        results[name] = _score(dataset, params, seed, test_w, scores, flags, detector.threshold_)
        results[name].update(fit_s=fitted - started, score_s=scored - fitted, cpu_s=time.process_time() - cpu,
                             train_windows=int(train.sum()))
        if hasattr(detector, "device_"):  # the VAE: where it trained ("cpu", "cuda:0 (<card>)")
            results[name]["device"] = detector.device_
    return results


def _score(dataset: Dataset, params: RunParams, seed: int, w: Windows, scores, flags, threshold) -> dict:
    rules = ev.EventRules()
    block = max(1, int(round(params.block_seconds / params.step)))
    window = ev.window_scores(scores, w.seizure, block=block, n_boot=params.n_boot, seed=seed)
    runs = ev.alarm_events(flags, w.starts, w.length)
    span = (float(w.starts[0]), float(w.starts[-1] + w.length))
    events = ev.score_events(dataset.recording.seizures, runs, span, rules, dataset.recording.events, delay=w.length)
    sens_ci = ev.sensitivity_ci(events.detected, params.n_boot, seed)
    signed = [x for x in events.signed_latencies if np.isfinite(x)]
    return {"auroc": window.auroc, "auroc_low": window.auroc_ci[0], "auroc_high": window.auroc_ci[1],
            "ap": window.ap, "ap_low": window.ap_ci[0], "ap_high": window.ap_ci[1], "prevalence": window.prevalence,
            "bootstrap_used": window.n_boot_used, "seizures": events.n_seizures, "detected": int(sum(events.detected)),
            "sensitivity": events.sensitivity, "sensitivity_low": sens_ci[0], "sensitivity_high": sens_ci[1],
            "mean_latency_s": events.mean_latency,
            "mean_signed_latency_s": float(np.mean(signed)) if signed else math.nan,
            "alarms": events.n_alarms, "false_alarms": events.n_false_alarms,
            "false_alarms_per_hour": events.false_alarms_per_hour,
            "false_alarms_on_artifacts": events.false_alarms_on_artifacts,
            "false_alarms_on_interictal": events.false_alarms_on_interictal,
            "alarm_time_fraction": events.alarm_time_fraction, "test_hours": (span[1] - span[0]) / 3600,
            "_plot": (w.starts + w.length / 2, scores, threshold, runs)}


def run_eeg(data: str | Path | None = None, root: Path = Path("runs"), quick: bool = True,
            progress: Callable[[float, str], None] | None = None, seed: int = 0, *,
            annotations: str | Path | None = None, channels=None, params: RunParams | None = None,
            overrides: dict | None = None) -> tuple[dict, Path]:
    """Run every detector on the default datasets (synthetic, then the Siena excerpt) or on ``data``
    (an EDF/CSV file, seizures from ``annotations``); write ``root/research/eeg/<timestamp>/`` with
    report.html and metrics.json. ``overrides`` (``--set``) change the preset's (or ``params``')
    fields. Returns (metrics, path of report.html)."""
    from deeproots.report import Report
    from deeproots.runs import folder as run_folder
    from deeproots.runs.overrides import apply

    params = apply(params or (QUICK if quick else FULL), overrides, "the EEG run")
    progress = progress or (lambda fraction, message: None)
    started = time.perf_counter()
    datasets = default_datasets(params, seed) if data is None else [file_dataset(data, params, annotations, channels)]
    folder = run_folder.create(root, "eeg", track="research")
    with run_folder.removed_if_nothing_done(folder.path):  # an error or Ctrl-C leaves no empty folder
        steps, done = len(datasets) * len(params.detectors), [0]

        def tick(message: str) -> None:
            progress(done[0] / steps, message)
            done[0] += 1

        report = Report("EEG seizure detection: papers reimplemented, scored on the same windows", seed=seed)
        report.text("Detectors are fitted on seizure-free EEG only and scored on the later part of each recording. "
                    "Window level: AUROC and average precision with 95% circular block-bootstrap intervals "
                    f"({params.block_seconds:g} s blocks, {params.n_boot} resamples). Event level (SzCORE conventions, "
                    "Dan et al. 2025): alarms up to 30 s before onset count, alarms up to 60 s after offset are not "
                    "false, a false alarm has a 90 s refractory period and lasts at most 5 min; "
                    "a seizure is detected when an alarm window lies within [onset - 30 s, offset], and its latency "
                    "runs to the end of the first such window. Sensitivity intervals resample seizures (one seizure: "
                    "no real interval).")
        all_results, metrics = {}, {}
        for ds in datasets:
            results = evaluate(ds, params, seed, tick)
            all_results[ds.key] = results
            report.text(f"## {ds.title}\n\n{ds.note}. Test part: {next(iter(results.values()))['test_hours'] * 60:.1f} "
                        f"min with {next(iter(results.values()))['seizures']} seizure(s); "
                        f"{len(ds.recording.artifacts) / ds.recording.duration * 60:.2g} labelled artifacts per minute "
                        "(where they are frequent, false alarms overlap one by chance too).")
            report.table(table_rows(results), COLUMNS, caption=f"{ds.title}: detectors on the test part")
            report.figure(figure(ds, results), caption=f"{ds.title}: each detector's score over the test part; "
                          "seizures shaded orange, alarms as red bars, dashed line: alarm threshold",
                          name=f"scores-{ds.key}")
            for name, r in results.items():
                metrics.update({f"{ds.key}/{name}/{k}": v for k, v in r.items() if not k.startswith("_")})
        report.table(published_rows(all_results), ["what", "published", "ours", "source (data)", "comparable?"],
                     caption="Published vs ours: the published numbers were measured on other data")
        metrics["verdict"] = verdict(datasets, all_results)
        metrics["device"] = ", ".join(sorted({r["device"] for results in all_results.values()
                                              for r in results.values() if "device" in r})) or "cpu"
        progress(1.0, "writing the report")
        report.text(f"**Verdict:** {metrics['verdict']}")
        report.params({**asdict(params), "preset": "quick" if quick else "full", "data": str(data or "default")})
        report.metrics(metrics)
        return RunResult(metrics, report.write(folder, wall_time_s=time.perf_counter() - started))
