"""What the transport to a worker raises, below both the grader and the check authors' API.

:mod:`deeproots.grading.checks` (``expect_raises`` lets these through) and the grader's
``host/`` modules import this module; it imports neither, so there is no cycle. The grader
turns :class:`ForbiddenCall` and :class:`InputMutated` into failing checks.
"""
from __future__ import annotations


class RunAborted(Exception):
    """The worker can no longer answer: it timed out, died, or sent something unsafe."""


class LearnerError(Exception):
    """The learner's code raised: type name, message, the frames in the learner's file and
    the names of the exception's classes (so that a check may accept a subclass)."""

    def __init__(self, type_name: str, message: str, frames: list[tuple[int, str, str]],
                 lineage: list[str] | None = None):
        super().__init__(f"{type_name}: {message}")
        self.type_name, self.message, self.frames = type_name, message, frames
        self.lineage = lineage or [type_name]

    def where(self) -> str:
        if not self.frames:
            return ""
        line, source, function = self.frames[-1]
        return f"line {line}" + (f" in {function}()" if function != "<module>" else "") + (
            f": {source.strip()}" if source.strip() else "")

    def summary(self) -> str:
        """"ValueError: boom (line 3 in f(): ...)": what a learner reads after "your code raised"."""
        where = self.where()
        return f"{self.type_name}: {self.message}" + (f" ({where})" if where else "")


class ForbiddenCall(Exception):
    """The learner's code used names the exercise forbids (every one used so far)."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(map(str, names)))
        self.names = list(names)


class InputMutated(Exception):
    """The learner's function modified the arrays it was given ("argument 1", or a keyword)."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(map(str, names)))
        self.names = list(names)


TRANSPORT_FAILURES = (RunAborted, ForbiddenCall, InputMutated)
"""What a check must let through, never treat as the learner's exception."""
