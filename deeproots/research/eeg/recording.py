"""The shared shapes of the EEG track: a labelled recording and its windows.

Everything that produces EEG (the EDF readers in ``data.py``, the generator in ``synthetic.py``)
returns a :class:`Recording`; everything that scores EEG (features, detectors, evaluation) takes
:class:`Windows` cut from one. Times are in seconds from the start of the recording, amplitudes
in microvolts.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Event:
    """A labelled interval: a seizure, an interictal spike, or an artifact (eye blink, muscle...)."""

    start: float
    end: float
    kind: str = "seizure"
    """"seizure", or an event kind ("spike", "sharp-wave", "spike-wave"), or an artifact kind
    ("eye-blink", "muscle", "electrode-pop", "flat")."""
    channels: tuple[str, ...] = ()
    """Where it is visible (empty: all channels / unknown)."""


ARTIFACT_KINDS = ("eye-blink", "muscle", "electrode-pop", "flat", "line-noise")


@dataclass(frozen=True)
class Recording:
    data: np.ndarray
    """(channels, samples) float64, microvolts."""
    fs: float
    """Sampling rate in Hz."""
    channels: tuple[str, ...]
    """Channel names, one per row of ``data`` (10-20 names, e.g. "F8" or bipolar "FP1-F7")."""
    seizures: tuple[Event, ...] = ()
    """Annotated seizures (the anomaly to detect)."""
    events: tuple[Event, ...] = ()
    """Other labelled events: interictal discharges and artifacts (kind in ARTIFACT_KINDS)."""
    source: str = ""
    """Where it came from (file name, or "synthetic, seed 0"), with attribution where due."""

    def __post_init__(self) -> None:
        if self.data.ndim != 2 or self.data.shape[0] != len(self.channels):
            raise ValueError(f"data must be (channels, samples) with one row per channel name; got "
                             f"{self.data.shape} for {len(self.channels)} channels")
        if not self.fs > 0:
            raise ValueError(f"fs must be positive (got {self.fs})")

    @property
    def duration(self) -> float:
        return self.data.shape[1] / self.fs

    @property
    def artifacts(self) -> tuple[Event, ...]:
        return tuple(event for event in self.events if event.kind in ARTIFACT_KINDS)


@dataclass(frozen=True)
class Windows:
    """Fixed-length windows cut from a recording, with labels by overlap."""

    data: np.ndarray
    """(n_windows, channels, samples_per_window) float64."""
    starts: np.ndarray
    """(n_windows,) start time of each window in seconds."""
    length: float
    """Window length in seconds."""
    fs: float
    seizure: np.ndarray
    """(n_windows,) bool: the window overlaps a seizure by at least ``min_overlap`` of its length."""
    artifact: np.ndarray
    """(n_windows,) bool: the window overlaps a labelled artifact (any overlap)."""
    channels: tuple[str, ...] = field(default=())


def overlap_fraction(starts: np.ndarray, length: float, events) -> np.ndarray:
    """Share of each window [start, start + length) covered by the union of ``events``."""
    covered = np.zeros(len(starts))
    for event in events:
        covered += np.clip(np.minimum(starts + length, event.end) - np.maximum(starts, event.start), 0, None)
    return np.minimum(covered / length, 1.0)


def windows(recording: Recording, length: float = 1.0, step: float | None = None,
            min_overlap: float = 0.5) -> Windows:
    """Windows of ``length`` seconds every ``step`` seconds (default: no overlap); a window is a
    seizure window when at least ``min_overlap`` of it lies in a seizure."""
    step = length if step is None else step
    size, hop = int(round(length * recording.fs)), int(round(step * recording.fs))
    if size < 1 or hop < 1:
        raise ValueError(f"window length and step must be at least one sample at {recording.fs} Hz")
    n = (recording.data.shape[1] - size) // hop + 1
    if n < 1:
        raise ValueError(f"the recording ({recording.duration:.1f} s) is shorter than one window ({length} s)")
    view = np.lib.stride_tricks.sliding_window_view(recording.data, size, axis=1)[:, ::hop][:, :n]
    starts = np.arange(n) * hop / recording.fs
    return Windows(data=np.ascontiguousarray(view.transpose(1, 0, 2)), starts=starts, length=size / recording.fs,
                   fs=recording.fs, seizure=overlap_fraction(starts, length, recording.seizures) >= min_overlap,
                   artifact=overlap_fraction(starts, length, recording.artifacts) > 0, channels=recording.channels)
