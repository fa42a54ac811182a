"""Each experiment's verdict is a pure function of the measured numbers: every branch, with hand-made numbers."""
from __future__ import annotations

import math

import pytest

from deeproots.lab.experiments import coordconv, count_lines, same_different, sort_of_clevr, texture_shape
from deeproots.lab.experiments.count_lines_verdict import reasons_not_counting

NAN = float("nan")


# --------------------------------------------------------------------------- coordconv

@pytest.mark.parametrize("accs, claim", [
    ({"uniform": 1.0, "quadrant": 0.95}, "generalises to unseen positions"),
    ({"uniform": 0.3, "quadrant": 0.0}, "fails on unseen positions"),
    ({"uniform": 1.0, "quadrant": 0.07}, "fails to extrapolate to the unseen quadrant"),
    ({"uniform": 0.8, "quadrant": 0.6}, "generalises only partly"),
    ({"uniform": 0.7}, "generalises only partly"),
    ({"quadrant": 0.2}, "fails on unseen positions"),
])
def test_coordconv_claim(accs, claim):
    assert coordconv.claim(accs) == claim


def test_coordconv_verdict_reads_as_the_quick_run_on_main():
    metrics = {"deconv_uniform_test_acc": 1.0, "deconv_quadrant_test_acc": 0.07,
               "coordconv_uniform_test_acc": 1.0, "coordconv_quadrant_test_acc": 1.0}
    assert coordconv.verdict(metrics, ("uniform", "quadrant")) == (
        "Test accuracy deconv: 100% uniform / 7% quadrant; CoordConv: 100% uniform / 100% quadrant "
        "(thresholds: >= 90% generalises, < 50% fails) -> CoordConv generalises to unseen positions, "
        "the plain deconvolution model fails to extrapolate to the unseen quadrant.")


# --------------------------------------------------------------------------- count-lines

def count_metrics(**changes) -> dict:
    """A primary unit that counts, beats the ink baseline in both modes, with nothing suspicious."""
    metrics = {"cnn_id_acc": 0.95, "cnn_acc_next": 0.6, "cnn_acc_far": 0.3, "cnn_acc_zero": 0.1,
               "cnn_mean_pred_top": 6.4, "ink_baseline_id_acc": 0.4, "ink_baseline_ink_id_acc": 0.2,
               "cnn_on_ink_images_id_acc": 0.9, "cnn_ink_id_acc": 0.92, "ink_share": 0.2}
    return metrics | changes


SCORE = {"id": {("cnn-fc", "regression"): 0.9, ("cnn-sum", "regression"): 0.97},
         "ood": {("cnn-fc", "regression"): 0.2, ("cnn-sum", "regression"): 0.1}}


def test_count_lines_counts_beyond_the_training_range():
    text = count_lines.verdict(count_metrics(), count_lines.QUICK, SCORE)
    assert text.startswith("cnn-fc regression trained on 1–5 lines: 95% in distribution; 6 lines: 60%; 7+ lines: 30%; "
                           "0 lines: 10%; mean answer at 9 lines 6.4; ink baseline 40% (ink-controlled: 20%); "
                           "trained with ink fixed 92%; chance 20%")
    assert "→ the network counts, and goes at least one count beyond its training (6 lines)." in text
    assert "It beats the ink baseline in distribution (normal images: 95% vs 40%; ink-controlled images: 92% vs 20%)." \
        in text
    assert text.endswith(" Best counter: in distribution (1–5), cnn-sum regression (97%, mean over normal and ink "
                         "mode); out of distribution (0, 6–9), cnn-fc regression (20%, mean over normal and ink mode).")


