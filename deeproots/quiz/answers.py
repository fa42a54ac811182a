"""Checking a learner's typed answer to a concept question.

Typed input is read by :mod:`deeproots.quiz.reading`; what cannot be read raises
:class:`Unreadable` with a hint on the expected form; it never crashes the session and is never
counted as a wrong answer. The questions themselves are content (:mod:`deeproots.content.questions`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deeproots.content.questions import LETTERS, Question
from deeproots.quiz.reading import Unreadable, parse_number, parse_numbers, sympy_parse


class ShapeMismatch(Unreadable):
    """A matrix expression whose shapes do not conform: readable, and wrong."""


def to_expression(question: Question, text: str):
    """Parse ``text`` with SymPy using only the question's symbols (anything else is unreadable)."""
    import sympy

    if not text.strip() or len(text) > 300:
        raise Unreadable("empty or too long")
    names: dict[str, Any] = {name: sympy.Symbol(name, real=True) for name in question.symbols}
    names.update({name: sympy.MatrixSymbol(name, *shape) for name, shape in question.matrices.items()})
    try:
        expression = sympy_parse(text, names, implicit=not question.matrices)
    except Unreadable:
        raise
    except sympy.ShapeError:
        shapes = ", ".join(f"{name} is {rows}x{cols}" for name, (rows, cols) in question.matrices.items())
        raise ShapeMismatch(f"the shapes do not conform ({shapes})") from None
    except Exception:  # SymPy raises many kinds on malformed input; all mean "cannot read"
        raise Unreadable("not an expression") from None
    if not isinstance(expression, (sympy.Expr, sympy.MatrixExpr)):  # e.g. the bare name "Mul" or a tuple
        raise Unreadable("not an expression")
    unknown = {str(s) for s in expression.free_symbols} - set(names)
    if unknown:
        raise Unreadable(f"unknown name(s) {', '.join(sorted(unknown))}")
    return expression


def _same_expression(question: Question, got, expected) -> bool:
    import numpy as np
    import sympy

    if not question.matrices:
        try:
            if sympy.simplify(got - expected) == 0:
                return True
        except Exception:
            pass
    # Numerical identity on random values: what SymPy cannot simplify, and all matrix algebra.
    rng = np.random.default_rng(0)
    for _ in range(5):
        values = {sympy.Symbol(n, real=True): float(rng.uniform(0.2, 0.9)) for n in question.symbols}
        values.update({sympy.MatrixSymbol(n, *shape): sympy.Matrix(rng.normal(size=shape))
                       for n, shape in question.matrices.items()})
        try:
            a = sympy.Matrix(sympy.N(got.subs(values).doit())) if question.matrices else complex(got.subs(values))
            b = sympy.Matrix(sympy.N(expected.subs(values).doit())) if question.matrices else complex(expected.subs(values))
            if question.matrices:
                if a.shape != b.shape or max(abs(complex(v)) for v in (a - b)) > 1e-8 * (1 + max(abs(complex(v)) for v in b)):
                    return False
            elif abs(a - b) > 1e-9 * (1 + abs(b)):
                return False
        except Exception:  # shapes that do not conform, undefined values: not the same answer
            return False
    return True


@dataclass(frozen=True)
class Marked:
    correct: bool | None  # None: self-graded (recall)
    feedback: str
    skipped: bool = False  # "skip" / "don't know": a lapse, with no rating to ask


# Typed instead of an answer, these say "I do not know": a lapse, never an unreadable answer.
SKIP_WORDS = frozenset({"skip", "?", "idk", "dont know", "don't know", "i dont know", "i don't know", "pass"})


def is_skip(text: str) -> bool:
    return " ".join(text.lower().replace("’", "'").split()) in SKIP_WORDS


def check_answer(question: Question, text: str) -> Marked:
    """Mark a typed answer; raises Unreadable (with the expected form) if it cannot be read."""
    if is_skip(text):
        return Marked(False, f"skipped; the answer is {question.shown_answer()}", skipped=True)
    if question.kind == "recall":
        return Marked(None, question.shown_answer())
    if question.kind == "numeric":
        expected = question.answer if isinstance(question.answer, list) else [question.answer]
        try:
            got = parse_numbers(text, len(expected)) if len(expected) > 1 else [parse_number(text)]
        except Unreadable as error:
            raise Unreadable(f"{error}: {question.form_hint()}") from None
        ok = all(abs(g - e) <= question.tolerance + question.rtol * abs(e) for g, e in zip(got, expected))
        return Marked(ok, "right" if ok else f"the answer is {question.shown_answer()}")
    if question.kind == "choice":
        picked = text.strip().lower().rstrip(")")
        if len(picked) == 1 and picked in LETTERS[:len(question.choices)]:
            index = LETTERS.index(picked)
        elif picked.isdecimal() and 1 <= int(picked) <= len(question.choices):
            index = int(picked) - 1
        else:
            raise Unreadable(question.form_hint())
        if index == question.answer:
            return Marked(True, "right")
        return Marked(False, f"{LETTERS[index]}) is wrong: {question.why_wrong[index]} "
                             f"The answer is {question.shown_answer()}.")
    try:
        got = to_expression(question, text)
    except ShapeMismatch as error:
        return Marked(False, f"{error}; one right answer is {question.answer}")
    except Unreadable as error:
        raise Unreadable(f"{error}: {question.form_hint()}") from None
    ok = _same_expression(question, got, to_expression(question, question.answer))
    return Marked(ok, "right (equivalent to the reference)" if ok else f"one right answer is {question.answer}")


def wrong_answers(question: Question) -> list[str]:
    """Answers that must be marked wrong: the authored typical mistakes, plus a perturbed answer."""
    typed = [",".join(map(str, w)) if isinstance(w, list) else str(w) for w in question.wrong]
    if question.kind == "numeric":
        expected = question.answer if isinstance(question.answer, list) else [question.answer]
        typed.append(", ".join(repr(e * 1.5 + 1) for e in expected))
    elif question.kind == "choice":
        typed += [LETTERS[i] for i in range(len(question.choices)) if i != question.answer]
    elif question.kind == "symbolic":
        typed.append(f"({question.answer}) + 1" if not question.matrices else f"2*({question.answer})")
    return typed


def self_check(questions: list[Question]) -> list[str]:
    """Maintainers: every reference answer, typed as a learner would, is marked right, and every
    wrong answer (authored mistakes plus a perturbed one) is read and marked wrong."""
    problems = []
    for question in questions:
        if question.kind == "recall":
            if not str(question.answer).strip():
                problems.append(f"{question.id}: a recall card needs an answer")
            continue
        if question.kind == "choice":
            typed = LETTERS[question.answer]
        elif question.kind == "numeric":
            typed = ", ".join(map(repr, question.answer if isinstance(question.answer, list) else [question.answer]))
        else:
            typed = question.answer
        try:
            if not check_answer(question, typed).correct:
                problems.append(f"{question.id}: its own answer {typed!r} is marked wrong")
        except Unreadable as error:
            problems.append(f"{question.id}: its own answer {typed!r} cannot be read ({error})")
        for wrong in wrong_answers(question):
            try:
                if check_answer(question, wrong).correct:
                    problems.append(f"{question.id}: the wrong answer {wrong!r} is marked right")
            except Unreadable as error:
                problems.append(f"{question.id}: the wrong answer {wrong!r} cannot be read ({error})")
    return problems
