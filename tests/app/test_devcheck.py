"""`dev check`'s application side: which exercises a --stage names, when the concept questions
are self-checked too, and how problems are counted (grading itself is stubbed out here)."""
from __future__ import annotations

import pytest

from deeproots.app import devcheck
from deeproots.content.catalog import catalog
from deeproots.errors import DeeprootsError


@pytest.fixture
def checked(monkeypatch):
    """The ``only`` each dev check passes to check_all; it finds one structural problem."""
    seen = []

    def fake_check_all(only=None, on_report=None, parallel=2):
        seen.append(only)
        return ["a structural problem"], []

    monkeypatch.setattr(devcheck, "check_all", fake_check_all)
    return seen


def test_a_stage_adds_its_exercises_and_skips_the_questions(checked):
    result = devcheck.dev_check(["entropy"], stage="roots")
    assert checked == [["entropy", *(e.id for e in catalog() if e.stage == "roots")]]
    assert result.questions is None and result.question_problems == []
    assert result.bad == 1


def test_an_unknown_stage_is_one_line(checked):
    with pytest.raises(DeeprootsError, match="--stage must be one of roots, trunk, branches"):
        devcheck.dev_check(None, stage="bogus")
    assert checked == []


def test_the_whole_content_self_checks_the_questions(checked, monkeypatch):
    import deeproots.content.questions as questions
    import deeproots.quiz.answers as answers

    monkeypatch.setattr(answers, "self_check", lambda loaded: ["q1: the reference answer is marked wrong"])
    result = devcheck.dev_check()
    assert checked == [None]
    assert result.questions == len(questions.load_questions()) > 0
    assert result.question_problems == ["q1: the reference answer is marked wrong"]
    assert result.problems == ["a structural problem", "q1: the reference answer is marked wrong"]
    assert result.bad == 2
