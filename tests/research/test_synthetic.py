"""The synthetic EEG generator: determinism, labels, and the physics it promises.

Spectral expectations come from the generator's own definitions (1/f^chi background, 8-12 Hz alpha
at posterior electrodes); event figures (durations, focus) from its config; thresholds leave room
for the finite-sample scatter measured over seeds 0-3.
"""
from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest
from scipy import signal

from deeproots.errors import DeeprootsError
from deeproots.research.eeg.recording import ARTIFACT_KINDS, windows
from deeproots.research.eeg.synthetic import CHANNELS_10_20, POSITIONS, SyntheticConfig, generate

SHORT = SyntheticConfig(duration=120.0)
QUIET = replace(SHORT, alpha_uv=0.0).without_events()
BAND = (2.0, 40.0)


def loglog_fit(f, p, exclude=(7.0, 13.0)):
    keep = (f >= BAND[0]) & (f <= BAND[1]) & ~((f >= exclude[0]) & (f <= exclude[1]))
    return np.polyfit(np.log(f[keep]), np.log(p[keep]), 1)


@pytest.fixture(scope="module")
def default_recording():
    return generate(SyntheticConfig(), seed=3)


def test_same_seed_same_data_different_seed_different():
    a, b, c = generate(SHORT, 7), generate(SHORT, 7), generate(SHORT, 8)
    assert np.array_equal(a.data, b.data) and a.seizures == b.seizures and a.events == b.events, \
        "expected identical recordings for seed 7 twice"
    assert not np.allclose(a.data, c.data), "expected seeds 7 and 8 to give different data"
    assert a.events != c.events, "expected seeds 7 and 8 to place events differently"
    seq = np.random.SeedSequence(7)
    assert np.array_equal(generate(SHORT, seq).data, generate(SHORT, seq).data), \
        "expected a SeedSequence seed to be reusable (not consumed by spawning)"


def test_shapes_channels_and_sources(default_recording):
    r = default_recording
    assert r.data.shape == (19, 600 * 256), f"expected (19, 153600) for 10 min at 256 Hz, got {r.data.shape}"
    assert r.channels == CHANNELS_10_20 and r.fs == 256.0 and r.data.dtype == np.float64
    assert np.isfinite(r.data).all(), "expected finite samples"
    assert r.source == "synthetic, seed 3"
    two = generate(replace(SHORT, channels=("O1", "FP2"), fs=128.0), 0)
    assert two.channels == ("O1", "FP2") and two.data.shape == (2, 120 * 128), f"got {two.data.shape}"


def test_counts_follow_the_rates_and_labels_lie_inside(default_recording):
    r = default_recording
    kinds = [e.kind for e in r.events]
    # rates x 10 minutes: 2 spikes/min, 1 sharp wave/min, 6 blinks/min, 1 muscle/min, 0.5 pops/min, 6 flats/h
    expected = {"spike": 20, "sharp-wave": 10, "eye-blink": 60, "muscle": 10, "electrode-pop": 5, "flat": 1}
    assert {k: kinds.count(k) for k in expected} == expected
    assert sorted(e.kind for e in r.seizures) == ["seizure", "seizure", "spike-wave"], \
        f"expected 12/h seizures and 6/h spike-and-wave in 10 min, got {[e.kind for e in r.seizures]}"
    for e in r.seizures + r.events:
        assert 0 <= e.start < e.end <= r.duration, f"{e} lies outside [0, {r.duration}]"
        assert set(e.channels) <= set(r.channels) and e.channels, f"{e} names unknown or no channels"
    assert {e.kind for e in r.artifacts} <= set(ARTIFACT_KINDS) and len(r.artifacts) == 76
    for s in r.seizures:
        assert s.kind == "spike-wave" or 10 <= s.end - s.start <= 90, f"seizure length {s.end - s.start}"
        for e in r.events:
            assert e.end <= s.start or e.start >= s.end, f"{e} overlaps {s} with events_during_seizures off"
    moved = generate(replace(SHORT, spike_wave_as_seizure=False, seizures_per_hour=0, spike_wave_per_hour=60), 0)
    assert not moved.seizures and sum(e.kind == "spike-wave" for e in moved.events) == 2


@pytest.mark.parametrize("chi", [1.0, 1.5, 2.0])
def test_background_spectrum_follows_power_law(chi):
    r = generate(replace(QUIET, chi=chi), seed=1)
    f, p = signal.welch(r.data, r.fs, nperseg=512)
    slopes = np.array([loglog_fit(f, pc)[0] for pc in p])
    assert np.all(np.abs(slopes + chi) < 0.2), \
        f"expected Welch log-log slopes in 2-40 Hz within 0.2 of -{chi}, got {slopes.round(2)}"


def test_background_rms_within_configured_range():
    r = generate(replace(QUIET, background_uv=(12.0, 18.0)), seed=2)
    rms = r.data.std(axis=1)
    assert np.all((rms >= 12.0 - 1e-9) & (rms <= 18.0 + 1e-9)), f"expected RMS in [12, 18] µV, got {rms.round(1)}"
    assert np.ptp(rms) > 1.0, f"expected channels to differ in RMS, got {rms.round(2)}"


