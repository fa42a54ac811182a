"""The EEG run's report: its tables, the score figure, the published numbers beside ours, and the
one-paragraph verdict. Pure functions of the results that :mod:`deeproots.research.eeg.run` computes."""
from __future__ import annotations

import numpy as np

DETECTORS = {"gardner_ocsvm": "Gardner OC-SVM", "hjorth_iforest": "Hjorth + IForest", "hjorth_lof": "Hjorth + LOF",
             "hjorth_knn": "Hjorth + kNN", "matrix_profile": "Matrix profile", "conv_vae": "Conv VAE"}
"""Detector keys (used in metrics.json) and the names shown in the report."""
ENERGY_DETECTOR = "gardner_ocsvm"
GARDNER = ("Gardner, Krieger, Vachtsevanos & Litt (2006), JMLR 7:1025-1044, abstract "
           "(https://jmlr.org/papers/v7/gardner06a.html)")
GARDNER_DATA = "intracranial EEG, LOO-CV over 41 interictal and 29 ictal epochs"
NOT_COMPARABLE = "not the same data, not directly comparable"
YILDIZ = ("Yildiz et al. (2022), Comput. Methods Programs Biomed. 215:106604, doi:10.1016/j.cmpb.2021.106604, "
          "abstract")
_HJORTH_NONE = ("none: Hjorth + line-length features under a PyOD detector is our own pairing; the nearest study, "
                "Appl. Sci. 13(9):5655 (2023), scores such detectors on wavelet-power features, so its numbers are "
                "for another method")
PUBLISHED = {
    "gardner_ocsvm": f"97.1% sensitivity at 1.56 false alarms/h, latency -7.58 s ({GARDNER_DATA}): {GARDNER}",
    "hjorth_iforest": _HJORTH_NONE, "hjorth_lof": _HJORTH_NONE, "hjorth_knn": _HJORTH_NONE,
    "matrix_profile": ("none: Yeh et al. (2016), IEEE ICDM, introduce the matrix profile as a general time-series "
                       "method and report no seizure-detection figure"),
    "conv_vae": f"window AUC up to 0.83 (intracranial EEG, U. Pennsylvania and Mayo Clinic): {YILDIZ}",
}
"""Each detector's published seizure-detection number with its citation (checked against the paper's
abstract), or 'none: <why no published number applies>'. Never measured on our data."""

def _fmt(value: float, digits: int = 3) -> str:
    return "n/a" if value is None or not np.isfinite(value) else f"{value:.{digits}g}"


def _ci(r: dict, key: str) -> str:
    return f"{_fmt(r[key])} [{_fmt(r[key + '_low'])}, {_fmt(r[key + '_high'])}]"


def table_rows(results: dict) -> list[list]:
    return [[DETECTORS[name], _ci(r, "auroc"), _ci(r, "ap"), f"{r['detected']}/{r['seizures']}",
             _ci(r, "sensitivity"), _fmt(r["mean_latency_s"]), _fmt(r["false_alarms_per_hour"]),
             r["false_alarms"], r["false_alarms_on_artifacts"], r["false_alarms_on_interictal"],
             f"{r['fit_s'] + r['score_s']:.1f}", PUBLISHED[name]] for name, r in results.items()]


COLUMNS = ["detector", "window AUROC [95% CI]", "window AP [95% CI]", "seizures found", "sensitivity [95% CI]",
           "mean latency (s)", "false alarms / h", "false alarms", "on artifacts", "on interictal events", "time (s)",
           "published"]