def test_count_lines_did_not_learn_to_count_lists_every_failed_rule():
    metrics = count_metrics(cnn_id_acc=0.5, cnn_acc_next=0.1, ink_share=0.8, cnn_on_ink_images_id_acc=0.2,
                            cnn_ink_id_acc=0.4, ink_baseline_id_acc=0.5)
    text = count_lines.verdict(metrics, count_lines.QUICK, SCORE)
    assert ("→ the network did not learn to count: it stays below 90% even on the 1–5 lines it was trained on; "
            "it fails beyond the counts it saw (below 50% at 6 lines); the ink sum alone reaches 80% of its "
            "above-chance accuracy; on ink-controlled images it loses 30% (to 20%); trained with the ink fixed it "
            "reaches only 40%.") in text
    assert "It beats only partly the ink baseline" in text  # normal: 50% vs 50%; ink-controlled: 40% vs 20%


@pytest.mark.parametrize("changes, reason", [
    ({"cnn_id_acc": 0.85, "cnn_on_ink_images_id_acc": 0.85}, "it stays below 90%"),
    ({"cnn_acc_next": 0.4}, "it fails beyond the counts it saw"),
    ({"cnn_ink_id_acc": 0.5}, "trained with the ink fixed it reaches only 50%"),
])
def test_count_lines_one_failed_rule_is_enough(changes, reason):
    text = count_lines.verdict(count_metrics(**changes), count_lines.QUICK, SCORE)
    assert "did not learn to count: " + reason in text
    assert len(reasons_not_counting(count_metrics(**changes), count_lines.QUICK)) == 1


def test_count_lines_ink_explains_it_and_no_baseline_beaten():
    metrics = count_metrics(ink_share=0.6, cnn_on_ink_images_id_acc=0.8, ink_baseline_id_acc=0.93,
                            ink_baseline_ink_id_acc=0.9)
    reasons = reasons_not_counting(metrics, count_lines.QUICK)
    assert reasons == ["the ink sum alone reaches 60% of its above-chance accuracy",
                       "on ink-controlled images it loses 15% (to 80%)"]
    # the rules that would list a reason do not by themselves decide "counts": the primary unit still counts
    text = count_lines.verdict(metrics, count_lines.QUICK, SCORE)
    assert "→ the network counts" in text and "It does not beat the ink baseline" in text


def test_count_lines_normal_mode_only_needs_no_ink_unit():
    p = count_lines.Params(modes=("normal",), ood_extra=1)
    metrics = count_metrics()
    del metrics["cnn_ink_id_acc"], metrics["ink_baseline_ink_id_acc"]
    score = {kind: {("cnn-fc", "regression"): 0.9} for kind in ("id", "ood")}
    text = count_lines.verdict(metrics, p, score)
    assert "7+ lines" not in text and "ink-controlled" not in text and "trained with ink fixed" not in text
    assert "→ the network counts" in text and "(normal images: 95% vs 40%)" in text
    assert "mean over normal mode" in text


def test_count_lines_how_it_is_reached_says_when_the_ink_share_is_undefined():
    assert "(here: n/a, the CNN is barely above chance)" in count_lines.how_it_is_reached(count_lines.QUICK, NAN)
    assert "(here: 42%)" in count_lines.how_it_is_reached(count_lines.QUICK, 0.42)


# --------------------------------------------------------------------------- same-different

def unit(needed: int, reached: bool = True, final_acc: float = 0.95) -> dict:
    return {"needed": needed, "reached": reached, "final_acc": final_acc}


def sd_results(sd: list[dict], sr: list[dict], per_channel: dict | None = None, boxes=(10, 16, 24)) -> dict:
    results = {("cnn", "sd", b): r for b, r in zip(boxes, sd)} | {("cnn", "sr", b): r for b, r in zip(boxes, sr)}
    if per_channel is not None:
        results["per_channel", "sd", boxes[-1]] = per_channel
    return results


