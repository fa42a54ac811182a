"""Synthetic scalp EEG with ground truth: background, alpha, seizures, interictal events, artifacts.

What the generator draws, and where the numbers come from:

- Background: 1/f^chi ("scale-free") noise, chi in [1, 2] as measured on scalp EEG - He (2014),
  "Scale-free brain activity: past, present, and future", Trends Cogn. Sci. 18(9):480-487;
  Donoghue et al. (2020), "Parameterizing neural power spectra into periodic and aperiodic
  components", Nat. Neurosci. 23:1655-1665. It is shaped in the frequency domain (white noise
  times f^(-chi/2), as in Timmer & Koenig (1995), "On generating power law noise", Astron.
  Astrophys. 300:707-710), flat below ``knee_hz`` (the amplifier's high-pass), then mixed across
  electrodes with the Cholesky factor of exp(-d / correlation_length): volume conduction makes
  nearby electrodes correlated (Nunez & Srinivasan (2006), "Electric Fields of the Brain", 2nd ed.).
- Posterior alpha (8-12 Hz) that waxes and wanes, strongest at O1/O2 and over the parietal chain.
- Interictal spikes (20-70 ms) and sharp waves (70-200 ms), each followed by a slow wave, and the
  3 Hz generalised spike-and-wave: durations from Kane et al. (2017), "A revised glossary of terms
  most commonly used by clinical electroencephalographers ... Revision 2017", Clin. Neurophysiol.
  Pract. 2:170-185.
- Seizures as rhythmic discharges that evolve in frequency (e.g. 8 -> 3 Hz), amplitude (grow then
  fade) and location (focal onset, spreading), the three kinds of evolution of Hirsch et al. (2021),
  "American Clinical Neurophysiology Society's Standardized Critical Care EEG Terminology: 2021
  Version", J. Clin. Neurophysiol. 38(1):1-29.
- Artifacts - eye blinks (frontopolar), muscle (20-70 Hz, temporal), electrode pops, flat
  channels, line noise - after Tatum, Dworetzky & Schomer (2011), "Artifact and recording concepts
  in EEG", J. Clin. Neurophysiol. 28(3):252-263.

Every component draws from its own child of ``SeedSequence(seed)``, so switching one off leaves the
others sample-for-sample unchanged (the lab's way: ablate one thing, keep the rest). Positions are
2-D scalp coordinates in head radii (x to the right ear, y to the nose, CZ at the origin).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.research.eeg.recording import Event, Recording

POSITIONS: dict[str, tuple[float, float]] = {
    "FP1": (-0.3, 0.95), "FPZ": (0.0, 1.0), "FP2": (0.3, 0.95),
    "F7": (-0.8, 0.6), "F3": (-0.4, 0.55), "FZ": (0.0, 0.5), "F4": (0.4, 0.55), "F8": (0.8, 0.6),
    "T3": (-1.0, 0.0), "C3": (-0.5, 0.0), "CZ": (0.0, 0.0), "C4": (0.5, 0.0), "T4": (1.0, 0.0),
    "T5": (-0.8, -0.6), "P3": (-0.4, -0.55), "PZ": (0.0, -0.5), "P4": (0.4, -0.55), "T6": (0.8, -0.6),
    "O1": (-0.3, -0.95), "OZ": (0.0, -1.0), "O2": (0.3, -0.95),
}
"""Approximate 2-D positions of the 10-20 electrodes (head radii); T7/T8/P7/P8 alias T3/T4/T5/T6."""
POSITIONS.update(T7=POSITIONS["T3"], T8=POSITIONS["T4"], P7=POSITIONS["T5"], P8=POSITIONS["T6"])
CHANNELS_10_20 = ("FP1", "FP2", "F7", "F3", "FZ", "F4", "F8", "T3", "C3", "CZ", "C4", "T4",
                  "T5", "P3", "PZ", "P4", "T6", "O1", "O2")
"""The 19 electrodes of the international 10-20 system."""
VISIBLE = 0.25
"""An event lists the channels where it reaches at least this share of its peak amplitude."""
GAP = 1.0
"""Seconds kept free between any two placed events (seizures included)."""


@dataclass(frozen=True)
class SyntheticConfig:
    duration: float = 600.0
    """Length of the recording in seconds, 1..86400."""
    fs: float = 256.0
    """Sampling rate in Hz, 64..4096 (and above twice the highest frequency drawn)."""
    channels: tuple[str, ...] = CHANNELS_10_20
    """Electrode names, keys of POSITIONS (upper case), no repeats."""
    chi: float = 1.5
    """Exponent of the background spectrum 1/f^chi, 0..3 (scalp EEG: 1..2)."""
    knee_hz: float = 0.5
    """Below this frequency the background spectrum is flat, 0.01..10 Hz."""
    lowpass_hz: float = 70.0
    """Above this the background rolls off as a 4th-order Butterworth (the amplifier's low-pass), 20..2048 Hz."""
    background_uv: tuple[float, float] = (15.0, 35.0)
    """(low, high) RMS of the background in µV; each channel's RMS is drawn uniformly in it, 0..500."""
    correlation_length: float = 0.5
    """Background correlation exp(-d / this) between electrodes d head radii apart, 0 (independent)..5."""
    alpha_uv: float = 20.0
    """Peak alpha amplitude at O1/O2 in µV when fully waxed, 0 (off)..200."""
    alpha_hz: float = 10.0
    """Centre frequency of the alpha rhythm, 8..12 Hz."""
    line_noise_hz: float = 0.0
    """Mains frequency (50 or 60; 0 = off). Constant over the recording, so not labelled as an event."""
    line_noise_uv: float = 5.0
    """Mean line-noise amplitude in µV (each channel gets 0.5..1.5 times it), 0..200."""
    seizures_per_hour: float = 12.0
    """Focal evolving seizures per hour, 0..120; the count is round(rate x duration)."""
    seizure_seconds: tuple[float, float] = (10.0, 90.0)
    """(shortest, longest) seizure in seconds, 2..600."""
    seizure_hz: tuple[float, float] = (8.0, 3.0)
    """Discharge frequency at the (onset, end) of a seizure, 1..30 Hz: it evolves linearly."""
    seizure_uv: tuple[float, float] = (150.0, 300.0)
    """(low, high) peak amplitude of a seizure at its focus in µV, 0..2000."""
    seizure_spread: float = 0.8
    """Spatial reach (head radii) of a seizure once spread, reached halfway through; onset reach is 0.15; 0.15..3."""
    spike_wave_per_hour: float = 6.0
    """Runs of 3 Hz generalised spike-and-wave per hour, 0..120."""
    spike_wave_seconds: tuple[float, float] = (3.0, 15.0)
    """(shortest, longest) spike-and-wave run in seconds, 1..120."""
    spike_wave_uv: tuple[float, float] = (150.0, 300.0)
    """(low, high) peak amplitude of spike-and-wave (frontal maximum) in µV, 0..2000."""
    spike_wave_as_seizure: bool = True
    """Spike-and-wave runs go in ``recording.seizures`` if True, in ``recording.events`` if False."""
    spikes_per_minute: float = 2.0
    """Interictal spikes per minute, 0..60."""
    spike_ms: tuple[float, float] = (20.0, 70.0)
    """(shortest, longest) spike, base to base, in ms, 5..1000; a slow wave 3-5x as long follows."""
    sharp_waves_per_minute: float = 1.0
    """Interictal sharp waves per minute, 0..60."""
    sharp_wave_ms: tuple[float, float] = (70.0, 200.0)
    """(shortest, longest) sharp wave, base to base, in ms, 5..1000; a slow wave follows."""
    spike_uv: tuple[float, float] = (60.0, 150.0)
    """(low, high) peak amplitude of spikes and sharp waves at their focus in µV, 0..2000."""
    blinks_per_minute: float = 6.0
    """Eye blinks per minute, 0..60."""
    blink_ms: tuple[float, float] = (200.0, 400.0)
    """(shortest, longest) blink in ms, 50..2000."""
    blink_uv: tuple[float, float] = (100.0, 300.0)
    """(low, high) blink amplitude at FP1/FP2 in µV, 0..2000."""
    muscle_per_minute: float = 1.0
    """Muscle bursts per minute, 0..60."""
    muscle_seconds: tuple[float, float] = (0.5, 3.0)
    """(shortest, longest) muscle burst in seconds, 0.1..60."""
    muscle_uv: tuple[float, float] = (20.0, 60.0)
    """(low, high) RMS of a muscle burst (20-70 Hz) at its strongest channel in µV, 0..2000."""
    pops_per_minute: float = 0.5
    """Electrode pops (a step on one channel decaying with time constant 0.1-0.5 s) per minute, 0..60."""
    pop_uv: tuple[float, float] = (100.0, 300.0)
    """(low, high) size of an electrode pop's step in µV (sign at random), 0..2000."""
    flats_per_hour: float = 6.0
    """Flat channels (one channel holds its value) per hour, 0..600."""
    flat_seconds: tuple[float, float] = (1.0, 5.0)
    """(shortest, longest) flat stretch in seconds, 0.1..600."""
    events_during_seizures: bool = False
    """If False, no spike, sharp wave or artifact overlaps a seizure or spike-and-wave run."""

    def __post_init__(self) -> None:
        _number(self, "duration", 1.0, 86400.0)
        _number(self, "fs", 64.0, 4096.0)
        chans = self.channels
        if not isinstance(chans, tuple) or not chans or len(set(chans)) != len(chans) \
                or not all(isinstance(c, str) and c in POSITIONS for c in chans):
            raise _invalid(self, "channels", f"a tuple of distinct names from {', '.join(POSITIONS)}")
        for name, lo, hi in (("chi", 0, 3), ("knee_hz", 0.01, 10), ("correlation_length", 0, 5),
                             ("alpha_uv", 0, 200), ("alpha_hz", 8, 12), ("line_noise_uv", 0, 200),
                             ("seizures_per_hour", 0, 120), ("seizure_spread", 0.15, 3),
                             ("spike_wave_per_hour", 0, 120), ("spikes_per_minute", 0, 60),
                             ("sharp_waves_per_minute", 0, 60), ("blinks_per_minute", 0, 60),
                             ("muscle_per_minute", 0, 60), ("pops_per_minute", 0, 60), ("flats_per_hour", 0, 600)):
            _number(self, name, lo, hi)
        _number(self, "lowpass_hz", 20.0, 2048.0)
        if self.line_noise_hz != 0:
            _number(self, "line_noise_hz", 1.0, self.fs / 2 - 1, " or 0 (off)")
        for name, lo, hi in (("background_uv", 0, 500), ("seizure_seconds", 2, 600), ("seizure_uv", 0, 2000),
                             ("spike_wave_seconds", 1, 120), ("spike_wave_uv", 0, 2000), ("spike_ms", 5, 1000),
                             ("sharp_wave_ms", 5, 1000), ("spike_uv", 0, 2000), ("blink_ms", 50, 2000),
                             ("blink_uv", 0, 2000), ("muscle_seconds", 0.1, 60), ("muscle_uv", 0, 2000),
                             ("pop_uv", 0, 2000), ("flat_seconds", 0.1, 600)):
            _interval(self, name, lo, hi)
        hz = self.seizure_hz
        if not (isinstance(hz, tuple) and len(hz) == 2 and all(_real(v) and 1 <= v <= 30 for v in hz)):
            raise _invalid(self, "seizure_hz", "an (onset, end) pair of frequencies in [1, 30] Hz")
        for name in ("spike_wave_as_seizure", "events_during_seizures"):
            if not isinstance(getattr(self, name), bool):
                raise _invalid(self, name, "True or False")
        if self.fs < 2 * max(hz) + 2:
            raise _invalid(self, "fs", f"above twice the fastest seizure frequency ({max(hz):g} Hz)")

    def without_events(self) -> SyntheticConfig:
        """The same background (and alpha, line noise) with every seizure, event and artifact off."""
        rates = [f.name for f in fields(self) if f.name.endswith(("_per_hour", "_per_minute"))]
        return replace(self, **dict.fromkeys(rates, 0.0))


def _real(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating)) \
        and math.isfinite(value)