def test_alpha_peaks_at_occipital_not_frontal():
    r = generate(replace(SHORT, duration=300.0).without_events(), seed=0)
    f, p = signal.welch(r.data, r.fs, nperseg=1024)
    alpha = (f >= 8) & (f <= 12)
    peak = {}
    for channel, pc in zip(r.channels, p):
        fit = np.exp(np.polyval(loglog_fit(f, pc), np.log(f[alpha])))
        peak[channel] = (pc[alpha] / fit).max()
    for channel in ("O1", "O2"):
        assert peak[channel] >= 3, f"expected the 8-12 Hz peak at {channel} >= 3x the 1/f fit, got {peak[channel]:.2f}"
    for channel in ("FP1", "FP2", "F3", "F4"):
        assert peak[channel] < 1.5 and peak[channel] < peak["O1"] / 3, \
            f"expected a much smaller alpha peak at {channel}, got {peak[channel]:.2f} vs O1 {peak['O1']:.2f}"


def test_correlation_decreases_with_distance():
    r = generate(replace(QUIET, correlation_length=0.5), seed=0)
    corr = np.corrcoef(r.data)
    pos = np.array([POSITIONS[c] for c in r.channels])
    d = np.hypot(*(pos[:, None] - pos[None]).transpose(2, 0, 1))
    i, j = np.triu_indices(len(pos), 1)
    near, far = corr[i, j][d[i, j] < 0.5].mean(), corr[i, j][d[i, j] > 1.2].mean()
    assert near > far + 0.3, \
        f"expected neighbours (<0.5) far more correlated than >1.2 apart, got {near:.2f} vs {far:.2f}"
    rho = np.corrcoef(np.argsort(np.argsort(d[i, j])), np.argsort(np.argsort(corr[i, j])))[0, 1]
    assert rho < -0.8, f"expected rank correlation of distance and correlation below -0.8, got {rho:.2f}"
    assert np.allclose(corr[i, j], np.exp(-d[i, j] / 0.5), atol=0.15), "expected corr ~ exp(-d / 0.5)"
    independent = np.corrcoef(generate(replace(QUIET, correlation_length=0.0), seed=0).data)
    assert np.abs(independent[i, j]).max() < 0.2, "expected independent channels with correlation_length 0"


def test_seizures_stand_out_from_background(default_recording):
    r = default_recording
    w = windows(r, 2.0)
    background = ~w.seizure & ~w.artifact
    index = {c: k for k, c in enumerate(r.channels)}
    for s in r.seizures:
        quarter = (s.end - s.start) / 4
        middle = (w.starts >= s.start + quarter) & (w.starts + w.length <= s.end - quarter)
        chans = [index[c] for c in s.channels]
        focus = chans[:1]
        power = lambda x: (x ** 2).mean()  # noqa: E731
        length = lambda x: np.abs(np.diff(x, axis=-1)).sum(-1).mean()  # noqa: E731
        focal_power = power(w.data[middle][:, focus]) / power(w.data[background][:, focus])
        focal_length = length(w.data[middle][:, focus]) / length(w.data[background][:, focus])
        spread_power = power(w.data[middle][:, chans]) / power(w.data[background][:, chans])
        assert focal_power > 3 and focal_length > 1.5 and spread_power > 2, \
            f"expected a {s.kind} at {s.channels[0]} to exceed background power 3x, line length 1.5x " \
            f"(2x power over its channels); got {focal_power:.1f}, {focal_length:.2f}, {spread_power:.1f}"


def test_seizure_evolves_slower_and_spreads():
    cfg = replace(SHORT.without_events(), alpha_uv=0.0, seizures_per_hour=30.0, seizure_seconds=(60.0, 60.0))
    r, quiet = generate(cfg, 4), generate(replace(cfg, seizures_per_hour=0.0), 4)
    (s,) = r.seizures
    ictal = (r.data - quiet.data)[:, int(s.start * r.fs):int(s.end * r.fs)]
    focus = r.channels.index(s.channels[0])
    thirds = np.array_split(ictal[focus], 3)
    peaks = [np.fft.rfftfreq(len(x), 1 / r.fs)[np.argmax(np.abs(np.fft.rfft(x)))] for x in thirds]
    assert peaks[0] > peaks[1] > peaks[2] and 6 < peaks[0] and peaks[2] < 4.5, \
        f"expected the discharge to slow from ~8 to ~3 Hz, got peak frequencies {np.round(peaks, 1)} per third"
    reach = [(np.abs(x).max(axis=1) > 0.25 * np.abs(x).max()).sum() for x in np.array_split(ictal, 6, axis=1)]
    assert reach[0] < reach[3], f"expected more channels involved later than at onset, got {reach}"


