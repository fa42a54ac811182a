"""count-lines' trusted evaluation (runs in the grader's process, never in the learner's).

Hidden data, drawn fresh from ``rng`` at every evaluation:
- 2,000 ink-controlled images of 1 to 5 lines (every image's line lengths sum to 32 px, so the
  total ink does not give the count away): the score, exact-count accuracy;
- 1,000 ink-controlled images of 6 to 9 lines, counts never trained on: the open challenge.
The naive baseline counts ink: a least-squares line from an image's pixel sum to its count, fitted
on 2,000 ordinary images of 1 to 5 lines, then rounded (the lab's ``ink_baseline``).
"""
from __future__ import annotations

import numpy as np

from deeproots.lab.datasets.lines import generate
from deeproots.projects.count_lines.kit import config
from deeproots.projects.evaluation import Evaluation, as_array, fresh_seed, paired_margin

N_IN, N_OUT, N_FIT = 2000, 1000, 2000
BATCH = 500


def _answers(learner, model, images: np.ndarray) -> np.ndarray:
    answers = [as_array(learner.predict(model, images[i:i + BATCH]), len(images[i:i + BATCH]),
                        "predict(model, images)'s counts") for i in range(0, len(images), BATCH)]
    return np.rint(np.concatenate(answers)).astype(np.int64)




def evaluate(learner, model, rng: np.random.Generator, quick: bool = False) -> Evaluation:
    fit = generate(config(), N_FIT, fresh_seed(rng))
    inside = generate(config(ink_controlled=True), N_IN, fresh_seed(rng))
    outside = generate(config(6, 9, ink_controlled=True), N_OUT, fresh_seed(rng))
    slope, intercept = np.polyfit(fit.images.reshape(N_FIT, -1).sum(1), fit.counts, 1)

    def ink_count(images: np.ndarray) -> np.ndarray:
        return np.clip(np.rint(slope * images.reshape(len(images), -1).sum(1) + intercept), 0, None).astype(np.int64)

    predicted_in, predicted_out = _answers(learner, model, inside.images), _answers(learner, model, outside.images)
    right_in, right_out = predicted_in == inside.counts, predicted_out == outside.counts
    base_in, base_out = ink_count(inside.images) == inside.counts, ink_count(outside.images) == outside.counts
    metrics = {"accuracy": float(right_in.mean()), "extrapolation_accuracy": float(right_out.mean()),
               "mean_abs_error": float(np.abs(predicted_in - inside.counts).mean())}
    baseline = {"accuracy": float(base_in.mean()), "extrapolation_accuracy": float(base_out.mean()),
                "mean_abs_error": float(np.abs(ink_count(inside.images) - inside.counts).mean())}
    per_count = {f"accuracy_{c}_lines": float(right_in[inside.counts == c].mean()) for c in range(1, 6)}
    per_count |= {f"accuracy_{c}_lines": float(right_out[outside.counts == c].mean()) for c in range(6, 10)}
    metrics |= per_count
    images = np.concatenate([inside.images, outside.images])
    truth = np.concatenate([inside.counts, outside.counts])
    predicted = np.concatenate([predicted_in, predicted_out])
    worst = np.argsort(-np.abs(predicted - truth), kind="stable")[:16]
    failures = [(images[i], f"{truth[i]} lines, said {predicted[i]}") for i in worst if predicted[i] != truth[i]]
    counts = list(range(1, 10))
    curve = {"your model": (counts, [per_count[f"accuracy_{c}_lines"] for c in counts]),
             "ink baseline": (counts, [float((ink_count(images[truth == c]) == c).mean()) for c in counts])}
    return Evaluation(
        metrics, baseline, "counting ink (least squares from the pixel sum, rounded)", N_IN + N_OUT,
        failures=failures, failure_caption="The worst mistakes on hidden images: true and predicted count",
        curves={"Exact-count accuracy per number of lines (6-9 never trained on)": curve},
        margins={"accuracy": paired_margin(right_in, base_in)},
        notes=[f"Hidden images: {N_IN:,} ink-controlled images of 1-5 lines and {N_OUT:,} of 6-9 lines, "
               "drawn from a fresh seed that never left the grader."])
