"""Hostile learner files: each must end in a clear failing verdict within the time limit."""
from __future__ import annotations

import dataclasses
import time

import pytest

from deeproots.content.catalog import catalog
from deeproots.grading.host.grader import Grader

TIME_LIMIT_S = 3.0
SLACK_S = 4.0  # process start and teardown on a loaded two-core machine

SOLUTION_TAIL = """
def norm(x):
    return float(np.sqrt((x * x).sum()))

def angle(x, y):
    c = float((x * y).sum()) / (norm(x) * norm(y))
    return float(np.arccos(np.clip(c, -1.0, 1.0)))
"""

HOSTILE = {
    "infinite loop in a function": ("def dot(x, y):\n    while True:\n        pass\n", "timed out"),
    "infinite loop at import": ("while True:\n    pass\ndef dot(x, y):\n    return 0.0\n", "timed out"),
    "sys.exit(0) at import": ("import sys\nsys.exit(0)\n", "SystemExit"),
    "sys.exit(0) in a function": ("import sys\ndef dot(x, y):\n    sys.exit(0)\n", "SystemExit"),
    "os._exit(0) in a function": ("import os\ndef dot(x, y):\n    os._exit(0)\n", "exited with code 0"),
    "os._exit(0) at import": ("import os\nos._exit(0)\n", "exited with code 0"),
    "segmentation fault": ("import ctypes\ndef dot(x, y):\n    return ctypes.string_at(0)\n",
                           "segmentation fault"),
    "50 GB allocation": ("def dot(x, y):\n    big = np.ones(50 * 10**9 // 8)\n    return float(big.sum())\n",
                         "MemoryError"),
    "megabytes of printing": ("def dot(x, y):\n    for _ in range(10**6):\n        print('x' * 1000)\n"
                              "    return float((x * y).sum())\n", "printed more than"),
    "reads stdin": ("def dot(x, y):\n    return float(input())\n", "EOFError"),
    "monkeypatches numpy's comparisons": (
        "np.allclose = lambda *a, **k: True\nnp.testing.assert_allclose = lambda *a, **k: None\n"
        "np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)\n"
        "def dot(x, y):\n    return 12345.0\n", "got 12345"),
    "returns a mutated input": ("def dot(x, y):\n    x *= 0\n    return float((x * y).sum())\n",
                                "modified its input in place"),
    "returns an object equal to everything": (
        "class Anything(float):\n    def __eq__(self, other):\n        return True\n"
        "    def __sub__(self, other):\n        return 0.0\n    __rsub__ = __sub__\n"
        "def dot(x, y):\n    return Anything(1.0)\n", "not plain data"),
    "returns an ndarray subclass that fakes closeness": (
        "class Liar(np.ndarray):\n    def __array_function__(self, *a, **k):\n        return True\n"
        "def dot(x, y):\n    return np.array(12345.0).view(Liar)\n", "got 12345"),
    "syntax error": ("def dot(x, y)\n    return 1\n", "SyntaxError"),
}


def forbidding(*names: str):
    """The dot-products exercise with another list of forbidden names."""
    return dataclasses.replace(catalog().get("vectors-dot-norms"), forbidden=names)


@pytest.fixture(scope="module")
def exercise():
    return dataclasses.replace(catalog().get("vectors-dot-norms"), time_limit=TIME_LIMIT_S)


@pytest.fixture(scope="module")
def grader():
    with Grader() as grader:
        yield grader


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_fails_cleanly_within_the_limit(name, exercise, grader, tmp_path):
    body, expected_reason = HOSTILE[name]
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\n" + body + SOLUTION_TAIL)
    started = time.monotonic()
    verdict = grader.check(exercise, learner)
    elapsed = time.monotonic() - started
    assert not verdict.passed, f"{name}: the hostile file passed"
    reasons = " ".join([verdict.problem] + [check.message for check in verdict.checks])
    assert expected_reason in reasons, f"{name}: expected the reason to mention {expected_reason!r}, got {reasons!r}"
    assert elapsed < TIME_LIMIT_S + SLACK_S, f"{name}: took {elapsed:.1f} s, limit {TIME_LIMIT_S} s"


