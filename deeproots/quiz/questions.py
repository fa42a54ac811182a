"""Concept questions as data, and checking a learner's typed answer.

Each node of the tree may have ``deeproots/exercises/<stage>/<node>/questions.toml`` (the format
is in docs/exercise-format.md). Four kinds:

- ``numeric``: one number or several (a shape, say), with an absolute ``tolerance`` and a
  relative ``rtol``; the learner may type ``1/6``, ``2**10``, ``16x16x8`` or ``(16, 16, 8)``;
- ``choice``: options, the right one, and ``why_wrong`` for every other option;
- ``symbolic``: an expression checked for equivalence with SymPy, e.g. ``s*(1 - s)`` and
  ``s - s**2`` are the same answer; matrix symbols are compared numerically on random values;
- ``recall``: a card (prompt -> answer), self-graded.

Typed input is read by :mod:`deeproots.quiz.reading`; what cannot be read raises
:class:`Unreadable` with a hint on the expected form; it never crashes the session and is never
counted as a wrong answer.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deeproots.errors import DeeprootsError
# parse_number is imported from here by callers that know only this module.
from deeproots.quiz.reading import Unreadable, parse_number, parse_numbers, sympy_parse  # noqa: F401

CONTENT = Path(__file__).resolve().parent.parent / "exercises"
QUESTIONS_FILE = "questions.toml"
KINDS = ("numeric", "choice", "symbolic", "recall")
LETTERS = "abcdefghij"


class ShapeMismatch(Unreadable):
    """A matrix expression whose shapes do not conform: readable, and wrong."""


@dataclass(frozen=True)
class Question:
    id: str
    node: str
    kind: str
    prompt: str
    answer: Any
    source: str
    explanation: str
    tolerance: float = 0.0
    rtol: float = 1e-6
    choices: tuple[str, ...] = ()
    why_wrong: tuple[str, ...] = ()
    symbols: tuple[str, ...] = ()
    matrices: dict[str, tuple[int, int]] = field(default_factory=dict)
    wrong: tuple[Any, ...] = ()  # typical mistakes: each must be rejected (dev check)

    def shown_answer(self) -> str:
        if self.kind == "choice":
            return f"{LETTERS[self.answer]}) {self.choices[self.answer]}"
        if self.kind == "numeric" and isinstance(self.answer, list):
            return ", ".join(f"{value:g}" for value in self.answer)
        if self.kind == "numeric":
            return f"{self.answer:g}"
        return str(self.answer)

    def form_hint(self) -> str:
        """How an answer to this question is typed."""
        if self.kind == "numeric":
            if isinstance(self.answer, list):
                return f"type {len(self.answer)} numbers separated by commas or x, e.g. 3, 32, 32 (or skip)"
            return "type a number: 0.25, 1/6, 2**10, 1e-3, pi/4, sqrt(2)/2, e^2 (or skip if you do not know)"
        if self.kind == "choice":
            return f"type a letter a-{LETTERS[len(self.choices) - 1]} (or its number)"
        if self.kind == "symbolic":
            names = list(self.symbols) + list(self.matrices)
            extra = " (matrices: A.T is the transpose, * multiplies)" if self.matrices else ""
            return f"type an expression in {', '.join(names)}, e.g. 2*{names[0]} + 1; ** or ^ for powers{extra}"
        return "press Enter to see the answer"


# --------------------------------------------------------------------------- loading


def _problem(source: Path, entry: str, what: str) -> DeeprootsError:
    return DeeprootsError(f"{source}: {entry}: {what}")


def _parse(raw: dict, node: str, source: Path, index: int) -> Question:
    entry = f"question {raw.get('id', index + 1)}"
    for key in ("id", "kind", "prompt", "answer", "source", "explanation"):
        if key not in raw:
            raise _problem(source, entry, f"missing key '{key}'")
    unknown = set(raw) - {f.name for f in Question.__dataclass_fields__.values()} - {"node"}
    if unknown:
        raise _problem(source, entry, f"unknown key(s) {sorted(unknown)}")
    if raw.get("node", node) != node:
        raise _problem(source, entry, f"node '{raw['node']}' but the file is in the folder of node '{node}'")
    kind = raw["kind"]
    if kind not in KINDS:
        raise _problem(source, entry, f"kind must be one of {', '.join(KINDS)} (got {kind!r})")
    values = {key: value for key, value in raw.items() if key != "node"}
    values["choices"] = tuple(raw.get("choices", ()))
    values["why_wrong"] = tuple(raw.get("why_wrong", ()))
    values["symbols"] = tuple(raw.get("symbols", ()))
    values["wrong"] = tuple(raw.get("wrong", ()))
    values["matrices"] = {name: tuple(shape) for name, shape in raw.get("matrices", {}).items()}
    question = Question(node=node, **values)
    if kind == "numeric":
        answers = question.answer if isinstance(question.answer, list) else [question.answer]
        if not answers or not all(isinstance(a, (int, float)) and not isinstance(a, bool) for a in answers):
            raise _problem(source, entry, "a numeric answer is a number or a list of numbers")
    if kind == "choice":
        if len(question.choices) < 2 or not isinstance(question.answer, int) \
                or not 0 <= question.answer < len(question.choices):
            raise _problem(source, entry, "a choice question needs >= 2 choices and answer = the right index (0-based)")
        if len(question.why_wrong) != len(question.choices) or question.why_wrong[question.answer]:
            raise _problem(source, entry, "why_wrong needs one text per choice: why each wrong one is wrong, "
                                          "and \"\" for the right one")
        if any(not question.why_wrong[i] for i in range(len(question.choices)) if i != question.answer):
            raise _problem(source, entry, "every wrong choice needs its why_wrong explanation")
    if kind == "symbolic":
        if not isinstance(question.answer, str) or not (question.symbols or question.matrices):
            raise _problem(source, entry, "a symbolic answer is a string, with its symbols (and matrices) listed")
        # Whether the answer parses is proven by `dev check` (self_check): loading stays free of SymPy.
    return question


def load_questions(content: Path = CONTENT) -> list[Question]:
    """Every question of every node, in file order; ids must be unique."""
    questions: list[Question] = []
    for source in sorted(content.glob(f"*/*/{QUESTIONS_FILE}")):
        node = source.parent.name
        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise DeeprootsError(f"{source}: cannot be read ({error})") from None
        questions += [_parse(raw, node, source, index) for index, raw in enumerate(data.get("question", []))]
    seen: set[str] = set()
    for question in questions:
        if question.id in seen:
            raise DeeprootsError(f"question id '{question.id}' appears twice; ids must be unique")
        seen.add(question.id)
    return questions


# --------------------------------------------------------------------------- checking


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
