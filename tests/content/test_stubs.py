"""The stub and the reference solution are made from one solution.py with markers."""
from __future__ import annotations

import ast

import pytest

from deeproots.content.catalog import catalog
from deeproots.content.stubs import BEGIN, END, make_stub, solution_blocks, strip_solution
from deeproots.errors import DeeprootsError

SOURCE = '''"""Statement."""
import numpy as np

### BEGIN SOLUTION
def _helper(x):
    return x * 2


### END SOLUTION
def f(x):
    """One line."""
    # Kept in both.
    # TODO: do it,
    # carefully.
    ### BEGIN SOLUTION
    return _helper(x)
    ### END SOLUTION
'''


def test_the_stub_replaces_a_block_under_a_todo_and_drops_one_without():
    assert make_stub(SOURCE) == '''"""Statement."""
import numpy as np

def f(x):
    """One line."""
    # Kept in both.
    # TODO: do it,
    # carefully.
    raise NotImplementedError
'''


def test_the_solution_loses_its_markers_and_todo_blocks_only():
    assert strip_solution(SOURCE) == '''"""Statement."""
import numpy as np

def _helper(x):
    return x * 2


def f(x):
    """One line."""
    # Kept in both.
    return _helper(x)
'''
    assert solution_blocks(SOURCE) == ["def _helper(x):\n    return x * 2\n\n\n", "    return _helper(x)\n"]


@pytest.mark.parametrize("source, message", [
    (f"{BEGIN}\nx = 1\n", "never closed"),
    (f"x = 1\n{END}\n", "without"),
    (f"{BEGIN}\n{BEGIN}\n{END}\n", "inside another block"),
    (f"def f():\n    {BEGIN}\n    x = 1\n{END}\n", "not indented like"),
    ("### BEGIN SOLUTIONS\n", "unknown marker"),
])
def test_misplaced_markers_are_one_line_errors_with_the_line(source, message):
    with pytest.raises(DeeprootsError) as error:
        make_stub(source, "x/solution.py")
    assert message in str(error.value) and str(error.value).startswith("x/solution.py: line ")


@pytest.mark.parametrize("exercise", list(catalog()), ids=lambda exercise: exercise.id)
def test_every_stub_parses_asks_for_work_and_holds_no_solution(exercise):
    source = exercise.solution_file.read_text(encoding="utf-8")
    stub, solution = exercise.stub_text(), exercise.solution_text()
    ast.parse(stub), ast.parse(solution)
    assert "# TODO" in stub and "raise NotImplementedError" in stub
    assert "### " not in stub and "### " not in solution
    blocks = solution_blocks(source)
    assert blocks and all(block not in stub for block in blocks if block.strip())
    assert ast.get_docstring(ast.parse(stub)) == ast.get_docstring(ast.parse(solution))  # one statement
