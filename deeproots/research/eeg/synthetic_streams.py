"""The components of a synthetic recording, one function each (the generator in
:mod:`deeproots.research.eeg.synthetic` sums them): 1/f background, alpha, line noise, seizures,
spike-and-wave, spikes and sharp waves, and the artifacts. Each takes its own random stream, the
config, the electrode positions, the data so far (artifacts add to it in place) and the intervals
already taken."""
from __future__ import annotations

import numpy as np

from deeproots.errors import DeeprootsError
from deeproots.research.eeg.recording import Event

VISIBLE = 0.25
"""An event lists the channels where it reaches at least this share of its peak amplitude."""
GAP = 1.0
"""Seconds kept free between any two placed events (seizures included)."""


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

def background(rng, cfg, pos: np.ndarray, n: int) -> np.ndarray:
    def gain(f):
        return (f > 0) * np.maximum(f, cfg.knee_hz) ** (-cfg.chi / 2) / np.sqrt(1 + (f / cfg.lowpass_hz) ** 8)

    white = _shaped_noise(rng, len(pos), n, cfg.fs, gain)
    if cfg.correlation_length > 0:
        d = np.hypot(*(pos[:, None, :] - pos[None, :, :]).transpose(2, 0, 1))
        white = np.linalg.cholesky(np.exp(-d / cfg.correlation_length) + 1e-9 * np.eye(len(pos))) @ white
    rms = rng.uniform(*cfg.background_uv, len(pos))
    return white * (rms / np.maximum(white.std(axis=1), 1e-300))[:, None]


def alpha(rng, cfg, pos: np.ndarray, n: int) -> np.ndarray:
    slow = _shaped_noise(rng, 2, n, cfg.fs, lambda f: np.exp(-(f / 0.1) ** 2))  # seconds-long wander
    envelope = 0.5 * (1 + np.tanh(1.5 * slow[0]))  # waxing and waning in (0, 1)
    phase = 2 * np.pi * np.cumsum(cfg.alpha_hz + 0.3 * slow[1]) / cfg.fs
    weight = np.clip((0.3 - pos[:, 1]) / 1.25, 0.03, 1.0) ** 1.5  # 1 at O1/O2, ~0.5 at P3/P4, ~0 frontal
    return cfg.alpha_uv * weight[:, None] * (envelope * np.sin(phase + rng.uniform(0, 2 * np.pi)))[None]


def line_noise(rng, cfg, pos: np.ndarray, n: int) -> np.ndarray:
    amp = cfg.line_noise_uv * rng.uniform(0.5, 1.5, len(pos))
    t = np.arange(n) / cfg.fs
    return amp[:, None] * np.sin(2 * np.pi * cfg.line_noise_hz * t + rng.uniform(0, 2 * np.pi))[None]


def seizures(rng, cfg, pos, data, taken) -> list[Event]:
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


def spike_wave(rng, cfg, pos, data, taken) -> list[Event]:
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


def spikes(rng, cfg, pos, data, taken, kind: str, rate: float, ms: tuple[float, float]) -> list[Event]:
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


def blinks(rng, cfg, pos, data, taken) -> list[Event]:
    k = _count(cfg.blinks_per_minute, cfg.duration, 60)
    sizes = np.maximum(np.round(rng.uniform(*cfg.blink_ms, k) / 1000 * cfg.fs), 1).astype(int)
    weight = np.exp(-(np.hypot(*(pos - (0.0, 1.25)).T) - 0.42) / 0.35).clip(0, 1)  # eyes in front of FP1/FP2
    events = []
    for start, size in zip(_place(rng, sizes / cfg.fs, cfg.duration, taken, "eye blinks"), sizes):
        a = int(round(start * cfg.fs))
        data[:, a:a + size] += rng.uniform(*cfg.blink_uv) * weight[:, None] * _hann(size)[None]
        events.append(Event(a / cfg.fs, float(a + size) / cfg.fs, "eye-blink", _visible(cfg.channels, weight)))
    return events


def muscle(rng, cfg, pos, data, taken) -> list[Event]:
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


def pops(rng, cfg, pos, data, taken) -> list[Event]:
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


def flats(rng, cfg, pos, data, taken) -> list[Event]:
    k = _count(cfg.flats_per_hour, cfg.duration, 3600)
    sizes = np.maximum(np.round(rng.uniform(*cfg.flat_seconds, k) * cfg.fs), 1).astype(int)
    events = []
    for start, size in zip(_place(rng, sizes / cfg.fs, cfg.duration, taken, "flat stretches"), sizes):
        a, c = int(round(start * cfg.fs)), rng.integers(len(pos))
        data[c, a:a + size] = data[c, a]
        events.append(Event(a / cfg.fs, float(a + size) / cfg.fs, "flat", (cfg.channels[c],)))
    return events
