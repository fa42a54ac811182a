"""One evaluation's report: the learner's scores beside the baseline's, the reference's and the
paper's, the tiers, the training curves, the failure cases and a plain-language verdict."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from deeproots.projects.catalog import Project
from deeproots.projects.evaluation import Evaluation, TierResult, tier_reached
from deeproots.report.page import Report


def verdict_text(project: Project, evaluation: Evaluation | None, results: list[TierResult], problem: str,
                 quick: bool) -> str:
    """The plain-language verdict: what was reached, and what the next tier asks."""
    if evaluation is None:
        return f"Not scored: {problem}"
    score = project.format_score(evaluation.metrics.get(project.score_metric))
    if not results:
        return f"Evaluated on {evaluation.n:,} hidden examples."
    reached = tier_reached(results)
    missing = next((result for result in results if not result.met), None)
    head = (f"{reached.capitalize()}: " if reached else "Below bronze: ") + f"{project.score_label} {score}."
    if missing is not None:
        needed = _format(project, missing.tier.metric, missing.threshold)
        have = _format(project, missing.tier.metric, missing.value)
        head += f" Next, {missing.tier.name}: {missing.tier.text} ({missing.tier.metric} {have}, needs " \
                f"{'>' if missing.tier.beats_baseline else ('≥' if missing.tier.higher_is_better else '≤')} {needed})."
    if quick:
        head += " A quick run is a smoke test: it earns no medal."
    return head


def _format(project: Project, metric: str, value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return project.format_score(value) if metric == project.score_metric else f"{value:.4g}"


def build(project: Project, evaluation: Evaluation | None, results: list[TierResult], rows: list,
          training: dict[str, Any], problem: str = "", quick: bool = False) -> Report:
    """The report of one evaluation (``rows``: the metrics the learner logged while training)."""
    report = Report(f"{project.title}: your {'quick ' if quick else ''}run")
    report.text(verdict_text(project, evaluation, results, problem, quick))
    report.params({key: value for key, value in training.items() if value is not None})
    if training.get("device"):  # where train(ctx) ran (the worker's report): "cpu", "cuda:0 (<card>)"
        report.metrics({"device": training["device"]})
    if evaluation is not None:
        _scores(report, project, evaluation, results)
        for note in evaluation.notes:
            report.text(note)
    _training_curves(report, rows)
    if evaluation is not None:
        for title, series in evaluation.curves.items():
            report.line_chart({name: (list(x), list(y)) for name, (x, y) in series.items()}, caption=title)
        if evaluation.failures:
            images = [np.asarray(image, dtype=float) for image, _ in evaluation.failures]
            if all(image.ndim == 1 for image in images):  # signals (EEG windows): one chart, a line each
                report.line_chart({caption: (list(range(len(image))), list(image))
                                   for image, (_, caption) in list(zip(images, evaluation.failures))[:6]},
                                  xlabel="sample", caption=evaluation.failure_caption or "The worst mistakes",
                                  name="failures")
            elif all(image.ndim in (2, 3) and image.shape == images[0].shape for image in images):
                report.image_grid(np.stack(images), labels=[caption for _, caption in evaluation.failures],
                                  caption=evaluation.failure_caption or "The worst mistakes", name="failures")
            else:
                report.table([[caption] for _, caption in evaluation.failures], ["worst mistakes"])
    paper = project.paper
    if paper:
        report.text(f"Paper: {paper.get('citation', '')}. {paper.get('result', '')}")
    return report


def _scores(report: Report, project: Project, evaluation: Evaluation, results: list[TierResult]) -> None:
    metric = project.score_metric
    rows = [["you", _format(project, metric, evaluation.metrics.get(metric, math.nan)), "this evaluation"],
            [f"baseline: {evaluation.baseline_name}", _format(project, metric, evaluation.baseline.get(metric, math.nan)),
             "the same hidden data"]]
    for result in results:
        if not result.tier.beats_baseline:
            who = "deeproots' reference" if result.tier.name == "silver" else "the target"
            rows.append([f"{result.tier.name}: {who}", _format(project, result.tier.metric, result.threshold),
                         result.tier.source])
    report.table(rows, [project.score_label, "score", "where it comes from"], caption="Scores")
    report.table([[result.tier.name, result.tier.text, result.tier.metric, _format(project, result.tier.metric, result.value),
                   _format(project, result.tier.metric, result.threshold), "yes" if result.met else "no"]
                  for result in results], ["tier", "what it asks", "metric", "you", "needs", "met"], caption="Tiers")
    report.metrics({f"your_{name}": value for name, value in evaluation.metrics.items()}
                   | {f"baseline_{name}": value for name, value in evaluation.baseline.items()}
                   | {"hidden_examples": evaluation.n, "tier": tier_reached(results) or "none"})


def _training_curves(report: Report, rows: list) -> None:
    """One chart per logged metric, against the steps (or the seconds when no steps were counted)."""
    names = list(dict.fromkeys(name for _, _, values in rows for name in values))[:6]
    use_steps = any(steps for steps, _, _ in rows)
    for name in names:
        points = [(steps if use_steps else seconds, values[name]) for steps, seconds, values in rows if name in values]
        if len(points) >= 2:
            x, y = zip(*points[:: max(1, len(points) // 2000)])
            report.line_chart({name: (list(x), list(y))}, xlabel="steps" if use_steps else "seconds", ylabel=name,
                              caption=f"Training: {name} as you logged it", name=f"training-{name}")