def _invalid(config, name: str, allowed: str) -> DeeprootsError:
    return DeeprootsError(f"SyntheticConfig.{name} must be {allowed} (got {getattr(config, name)!r}); "
                          f"change it in the config")


def _number(config, name: str, lo: float, hi: float, extra: str = "") -> None:
    value = getattr(config, name)
    if not (_real(value) and lo <= value <= hi):
        raise _invalid(config, name, f"a number in [{lo:g}, {hi:g}]{extra}")


def _interval(config, name: str, lo: float, hi: float) -> None:
    value = getattr(config, name)
    if not (isinstance(value, tuple) and len(value) == 2 and all(_real(v) for v in value)
            and lo <= value[0] <= value[1] <= hi):
        raise _invalid(config, name, f"a (low, high) pair with {lo:g} <= low <= high <= {hi:g}")


# --- building blocks -------------------------------------------------------------------------

def _shaped_noise(rng: np.random.Generator, rows: int, n: int, fs: float, gain) -> np.ndarray:
    """Gaussian noise whose amplitude spectrum is ``gain(f)``, each row scaled to unit RMS."""
    f = np.fft.rfftfreq(n, 1 / fs)
    spectrum = np.fft.rfft(rng.standard_normal((rows, n)), axis=1) * gain(f)
    x = np.fft.irfft(spectrum, n, axis=1)
    return x / np.maximum(x.std(axis=1, keepdims=True), 1e-300)