# Files that rewrite the check file or a grader module on disk: tests/grading/test_package_guard.py,
# on a copy of the package (a killed test run must never leave the checkout rewritten).


def test_the_reference_solution_still_passes_after_hostile_runs(exercise, grader):
    assert grader.check(exercise, exercise.solution_file).passed


def test_a_forbidden_shortcut_fails_even_when_its_error_is_swallowed(exercise, grader, tmp_path):
    assert "numpy.dot" in exercise.forbidden
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\nfrom numpy import dot as d\n"
                       "def dot(x, y):\n    try:\n        return float(d(x, y))\n    except Exception:\n"
                       "        return float((x * y).sum())\n" + SOLUTION_TAIL)
    verdict = grader.check(exercise, learner)
    assert not verdict.passed
    assert "asks you not to call numpy.dot" in verdict.checks[0].message


def test_a_trap_is_transparent_to_calls_from_library_code(exercise, grader, tmp_path):
    learner = tmp_path / "learner.py"
    # np.linalg.norm is forbidden; called by NumPy's own code (not from this file) it still works.
    learner.write_text("import numpy as np\ndef dot(x, y):\n    return float((x * y).sum())\n" + SOLUTION_TAIL
                       + "assert list(np.apply_along_axis(np.linalg.norm, 0, 3 * np.eye(2))) == [3.0, 3.0]\n")
    verdict = grader.check(exercise, learner)
    assert verdict.passed, verdict.problem


def test_forbidden_objects_and_their_methods_are_trapped_without_eager_imports(tmp_path):
    exercise = forbidding("scipy.stats.norm", "numpy.dot")
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\nimport scipy.stats\n"
                       "def dot(x, y):\n    return float(scipy.stats.norm.pdf(0.0) * 0 + (x * y).sum())\n"
                       + SOLUTION_TAIL)
    verdict = Grader().check(exercise, learner)
    assert "asks you not to call scipy.stats.norm.pdf" in verdict.checks[0].message
    clean = tmp_path / "clean.py"  # never imports SciPy: the trap must not import it either
    clean.write_text("import numpy as np, sys\ndef dot(x, y):\n    assert 'scipy.stats' not in sys.modules\n"
                     "    return float((x * y).sum())\n" + SOLUTION_TAIL)
    assert Grader().check(exercise, clean).passed


# A forbidden name imported inside the function is trapped at its first call. scipy.special
# binds expit during its own import (the hook arms it there), then binds it again from its
# ufuncs: the trap must survive the package finishing its import.
@pytest.mark.parametrize("forbidden,body", [
    ("scipy.stats.norm.pdf", "    from scipy.stats import norm\n    CALLS.append(norm.pdf(0.0))\n"),
    ("scipy.special.expit", "    from scipy.special import expit\n    CALLS.append(expit(0.0))\n"),
], ids=["imported-in-the-function", "rebound-by-its-package"])
def test_a_name_imported_inside_the_function_is_trapped_at_its_first_call(tmp_path, forbidden, body):
    exercise = forbidding(forbidden.removesuffix(".pdf"))
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\nCALLS = []\ndef dot(x, y):\n" + body
                       + "    return float((x * y).sum())\n" + SOLUTION_TAIL)
    verdict = Grader().check(exercise, learner)
    assert f"asks you not to call {forbidden}" in verdict.checks[0].message


def test_a_forbidden_package_cannot_be_imported_from_the_learner_file(tmp_path):
    exercise = forbidding("scipy.*")
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\nfrom scipy import linalg\n"
                       "def dot(x, y):\n    return float((x * y).sum())\n" + SOLUTION_TAIL)
    verdict = Grader().check(exercise, learner)
    assert not verdict.passed and "asks you not to call scipy (the whole package)" in verdict.problem