def figure(dataset, results: dict):
    from matplotlib.figure import Figure
    figure = Figure(figsize=(10, 1.5 * len(results) + 0.6), layout="constrained")
    axes = figure.subplots(len(results), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (name, r) in zip(axes, results.items()):
        t, scores, threshold, alarms = r["_plot"]
        ax.plot(t, scores, linewidth=0.6, color="tab:blue")
        ax.axhline(threshold if name != ENERGY_DETECTOR else 0.0, color="grey", linestyle="--", linewidth=0.8)
        for s in dataset.recording.seizures:
            if s.end >= t[0] and s.start <= t[-1]:
                ax.axvspan(s.start, s.end, color="tab:orange", alpha=0.3, linewidth=0)
        top = np.nanmax(scores)
        for a in alarms:
            ax.plot([a.start, a.end], [top, top], color="tab:red", linewidth=3, solid_capstyle="butt")
        ax.set_ylabel(DETECTORS[name], fontsize=8, rotation=0, ha="right", va="center")
        ax.tick_params(labelsize=7)
    axes[-1].set_xlabel("time (s)")
    return figure


def published_rows(all_results: dict) -> list[list]:
    rows = []
    for key, label, theirs in (("sensitivity", "sensitivity", "97.1%"),
                               ("mean_signed_latency_s", "mean detection latency (s; negative = early)", "-7.58 s"),
                               ("false_alarms_per_hour", "false positives per hour", "1.56 /h")):
        def show(r: dict) -> str:
            if key == "sensitivity":
                return f"{_fmt(100 * r[key])}% ({r['detected']}/{r['seizures']})" if r["seizures"] else "n/a"
            return _fmt(r[key]) + (" s" if "latency" in key else " /h")
        ours = "; ".join(f"{ds}: {show(res[ENERGY_DETECTOR])}" for ds, res in all_results.items()
                         if ENERGY_DETECTOR in res)
        rows.append([f"OC-SVM {label}", theirs, ours or "not run", f"{GARDNER}; {GARDNER_DATA}", NOT_COMPARABLE])
    rows.append(["Conv VAE (reconstruction error), window AUROC", "up to 0.83 (intracranial EEG)",
                 "; ".join(f"{ds}: AUROC {_fmt(res['conv_vae']['auroc'])}" for ds, res in all_results.items()
                           if "conv_vae" in res) or "not run",
                 YILDIZ, NOT_COMPARABLE])
    rows.append(["PyOD IForest / LOF / kNN on EEG features", _HJORTH_NONE,
                 "see the tables above", "Appl. Sci. 13(9):5655 (2023), doi:10.3390/app13095655", NOT_COMPARABLE])
    return rows


def verdict(datasets: list, all_results: dict) -> str:
    parts = []
    for ds in datasets:
        res = all_results[ds.key]
        ranked = [n for n in res if np.isfinite(res[n]["auroc"])]
        if not ranked:
            parts.append(f"{ds.key}: no seizure in the test part, so no AUROC or sensitivity; see the false alarms")
            continue
        best = max(ranked, key=lambda n: res[n]["auroc"])
        events = max(res, key=lambda n: (np.nan_to_num(res[n]["sensitivity"]), -res[n]["false_alarms_per_hour"]))
        text = (f"{ds.key}: best window AUROC {DETECTORS[best]} ({res[best]['auroc']:.3f}); best at event level "
                f"{DETECTORS[events]} ({res[events]['detected']}/{res[events]['seizures']} seizures, "
                f"{_fmt(res[events]['false_alarms_per_hour'])} false alarms/h)")
        if ENERGY_DETECTOR in res:
            g = res[ENERGY_DETECTOR]
            text += (f"; Gardner's OC-SVM {g['detected']}/{g['seizures']} at {_fmt(g['false_alarms_per_hour'])} "
                     f"false alarms/h (published 97.1% at 1.56/h, on intracranial EEG)")
            if ds.recording.artifacts and g["false_alarms"]:
                text += (f", {g['false_alarms_on_artifacts']} of its {g['false_alarms']} false alarms on labelled "
                         f"artifacts")
        if ds.key == "synthetic":
            n = next(iter(res.values()))["seizures"]
            found = [DETECTORS[k] for k in res if res[k]["detected"] == n]
            text += (f"; all {n} obvious synthetic seizures found by {', '.join(found)}" if found else
                     f"; no detector found all {n} synthetic seizures")
        parts.append(text)
    return ". ".join(parts) + "."
