"""A hostile `%%deeproots` cell runs in the grader's worker, never in the kernel: an infinite
loop is a timed-out verdict, ``os._exit(0)`` a crashed one, and the kernel goes on."""
from __future__ import annotations

import pytest

from tests.notebook.kernel import EXERCISE, attempts, kernel


@pytest.fixture(scope="module")
def nb(tmp_path_factory):
    with kernel(tmp_path_factory.mktemp("hostile")) as handle:
        yield handle


def test_an_infinite_loop_is_a_timed_out_verdict(nb):
    out = nb.run(f"%%deeproots {EXERCISE}\nimport numpy as np\n\ndef dot(x, y):\n    while True:\n        pass\n")
    assert out["errors"] == []
    assert 'data-status="error"' in out["html"] and "timed out" in out["html"]
    assert attempts(nb.learner, EXERCISE)[-1] == "error"


def test_os_exit_is_a_crashed_verdict(nb):
    out = nb.run(f"%%deeproots {EXERCISE}\nimport os\nos._exit(0)\n")
    assert out["errors"] == []
    assert 'data-status="error"' in out["html"] and "exited with code 0" in out["html"]


def test_the_kernel_survives_and_a_later_cell_runs(nb):
    nb.run(f"%%deeproots {EXERCISE}\nimport os\nos._exit(0)\n")
    assert nb.run("print(6 * 7)")["text"] == "42\n"
