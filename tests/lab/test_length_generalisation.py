"""The sequence lab: Delétang et al.'s task generators against hand-worked definitions, the models'
shapes and the permutation-equivariance of a transformer without positions, the pure verdict, and a
seconds-long run of the experiment that writes its report."""
from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
import torch

from deeproots.errors import DeeprootsError
from deeproots.lab.datasets import sequences
from deeproots.lab.datasets.sequences import TASKS, generate, modular_value
from deeproots.lab.experiments import length_generalisation as lg
from deeproots.lab.experiments.length_generalisation_models import Transformer, make_model
from deeproots.lab.run import run_experiment


def solve(task: str, x: list[int]) -> list[int]:
    return TASKS[task].solve(np.array([x]))[0].tolist()


# --------------------------------------------------------------------------- the tasks, by hand


def test_even_pairs_is_the_papers_example_and_first_equals_last():
    # The paper's example: aabba has one ab and one ba, 2 pairs, even -> y = b (class 1).
    assert solve("even_pairs", [0, 0, 1, 1, 0]) == [1]
    assert solve("even_pairs", [0, 1]) == [0]  # one "ab": odd
    assert solve("even_pairs", [1]) == [1]  # no pair at all: even
    for x in itertools.product((0, 1), repeat=6):  # same as first symbol == last symbol
        pairs = sum(a != b for a, b in zip(x, x[1:]))
        assert solve("even_pairs", list(x)) == [int(pairs % 2 == 0)] == [int(x[0] == x[-1])]


def test_parity_check_counts_the_bs():
    assert solve("parity_check", [0, 0, 0, 1, 1, 0]) == [1]  # the paper's aaabba: 2 b's, even -> b
    assert solve("parity_check", [1, 0, 0]) == [0]
    assert solve("parity_check", [0]) == [1]


def test_modular_arithmetic_is_pythons_arithmetic_modulo_5():
    symbols = {5: "+", 6: "-", 7: "*"}
    assert modular_value(np.array([1, 5, 2, 6, 4])) == 4  # the paper's 1 + 2 - 4 = 4 (mod 5)
    assert modular_value(np.array([1, 5, 2, 7, 3])) == 2  # the authors' 1 + 2 * 3 = 2
    batch = generate("modular_arithmetic", 200, 11, 3)
    for row, target in zip(batch.inputs[:, :batch.length], batch.targets[:, 0]):
        expression = "".join(symbols.get(int(t), str(int(t))) for t in row)
        assert target == eval(expression) % 5, expression  # Python's precedence and modulo
    assert generate("modular_arithmetic", 1, 8, 0).length == 7  # even lengths drop one symbol


def test_cycle_navigation_is_the_papers_example():
    assert solve("cycle_navigation", [0, 1, 0, 2, 1, 1]) == [2]
    assert solve("cycle_navigation", [2]) == [4]


def test_string_tasks_reverse_duplicate_and_sort():
    x = [0, 0, 1, 1, 0]
    assert solve("reverse_string", x) == [0, 1, 1, 0, 0]  # the paper's aabba -> abbaa
    assert solve("duplicate_string", [0, 1, 0, 0, 1]) == [0, 1, 0, 0, 1, 0, 1, 0, 0, 1]  # abaab -> abaababaab
    assert solve("bucket_sort", [4, 2, 1, 3, 0, 2, 2, 1, 4]) == [0, 1, 1, 2, 2, 2, 3, 4, 4]  # 421302214


def test_generate_appends_empty_tokens_and_is_deterministic():
    for task, spec in TASKS.items():
        batch = generate(task, 5, 7, 11)
        out = spec.output_length(batch.length)
        assert batch.inputs.shape == (5, batch.length + out) and batch.targets.shape == (5, out)
        assert (batch.inputs[:, batch.length:] == spec.input_size).all()  # the empty tokens
        assert batch.inputs[:, :batch.length].max() < spec.input_size
        assert batch.targets.max() < spec.output_size
        np.testing.assert_array_equal(batch.targets, spec.solve(batch.inputs[:, :batch.length]))
        again = generate(task, 5, 7, 11)
        np.testing.assert_array_equal(again.inputs, batch.inputs)
    assert not np.array_equal(generate("parity_check", 50, 9, 1).inputs, generate("parity_check", 50, 9, 2).inputs)
    with pytest.raises(ValueError):
        generate("no_such_task", 1, 3, 0)


# --------------------------------------------------------------------------- the models


@pytest.mark.parametrize("name", lg.MODELS)
def test_models_answer_at_the_last_positions(name):
    torch.manual_seed(0)
    model = make_model(name, vocab=6, classes=5, width=16, layers=1, max_position=64)
    tokens = torch.randint(0, 6, (3, 9))
    assert model(tokens, 4).shape == (3, 4, 5)