def test_same_different_sd_harder_and_growing_and_segregation_removes_the_gap():
    results = sd_results([unit(2000), unit(4000), unit(12000, False, 0.6)], [unit(1000)] * 3, unit(3000))
    text = same_different.verdict(results, same_different.QUICK)
    assert text.startswith("CNN: samples to 90% on SD 10px 2000, 16px 4000, 24px not reached vs SR 10px 1000, "
                           "16px 1000, 24px 1000 (budget 12000); at 24px SD needed >= 12.0x the samples of SR, so SD "
                           "is harder (threshold 2x) and its difficulty grows with the box size; one item per channel "
                           "reached 90% on SD at 24px (3000 samples, 95%), so segregating the items removed most of "
                           "the gap -- Kim et al. 2018")


def test_same_different_harder_because_only_sr_reached_the_target():
    results = sd_results([unit(2000), unit(4000), unit(12000, False, 0.7)], [unit(1000), unit(1000), unit(8000)])
    text = same_different.verdict(results, same_different.QUICK)
    assert "SD needed >= 1.5x the samples of SR, so SD is harder (SR reached the target, SD did not within the " \
           "budget) and its difficulty grows" in text
    assert "one item per channel" not in text


def test_same_different_not_harder_not_growing_and_the_gap_not_removed():
    results = sd_results([unit(2000)] * 3, [unit(2000)] * 3, unit(2000))
    text = same_different.verdict(results, same_different.QUICK)
    assert "at 24px SD needed 1.0x the samples of SR, so SD is not clearly harder (threshold 2x) and its difficulty " \
           "does not clearly grow with the box size" in text
    assert "so segregating the items did not remove the gap" in text


def test_same_different_difficulty_grows_when_accuracy_drops_within_the_budget():
    results = sd_results([unit(12000, False, 0.8), unit(12000, False, 0.7), unit(12000, False, 0.6)],
                         [unit(12000, False, 0.8)] * 3, unit(6000))
    text = same_different.verdict(results, same_different.QUICK)
    assert "SD is not clearly harder (threshold 2x) and its difficulty grows with the box size" in text
    assert "segregating the items removed most of the gap" in text  # 6000 * 2 <= the budget SD used up


def test_same_different_one_box_never_grows():
    p = same_different.Params(box_sizes=(16,), per_channel_boxes=())
    text = same_different.verdict(sd_results([unit(8000)], [unit(1000)], boxes=(16,)), p)
    assert "SD is harder (threshold 2x) and its difficulty does not clearly grow" in text


# --------------------------------------------------------------------------- texture-vs-shape

def test_texture_shape_texture_biased_and_stylised_training_raises_shape_bias():
    metrics = {"plain_shape_bias": 0.1, "stylised_shape_bias": 0.5, "shape_bias_gain": 0.4,
               "local_stylised_stylised_acc": 0.3, "local_stylised_shape_bias": 0.2}
    assert texture_shape.verdict(metrics, 4) == (
        "The plain CNN's shape bias is 10.0% (ResNet-50 on ImageNet: 22%), so it is texture-biased (threshold 50%); "
        "the CNN trained on randomised textures has 50.0% (ResNet-50 on Stylized-ImageNet: 81%): stylised training "
        "changed it by +40.0 percentage points, so it increased shape bias by the 20-point margin. The local 9x9 CNN "
        "trained on stylised images reaches 30% shape-only accuracy (chance 25%; shape bias 20.0%).")


def test_texture_shape_not_texture_biased_and_shape_bias_goes_down():
    metrics = {"plain_shape_bias": 0.6, "stylised_shape_bias": 0.3, "shape_bias_gain": -0.3}
    text = texture_shape.verdict(metrics, 4)
    assert "so it is not texture-biased" in text and "changed it by -30.0 percentage points, so it did not " \
        "increase shape bias" in text
    assert "local" not in text


def test_texture_shape_undefined_biases():
    metrics = {"plain_shape_bias": NAN, "stylised_shape_bias": 0.3, "shape_bias_gain": NAN}
    text = texture_shape.verdict(metrics, 4)
    assert "shape bias is undefined" in text and "undecided (no answer named either cue)" in text
    assert "changed it by an undefined amount, so the two cannot be compared" in text


