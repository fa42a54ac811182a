"""The EEG track end to end on a tiny budget: a 5-minute 6-channel synthetic recording at 128 Hz and
the real Siena excerpt cropped to 700-1500 s (its seizure is at 1143-1213 s), every detector, few
VAE epochs and bootstrap resamples. The full default run is timed by benchmarks/eeg_run.py."""
from __future__ import annotations

import json

import numpy as np
import pytest

from deeproots.errors import DeeprootsError
from deeproots.research.eeg import run, summary
from deeproots.research.eeg.recording import Event, Recording, windows

TINY = run.RunParams(synthetic_minutes=5.0, synthetic_channels=("F7", "F8", "T3", "T4", "C3", "C4"),
                     synthetic_fs=128.0, seizures_per_hour=30.0, siena_span=(700.0, 1500.0), siena_train_end=1050.0,
                     mp_reference_seconds=60.0, vae_epochs=2, n_boot=100)
PER_DETECTOR = ("auroc", "auroc_low", "auroc_high", "ap", "ap_low", "ap_high", "seizures", "detected", "sensitivity",
                "sensitivity_low", "sensitivity_high", "mean_latency_s", "mean_signed_latency_s", "false_alarms",
                "false_alarms_per_hour", "false_alarms_on_artifacts", "false_alarms_on_interictal", "fit_s", "score_s")


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("runs")
    seen = []
    metrics, report = run.run_eeg(root=root, params=TINY, progress=lambda fraction, message: seen.append(fraction))
    return metrics, report, seen


def test_report_and_metrics_are_written_under_research_eeg(tiny_run):
    metrics, report, seen = tiny_run
    assert report.name == "report.html" and report.parent.parent.parts[-2:] == ("research", "eeg"), \
        f"expected root/research/eeg/<timestamp>/report.html, got {report}"
    html = report.read_text(encoding="utf-8")
    for needle in ("Published vs ours", "not directly comparable", "97.1%", "Verdict", "Siena"):
        assert needle in html, f"the report should mention {needle!r}"
    record = json.loads((report.parent / "metrics.json").read_text(encoding="utf-8"))
    assert record["metrics"]["verdict"] == metrics["verdict"], "metrics.json holds the returned metrics"
    assert record["metrics"]["device"] == metrics["synthetic/conv_vae/device"] and \
        record["metrics"]["device"].split(" ")[0] in ("cpu", "cuda:0"), "the VAE's device is in the metrics"
    assert sorted(p.name for p in report.parent.glob("*.png")) == ["scores-siena.png", "scores-synthetic.png"]
    assert seen and seen[-1] == 1.0 and seen == sorted(seen), f"progress should rise to 1.0, got {seen}"


def test_metrics_have_every_key_for_every_dataset_and_detector(tiny_run):
    metrics = tiny_run[0]
    missing = [f"{ds}/{det}/{key}" for ds in ("synthetic", "siena") for det in run.DETECTORS for key in PER_DETECTOR
               if f"{ds}/{det}/{key}" not in metrics]
    assert not missing, f"missing metric keys: {missing[:8]}{'...' if len(missing) > 8 else ''}"
    for det in run.DETECTORS:
        low, auc, high = (metrics[f"siena/{det}/{k}"] for k in ("auroc_low", "auroc", "auroc_high"))
        assert 0 <= low <= high <= 1 and np.isfinite(auc), f"{det}: AUROC interval [{low}, {high}] around {auc}"
        assert metrics[f"siena/{det}/seizures"] == 1, "the crop keeps the Siena seizure (1143-1213 s) in the test part"


def test_the_obvious_synthetic_seizures_are_found_by_the_energy_detector(tiny_run):
    metrics = tiny_run[0]
    seizures = metrics["synthetic/gardner_ocsvm/seizures"]
    assert seizures >= 1, "seed 0 puts at least one synthetic seizure in the test part"
    assert metrics["synthetic/gardner_ocsvm/detected"] == seizures, \
        f"150-300 µV rhythmic seizures over 15-35 µV background: the energy-based OC-SVM should find all " \
        f"{seizures}, found {metrics['synthetic/gardner_ocsvm/detected']}"
    assert metrics["synthetic/gardner_ocsvm/auroc"] > 0.9, \
        f"expected window AUROC > 0.9 on obvious seizures, got {metrics['synthetic/gardner_ocsvm/auroc']}"


