"""EEG features against their definitions, computed independently here.

Closed forms used (x[n] = A sin(w n), w = 2 pi f / fs):
- first difference: x[n+1] - x[n] = 2 A sin(w/2) cos(w n + w/2), a sinusoid of amplitude
  2 A sin(w/2); times fs (the derivative scale) its variance is 2 A² fs² sin²(w/2), so Hjorth
  mobility sqrt(var(x')/var(x)) = 2 fs sin(pi f / fs) (-> 2 pi f as fs -> inf);
- the second difference is again a sinusoid, scaled by the same factor, so complexity = 1;
- Teager: x[n]² - x[n-1] x[n+1] = A² (sin² wn - (sin² wn - sin² w)) = A² sin² w at every n;
- a Hann-windowed periodogram of an integer-Hz sine keeps its power A²/2 within the main lobe
  (+-2 bins of 1 Hz), so the band holding f gets ~all of it.
"""
from __future__ import annotations

import numpy as np
import pytest

from deeproots.errors import DeeprootsError
from deeproots.research.eeg import features
from deeproots.research.eeg.recording import Recording, windows

FS = 256.0


def sine(f, amplitude=3.0, seconds=1.0, fs=FS):
    return amplitude * np.sin(2 * np.pi * f * np.arange(int(seconds * fs)) / fs)


def test_hjorth_of_a_sine_matches_the_closed_form():
    f, a = 10.0, 3.0
    x = sine(f, a, seconds=100)[None, None, :]
    activity, mobility, complexity = features.hjorth(x, FS)[0, 0]
    expected = 2 * FS * np.sin(np.pi * f / FS)
    assert activity == pytest.approx(a ** 2 / 2, rel=1e-3), f"activity: expected A²/2={a ** 2 / 2}, got {activity}"
    assert mobility == pytest.approx(expected, rel=1e-3), \
        f"mobility: expected 2 fs sin(pi f/fs) = {expected:.4f} rad/s (derived in the module docstring), got {mobility}"
    assert complexity == pytest.approx(1.0, rel=1e-3), f"complexity of a pure sine: expected 1, got {complexity}"


def test_hjorth_of_a_flat_channel_is_zero_not_nan():
    out = features.hjorth(np.zeros((2, 1, 64)), FS)
    assert np.array_equal(out, np.zeros((2, 1, 3))), f"flat channel: expected zeros, got {out}"


def test_line_length_of_a_ramp():
    slope, n = 0.7, 256
    x = (slope * np.arange(n))[None, None, :]
    got = features.line_length(x, FS)[0, 0]
    assert got == pytest.approx(slope * (n - 1)), f"ramp: expected slope*(N-1)={slope * (n - 1)}, got {got}"


@pytest.mark.parametrize("f, band", [(2, "delta"), (6, "theta"), (10, "alpha"), (20, "beta"), (45, "gamma")])
def test_welch_band_power_of_a_sine_lands_in_its_band(f, band):
    a = 3.0
    power = features.band_powers(sine(f, a)[None, None, :], FS)[0, 0]
    names = list(features.BANDS)
    share = power[names.index(band)] / power.sum()
    assert share > 0.99, f"{f} Hz sine: expected >99% of the power in {band}, got {share:.3f} ({power})"
    assert power.sum() == pytest.approx(a ** 2 / 2, rel=0.02), \
        f"total power: expected A²/2={a ** 2 / 2}, got {power.sum()}"
    relative = features.band_powers(sine(f, a)[None, None, :], FS, relative=True)[0, 0]
    assert relative.sum() == pytest.approx(1.0) and relative[names.index(band)] > 0.99, f"relative: got {relative}"


def test_gamma_is_clipped_to_nyquist_or_dropped():
    fs = 64.0
    assert features.clipped_bands(fs)["gamma"] == (30.0, 32.0), "fs=64: gamma should be clipped to (30, 32)"
    power = features.band_powers(sine(31, fs=fs)[None, None, :], fs)[0, 0]
    assert power[-1] / power.sum() > 0.9, f"31 Hz at fs=64: expected the power in clipped gamma, got {power}"
    _, names = features.feature_matrix(np.zeros((1, 1, 50)), names=["band"], fs=50.0)
    assert names == ["ch0:delta", "ch0:theta", "ch0:alpha", "ch0:beta"], f"fs=50 drops gamma (30 >= 25 Hz); got {names}"


