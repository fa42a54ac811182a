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


def test_every_command_group_is_a_typer_registered_in_one_place():
    import importlib
    import pkgutil

    import typer

    import deeproots.cli as cli

    registered = [group for group, _ in cli.GROUPS]
    for info in pkgutil.iter_modules(cli.__path__):
        module = importlib.import_module(f"deeproots.cli.{info.name}")
        groups = [value for value in vars(module).values() if isinstance(value, typer.Typer)]
        nested = [sub.typer_instance for group in groups for sub in group.registered_groups]
        assert all(group in registered or group in nested for group in groups), \
            f"cli/{info.name}.py has a group not in GROUPS"
        assert not hasattr(module, "register"), f"cli/{info.name}.py registers commands a second way"


def test_the_application_never_imports_the_cli():
    import ast
    from pathlib import Path

    import deeproots.app

    for path in Path(deeproots.app.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(name.startswith("deeproots.cli") for name in names), f"{path.name} imports {names}"
