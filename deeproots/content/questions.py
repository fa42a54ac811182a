"""Concept questions as data: every node's ``questions.toml`` loaded and validated.

Each node of the tree may have ``deeproots/exercises/<stage>/<node>/questions.toml`` (the format
is in docs/exercise-format.md). Four kinds:

- ``numeric``: one number or several (a shape, say), with an absolute ``tolerance`` and a
  relative ``rtol``;
- ``choice``: options, the right one, and ``why_wrong`` for every other option;
- ``symbolic``: an expression checked for equivalence with SymPy;
- ``recall``: a card (prompt -> answer), self-graded.

Loading imports no SymPy: checking a typed answer is the quiz's job (:mod:`deeproots.quiz.answers`).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deeproots.content.catalog import EXERCISES_DIR
from deeproots.errors import DeeprootsError

CONTENT = EXERCISES_DIR  # questions.toml lives in each node's folder, beside its exercises
QUESTIONS_FILE = "questions.toml"
KINDS = ("numeric", "choice", "symbolic", "recall")
LETTERS = "abcdefghij"


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
