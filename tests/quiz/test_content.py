"""The shipped concept questions: coverage per node, and every answer key proven (as dev check does)."""
from __future__ import annotations

from collections import Counter

from deeproots.content.tree import tree
from deeproots.content.questions import KINDS, load_questions
from deeproots.quiz.answers import self_check

QUESTIONS = load_questions()


def test_every_node_has_at_least_twelve_questions_and_150_in_all():
    counts = Counter(q.node for q in QUESTIONS)
    nodes = [node.id for node in tree()]
    short = {node: counts.get(node, 0) for node in nodes if counts.get(node, 0) < 12}
    assert not short, f"nodes with fewer than 12 questions: {short}"
    assert set(counts) <= set(nodes), f"questions for unknown nodes: {set(counts) - set(nodes)}"
    assert len(QUESTIONS) >= 150


def test_every_kind_is_used_and_every_question_cites_a_source():
    assert {q.kind for q in QUESTIONS} == set(KINDS)
    assert all(q.source.strip() and q.explanation.strip() for q in QUESTIONS)


def test_every_reference_answer_is_right_and_every_wrong_one_wrong():
    assert self_check(QUESTIONS) == []


def test_self_check_can_fail_on_the_shipped_content():
    """An answer key set to one of its own typical mistakes must be caught, for every kind."""
    for kind in ("numeric", "symbolic"):
        question = next(q for q in QUESTIONS if q.kind == kind and q.wrong)
        broken = type(question)(**{**question.__dict__, "answer": question.wrong[0]})
        assert any(question.id in problem for problem in self_check([broken])), question.id

