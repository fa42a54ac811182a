"""EEG data: EDF/EDF+ reading, the CHB-MIT and Siena seizure lists, the shipped excerpt, filters.

EDF files are written here with pyEDFlib from known signals; the seizure-list examples reproduce
the published formats (CHB-MIT ``chbXX-summary.txt``, Siena ``Seizures-list-PNxx.txt``) line by line.
"""
from __future__ import annotations

import numpy as np
import pytest
from pyedflib import highlevel

from deeproots.errors import DeeprootsError
from deeproots.research.eeg import data
from deeproots.research.eeg.recording import Event, Recording

FS = 256
SECONDS = 10
T = np.arange(FS * SECONDS) / FS
RNG = np.random.default_rng(0)
# (label in the file, unit, physical range in that unit, signal in µV)
CHANNELS = [
    ("EEG Fp1", "uV", 500.0, 80 * np.sin(2 * np.pi * 10 * T) + 10 * RNG.standard_normal(T.size)),
    ("F8", "mV", 0.5, 120 * np.sin(2 * np.pi * 3 * T)),
    ("Cz", "V", 0.0005, 40 * np.sin(2 * np.pi * 7 * T) + 5 * RNG.standard_normal(T.size)),
]
SCALE = {"uV": 1.0, "mV": 1e-3, "V": 1e-6}  # µV -> file unit