def _hann(n: int) -> np.ndarray:
    """sin^2 bump over n samples that is zero just outside them (the base of a spike)."""
    return np.sin(np.pi * (np.arange(n) + 0.5) / n) ** 2


def _spread(pos: np.ndarray, centre, reach: float) -> np.ndarray:
    """Amplitude share exp(-distance / reach) of each electrode, 1 at the nearest one."""
    d = np.hypot(*(pos - np.asarray(centre)).T)
    return np.exp(-(d - d.min()) / reach)


def _visible(channels, weight: np.ndarray) -> tuple[str, ...]:
    order = np.argsort(-weight, kind="stable")
    return tuple(channels[i] for i in order if weight[i] >= VISIBLE)


def _place(rng: np.random.Generator, lengths: np.ndarray, total: float, taken: list, what: str) -> np.ndarray:
    """Start times for intervals of ``lengths`` seconds inside [0, total), clear of ``taken`` (and of
    each other) by GAP; appends them to ``taken``."""
    starts = np.empty(len(lengths))
    for i, length in enumerate(lengths):
        for _ in range(50):
            candidates = rng.uniform(0, max(total - length, 0), 128)
            occupied = np.array(taken).reshape(-1, 2)
            free = ~((candidates[:, None] < occupied[:, 1] + GAP)
                     & (candidates[:, None] + length + GAP > occupied[:, 0])).any(axis=1)
            if free.any() and length <= total:
                starts[i] = candidates[free.argmax()]
                taken.append((starts[i], starts[i] + length))
                break
        else:
            raise DeeprootsError(f"cannot fit {len(lengths)} {what} in a {total:g} s recording next to the other "
                                 f"events; lower their rate or length, or lengthen the duration")
    return starts