def test_teager_energy_of_a_sine_is_a_squared_sin_squared_w():
    f, a = 7.0, 2.5
    w = 2 * np.pi * f / FS
    got = features.teager(sine(f, a))
    assert np.allclose(got, a ** 2 * np.sin(w) ** 2), \
        f"Teager of A sin(wn): expected A² sin²(w)={a ** 2 * np.sin(w) ** 2:.5f} everywhere, got {got[:3]}..."
    curve, energy, nonlinear = features.gardner_energy(sine(f, a)[None, None, :], FS)[0, 0]
    assert nonlinear == pytest.approx(a ** 2 * np.sin(w) ** 2)
    assert energy == pytest.approx(a ** 2 / 2, rel=1e-2), f"energy: expected mean x² ~ A²/2, got {energy}"


def reference_features(window: np.ndarray, fs: float) -> dict[str, float]:
    """Plain per-channel loops over one 1-D window, written from the definitions."""
    d1 = [(window[i + 1] - window[i]) * fs for i in range(len(window) - 1)]
    d2 = [(d1[i + 1] - d1[i]) * fs for i in range(len(d1) - 1)]
    mob = np.sqrt(np.var(d1) / np.var(window))
    return {"activity": np.var(window), "mobility": mob, "complexity": np.sqrt(np.var(d2) / np.var(d1)) / mob,
            "line_length": sum(abs(window[i + 1] - window[i]) for i in range(len(window) - 1)),
            "curve_length": np.mean([abs(window[i + 1] - window[i]) for i in range(len(window) - 1)]),
            "energy": np.mean([v * v for v in window]),
            "teager_energy": np.mean([window[i] ** 2 - window[i - 1] * window[i + 1]
                                      for i in range(1, len(window) - 1)])}


def test_vectorised_blocked_features_match_per_window_loops(monkeypatch):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((7, 3, 128)) * 20 + np.linspace(0, 5, 128)
    monkeypatch.setattr(features, "_BLOCK_VALUES", 3 * 128 * 2)  # force blocks of 2 windows
    matrix, names = features.feature_matrix(x, names=["hjorth", "line_length", "gardner"], fs=128.0)
    assert matrix.shape == (7, 3 * 7), f"expected (7 windows, 3 channels x 7 features), got {matrix.shape}"
    for w in (0, 3, 6):
        for c in range(3):
            for feature, value in reference_features(x[w, c], 128.0).items():
                got = matrix[w, names.index(f"ch{c}:{feature}")]
                assert got == pytest.approx(value, rel=1e-9), f"window {w} ch{c} {feature}: loop {value}, got {got}"


def test_feature_matrix_names_and_shapes_from_windows():
    rec = Recording(data=np.random.default_rng(1).standard_normal((2, 2560)), fs=256.0, channels=("F8", "T4"))
    cut = windows(rec, 1.0, 0.5)
    matrix, names = features.feature_matrix(cut)
    per_channel = len(features.FEATURES)
    assert matrix.shape == (len(cut.starts), 2 * per_channel), f"got {matrix.shape}"
    assert names[:3] == ["F8:delta", "F8:theta", "F8:alpha"] and names[per_channel] == "T4:delta", names
    assert names[-1] == "T4:teager_energy" and len(set(names)) == len(names)
    hj = features.hjorth(cut)
    assert np.array_equal(matrix[:, names.index("T4:mobility")], hj[:, 1, 1]), "columns must be the features"
    only, only_names = features.feature_matrix(cut, names=["line_length", "activity"])
    assert only_names == ["F8:activity", "F8:line_length", "T4:activity", "T4:line_length"], only_names


@pytest.mark.parametrize("call", [
    lambda: features.feature_matrix(np.zeros((1, 1, 8)), names=["kurtosis"], fs=8.0),
    lambda: features.hjorth(np.zeros((4, 8)), 8.0),
    lambda: features.band_powers(np.zeros((1, 1, 8))),
])
def test_bad_input_is_one_line_deeprootserror(call):
    with pytest.raises(DeeprootsError) as info:
        call()
    assert "\n" not in str(info.value), f"expected a one-line message, got {str(info.value)!r}"
