"""seizure-detector's kit: synthetic single-channel EEG with seizures and artifacts (the learner's ``ctx.kit``).

Every recording is 5 minutes of one scalp channel, F8, sampled at 64 Hz: the format of the real
Siena excerpt the project also reports on (Siena PN00-1, F8, 64 Hz). The generator is the research
track's (``deeproots.research.eeg.synthetic``: 1/f background, focal evolving seizures, 3 Hz
spike-and-wave runs, interictal spikes and sharp waves, eye blinks, muscle bursts, electrode pops,
flat stretches); each recording draws its own mix of amplitudes and artifact rates
(:func:`draw_config`), so a fixed amplitude threshold does not transfer from one to the next. The
signal is high-passed at 0.5 Hz and cut into 2 s windows every 1 s; a window is a seizure window
when at least half of it lies in a seizure (or a spike-and-wave run).

The learner's file may not import ``deeproots.research.eeg`` itself: the kit is the one source of
training data, so the budget (windows of EEG) counts everything a model learned from.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from scipy import signal

from deeproots.errors import DeeprootsError
from deeproots.research.eeg.recording import Recording, windows
from deeproots.research.eeg.synthetic import SyntheticConfig, generate

FS = 64.0  # Hz, as the Siena excerpt
CHANNEL = "F8"
WINDOW_S, STEP_S = 2.0, 1.0
SAMPLES = int(WINDOW_S * FS)  # 128 samples per window
MINUTES = 5.0  # length of one recording
HIGHPASS_HZ = 0.5
WINDOWS_PER_RECORDING = int((60 * MINUTES - WINDOW_S) / STEP_S) + 1  # 299
_HIGHPASS = signal.butter(4, HIGHPASS_HZ, btype="highpass", fs=FS, output="sos")  # as research.eeg.data.bandpass


@dataclass(frozen=True)
class Batch:
    """One recording cut into windows, in time order."""

    windows: np.ndarray
    """(n, 1, 128) float32: 2 s of channel F8 at 64 Hz, in µV, high-passed at 0.5 Hz."""
    seizure: np.ndarray
    """(n,) bool: at least half of the window lies in a seizure (the label to predict)."""
    artifact: np.ndarray
    """(n,) bool: the window touches a labelled artifact (eye blink, muscle, electrode pop, flat)."""
    starts: np.ndarray
    """(n,) start time of each window in seconds."""
    seizures: tuple[tuple[float, float], ...]
    """(start, end) of each seizure in seconds."""
    events: tuple[tuple[float, float, str], ...]
    """(start, end, kind) of the other labelled events: spikes, sharp waves, artifacts."""


def draw_config(rng: np.random.Generator) -> SyntheticConfig:
    """One recording's settings: how strong its background and seizures are, how often it has artifacts."""
    return SyntheticConfig(
        duration=60 * MINUTES, fs=FS, channels=(CHANNEL,), lowpass_hz=25.0,
        alpha_uv=0.0,  # posterior alpha is below 0.1 µV at F8: not drawn
        background_uv=(10.0, 45.0),
        seizures_per_hour=float(rng.choice([0.0, 12.0, 24.0])),
        seizure_seconds=(10.0, 60.0),
        seizure_hz=(float(rng.uniform(5.0, 12.0)), float(rng.uniform(2.0, 4.0))),
        seizure_uv=(40.0, 250.0),
        spike_wave_per_hour=float(rng.choice([0.0, 12.0])),
        spike_wave_uv=(60.0, 250.0),
        spikes_per_minute=float(rng.uniform(0.0, 3.0)), sharp_waves_per_minute=float(rng.uniform(0.0, 1.5)),
        spike_uv=(60.0, 200.0),
        blinks_per_minute=float(rng.uniform(0.0, 6.0)),
        muscle_per_minute=float(rng.uniform(0.0, 3.0)), muscle_uv=(20.0, 80.0),
        pops_per_minute=float(rng.uniform(0.0, 1.0)), pop_uv=(100.0, 400.0),
        flats_per_hour=float(rng.uniform(0.0, 30.0)))


def highpass(recording: Recording) -> Recording:
    """Zero-phase 4th-order Butterworth high-pass at 0.5 Hz (``research.eeg.data.bandpass(r, 0.5, None)``
    with the filter designed once)."""
    return replace(recording, data=signal.sosfiltfilt(_HIGHPASS, recording.data, axis=1))


def make_recording(seed: np.random.SeedSequence) -> Recording:
    """A fresh labelled recording (high-passed at 0.5 Hz), deterministic in ``seed``. In the rare
    draw whose events do not fit in 5 minutes, the recording is drawn again from the next child seed."""
    for attempt in range(100):
        key = (*seed.spawn_key, 2000 + attempt) if attempt else seed.spawn_key  # clear of generate()'s streams
        root = np.random.SeedSequence(seed.entropy, spawn_key=key)
        config = draw_config(np.random.default_rng(np.random.SeedSequence(seed.entropy, spawn_key=(*key, 1000))))
        try:
            return highpass(generate(config, root))
        except DeeprootsError:
            continue
    raise DeeprootsError("no synthetic recording fitted its events in 100 draws")


def cut(recording: Recording) -> Batch:
    """The recording's 2 s windows every 1 s, with their labels."""
    w = windows(recording, WINDOW_S, STEP_S)
    return Batch(windows=w.data.astype(np.float32), seizure=w.seizure, artifact=w.artifact, starts=w.starts,
                 seizures=tuple((e.start, e.end) for e in recording.seizures),
                 events=tuple((e.start, e.end, e.kind) for e in recording.events))


def recording(ctx, seed: int | None = None) -> Batch:
    """One fresh 5-minute synthetic recording as 299 windows (n, 1, 128) float32 with labels.

    Every window counts against the budget (``ctx.steps``: windows of EEG). Each call draws a new
    recording (from ``ctx.seed`` and a counter) unless ``seed`` is given."""
    ctx.count(WINDOWS_PER_RECORDING)  # the budget is in windows: past it, BudgetExhausted
    if seed is None:
        seed = ctx.next_seed()
    elif not isinstance(seed, np.random.SeedSequence):
        seed = np.random.SeedSequence(int(seed))
    return cut(make_recording(seed))