def _count(rate: float, duration: float, per: float) -> int:
    return int(round(rate * duration / per))


# --- components --------------------------------------------------------------------------------

def _background(rng, cfg: SyntheticConfig, pos: np.ndarray, n: int) -> np.ndarray:
    def gain(f):
        return (f > 0) * np.maximum(f, cfg.knee_hz) ** (-cfg.chi / 2) / np.sqrt(1 + (f / cfg.lowpass_hz) ** 8)

    white = _shaped_noise(rng, len(pos), n, cfg.fs, gain)
    if cfg.correlation_length > 0:
        d = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
        white = np.linalg.cholesky(np.exp(-d / cfg.correlation_length) + 1e-9 * np.eye(len(pos))) @ white
    rms = rng.uniform(*cfg.background_uv, len(pos))
    return white * (rms / np.maximum(white.std(axis=1), 1e-300))[:, None]


def _alpha(rng, cfg: SyntheticConfig, pos: np.ndarray, n: int) -> np.ndarray:
    slow = _shaped_noise(rng, 2, n, cfg.fs, lambda f: np.exp(-(f / 0.1) ** 2))  # seconds-long wander
    envelope = 0.5 * (1 + np.tanh(1.5 * slow[0]))  # waxing and waning in (0, 1)
    phase = 2 * np.pi * np.cumsum(cfg.alpha_hz + 0.3 * slow[1]) / cfg.fs
    weight = np.clip((0.3 - pos[:, 1]) / 1.25, 0.03, 1.0) ** 1.5  # 1 at O1/O2, ~0.5 at P3/P4, ~0 frontal
    return cfg.alpha_uv * weight[:, None] * (envelope * np.sin(phase + rng.uniform(0, 2 * np.pi)))[None]


