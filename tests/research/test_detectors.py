"""Seizure detectors on synthetic EEG where the answer is known, plus PyOD conventions.

Data: ``synthetic.generate`` with spikes and artifacts switched off, 4 channels at 64 Hz; a 300 s
recording with two 20-40 s rhythmic seizures (150-300 µV on 15-35 µV 1/f background) and a
seizure-free 300 s recording. Novelty detectors are fitted on the interictal windows (as Gardner
et al. 2006 train on interictal EEG) and must rank seizure windows first (AUROC > 0.9); fitted on
the first half of the clean recording, they must flag few windows of its second half (expected:
about the contamination 0.05; accepted < 0.2, measured 0.03-0.16 when written).
"""
from __future__ import annotations

import dataclasses
import math
import os

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from deeproots.errors import DeeprootsError
from deeproots.research.eeg import detectors
from deeproots.research.eeg.recording import windows
from deeproots.research.eeg.synthetic import SyntheticConfig, generate
from deeproots.research.eeg.vae import ConvVAEDetector

QUIET = dict(spikes_per_minute=0, sharp_waves_per_minute=0, blinks_per_minute=0, muscle_per_minute=0,
             pops_per_minute=0, flats_per_hour=0, spike_wave_per_hour=0)
CONFIG = SyntheticConfig(duration=300, fs=64, channels=("F7", "T3", "C3", "CZ"), seizures_per_hour=24,
                         seizure_seconds=(20, 40), **QUIET)


def subset(w, keep):
    return dataclasses.replace(w, data=w.data[keep], starts=w.starts[keep], seizure=w.seizure[keep],
                               artifact=w.artifact[keep])


@pytest.fixture(scope="module")
def seizure_windows():
    cut = windows(generate(CONFIG, 2), 1.0, 0.5)
    assert 40 < cut.seizure.sum() < len(cut.seizure) / 2, \
        f"fixture: expected a few seizure windows, got {cut.seizure.sum()}"
    return cut


@pytest.fixture(scope="module")
def clean_halves():
    cut = windows(generate(dataclasses.replace(CONFIG, seizures_per_hour=0), 1), 1.0, 0.5)
    half = len(cut.starts) // 2
    return subset(cut, slice(0, half)), subset(cut, slice(half, None))


DETECTORS = {
    "gardner-ocsvm": lambda: detectors.GardnerOneClassSVM(nu=0.05),
    "hjorth-iforest": lambda: detectors.HjorthDetector("iforest", n_estimators=50),
    "hjorth-lof": lambda: detectors.HjorthDetector("lof"),
    "hjorth-knn": lambda: detectors.HjorthDetector("knn"),
    "matrix-profile": lambda: detectors.MatrixProfileDetector(m=32),
    "conv-vae": lambda: ConvVAEDetector(epochs=10, batch_size=64),
}


@pytest.mark.parametrize("name", list(DETECTORS))
def test_detector_finds_seizures_and_stays_quiet_on_clean_eeg(name, seizure_windows, clean_halves):
    detector = DETECTORS[name]()
    interictal = subset(seizure_windows, ~seizure_windows.seizure)
    assert detector.fit(interictal) is detector, "PyOD convention: fit returns self"
    scores = detector.decision_function(seizure_windows)
    auroc = roc_auc_score(seizure_windows.seizure, scores)
    assert auroc > 0.9, f"{name}: expected seizure windows to score higher (AUROC > 0.9), got {auroc:.3f}"
    assert detector.decision_scores_.shape == (len(interictal.starts),)
    assert detector.labels_.mean() == pytest.approx(0.05, abs=0.02), \
        f"{name}: training labels_ should flag ~contamination=0.05, got {detector.labels_.mean():.3f}"
    train, test = clean_halves
    labels = detector.fit(train).predict(test)
    assert set(np.unique(labels)) <= {0, 1} and labels.dtype.kind == "i", f"predict must be 0/1 ints, got {labels[:5]}"
    assert labels.mean() < 0.2, f"{name}: clean EEG false-positive rate expected ~0.05 (< 0.2), got {labels.mean():.3f}"


def brute_persistence(flags, n, window):
    return np.array([sum(flags[max(0, t - window + 1):t + 1]) >= n for t in range(len(flags))])


