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
from deeproots.research.eeg.recording import Recording
from deeproots.research.eeg import synthetic_streams as streams

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


_STREAMS = ("background", "alpha", "line", "seizure", "spike-wave", "spike", "sharp-wave",
            "eye-blink", "muscle", "electrode-pop", "flat")


def generate(config: SyntheticConfig | None = None, seed: int | np.random.SeedSequence = 0) -> Recording:
    """A labelled synthetic recording: ``seizures`` holds the seizures (and the spike-and-wave runs
    if ``spike_wave_as_seizure``), ``events`` the spikes, sharp waves and artifacts, sorted by start;
    an event's channels are those reaching ``synthetic_streams.VISIBLE`` of its peak, strongest (the focus) first.
    Deterministic in (config, seed); each component has its own random stream."""
    cfg = SyntheticConfig() if config is None else config
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    rng = {name: np.random.Generator(np.random.PCG64(np.random.SeedSequence(root.entropy,
                                                                              spawn_key=(*root.spawn_key, i))))
           for i, name in enumerate(_STREAMS)}
    pos = np.array([POSITIONS[c] for c in cfg.channels], dtype=float)
    n = int(round(cfg.duration * cfg.fs))
    cfg = replace(cfg, duration=n / cfg.fs)
    data = streams.background(rng["background"], cfg, pos, n)
    if cfg.alpha_uv > 0:
        data += streams.alpha(rng["alpha"], cfg, pos, n)
    if cfg.line_noise_hz > 0:
        data += streams.line_noise(rng["line"], cfg, pos, n)
    ictal_taken: list = []
    seizures = streams.seizures(rng["seizure"], cfg, pos, data, ictal_taken)
    spike_wave = streams.spike_wave(rng["spike-wave"], cfg, pos, data, ictal_taken)
    taken = [] if cfg.events_during_seizures else list(ictal_taken)
    events = streams.spikes(rng["spike"], cfg, pos, data, taken, "spike", cfg.spikes_per_minute, cfg.spike_ms)
    events += streams.spikes(rng["sharp-wave"], cfg, pos, data, taken, "sharp-wave", cfg.sharp_waves_per_minute,
                      cfg.sharp_wave_ms)
    events += streams.blinks(rng["eye-blink"], cfg, pos, data, taken)
    events += streams.muscle(rng["muscle"], cfg, pos, data, taken)
    events += streams.pops(rng["electrode-pop"], cfg, pos, data, taken)
    events += streams.flats(rng["flat"], cfg, pos, data, taken)  # last: a flat channel holds everything still
    if cfg.spike_wave_as_seizure:
        seizures += spike_wave
    else:
        events += spike_wave
    label = f"synthetic, seed {seed}" if not isinstance(seed, np.random.SeedSequence) else \
        f"synthetic, SeedSequence({root.entropy}, spawn_key={root.spawn_key})"
    return Recording(data=data, fs=float(cfg.fs), channels=tuple(cfg.channels),
                     seizures=tuple(sorted(seizures, key=lambda e: e.start)),
                     events=tuple(sorted(events, key=lambda e: e.start)), source=label)