def _line_noise(rng, cfg: SyntheticConfig, pos: np.ndarray, n: int) -> np.ndarray:
    amp = cfg.line_noise_uv * rng.uniform(0.5, 1.5, len(pos))
    t = np.arange(n) / cfg.fs
    return amp[:, None] * np.sin(2 * np.pi * cfg.line_noise_hz * t + rng.uniform(0, 2 * np.pi))[None]


def _seizures(rng, cfg, pos, data, taken) -> list[Event]:
    k = _count(cfg.seizures_per_hour, cfg.duration, 3600)
    sizes = np.round(rng.uniform(*cfg.seizure_seconds, k) * cfg.fs).astype(int)
    events = []
    for start, m in zip(_place(rng, sizes / cfg.fs, cfg.duration, taken, "seizures"), sizes):
        a = int(round(start * cfg.fs))
        u = (np.arange(m) + 0.5) / m  # progress through the seizure
        phase = 2 * np.pi * np.cumsum(cfg.seizure_hz[0] + (cfg.seizure_hz[1] - cfg.seizure_hz[0]) * u) / cfg.fs
        wave = (((1 + np.cos(phase)) / 2) ** 2 - 3 / 8) / (5 / 8)  # sharpened, zero-mean cycles
        focus = pos[rng.integers(len(pos))]
        d = np.hypot(*(pos - focus).T)
        reach = 0.15 + (cfg.seizure_spread - 0.15) * np.minimum(1.0, 2 * u)  # focal onset, then spread
        amp = rng.uniform(*cfg.seizure_uv) * np.sin(np.pi * u) ** 0.7  # grows, then fades
        data[:, a:a + m] -= amp * np.exp(-d[:, None] / reach) * wave
        events.append(Event(a / cfg.fs, float(a + m) / cfg.fs, "seizure",
                            _visible(cfg.channels, np.exp(-d / cfg.seizure_spread))))
    return events


def _spike_wave(rng, cfg, pos, data, taken) -> list[Event]:
    k = _count(cfg.spike_wave_per_hour, cfg.duration, 3600)
    sizes = np.round(rng.uniform(*cfg.spike_wave_seconds, k) * cfg.fs).astype(int)
    weight = 0.6 + 0.4 * np.clip((pos[:, 1] + 1) / 1.5, 0, 1)  # generalised, frontal maximum
    events = []
    for start, m in zip(_place(rng, sizes / cfg.fs, cfg.duration, taken, "spike-and-wave runs"), sizes):
        a, length = int(round(start * cfg.fs)), m / cfg.fs
        u = (np.arange(m) + 0.5) / m
        p = (np.cumsum(3.0 - 0.5 * u) / cfg.fs) % 1.0  # position in the 3 -> 2.5 Hz cycle
        spike = np.where(p < 0.12, np.sin(np.pi * p / 0.12) ** 2, 0.0)
        wave = np.where((p >= 0.25) & (p < 0.9), 0.6 * np.sin(np.pi * (p - 0.25) / 0.65) ** 2, 0.0)
        ramp = np.minimum(1.0, np.minimum(u * length, (1 - u) * length) / 0.3)  # 0.3 s on and off
        data[:, a:a + m] -= rng.uniform(*cfg.spike_wave_uv) * weight[:, None] * (ramp * (spike + wave))[None]
        events.append(Event(a / cfg.fs, float(a + m) / cfg.fs, "spike-wave", _visible(cfg.channels, weight)))
    return events