def test_texture_shape_small_rise_is_not_an_increase():
    text = texture_shape.verdict({"plain_shape_bias": 0.2, "stylised_shape_bias": 0.3, "shape_bias_gain": 0.1}, 4)
    assert "so it did not increase shape bias" in text


# --------------------------------------------------------------------------- sort-of-clevr

def clevr_metrics(rn: float, mlp: float, whole: float, rn_nonrel: float = 0.95,
                  rn_types=(0.6, 0.6, 0.6), whole_types=(0.6, 0.6, 0.6)) -> dict:
    metrics = {"rn_relational_acc": rn, "mlp_relational_acc": mlp, "image_level_relational_acc": whole,
               "blind_relational_acc": 0.3, "rn_nonrelational_acc": rn_nonrel, "mlp_nonrelational_acc": 0.9,
               "rn_minus_mlp_relational": rn - mlp}
    for name, a, b in zip(("closest_shape", "furthest_shape", "count_same_shape"), rn_types, whole_types):
        metrics[f"rn_{name}_acc"], metrics[f"image_level_{name}_acc"] = a, b
    return metrics


def test_sort_of_clevr_rn_clearly_beats_the_mlp_and_the_whole_image_guess():
    text = sort_of_clevr.verdict(clevr_metrics(0.8, 0.5, 0.55))
    assert text.startswith("Relational: RN 80%, CNN + MLP 50% (whole-image guess 55%, blind guess 30%); "
                           "non-relational: RN 95%, MLP 90%. The RN clearly beats the MLP on relational questions "
                           "(+30 points) and beats what the whole image gives without finding the named object; "
                           "the MLP does not.")
    assert text.endswith("Santoro et al. 2017: RN > 94% on both, CNN + MLP ~63% relational.")


def test_sort_of_clevr_both_beat_the_whole_image_guess():
    text = sort_of_clevr.verdict(clevr_metrics(0.7, 0.65, 0.55))
    assert "The RN slightly beats the MLP on relational questions (+5 points)" in text
    assert "; so does the MLP. Run --full" in text


def test_sort_of_clevr_the_whole_image_guess_explains_it():
    text = sort_of_clevr.verdict(clevr_metrics(0.57, 0.52, 0.56, rn_types=(0.7, 0.5, 0.6)))
    assert "The RN slightly beats the MLP" in text and "and finds the named object (non-relational 95%)" in text
    assert ("against the whole-image guess, per relational type (RN vs guess): closest shape 70% vs 60%, furthest "
            "shape 50% vs 60%, count same shape 60% vs 60%: it reasons about relations on closest shape only.") in text
    assert sort_of_clevr.beyond_whole_image(clevr_metrics(0.57, 0.52, 0.56, rn_types=(0.7, 0.5, 0.6))) == \
        ["closest_shape"]


def test_sort_of_clevr_no_relational_type_beyond_the_whole_image_guess():
    text = sort_of_clevr.verdict(clevr_metrics(0.56, 0.56, 0.56))
    assert "The RN does not beat the MLP on relational questions (+0 points)" in text
    assert ": no relational type goes beyond what the whole image gives." in text


def test_sort_of_clevr_rn_has_not_found_the_named_object():
    text = sort_of_clevr.verdict(clevr_metrics(0.5, 0.55, 0.56, rn_nonrel=0.6))
    assert "The RN does not beat the MLP on relational questions (-5 points), but it has not learned to find the " \
           "object a question names (non-relational below 90%)." in text


def test_verdicts_read_only_their_numbers():
    metrics = clevr_metrics(0.8, 0.5, 0.55)
    before = dict(metrics)
    sort_of_clevr.verdict(metrics)
    assert metrics == before and not math.isnan(metrics["rn_minus_mlp_relational"])