def test_persistence_matches_its_definition_and_gates_scattered_outliers():
    rng = np.random.default_rng(0)
    scattered = rng.random(5000) < 0.05
    for n, window in [(1, 1), (2, 3), (3, 5), (5, 5)]:
        assert np.array_equal(detectors.persistence(scattered, n, window), brute_persistence(scattered, n, window)), \
            f"persistence(n={n}, window={window}) differs from the brute-force count"
    gated = detectors.persistence(scattered, 3, 5).mean()
    # P(>= 3 of 5 | p=0.05) = 0.0012: scattered outliers should almost never make an event
    assert gated < 0.005 < scattered.mean(), f"scattered 5% outliers: expected < 0.5% events, got {gated:.4f}"
    sustained = np.zeros(100, bool)
    sustained[40:60] = True
    events = detectors.persistence(sustained | scattered[:100], 3, 5)
    assert events[42:60].all(), f"a 20-window run must stay an event from its 3rd window; got {events[40:60]}"


def test_binomial_count_is_the_smallest_significant_count():
    nu, window, alpha = 0.05, 10, 0.01
    tail = [sum(math.comb(window, k) * nu ** k * (1 - nu) ** (window - k) for k in range(n, window + 1))
            for n in range(window + 1)]
    expected = next(n for n in range(1, window + 1) if tail[n] <= alpha)
    got = detectors.binomial_count(nu, window, alpha)
    assert got == expected, f"binomial tail by hand gives n={expected}, got {got}"


def test_gardner_persistence_cuts_false_alarms_but_keeps_seizures(seizure_windows):
    interictal = subset(seizure_windows, ~seizure_windows.seizure)
    model = detectors.GardnerOneClassSVM(nu=0.05, persistence_window=5).fit(interictal)
    outliers, events = model.outliers(seizure_windows), model.predict_events(seizure_windows)
    background = ~seizure_windows.seizure
    assert events[background].mean() < outliers[background].mean(), \
        f"gating must reduce background alarms: outliers {outliers[background].mean():.3f}, " \
        f"events {events[background].mean():.3f}"
    assert events[seizure_windows.seizure].mean() > 0.8, \
        f"sustained seizures should stay events, got {events[seizure_windows.seizure].mean():.3f}"


def brute_ab_profile(t_a, t_b, m, exclude=None):
    def z(s):
        return (s - s.mean()) / s.std()
    out = []
    for i in range(len(t_a) - m + 1):
        dists = [np.linalg.norm(z(t_a[i:i + m]) - z(t_b[j:j + m])) for j in range(len(t_b) - m + 1)
                 if exclude is None or abs(i - j) > exclude]
        out.append(min(dists))
    return np.array(out)


def test_numpy_matrix_profile_matches_brute_force():
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal(80), rng.standard_normal(70)
    assert np.allclose(detectors.ab_profile_numpy(a, b, 8), brute_ab_profile(a, b, 8)), "AB-join differs"
    assert np.allclose(detectors.ab_profile_numpy(a, a, 8, exclude=2), brute_ab_profile(a, a, 8, exclude=2)), \
        "self-join with exclusion zone ceil(m/4)=2 differs"


@pytest.mark.skipif(not os.environ.get("DEEPROOTS_SLOW_TESTS"),
                    reason="stumpy's numba compile takes ~1.5 min; set DEEPROOTS_SLOW_TESTS=1")
def test_numpy_engine_agrees_with_stumpy():
    import stumpy
    rng = np.random.default_rng(4)
    a, b = rng.standard_normal(400), rng.standard_normal(300)
    ab = stumpy.stump(a, 16, T_B=b, ignore_trivial=False)[:, 0].astype(float)
    assert np.allclose(detectors.ab_profile_numpy(a, b, 16), ab), "AB-join: numpy engine differs from stumpy"
    assert np.allclose(detectors.ab_profile_numpy(a, a, 16, exclude=4), stumpy.stump(a, 16)[:, 0].astype(float))


def test_vae_is_deterministic_given_a_seed():
    x = np.random.default_rng(5).standard_normal((40, 2, 32))
    first = ConvVAEDetector(epochs=2, latent=2, random_state=7).fit(x).decision_scores_
    second = ConvVAEDetector(epochs=2, latent=2, random_state=7).fit(x).decision_scores_
    assert np.array_equal(first, second), "same seed, same data: expected identical scores"


@pytest.mark.parametrize("make", [
    lambda: ConvVAEDetector(epochs=0), lambda: ConvVAEDetector(batch_size=2.5), lambda: ConvVAEDetector(latent=-1),
    lambda: detectors.HjorthDetector("svm"), lambda: detectors.GardnerOneClassSVM(nu=1.5),
    lambda: detectors.MatrixProfileDetector(m=2), lambda: detectors.persistence([1, 0], 3, 2),
    lambda: detectors.HjorthDetector().predict(np.zeros((2, 1, 8))),
])
def test_bad_parameters_raise_one_line_errors(make):
    with pytest.raises(DeeprootsError) as info:
        make()
    assert "\n" not in str(info.value), f"expected one line, got {str(info.value)!r}"