def _spikes(rng, cfg, pos, data, taken, kind: str, rate: float, ms: tuple[float, float]) -> list[Event]:
    k = _count(rate, cfg.duration, 60)
    sizes = np.maximum(np.round(rng.uniform(*ms, k) / 1000 * cfg.fs), 1).astype(int)
    slow = np.round(sizes * rng.uniform(3, 5, k)).astype(int)  # the after-going slow wave
    starts = _place(rng, (sizes + slow) / cfg.fs, cfg.duration, taken, kind + "s")
    events = []
    for start, size, tail in zip(starts, sizes, slow):
        a = int(round(start * cfg.fs))
        weight = _spread(pos, pos[rng.integers(len(pos))], 0.4)
        shape = np.concatenate([_hann(size), 0.4 * _hann(tail)])  # surface-negative spike, then slow wave
        data[:, a:a + size + tail] -= rng.uniform(*cfg.spike_uv) * weight[:, None] * shape[None]
        events.append(Event(a / cfg.fs, float(a + size) / cfg.fs, kind, _visible(cfg.channels, weight)))
    return events


def _blinks(rng, cfg, pos, data, taken) -> list[Event]:
    k = _count(cfg.blinks_per_minute, cfg.duration, 60)
    sizes = np.maximum(np.round(rng.uniform(*cfg.blink_ms, k) / 1000 * cfg.fs), 1).astype(int)
    weight = np.exp(-(np.hypot(*(pos - (0.0, 1.25)).T) - 0.42) / 0.35).clip(0, 1)  # eyes in front of FP1/FP2
    events = []
    for start, size in zip(_place(rng, sizes / cfg.fs, cfg.duration, taken, "eye blinks"), sizes):
        a = int(round(start * cfg.fs))
        data[:, a:a + size] += rng.uniform(*cfg.blink_uv) * weight[:, None] * _hann(size)[None]
        events.append(Event(a / cfg.fs, float(a + size) / cfg.fs, "eye-blink", _visible(cfg.channels, weight)))
    return events


def _muscle(rng, cfg, pos, data, taken) -> list[Event]:
    k = _count(cfg.muscle_per_minute, cfg.duration, 60)
    sizes = np.maximum(np.round(rng.uniform(*cfg.muscle_seconds, k) * cfg.fs), 2).astype(int)
    top = min(70.0, 0.45 * cfg.fs)
    events = []
    for start, size in zip(_place(rng, sizes / cfg.fs, cfg.duration, taken, "muscle bursts"), sizes):
        a = int(round(start * cfg.fs))
        weight = _spread(pos, (rng.choice([-1.05, 1.05]), 0.0), 0.8)  # temporalis, one side
        burst = _shaped_noise(rng, len(pos), size, cfg.fs, lambda f: ((f >= 20) & (f <= top)).astype(float))
        taper = np.minimum(1.0, np.minimum(np.arange(size) + 1, size - np.arange(size)) / (0.1 * size))
        data[:, a:a + size] += rng.uniform(*cfg.muscle_uv) * weight[:, None] * burst * taper[None]
        events.append(Event(a / cfg.fs, float(a + size) / cfg.fs, "muscle", _visible(cfg.channels, weight)))
    return events


