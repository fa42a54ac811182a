"""One source per exercise: ``solution.py`` holds the statement, the reference solution and
markers; the learner's stub and the reference solution shown to the learner are made from it.

    def dot(x, y):
        \"\"\"Return the dot product of x and y.\"\"\"
        # TODO: multiply elementwise, then sum.        <- the TODO block: stub only
        ### BEGIN SOLUTION
        return float((x * y).sum())
        ### END SOLUTION

- The stub: each block from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` (markers included)
  becomes ``raise NotImplementedError``, indented like the BEGIN marker, when a TODO block
  stands right above it; a block with no TODO above it (a helper or an import only the
  solution needs) leaves nothing in the stub.
- The solution: marker lines are dropped, and so is the TODO block above each BEGIN marker.
- A TODO block is a ``# TODO`` comment line and the comment lines after it, up to the marker.

Marker lines are comments, so ``solution.py`` itself runs as the reference solution.
"""
from __future__ import annotations

from deeproots.errors import DeeprootsError

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB_BODY = "raise NotImplementedError"


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _todo_start(lines: list[str], begin: int) -> int | None:
    """Index of the ``# TODO`` line of the TODO block right above ``lines[begin]``, if any."""
    index = begin - 1
    while index >= 0 and lines[index].lstrip().startswith("#") and lines[index].strip() not in (BEGIN, END):
        if lines[index].lstrip().startswith("# TODO"):
            return index
        index -= 1
    return None


def _blocks(source: str, name: str) -> tuple[list[str], list[tuple[int, int, int | None]]]:
    """The source's lines (ends kept) and its marked blocks as (begin, end, todo) indices."""
    lines = source.splitlines(keepends=True)
    blocks: list[tuple[int, int, int | None]] = []
    begin = None
    for index, line in enumerate(lines):
        marker = line.strip()
        if marker == BEGIN:
            if begin is not None:
                raise DeeprootsError(f"{name}: line {index + 1}: '{BEGIN}' inside another block "
                                     f"(opened at line {begin + 1})")
            begin = index
        elif marker == END:
            if begin is None:
                raise DeeprootsError(f"{name}: line {index + 1}: '{END}' without a '{BEGIN}' above it")
            if _indent(line) != _indent(lines[begin]):
                raise DeeprootsError(f"{name}: line {index + 1}: '{END}' is not indented like its "
                                     f"'{BEGIN}' (line {begin + 1})")
            blocks.append((begin, index, _todo_start(lines, begin)))
            begin = None
        elif marker.startswith("### ") and ("BEGIN" in marker or "END" in marker):
            raise DeeprootsError(f"{name}: line {index + 1}: unknown marker {marker!r}; "
                                 f"write '{BEGIN}' or '{END}'")
    if begin is not None:
        raise DeeprootsError(f"{name}: line {begin + 1}: '{BEGIN}' is never closed by '{END}'")
    return lines, blocks


def make_stub(source: str, name: str = "solution.py") -> str:
    """The learner's stub: every marked block replaced (see the module docstring)."""
    lines, blocks = _blocks(source, name)
    out: list[str] = []
    position = 0
    for begin, end, todo in blocks:
        out += lines[position:begin]
        if todo is not None:
            newline = lines[begin][len(lines[begin].rstrip("\r\n")):] or "\n"
            out.append(f"{_indent(lines[begin])}{STUB_BODY}{newline}")
        position = end + 1
    out += lines[position:]
    return "".join(out)


def strip_solution(source: str, name: str = "solution.py") -> str:
    """The reference solution as the learner sees it: no markers, no TODO blocks."""
    lines, blocks = _blocks(source, name)
    dropped: set[int] = set()
    for begin, end, todo in blocks:
        dropped.update({begin, end})
        if todo is not None:
            dropped.update(range(todo, begin))
    return "".join(line for index, line in enumerate(lines) if index not in dropped)


def solution_blocks(source: str, name: str = "solution.py") -> list[str]:
    """The text between each pair of markers (what the learner writes, or a solution-only helper)."""
    lines, blocks = _blocks(source, name)
    return ["".join(lines[begin + 1:end]) for begin, end, _ in blocks]