@pytest.mark.parametrize("kind", ["spike", "sharp-wave"])
def test_spikes_have_configured_durations(kind):
    cfg = replace(SHORT.without_events(), fs=1024.0, duration=60.0)
    rate = {"spikes_per_minute" if kind == "spike" else "sharp_waves_per_minute": 10.0}
    r, quiet = generate(replace(cfg, **rate), 5), generate(cfg, 5)
    lo, hi = cfg.spike_ms if kind == "spike" else cfg.sharp_wave_ms
    added = quiet.data - r.data  # spikes are surface-negative
    assert len(r.events) == 10 and {e.kind for e in r.events} == {kind}
    for e in r.events:
        assert lo / 1000 - 1 / r.fs <= e.end - e.start <= hi / 1000 + 1 / r.fs, f"{e} lasts outside [{lo}, {hi}] ms"
        a, size = int(round(e.start * r.fs)), int(round((e.end - e.start) * r.fs))
        x = added[r.channels.index(e.channels[0]), a:a + 6 * size + 1]  # the spike and its slow wave (<= 5x)
        above = np.flatnonzero(x > x.max() / 2)  # a sin^2 bump is above half its height for half its base
        width = (above[-1] - above[0] + 1) / r.fs
        assert abs(2 * width - (e.end - e.start)) <= 3 / r.fs, \
            f"expected the half-height width x2 to match the labelled {e.end - e.start:.4f} s, got {2 * width:.4f}"
        assert abs(above.mean() / r.fs - (e.end - e.start) / 2) < 2 / r.fs, "expected the peak mid-label"
        assert np.abs(added[:, a - 1]).max() == 0 and np.abs(added[:, a + 6 * size + 1]).max() == 0, \
            "expected nothing added just before the spike or after its slow wave"


def test_blinks_are_largest_frontopolar(default_recording):
    r = default_recording
    blinks = [e for e in r.events if e.kind == "eye-blink"]
    peak = np.mean([np.abs(r.data[:, int(e.start * r.fs):int(e.end * r.fs)]).max(axis=1) for e in blinks], axis=0)
    top = {r.channels[k] for k in np.argsort(peak)[-2:]}
    assert top == {"FP1", "FP2"}, f"expected blink amplitude largest at FP1/FP2, got {top}: {peak.round(0)}"
    assert all(e.channels[:2] in (("FP1", "FP2"), ("FP2", "FP1")) for e in blinks)


def test_artifacts_have_their_signatures():
    cfg = replace(SHORT.without_events(), alpha_uv=0.0)
    quiet = generate(cfg, 6)
    muscle = generate(replace(cfg, muscle_per_minute=3.0), 6)
    burst = muscle.events[0]
    a, b = int(burst.start * 256), int(burst.end * 256)
    f, p = signal.welch((muscle.data - quiet.data)[muscle.channels.index(burst.channels[0]), a:b], 256, nperseg=64)
    share = p[(f >= 20) & (f <= 70)].sum() / p.sum()
    assert share > 0.9 and burst.channels[0] in ("T3", "T4"), f"expected a 20-70 Hz temporal burst, got {share:.2f}"
    flat = generate(replace(cfg, flats_per_hour=60.0), 6)
    for e in flat.events:
        x = flat.data[flat.channels.index(e.channels[0]), int(e.start * 256):int(e.end * 256)]
        assert np.ptp(x) == 0 and len(x) >= 256, f"expected a flat channel for >= 1 s, got range {np.ptp(x)}"
    pops = generate(replace(cfg, pops_per_minute=3.0), 6)
    for e in pops.events:
        step = (pops.data - quiet.data)[pops.channels.index(e.channels[0]), int(round(e.start * 256)):]
        assert abs(step[0]) >= 100 and abs(step[int((e.end - e.start) * 256) - 1]) < 0.06 * abs(step[0])
    hum = generate(replace(cfg, line_noise_hz=50.0, line_noise_uv=10.0), 6)
    f, p = signal.welch(hum.data[0], 256, nperseg=1024)
    assert p[np.argmin(np.abs(f - 50))] > 100 * np.median(p[(f > 40) & (f < 60)]), "expected a 50 Hz line"


@pytest.mark.parametrize("change, field", [
    (dict(chi=3.5), "chi"), (dict(channels=("FP1", "XX")), "channels"), (dict(fs=10.0), "fs"),
    (dict(spike_ms=(70.0, 20.0)), "spike_ms"), (dict(seizure_hz=(8.0,)), "seizure_hz"),
    (dict(events_during_seizures=1), "events_during_seizures"), (dict(line_noise_hz=200.0), "line_noise_hz"),
    (dict(background_uv=(float("nan"), 10.0)), "background_uv"),
])
def test_bad_config_is_one_line_error(change, field):
    with pytest.raises(DeeprootsError) as error:
        SyntheticConfig(**change)
    message = str(error.value)
    assert f"SyntheticConfig.{field}" in message and "\n" not in message, f"got {message!r}"


def test_impossible_placement_is_an_error():
    with pytest.raises(DeeprootsError, match="cannot fit"):
        generate(SyntheticConfig(duration=60.0, seizures_per_hour=120.0, seizure_seconds=(50.0, 50.0)), 0)


def test_ten_minutes_is_fast():
    start = time.perf_counter()
    generate(SyntheticConfig(), 0)
    elapsed = time.perf_counter() - start
    assert elapsed < 3.0, f"expected 10 min x 19 channels at 256 Hz in under 3 s, took {elapsed:.2f} s"
