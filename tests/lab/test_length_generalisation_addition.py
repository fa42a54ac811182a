"""The addition experiment: its data by hand, Abacus indices, the pure verdict and a seconds-long run."""
from __future__ import annotations

import json

import numpy as np
import pytest

from deeproots.errors import DeeprootsError
from deeproots.lab.experiments import addition
from deeproots.lab.run import run_experiment


def number(digits) -> int:
    """Digits least significant first -> the integer."""
    return sum(int(d) * 10 ** i for i, d in enumerate(digits))


def test_batch_is_reversed_addition_with_abacus_indices():
    tokens, positions, target = addition.make_batch(300, 4, 2, 7)
    assert tokens.shape == (300, 4 + 1 + 2 + 1 + 5) and target.shape == (300, 5)
    assert (tokens[:, 4] == addition.PLUS).all() and (tokens[:, 7] == addition.EQUALS).all()
    assert (tokens[:, 8:] == addition.EMPTY).all()
    for row, answer in zip(tokens, target):
        a, b = number(row[:4]), number(row[5:7])
        assert 1000 <= a <= 9999 and 10 <= b <= 99  # exactly 4 and 2 digits
        assert number(answer) == a + b
    np.testing.assert_array_equal(positions[0], [1, 2, 3, 4, 0, 1, 2, 0, 1, 2, 3, 4, 5])
    _, shifted, _ = addition.make_batch(300, 4, 2, 7, max_offset=20)
    offsets = shifted[:, 0] - 1
    assert offsets.min() >= 0 and offsets.max() <= 20 and len(set(offsets)) > 5
    np.testing.assert_array_equal(shifted - positions, np.where(positions > 0, offsets[:, None], 0))


def test_padding_puts_every_digit_at_a_fixed_place():
    tokens, positions, target = addition.make_batch(200, 3, 1, 4, width=5)  # both operands written with 5 digits
    assert tokens.shape == (200, 5 + 1 + 5 + 1 + 6) and target.shape == (200, 6)
    assert (tokens[:, 5] == addition.PLUS).all() and (tokens[:, 11] == addition.EQUALS).all()
    assert (tokens[:, 3:5] == 0).all() and (tokens[:, 7:11] == 0).all()  # leading zeros, last when reversed
    for row, answer in zip(tokens, target):
        assert number(answer) == number(row[:5]) + number(row[6:11]) and 100 <= number(row[:5]) <= 999
    np.testing.assert_array_equal(positions[0], [1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 6])
    wide, _, _ = addition.make_batch(3, 7, 7, 4, width=5)  # longer than the width: written as they are
    assert wide.shape == (3, 7 + 1 + 7 + 1 + 8)


@pytest.mark.parametrize("score, in_distribution, label", [
    (0.95, 1.0, "generalises"), (0.5, 0.99, "partially"), (0.05, 1.0, "fails"), (1.0, 0.5, "not learned")])
def test_classify(score, in_distribution, label):
    assert addition.classify(score, in_distribution) == label


def test_verdict_compares_the_encodings_that_learned():
    results = {"sin": {"score": 0.02, "in_distribution": 0.98}, "abacus": {"score": 0.97, "in_distribution": 1.0},
               "none": {"score": 0.0, "in_distribution": 0.1}}
    text = addition.verdict(results, 5, 10)
    assert text.startswith("sinusoidal: fails (98% on 1-5 digits, 2% on 6-10); Abacus (McLeish): generalises")
    assert "Abacus (McLeish) generalises best and sinusoidal worst (+95% exact match beyond 5 digits): the position " \
           "encoding decides length generalisation here." in text
    results["abacus"]["score"] = 0.25
    assert addition.verdict(results, 5, 10).endswith("(+23% exact match beyond 5 digits): the position encoding helps "
                                                     "length generalisation here, without deciding it.")
    assert addition.verdict({"sin": results["sin"], "none": results["none"]}, 5, 10).endswith(
        "Only sinusoidal learned the training range at all: here the position encoding decides whether addition is "
        "learned, before any question of length.")
    assert addition.verdict({"none": results["none"]}, 5, 10).endswith("No encoding learned the training range: "
                                                                       "nothing to compare.")


def test_tiny_run_writes_the_report(tmp_path):
    tiny = {"encodings": ("sin", "abacus"), "train_digits": 2, "test_digits": 3, "steps": 4, "steps_per_length": 2,
            "batch_size": 8, "width": 8, "layers": 1, "eval_size": 4, "max_offset": 3}
    outcome, path = run_experiment("addition", quick=True, root=tmp_path, overrides=tiny)
    record = json.loads((path.parent / "metrics.json").read_text(encoding="utf-8"))
    assert record["metrics"]["verdict"] == outcome.verdict and outcome.verdict.startswith("sinusoidal: ")
    assert 0.0 <= record["metrics"]["abacus_score"] <= 1.0
    assert "Addition: exact match per position encoding" in path.read_text(encoding="utf-8")
    with pytest.raises(DeeprootsError):
        run_experiment("addition", quick=True, root=tmp_path / "bad", overrides={**tiny, "test_digits": 2})
