"""What a project's evaluator returns, and the tiers it reaches.

Every project's ``evaluate.py`` has ``evaluate(learner, model, rng, quick) -> Evaluation``: it runs
in the grader's process, draws the hidden data from ``rng`` (seeded from ``os.urandom`` by the
harness), sends only inputs to ``learner.predict(model, x)`` (or ``act`` / ``score``), and scores
the answers here, beside the question's naive baseline on the very same data.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from deeproots.projects.catalog import Project, Tier


@dataclass
class Evaluation:
    """Scores on one fresh draw of hidden data.

    ``metrics``: the learner's numbers (the project's score metric and every tier's metric);
    ``baseline``: the naive baseline's, on the same data, under the same names; ``n``: how many
    examples, episodes or windows; ``failures``: the worst mistakes as images with captions;
    ``curves``: charts (title -> {series: (x, y)}); ``margins``: for a metric, how far past the
baseline a score must be to beat it beyond the noise of one draw (two standard errors of the
paired difference); ``notes``: plain sentences for the report.
    """

    metrics: dict[str, float]
    baseline: dict[str, float]
    baseline_name: str
    n: int
    failures: list[tuple[Any, str]] = field(default_factory=list)
    failure_caption: str = ""
    curves: dict[str, dict[str, tuple[list, list]]] = field(default_factory=dict)
    margins: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TierResult:
    tier: Tier
    value: float
    threshold: float
    met: bool


def as_array(answer: Any, n: int, what: str, dtype: Any = float, shape: tuple = ()) -> np.ndarray:
    """The learner's answer as an array of ``n`` rows (of ``shape``), or a ValueError that says
    what was expected: the evaluator's one way to read answers."""
    try:  # as numbers first: NaN and fractions are reported, never silently cast to integers
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{what} should be numbers, got {type(answer).__name__}") from None
    if array.shape != (n, *shape):
        raise ValueError(f"{what} should have shape {(n, *shape)}, got {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what} contains NaN or infinity")
    if np.dtype(dtype).kind in "iub" and np.any(array != np.rint(array)):
        raise ValueError(f"{what} should be whole numbers")
    return array.astype(dtype)


def paired_margin(scores: Any, baseline_scores: Any) -> float:
    """Two standard errors of the mean paired difference between the learner's per-example
    scores and the baseline's on the same hidden examples: beating the baseline by less is
    within the noise of one draw (the margin of every bronze tier that has no better one)."""
    difference = np.asarray(scores, float).ravel() - np.asarray(baseline_scores, float).ravel()
    return float(2 * difference.std(ddof=1) / np.sqrt(difference.size))


def fresh_seed(rng: np.random.Generator) -> np.random.SeedSequence:
    """The seed of one hidden draw, taken from the evaluation's generator (itself seeded from
    os.urandom by the harness)."""
    return np.random.SeedSequence(int(rng.integers(2**63)))


def judge(project: Project, evaluation: Evaluation) -> list[TierResult]:
    """Each tier of ``project``, met or not, on this evaluation."""
    results = []
    for tier in project.tiers:
        value = float(evaluation.metrics.get(tier.metric, math.nan))
        if tier.beats_baseline:  # better than the baseline by more than the noise of the draw
            margin = abs(float(evaluation.margins.get(tier.metric, 0.0)))
            baseline = float(evaluation.baseline.get(tier.metric, math.nan))
            threshold = baseline + margin if tier.higher_is_better else baseline - margin
        else:
            threshold = float(tier.threshold)
        if math.isnan(value) or math.isnan(threshold):
            met = False
        elif tier.beats_baseline:
            met = value > threshold if tier.higher_is_better else value < threshold
        else:
            met = value >= threshold if tier.higher_is_better else value <= threshold
        results.append(TierResult(tier, value, threshold, met))
    return results


def tier_reached(results: list[TierResult]) -> str | None:
    """The highest tier with every tier below it met too (tiers are climbed in order)."""
    reached = None
    for result in results:
        if not result.met:
            break
        reached = result.tier.name
    return reached