def test_a_corrupt_data_file_is_a_one_line_error_and_leaves_no_run_folder(tmp_path):
    bad = tmp_path / "broken.edf"
    bad.write_bytes(b"this is not an EDF file" * 20)
    with pytest.raises(DeeprootsError) as caught:
        run.run_eeg(data=bad, root=tmp_path / "runs", params=TINY)
    assert "\n" not in str(caught.value) and "broken.edf" in str(caught.value), f"got {caught.value!r}"
    assert not (tmp_path / "runs").exists(), "a failed load should not create a run folder"


def test_bad_parameters_are_rejected():
    with pytest.raises(DeeprootsError, match="unknown detector"):
        run.RunParams(detectors=("svm",))
    with pytest.raises(DeeprootsError, match="train_fraction"):
        run.RunParams(train_fraction=1.5)


def test_split_trains_only_on_seizure_free_windows_before_the_cut():
    recording = Recording(data=np.zeros((1, 1000 * 8)), fs=8.0, channels=("F8",), seizures=(Event(300.0, 320.0),))
    w = windows(recording, 1.0, 0.5)
    train, test = run.split(w, recording, train_end=500.0, guard=60.0)
    starts = w.starts[train]
    assert starts.max() + 1 <= 500 and not ((starts + 1 > 240) & (starts < 380)).any(), \
        "training windows end by 500 s and keep 60 s from the 300-320 s seizure"
    assert w.starts[test].min() == 500.0 and test.sum() == len(w.starts) - 1000, \
        f"test windows start at 500 s and run to the end, got {w.starts[test].min()}, {test.sum()}"


def test_an_edf_file_with_a_seizure_annotation_runs_end_to_end(tmp_path):
    from pyedflib import highlevel
    fs, seconds = 128, 400
    rng = np.random.default_rng(0)
    t = np.arange(fs * seconds) / fs
    signals = 20 * rng.standard_normal((2, t.size))
    burst = (t >= 250) & (t < 280)
    signals[:, burst] += 200 * np.sin(2 * np.pi * 5 * t[burst])  # a 5 Hz, 200 µV "seizure"
    headers = [highlevel.make_signal_header(name, "uV", fs, -1000, 1000) for name in ("F7", "F8")]
    header = highlevel.make_header()
    header["annotations"] = [[250.0, 30.0, "Seizure"]]
    path = tmp_path / "tiny.edf"
    highlevel.write_edf(str(path), signals, headers, header)
    params = run.RunParams(train_fraction=0.5, detectors=("gardner_ocsvm", "hjorth_knn"), n_boot=50)
    metrics, report = run.run_eeg(data=path, root=tmp_path / "runs", params=params)
    assert report.is_file(), "the report is written for a --data file too"
    assert metrics["file/gardner_ocsvm/seizures"] == 1 and metrics["file/gardner_ocsvm/detected"] == 1, \
        f"the 200 µV burst annotated 250-280 s should be found, got {metrics['file/gardner_ocsvm/detected']}/1"
    assert metrics["file/gardner_ocsvm/auroc"] > 0.95, f"got AUROC {metrics['file/gardner_ocsvm/auroc']}"


def test_every_detector_row_gives_its_published_number_or_why_none():
    import re

    fake = {key: 0.0 for key in PER_DETECTOR} | {"seizures": 1, "detected": 1, "false_alarms": 0,
                                                 "false_alarms_on_artifacts": 0, "false_alarms_on_interictal": 0}
    rows = summary.table_rows({name: dict(fake) for name in run.DETECTORS})
    assert "published" in summary.COLUMNS, "each detector row needs a 'published' column"
    column = summary.COLUMNS.index("published")
    assert [row[0] for row in rows] == list(run.DETECTORS.values())
    for row in rows:
        published = row[column]
        if published.startswith("none: "):
            assert len(published) > len("none: ") + 20, f"{row[0]}: say why no published number applies"
        else:  # a number, and the paper it comes from (authors or journal, and its year)
            assert re.search(r"\d", published) and re.search(r"\((19|20)\d\d\)", published), \
                f"{row[0]}: {published!r} should be a published number with its citation, or 'none: <reason>'"
