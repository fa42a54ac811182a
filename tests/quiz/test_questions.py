"""Answer checking: numeric tolerance, SymPy equivalence, choices; malformed input never crashes."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deeproots.errors import DeeprootsError
from deeproots.content.questions import Question, load_questions
from deeproots.quiz.answers import Unreadable, check_answer, self_check, wrong_answers
from deeproots.quiz.reading import parse_number


def numeric(answer, tolerance=0.0, rtol=1e-6):
    return Question(id="n", node="x", kind="numeric", prompt="?", answer=answer, source="s", explanation="e",
                    tolerance=tolerance, rtol=rtol)


SIGMOID = Question(id="sig", node="x", kind="symbolic", prompt="d sigma/dx in terms of s = sigma(x)",
                   answer="s*(1 - s)", source="s", explanation="e", symbols=("s",), wrong=("s*(1 + s)", "1 - s"))
LEAST_SQUARES = Question(id="ls", node="x", kind="symbolic", prompt="gradient of |Ax - b|^2",
                         answer="2*A.T*(A*x - b)", source="s", explanation="e",
                         matrices={"A": (3, 2), "x": (2, 1), "b": (3, 1)}, wrong=("A.T*(A*x - b)",))
CHOICE = Question(id="c", node="x", kind="choice", prompt="?", answer=1, source="s", explanation="e",
                  choices=("zero", "one", "two"), why_wrong=("not zero.", "", "not two."))


@pytest.mark.parametrize("text, value", [("0.25", 0.25), ("1/4", 0.25), ("2**-2", 0.25), ("2^-2", 0.25),
                                         ("1e-3", 0.001), (" -3 ", -3.0), ("1,000", 1000.0)])
def test_parse_number_reads_what_learners_type(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "pie", "1/0", "9**9**9", "__import__('os')", "(1", "2 3"])
def test_parse_number_refuses_anything_else(text):
    with pytest.raises(Unreadable):
        parse_number(text)


def test_numeric_tolerance_is_absolute_plus_relative():
    q = numeric(0.25, tolerance=0.01)
    assert check_answer(q, "0.259").correct
    assert not check_answer(q, "0.261").correct
    assert check_answer(numeric(1000.0, rtol=1e-3), "1000.9").correct
    assert not check_answer(numeric(1000.0, rtol=1e-3), "1001.1").correct


def test_numeric_lists_take_shapes_in_any_common_form():
    q = numeric([8, 16, 16])
    for text in ("8, 16, 16", "8x16x16", "(8, 16, 16)", "8 16 16", "[8,16,16]"):
        assert check_answer(q, text).correct, text
    assert not check_answer(q, "16, 16, 8").correct
    with pytest.raises(Unreadable, match="expected 3 numbers"):
        check_answer(q, "8, 16")


@pytest.mark.parametrize("text", ["s - s**2", "s(1-s)", "s - s^2", "-(s - 1)*s", "s*exp(0)*(1 - s)"])
def test_symbolic_accepts_equivalent_forms(text):
    assert check_answer(SIGMOID, text).correct


@pytest.mark.parametrize("text", ["s*(1 + s)", "1 - s", "s", "s**2 - s"])
def test_symbolic_rejects_other_expressions(text):
    assert check_answer(SIGMOID, text).correct is False


@pytest.mark.parametrize("text", ["x + 1", "s*(1 - s", "", "9**9**9", "open('f')", "E^E^E^E^E", "s*pi**pi**pi**pi**pi"])
def test_symbolic_unreadable_input_says_the_expected_form(text):
    with pytest.raises(Unreadable, match="expression in s"):
        check_answer(SIGMOID, text)


def test_matrix_expressions_are_compared_numerically():
    assert check_answer(LEAST_SQUARES, "2*A.T*A*x - 2*A.T*b").correct
    assert check_answer(LEAST_SQUARES, "2*(A.T*A*x - A.T*b)").correct
    assert not check_answer(LEAST_SQUARES, "A.T*(A*x - b)").correct
    assert not check_answer(LEAST_SQUARES, "2*A.T*(A*x + b)").correct
    marked = check_answer(LEAST_SQUARES, "2*A*(A.T*x - b)")  # a transposed matrix: shapes do not conform
    assert marked.correct is False and "shapes do not conform" in marked.feedback


def test_choice_explains_the_wrong_option():
    assert check_answer(CHOICE, "b").correct and check_answer(CHOICE, "2").correct
    marked = check_answer(CHOICE, "c")
    assert marked.correct is False and "not two." in marked.feedback and "one" in marked.feedback
    for bad in ("d", "4", "zero", ""):
        with pytest.raises(Unreadable, match="letter"):
            check_answer(CHOICE, bad)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_malformed_input_never_crashes(text):
    for question in (numeric(0.5), numeric([1, 2]), SIGMOID, LEAST_SQUARES, CHOICE):
        try:
            marked = check_answer(question, text)
        except Unreadable:
            continue
        assert marked.correct in (True, False)


def test_self_check_catches_a_broken_question():
    assert self_check([SIGMOID, LEAST_SQUARES, CHOICE, numeric(0.25)]) == []
    wrong_reference = Question(**{**SIGMOID.__dict__, "answer": "s*(1 + s)", "wrong": ("s*(1 + s)",)})
    assert any("marked right" in p for p in self_check([wrong_reference]))
    assert "s*(1 + s)" in wrong_answers(SIGMOID)


def write(tmp_path, node, text, stage="roots"):
    folder = tmp_path / stage / node
    folder.mkdir(parents=True)
    (folder / "questions.toml").write_text(text, encoding="utf-8")


GOOD = """
[[question]]
id = "q1"
kind = "numeric"
prompt = "?"
answer = 2
source = "book"
explanation = "because"
"""


def test_loader_reads_questions_and_names_their_node(tmp_path):
    write(tmp_path, "linear-algebra", GOOD)
    [question] = load_questions(tmp_path)
    assert question.node == "linear-algebra" and question.answer == 2


@pytest.mark.parametrize("text, message", [
    (GOOD.replace('source = "book"\n', ""), "missing key 'source'"),
    (GOOD.replace('"numeric"', '"essay"'), "kind must be one of"),
    (GOOD + 'node = "calculus"\n', "node 'calculus'"),
    (GOOD + GOOD, "appears twice"),
    (GOOD.replace("answer = 2", 'answer = "two"'), "numeric answer"),
    (GOOD + "colour = 1\n", "unknown key"),
    ("[[question]\n", "cannot be read"),
])
def test_loader_errors_are_one_line_and_name_the_problem(tmp_path, text, message):
    write(tmp_path, "linear-algebra", text)
    with pytest.raises(DeeprootsError, match=message) as error:
        load_questions(tmp_path)
    assert "\n" not in str(error.value)