def test_a_renamed_function_is_named_with_its_close_matches(exercise, grader, tmp_path):
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\ndef dott(x, y):\n    return float((x * y).sum())\n"
                       + SOLUTION_TAIL)
    verdict = grader.check(exercise, learner)
    assert not verdict.passed
    messages = [check.message for check in verdict.checks if "dot" in check.name]
    assert messages and all("your file has no function `dot` (renamed?)" in m for m in messages), messages
    assert all("`dott`" in m for m in messages), messages
    assert not any("AttributeError" in check.message for check in verdict.checks)


def test_a_missing_function_without_close_matches_is_still_named(exercise, grader, tmp_path):
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\n" + SOLUTION_TAIL)
    verdict = grader.check(exercise, learner)
    messages = [check.message for check in verdict.checks if "your file has no function `dot`" in check.message]
    assert messages, [check.message for check in verdict.checks]


def test_hasattr_on_a_learner_module_is_false_for_a_missing_name(exercise, tmp_path):
    from deeproots.grading.host.process import WorkerProcess
    from deeproots.grading.host.session import Session
    from deeproots.grading.messages import Load

    learner = tmp_path / "learner.py"
    learner.write_text("def dott(x, y):\n    return 0.0\n")
    worker = WorkerProcess("numpy")
    try:
        worker.wait_ready()
        session = Session(worker, time.monotonic() + 30)
        session.request(Load(str(learner), 512, 10**6, 30, ()))
        module = session.module()
        assert hasattr(module, "dott") and not hasattr(module, "dot")
        with pytest.raises(AttributeError, match="your file has no function `dot` \\(renamed\\?\\)"):
            module.dot
    finally:
        worker.kill()
        worker.output.close()


def test_a_timeout_names_the_function_and_the_line_that_was_running(exercise, grader, tmp_path):
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\ndef dot(x, y):\n    total = 0.0\n    while True:\n"
                       "        total += 1.0\n" + SOLUTION_TAIL)
    verdict = grader.check(exercise, learner)
    assert "timed out in dot() at line " in verdict.problem, verdict.problem
    assert ("line 4: `while True:`" in verdict.problem or "line 5: `total += 1.0`" in verdict.problem), verdict.problem
    assert "infinite loop" in verdict.problem


def test_a_timeout_while_loading_names_the_line(exercise, grader, tmp_path):
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\nwhile True:\n    pass\n" + SOLUTION_TAIL)
    verdict = grader.check(exercise, learner)
    assert "timed out while loading your file" in verdict.problem, verdict.problem
    assert "at line 2: `while True:`" in verdict.problem or "at line 3: `pass`" in verdict.problem, verdict.problem


def test_a_print_flood_says_so_in_every_check(exercise, grader, tmp_path):
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\ndef dot(x, y):\n    for _ in range(10**6):\n        print('x' * 1000)\n"
                       "    return float((x * y).sum())\n"
                       "def norm(x):\n    for _ in range(10**6):\n        print('x' * 1000)\n    return 0.0\n"
                       "def angle(x, y):\n    for _ in range(10**6):\n        print('x' * 1000)\n    return 0.0\n")
    verdict = grader.check(exercise, learner)
    assert "printed more than 1 MB" in verdict.problem
    failed = [check for check in verdict.checks if not check.passed]
    assert failed
    for check in failed:
        assert "Errno" not in check.message, check.message
        assert "printed more than 1 MB" in check.message, check.message


def test_a_longer_name_is_offered_too(exercise, grader, tmp_path):
    learner = tmp_path / "learner.py"
    learner.write_text("import numpy as np\ndef dot_product(x, y):\n    return float((x * y).sum())\n"
                       + SOLUTION_TAIL)
    verdict = grader.check(exercise, learner)
    assert "did you mean `dot_product`?" in verdict.checks[0].message, verdict.checks[0].message