def write_edf(path, channels=CHANNELS, rates=None, annotations=((2.0, 3.0, "Seizure"), (7.0, 0.5, "eye blink"))):
    rates = rates or [FS] * len(channels)
    headers = [highlevel.make_signal_header(label, unit, rate, -span, span)
               for (label, unit, span, _), rate in zip(channels, rates)]
    signals = [x * SCALE[unit] if rate == FS else x[:: FS // rate] * SCALE[unit]
               for (_, unit, _, x), rate in zip(channels, rates)]
    header = highlevel.make_header()
    header["annotations"] = [list(a) for a in annotations]
    highlevel.write_edf(str(path), signals, headers, header)
    return path


def one_line(error: pytest.ExceptionInfo, *fragments: str) -> None:
    message = str(error.value)
    assert "\n" not in message, f"expected a one-line message, got {message!r}"
    for fragment in fragments:
        assert fragment in message, f"expected {fragment!r} in the message, got {message!r}"


# --- EDF -----------------------------------------------------------------------------------------

def test_edf_round_trip_in_microvolts_with_annotations(tmp_path):
    recording = data.read_edf(write_edf(tmp_path / "three.edf"))
    assert recording.channels == ("Fp1", "F8", "Cz"), f"expected the labels without 'EEG ', got {recording.channels}"
    assert recording.fs == FS and recording.data.shape == (3, FS * SECONDS), \
        f"expected fs {FS} and shape (3, {FS * SECONDS}), got {recording.fs} and {recording.data.shape}"
    for row, (label, unit, span, truth) in enumerate(CHANNELS):
        step = 2 * span / SCALE[unit] / 65535  # quantisation step in µV: physical range / digital range
        error = np.max(np.abs(recording.data[row] - truth))
        assert error <= step, \
            f"{label} ({unit}): expected |read - written| <= one EDF step {step:.4f} µV, got {error:.4f}"
    assert recording.seizures == (Event(2.0, 5.0, "seizure"),), \
        f"expected the 'Seizure' annotation, got {recording.seizures}"
    assert recording.events == (Event(7.0, 7.5, "eye-blink"),), f"expected an eye-blink event, got {recording.events}"
    assert recording.artifacts == recording.events, "an eye blink should count as an artifact"


def test_channel_selection_is_case_insensitive_and_errors_list_the_channels(tmp_path):
    path = write_edf(tmp_path / "three.edf")
    recording = data.read_edf(path, ["cz", "eeg fp1"])
    assert recording.channels == ("Cz", "Fp1"), f"expected the requested order, got {recording.channels}"
    assert np.allclose(recording.data[1], CHANNELS[0][3], atol=0.02), "selected Fp1 should match the written signal"
    with pytest.raises(DeeprootsError) as error:
        data.read_edf(path, ["O2"])
    one_line(error, "three.edf", "'O2'", "EEG Fp1", "F8", "Cz")


def test_mixed_sampling_rates_are_refused_or_resampled(tmp_path):
    path = write_edf(tmp_path / "mixed.edf", CHANNELS[:2], rates=[FS, 128])
    with pytest.raises(DeeprootsError) as error:
        data.read_edf(path)
    one_line(error, "mixed.edf", "256 Hz", "128 Hz", "fs=")
    recording = data.read_edf(path, fs=128)
    assert recording.fs == 128 and recording.data.shape == (2, 128 * SECONDS), \
        f"expected both channels at 128 Hz, got {recording.fs} Hz, {recording.data.shape}"
    middle = slice(128, -128)  # resample_poly has edge effects
    fp1 = 80 * np.sin(2 * np.pi * 10 * T[::2])
    rms = np.std(recording.data[0, middle] - fp1[middle])
    assert rms < 12, f"Fp1 resampled 256 -> 128 Hz: expected residual ~ the 10 µV noise, got RMS {rms:.1f} µV"
    same = data.read_edf(path, ["F8"])
    assert same.fs == 128, f"one channel needs no resampling, expected 128 Hz, got {same.fs}"


@pytest.mark.parametrize("damage", ["truncated", "garbage", "corrupt-header", "bad-date", "missing", "empty"])
def test_broken_files_give_one_line_errors(tmp_path, damage):
    good = write_edf(tmp_path / "good.edf").read_bytes()
    path = tmp_path / "rec.edf"  # a neutral name, so the message itself must name the problem
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "garbage":
        path.write_bytes(b"this is not an EDF file at all\n" * 40)
    elif damage == "corrupt-header":  # the number-of-signals field overwritten
        path.write_bytes(good[:252] + b"ab c" + good[256:])
    elif damage == "bad-date":  # passes our header check, fails pyEDFlib's
        path.write_bytes(good[:168] + b"ab.cd.ef" + good[176:])
    elif damage == "empty":
        path.write_bytes(b"")
    with pytest.raises(DeeprootsError) as error:
        data.load(path)
    expected = {"truncated": "truncated", "garbage": "not an EDF file", "corrupt-header": "corrupt EDF header",
                "bad-date": "not EDF(+) or BDF(+) compliant",
                "missing": "no such file", "empty": "not an EDF file"}[damage]
    one_line(error, "rec.edf", expected)


def test_annotation_matcher_pairs_instants_and_is_a_parameter():
    onsets, durations = [1.0, 4.0, 6.0, 9.0, 12.0], [0.0, 0.0, 2.0, -1.0, 1.0]
    texts = ["Seizure start", "Seizure end", "interictal spike", "preictal", "SZ"]
    seizures, events = data.annotation_events(onsets, durations, texts)
    assert seizures == (Event(1.0, 4.0), Event(12.0, 13.0)), f"expected start/end paired and 'SZ', got {seizures}"
    assert [e.kind for e in events] == ["spike", "preictal"], f"expected 'preictal' not a seizure, got {events}"
    seizures, _ = data.annotation_events(onsets, durations, texts, seizure_pattern=lambda text: text == "preictal")
    assert seizures == (Event(9.0, 9.0),), f"a custom matcher should pick only 'preictal', got {seizures}"


# --- seizure lists -------------------------------------------------------------------------------

CHBMIT = """Data Sampling Rate: 256 Hz
*************************

Channels in EDF Files:
**********************
Channel 1: FP1-F7
Channel 2: F7-T7

File Name: chb01_01.edf
File Start Time: 11:42:54
File End Time: 12:42:54
Number of Seizures in File: 0

File Name: chb01_03.edf
File Start Time: 13:43:04
File End Time: 14:43:04
Number of Seizures in File: 1
Seizure Start Time: 2996 seconds
Seizure End Time: 3036 seconds

File Name: chb06_01.edf
File Start Time: 05:31:44
File End Time: 09:36:03
Number of Seizures in File: 2
Seizure 1 Start Time: 1724 seconds
Seizure 1 End Time: 1738 seconds
Seizure 2 Start Time:  7461 seconds
Seizure 2 End Time:  7476 seconds
"""

SIENA = """Seizures list of patient 00

Seizure n 1
File name: PN00-1.edf
Registration start time: 19.39.33
Registration end time:  20.22.58
Seizure start time: 19.58.36
Seizure end time: 19.59.46

Seizure n 2
File name: PN00-2.edf
Registration start time: 23.50.10
Registration end time:  02.14.20
Seizure start time: 00.02.15
Seizure end time: 00.03.30

Seizure n 3
File name: PN01.edf
Registration start time:1 6.49.25
Start time: 21:51:02
End time: 21:51:54
Start time: 07:53:17
End time: 07:54:31
"""


def test_chbmit_summary(tmp_path):
    path = tmp_path / "chb01-summary.txt"
    path.write_text(CHBMIT)
    files = data.parse_chbmit_summary(path)
    expected = {"chb01_01.edf": [], "chb01_03.edf": [Event(2996.0, 3036.0)],
                "chb06_01.edf": [Event(1724.0, 1738.0), Event(7461.0, 7476.0)]}
    assert files == expected, f"expected {expected} (the example's lines), got {files}"
    path.write_text(CHBMIT.replace("Number of Seizures in File: 1", "Number of Seizures in File: 2"))
    with pytest.raises(DeeprootsError) as error:
        data.parse_chbmit_summary(path)
    one_line(error, "chb01_03.edf", "2 seizure")


def test_siena_list_counts_from_registration_start_across_midnight(tmp_path):
    path = tmp_path / "Seizures-list-PN00.txt"
    path.write_text(SIENA)
    files = data.parse_siena_list(path)
    # 19:58:36 - 19:39:33 = 1143 s, 19:59:46 - 19:39:33 = 1213 s: the shipped excerpt's documented seizure
    assert files["PN00-1.edf"] == [Event(1143.0, 1213.0)], f"expected 1143-1213 s, got {files['PN00-1.edf']}"
    # 00:02:15 is 12 min 5 s after 23:50:10
    assert files["PN00-2.edf"] == [Event(725.0, 800.0)], \
        f"expected 725-800 s across midnight, got {files['PN00-2.edf']}"
    # registration 16:49:25 (the stray space is in the published list); 21:51:02 -> 18097 s, 07:53:17 -> 54232 s
    assert files["PN01.edf"] == [Event(18097.0, 18149.0), Event(54232.0, 54306.0)], \
        f"expected two seizures in PN01, the second after midnight, got {files['PN01.edf']}"
    assert data.seizure_list(path) == files, "seizure_list should recognise a Siena list by its content"
    path.write_text(SIENA.replace("19.58.36", "nineteen"))
    with pytest.raises(DeeprootsError) as error:
        data.parse_siena_list(path)
    one_line(error, "Seizures-list-PN00.txt", "line 7")


def test_load_attaches_listed_seizures(tmp_path):
    edf = write_edf(tmp_path / "chb01_03.edf", annotations=())
    summary = tmp_path / "chb01-summary.txt"
    summary.write_text(CHBMIT)
    recording = data.load(edf, ["F8"], annotations=summary)
    assert recording.seizures == (Event(2996.0, 3036.0),), f"expected the summary's seizure, got {recording.seizures}"
    siena = tmp_path / "Seizures-list-PN01.txt"
    siena.write_text(SIENA)
    typo = data.load(write_edf(tmp_path / "PN01-1.edf", annotations=()), annotations=siena)
    assert len(typo.seizures) == 2, \
        f"PN01-1.edf is listed as 'PN01.edf' in Siena: expected 2 seizures, got {typo.seizures}"
    with pytest.raises(DeeprootsError) as error:
        data.load(edf, annotations=siena)
    one_line(error, "chb01_03.edf", "PN00-1.edf", "record=")
    with pytest.raises(DeeprootsError) as error:
        data.load(tmp_path / "notes.txt")
    one_line(error, "notes.txt", ".edf")


def test_load_csv_needs_fs(tmp_path):
    path = tmp_path / "one.csv"
    np.savetxt(path, np.arange(10.0))
    recording = data.load(path, ["F8"], fs=2)
    assert recording.channels == ("F8",) and recording.data.shape == (1, 10) and recording.duration == 5.0, \
        f"expected one 5 s channel F8, got {recording.channels}, {recording.data.shape}"
    with pytest.raises(DeeprootsError) as error:
        data.load(path)
    one_line(error, "one.csv", "fs=")


def test_siena_excerpt():
    recording = data.siena_excerpt()
    assert recording.data.shape == (1, 168000) and recording.fs == 64 and recording.channels == ("F8",), \
        f"expected (1, 168000) at 64 Hz on F8 (data/README.md), got {recording.data.shape}, {recording.fs}, " \
        f"{recording.channels}"
    assert recording.seizures == (Event(1143.0, 1213.0),), f"expected the documented seizure, got {recording.seizures}"
    for name in ("Detti", "10.13026/5d4a-j060", "Datseris"):
        assert name in recording.source, f"the attribution should name {name!r}; got {recording.source!r}"
    readme = (data.DATA_DIR / "README.md").read_text()
    assert "Creative Commons Attribution 4.0" in readme, "the shipped README must keep the licence"
    ictal = recording.data[0, 1143 * 64: 1213 * 64].std()
    before = recording.data[0, 1000 * 64: 1140 * 64].std()
    assert ictal > before, f"expected larger ictal amplitude (std {ictal:.1f}) than just before (std {before:.1f})"


# --- preprocessing ------------------------------------------------------------------------------

def sines(*freqs: float, fs: float = 256.0, seconds: float = 20.0) -> Recording:
    t = np.arange(int(fs * seconds)) / fs
    return Recording(data=np.vstack([100 * np.sin(2 * np.pi * f * t) for f in freqs]), fs=fs,
                     channels=tuple(f"{f:g}Hz" for f in freqs), seizures=(Event(3.0, 5.0),))


def kept(before: Recording, after: Recording) -> np.ndarray:
    """Amplitude kept per channel, away from the edges (2 s each side)."""
    middle = slice(int(2 * before.fs), -int(2 * before.fs))
    return after.data[:, middle].std(axis=1) / before.data[:, middle].std(axis=1)


def test_bandpass_keeps_the_band_and_removes_the_rest():
    recording = sines(1, 10, 30)
    share = kept(recording, data.bandpass(recording, 3, 20))
    assert share[0] < 0.05 and share[2] < 0.05, \
        f"3-20 Hz band-pass: expected < 5% of 1 and 30 Hz kept, got {share[[0, 2]]}"
    assert share[1] > 0.95, f"3-20 Hz band-pass: expected > 95% of 10 Hz kept, got {share[1]:.3f}"
    filtered = data.bandpass(recording, 3, 20)
    lag = np.argmax(np.correlate(filtered.data[1, 512:1024], recording.data[1, 512:1024], "full")) - 511
    assert lag == 0, f"zero-phase filtering should not shift the 10 Hz sine, got a lag of {lag} samples"
    with pytest.raises(DeeprootsError) as error:
        data.bandpass(recording, 20, 3)
    one_line(error, "low=20", "high=3")


def test_notch_removes_mains():
    recording = sines(50, 10)
    share = kept(recording, data.notch(recording, 50))
    assert share[0] < 0.02 and share[1] > 0.98, f"50 Hz notch: expected < 2% of 50 Hz and > 98% of 10 Hz, got {share}"
    us = sines(60)
    assert kept(us, data.notch(us, 60))[0] < 0.02, "a 60 Hz notch should remove 60 Hz"


def test_resample_and_select_return_new_recordings():
    recording = sines(5, 10)
    down = data.resample(recording, 128)
    assert down.fs == 128 and down.data.shape == (2, 128 * 20), \
        f"expected 128 Hz, (2, 2560), got {down.fs}, {down.data.shape}"
    assert down.seizures == recording.seizures, "events keep their times when resampling"
    truth = 100 * np.sin(2 * np.pi * 10 * np.arange(128 * 20) / 128)
    assert np.max(np.abs(down.data[1, 256:-256] - truth[256:-256])) < 1.0, "a 10 Hz sine should survive 256 -> 128 Hz"
    picked = data.select(recording, ["10hz"])
    assert picked.channels == ("10Hz",) and np.array_equal(picked.data[0], recording.data[1]), "select by name"
    assert recording.data.shape == (2, 5120), "the input recording must not change"
    with pytest.raises(DeeprootsError) as error:
        data.select(recording, ["Fz"])
    one_line(error, "'Fz'", "5Hz, 10Hz")
