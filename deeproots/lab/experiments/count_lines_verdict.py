"""count-lines' verdict: pure functions of the measured numbers and the thresholds below.

``verdict(metrics, p, score)`` turns the metrics of a run (the keys ``count_lines.run`` writes,
e.g. ``cnn_id_acc``, ``cnn_acc_next``, ``ink_baseline_id_acc``, ``ink_share``) into the sentence a
learner reads; ``how_it_is_reached`` states the rules in the report. Testable with hand-made numbers.
"""
from __future__ import annotations

import math

# Thresholds that turn the numbers into the verdict.
LEARNED = 0.90  # in-distribution accuracy needed to say the net learned the training counts
EXTRAPOLATES = 0.50  # accuracy at K+1 lines needed to say the net goes beyond the counts it saw
INK_EXPLAINS = 0.50  # share of the CNN's above-chance accuracy that the ink sum alone reaches
INK_DROP = 0.10  # accuracy lost when the ink no longer tells the count
BEATS = 0.05  # accuracy margin by which a network must exceed the ink baseline to "beat" it

MODE_NAMES = {"normal": "normal", "ink": "ink-controlled"}


def best_of(score: dict[str, dict[tuple[str, str], float]]) -> dict[str, tuple[str, str]]:
    """The best (model, head) pair per kind ("id", "ood") of a score table (first one on a tie)."""
    return {kind: max(score[kind], key=score[kind].get) for kind in score}


def reasons_not_counting(metrics: dict[str, float], p) -> list[str]:
    """What keeps the primary unit (cnn-fc, regression) from counting, one phrase per failed rule."""
    K = p.max_train_lines
    id_acc, nxt, on_ink = metrics["cnn_id_acc"], metrics["cnn_acc_next"], metrics["cnn_on_ink_images_id_acc"]
    cnn_ink_id = metrics.get("cnn_ink_id_acc", float("nan"))
    reasons = []
    if id_acc < LEARNED:
        reasons.append(f"it stays below {LEARNED:.0%} even on the 1–{K} lines it was trained on")
    if nxt < EXTRAPOLATES:
        reasons.append(f"it fails beyond the counts it saw (below {EXTRAPOLATES:.0%} at {K + 1} lines)")
    if metrics["ink_share"] >= INK_EXPLAINS:
        reasons.append(f"the ink sum alone reaches {metrics['ink_share']:.0%} of its above-chance accuracy")
    if id_acc - on_ink >= INK_DROP:
        reasons.append(f"on ink-controlled images it loses {id_acc - on_ink:.0%} (to {on_ink:.0%})")
    if cnn_ink_id < LEARNED:
        reasons.append(f"trained with the ink fixed it reaches only {cnn_ink_id:.0%}")
    return reasons


def verdict(metrics: dict[str, float], p, score: dict[str, dict[tuple[str, str], float]]) -> str:
    """The verdict from the metrics, the parameters ``p`` (max_train_lines, ood_extra, modes) and the
    mean accuracy per (model, head) pair and kind ("id", "ood") in ``score``."""
    K, top = p.max_train_lines, p.max_train_lines + p.ood_extra
    id_acc, nxt, far = metrics["cnn_id_acc"], metrics["cnn_acc_next"], metrics["cnn_acc_far"]
    ink_id = metrics["ink_baseline_id_acc"]
    cnn_ink_id = metrics.get("cnn_ink_id_acc", float("nan"))
    numbers = (f"cnn-fc regression trained on 1–{K} lines: {id_acc:.0%} in distribution; {K + 1} lines: {nxt:.0%}"
               + (f"; {K + 2}+ lines: {far:.0%}" if p.ood_extra > 1 else "")
               + f"; 0 lines: {metrics['cnn_acc_zero']:.0%}; mean answer at {top} lines "
                 f"{metrics['cnn_mean_pred_top']:.1f}; ink baseline {ink_id:.0%}"
               + (f" (ink-controlled: {metrics['ink_baseline_ink_id_acc']:.0%}); trained with ink fixed "
                  f"{cnn_ink_id:.0%}" if "ink" in p.modes else "") + f"; chance {1 / K:.0%}")
    learned = id_acc >= LEARNED and (cnn_ink_id >= LEARNED or "ink" not in p.modes) and nxt >= EXTRAPOLATES
    text = numbers + (f" → the network counts, and goes at least one count beyond its training ({K + 1} lines)."
                      if learned else " → the network did not learn to count: "
                      + "; ".join(reasons_not_counting(metrics, p)) + ".")
    beat = [(f"{MODE_NAMES[m]} images", metrics[f"{s}_id_acc"], metrics[f"{b}_id_acc"])
            for m, s, b in (("normal", "cnn", "ink_baseline"), ("ink", "cnn_ink", "ink_baseline_ink")) if m in p.modes]
    won = [w for w in beat if w[1] - w[2] >= BEATS]
    text += (f" It {'beats' if len(won) == len(beat) else 'beats only partly' if won else 'does not beat'} the "
             "ink baseline in distribution (" + "; ".join(f"{w}: {a:.0%} vs {b:.0%}" for w, a, b in beat) + ").")
    best = best_of(score)
    text += " Best counter: " + "; ".join(
        f"{where}, {best[k][0]} {best[k][1]} ({score[k][best[k]]:.0%}, mean over {' and '.join(p.modes)} mode)"
        for k, where in (("id", f"in distribution (1–{K})"), ("ood", f"out of distribution (0, {K + 1}–{top})"))) + "."
    return text


def how_it_is_reached(p, ink_share: float) -> str:
    """The report's section that states the rules above with this run's numbers."""
    K, top = p.max_train_lines, p.max_train_lines + p.ood_extra
    share_text = "n/a, the CNN is barely above chance" if math.isnan(ink_share) else f"{ink_share:.0%}"
    return (
        f"## How the verdict is reached\nThe primary network is cnn-fc with the regression head. It *counts* only if "
        f"it reaches {LEARNED:.0%} on 1–{K} lines in every mode and at least {EXTRAPOLATES:.0%} on {K + 1} lines. "
        f"Otherwise the verdict lists what failed: in-distribution accuracy below {LEARNED:.0%}; accuracy at "
        f"{K + 1} lines below {EXTRAPOLATES:.0%}; the ink baseline reaching at least {INK_EXPLAINS:.0%} of the "
        f"CNN's above-chance accuracy (here: {share_text}); a drop of at least {INK_DROP:.0%} when the normally "
        f"trained CNN sees ink-controlled images; the ink-controlled CNN below {LEARNED:.0%}. It *beats the ink "
        f"baseline* in a mode when its in-distribution accuracy exceeds the baseline's by at least {BEATS:.0%}. "
        f"The *best counter* is the model and head with the highest accuracy, averaged over the modes, among "
        f"those trained in every mode; out of distribution means 0 lines and {K + 1}–{top} lines together.")
