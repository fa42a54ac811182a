"""The CLI starts fast: importing it, its help, `path` and `list` import neither NumPy nor
PyTorch (NumPy alone costs ~140 ms of every command). The grader and the tracks are imported
by the commands that need them, when they run."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

WRAPPER = """
import runpy, sys
sys.argv = ["deeproots", *sys.argv[1:]]
try:
    if sys.argv[1:] == ["--import-only"]:
        import deeproots.cli
    else:
        runpy.run_module("deeproots", run_name="__main__")
except SystemExit as exit:
    code = exit.code
else:
    code = 0
print("HEAVY", sorted(name for name in ("numpy", "torch", "scipy", "sympy") if name in sys.modules), code,
      file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--import-only"], ["--help"], ["path"], ["list"], ["quiz", "--help"],
                                  ["lab", "--help"], ["dev", "check", "--help"]], ids=" ".join)
def test_the_cli_imports_neither_numpy_nor_torch(learner, args):
    env = {**os.environ, "DEEPROOTS_WORKSPACE": str(learner.workspace.root)}
    result = subprocess.run([sys.executable, "-c", WRAPPER, *args], capture_output=True, text=True, env=env,
                            timeout=120)
    line = next(line for line in result.stderr.splitlines() if line.startswith("HEAVY"))
    assert line == "HEAVY [] 0", f"{' '.join(args)} imported {line}; stderr: {result.stderr[-2000:]}"
    assert args == ["--import-only"] or result.stdout.strip(), "the command printed nothing"