def _pops(rng, cfg, pos, data, taken) -> list[Event]:
    k = _count(cfg.pops_per_minute, cfg.duration, 60)
    tau = rng.uniform(0.1, 0.5, k)
    sizes = np.round(3 * tau * cfg.fs).astype(int) + 1  # labelled until it has decayed to 5%
    events = []
    for start, size, t in zip(_place(rng, sizes / cfg.fs, cfg.duration, taken, "electrode pops"), sizes, tau):
        a, c = int(round(start * cfg.fs)), rng.integers(len(pos))
        step = rng.uniform(*cfg.pop_uv) * rng.choice([-1.0, 1.0])
        data[c, a:a + size] += step * np.exp(-np.arange(size) / (t * cfg.fs))
        events.append(Event(a / cfg.fs, float(a + size) / cfg.fs, "electrode-pop", (cfg.channels[c],)))
    return events


def _flats(rng, cfg, pos, data, taken) -> list[Event]:
    k = _count(cfg.flats_per_hour, cfg.duration, 3600)
    sizes = np.maximum(np.round(rng.uniform(*cfg.flat_seconds, k) * cfg.fs), 1).astype(int)
    events = []
    for start, size in zip(_place(rng, sizes / cfg.fs, cfg.duration, taken, "flat stretches"), sizes):
        a, c = int(round(start * cfg.fs)), rng.integers(len(pos))
        data[c, a:a + size] = data[c, a]
        events.append(Event(a / cfg.fs, float(a + size) / cfg.fs, "flat", (cfg.channels[c],)))
    return events


_STREAMS = ("background", "alpha", "line", "seizure", "spike-wave", "spike", "sharp-wave",
            "eye-blink", "muscle", "electrode-pop", "flat")


def generate(config: SyntheticConfig | None = None, seed: int | np.random.SeedSequence = 0) -> Recording:
    """A labelled synthetic recording: ``seizures`` holds the seizures (and the spike-and-wave runs
    if ``spike_wave_as_seizure``), ``events`` the spikes, sharp waves and artifacts, sorted by start;
    an event's channels are those reaching VISIBLE of its peak, strongest (the focus) first.
    Deterministic in (config, seed); each component has its own random stream."""
    cfg = SyntheticConfig() if config is None else config
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    rng = {name: np.random.Generator(np.random.PCG64(np.random.SeedSequence(root.entropy,
                                                                              spawn_key=(*root.spawn_key, i))))
           for i, name in enumerate(_STREAMS)}
    pos = np.array([POSITIONS[c] for c in cfg.channels], dtype=float)
    n = int(round(cfg.duration * cfg.fs))
    cfg = replace(cfg, duration=n / cfg.fs)
    data = _background(rng["background"], cfg, pos, n)
    if cfg.alpha_uv > 0:
        data += _alpha(rng["alpha"], cfg, pos, n)
    if cfg.line_noise_hz > 0:
        data += _line_noise(rng["line"], cfg, pos, n)
    ictal_taken: list = []
    seizures = _seizures(rng["seizure"], cfg, pos, data, ictal_taken)
    spike_wave = _spike_wave(rng["spike-wave"], cfg, pos, data, ictal_taken)
    taken = [] if cfg.events_during_seizures else list(ictal_taken)
    events = _spikes(rng["spike"], cfg, pos, data, taken, "spike", cfg.spikes_per_minute, cfg.spike_ms)
    events += _spikes(rng["sharp-wave"], cfg, pos, data, taken, "sharp-wave", cfg.sharp_waves_per_minute,
                      cfg.sharp_wave_ms)
    events += _blinks(rng["eye-blink"], cfg, pos, data, taken)
    events += _muscle(rng["muscle"], cfg, pos, data, taken)
    events += _pops(rng["electrode-pop"], cfg, pos, data, taken)
    events += _flats(rng["flat"], cfg, pos, data, taken)  # last: a flat channel holds everything still
    if cfg.spike_wave_as_seizure:
        seizures += spike_wave
    else:
        events += spike_wave
    label = f"synthetic, seed {seed}" if not isinstance(seed, np.random.SeedSequence) else \
        f"synthetic, SeedSequence({root.entropy}, spawn_key={root.spawn_key})"
    return Recording(data=data, fs=float(cfg.fs), channels=tuple(cfg.channels),
                     seizures=tuple(sorted(seizures, key=lambda e: e.start)),
                     events=tuple(sorted(events, key=lambda e: e.start)), source=label)