def test_a_transformer_without_positions_is_permutation_equivariant():
    torch.manual_seed(0)
    tokens = torch.randint(0, 6, (2, 10))
    order = torch.randperm(10)
    for pe, equivariant in (("none", True), ("sin", False), ("nope_causal", False), ("alibi", False)):
        model = Transformer(6, 3, width=16, layers=2, heads=4, pe=pe).eval()
        with torch.no_grad():
            permuted_then_run = model(tokens[:, order], 10)
            run_then_permuted = model(tokens, 10)[:, order]
        assert torch.allclose(permuted_then_run, run_then_permuted, atol=1e-5) is equivariant, pe


# --------------------------------------------------------------------------- the verdict (pure)


@pytest.mark.parametrize("score, in_distribution, chance, label", [
    (0.95, 1.0, 0.5, "generalises"),
    (0.90, 0.99, 0.5, "generalises"),  # >= the paper's 90 %
    (0.54, 1.0, 0.5, "fails (chance)"),  # below 0.5 + 0.05
    (0.56, 1.0, 0.5, "partially"),
    (0.27, 1.0, 0.2, "fails (chance)"),  # below 0.2 + 0.08
    (0.30, 1.0, 0.2, "partially"),
    (0.99, 0.85, 0.5, "not learned"),  # did not fit the training lengths
])
def test_classify(score, in_distribution, chance, label):
    assert lg.classify(score, in_distribution, chance) == label


def test_verdict_names_every_unit_and_the_contrast():
    chances = {"parity_check": 0.5, "reverse_string": 0.5}
    results = {("parity_check", "rnn"): {"score": 1.0, "in_distribution": 1.0},
               ("parity_check", "lstm"): {"score": 0.99, "in_distribution": 1.0},
               ("parity_check", "transformer-sin"): {"score": 0.51, "in_distribution": 0.95},
               ("reverse_string", "lstm"): {"score": 0.6, "in_distribution": 0.97}}
    text = lg.verdict(results, chances)
    assert text.startswith("Parity Check: RNN generalises (100%), LSTM generalises (99%), Transformer, sinusoidal "
                           "fails (chance) (51%); Reverse String: LSTM partially (60%).")
    assert "The paper's contrast is reproduced" in text
    assert "(all of them fit the training lengths and fail beyond them)" in text
    assert text.endswith("Transformers that fit the training lengths but not the longer ones: Transformer, sinusoidal on "
                         "Parity Check.")
    results["parity_check", "transformer-sin"] = {"score": 0.51, "in_distribution": 0.6}  # did not even fit
    text = lg.verdict(results, chances)
    assert "none of them even fits the training lengths here, so this run shows a failure to learn" in text
    assert "Transformers that fit" not in text
    results["parity_check", "transformer-sin"] = {"score": 0.95, "in_distribution": 1.0}
    assert "is not (fully) reproduced" in lg.verdict(results, chances)


def test_paper_values_are_the_read_ones_or_say_not_found():
    assert lg.paper_value("parity_check", "transformer-sin").startswith("52.0 (")
    assert lg.paper_value("parity_check", "lstm").startswith("100.0 (")
    assert lg.paper_value("cycle_navigation", "transformer-alibi").startswith("61.9 (appendix B.3.2")
    assert lg.paper_value("even_pairs", "transformer-sin").startswith("not found")
    assert lg.paper_value("bucket_sort", "rnn").startswith("not found")


# --------------------------------------------------------------------------- the experiment, tiny

TINY = {"tasks": ("parity_check", "reverse_string"), "models": ("rnn", "transformer-sin"), "train_length": 4,
        "test_length": 8, "steps": 4, "steps_per_length": 2, "batch_size": 8, "width": 8, "layers": 1,
        "eval_size": 8, "test_stride": 2}


def test_tiny_run_writes_the_report_and_verdict(tmp_path):
    outcome, path = run_experiment("length-generalisation", quick=True, root=tmp_path, overrides=TINY)
    record = json.loads((path.parent / "metrics.json").read_text(encoding="utf-8"))
    assert record["metrics"]["verdict"] == outcome.verdict and outcome.verdict.startswith("Parity Check: RNN ")
    assert 0.0 <= record["metrics"]["parity_check_rnn_score"] <= 1.0
    for _what, _published, key, _citation in lg.PUBLISHED[:2]:
        assert key in record["metrics"]
    html = path.read_text(encoding="utf-8")
    assert "Ours beside Delétang et al. (2023), Table 2" in html and "How the verdict is reached" in html


@pytest.mark.parametrize("overrides", [{"tasks": ("nope",)}, {"models": ("gru",)}, {"test_length": 4},
                                       {"steps": 5}, {"tasks": ()}])
def test_bad_parameters_fail_before_a_folder_exists(tmp_path, overrides):
    with pytest.raises(DeeprootsError):
        run_experiment("length-generalisation", quick=True, root=tmp_path, overrides={**TINY, **overrides})
    assert not any(tmp_path.rglob("params.json"))


def test_presets_cover_every_task_and_model():
    assert set(lg.FULL.tasks) == set(sequences.TASKS) and set(lg.FULL.models) == set(lg.MODELS)
    assert {"rnn", "lstm"} <= set(lg.QUICK.models) and "parity_check" in lg.QUICK.tasks
